/**
 * Reception's "move up / move down" as one reorder of the front of the line
 * (`POST /api/v1/reception/queues/:service/order`). A ranked contact goes before every
 * unranked one (lower rank first), so moving one place means ranking everyone from the front
 * of the line down to the moved contact (or to the last one already ranked, whichever is
 * further), in the new order. The server writes the ranks that change in one transaction,
 * and refuses the whole move if any listed contact's `version` changed since it was read.
 */
export interface RankedContact { id: string; rank?: number | undefined }
export interface LineContact extends RankedContact { version: number }
export interface OrderEntry { id: string; version: number }
export interface RankWrite { id: string; rank: number }

/** The front of the line in its new order, each with the version read; [] when it cannot move. */
export function moveOrder(line: readonly LineContact[], index: number, direction: 'up' | 'down'): OrderEntry[] {
  const other = direction === 'up' ? index - 1 : index + 1;
  if (index < 0 || index >= line.length || other < 0 || other >= line.length) return [];
  const order = [...line];
  [order[index], order[other]] = [order[other]!, order[index]!];
  let lastRanked = -1;
  line.forEach((c, i) => { if (c.rank !== undefined) lastRanked = i; });
  const through = Math.max(index, other, lastRanked);
  return order.slice(0, through + 1).map((c) => ({ id: c.id, version: c.version }));
}

/** The order that puts `moved` back: the same contacts as they stood, at the versions `after` shows. */
export function undoOrder(before: readonly LineContact[], moved: readonly OrderEntry[], after: readonly LineContact[]): OrderEntry[] {
  const now = new Map(after.map((c) => [c.id, c.version]));
  return before.slice(0, moved.length).map((c) => ({ id: c.id, version: now.get(c.id) ?? c.version }));
}

/** The line as the server orders it after these rank `writes` (a reorder ranks its list 0, 1, 2 …): ranked first by rank, the rest as they were. */
export function applyRanks<T extends RankedContact>(line: readonly T[], writes: readonly RankWrite[]): T[] {
  const ranks = new Map(writes.map((w) => [w.id, w.rank]));
  const withRank = line.map((c, i) => ({ c, i, rank: ranks.get(c.id) ?? c.rank }));
  withRank.sort((a, b) => {
    if (a.rank !== undefined && b.rank !== undefined && a.rank !== b.rank) return a.rank - b.rank;
    if ((a.rank === undefined) !== (b.rank === undefined)) return a.rank === undefined ? 1 : -1;
    return a.i - b.i;
  });
  return withRank.map((x) => (ranks.has(x.c.id) ? { ...x.c, rank: ranks.get(x.c.id)! } : x.c));
}
