/**
 * An open-loop arrival schedule: request k is due at `start + k·1000/rate` ms whatever
 * happened to the earlier ones, and its latency counts from that due time, not from when
 * the timer finally ran. A slow server (or a busy load generator) then shows up as latency
 * instead of quietly lowering the rate (coordinated omission).
 */
import { performance } from 'node:perf_hooks';

/** When request `k` of a steady `rate` per second from `start` is due (ms). */
export function slotTime(start: number, rate: number, k: number): number {
  return start + (k * 1000) / rate;
}

/** The index after the last request due by `now`, starting at `next`, never beyond `count`. */
export function dueUntil(start: number, rate: number, next: number, now: number, count: number): number {
  let k = next;
  while (k < count && slotTime(start, rate, k) <= now) k++;
  return k;
}

export interface OpenLoop {
  /** Resolves once every request has been fired (not answered). */
  readonly done: Promise<void>;
  stop(): void;
}

/**
 * Fires `count` requests at `rate` per second from `start` (default: now), each with its
 * index and due time; a late timer fires every overdue request at once, each keeping its
 * own due time. `fire` must not wait for the answer.
 */
export function openLoop(opts: {
  rate: number; count: number; start?: number;
  fire: (k: number, dueAt: number) => void;
  now?: () => number;
}): OpenLoop {
  const now = opts.now ?? (() => performance.now());
  const start = opts.start ?? now();
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  let finish!: () => void;
  const done = new Promise<void>((r) => { finish = r; });
  const tick = () => {
    const until = dueUntil(start, opts.rate, next, now(), opts.count);
    for (; next < until; next++) opts.fire(next, slotTime(start, opts.rate, next));
    if (next >= opts.count) { finish(); return; }
    timer = setTimeout(tick, Math.max(0, slotTime(start, opts.rate, next) - now()));
  };
  tick();
  return { done, stop: () => { clearTimeout(timer); next = opts.count; finish(); } };
}
