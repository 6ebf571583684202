/**
 * A binary min-heap of timed events. Ties in time come out in insertion order, so a run
 * never depends on how the heap happens to arrange equal keys: same inputs, same day.
 */
export class EventQueue<T> {
  private readonly heap: { at: number; seq: number; event: T }[] = [];
  private nextSeq = 0;

  get size(): number { return this.heap.length; }

  push(at: number, event: T): void {
    if (!Number.isFinite(at)) throw new Error(`event time must be finite, got ${at}`);
    const h = this.heap;
    h.push({ at, seq: this.nextSeq++, event });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  /** Time of the next event, or undefined when empty. */
  peekTime(): number | undefined { return this.heap[0]?.at; }

  pop(): { at: number; event: T } | undefined {
    const h = this.heap;
    const top = h[0];
    if (!top) return undefined;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && this.before(l, m)) m = l;
        if (r < h.length && this.before(r, m)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return { at: top.at, event: top.event };
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a]!, y = this.heap[b]!;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }
}
