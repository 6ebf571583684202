/**
 * Rate limits (issue 9) as token buckets, one per key (a kiosk, a client address).
 *
 * A bucket holds at most `perMinute` tokens and refills at `perMinute` per minute, so a key
 * may take a burst of `perMinute` at once (a school class at the kiosk) and `perMinute`
 * a minute in the long run. A request takes one token; without one it is refused with the
 * seconds until the next token.
 *
 * Bounded memory: at most `maxKeys` buckets, least recently used dropped first. A full
 * bucket is the same as no bucket, so the oldest full ones are dropped as we go, and the
 * map only holds keys that asked lately. Only under a flood of more than `maxKeys` busy keys
 * does a dropped bucket forget what it had spent.
 *
 * A refusal says whether it is the first for its key within `reportEveryMs` (default one
 * minute), so the caller can log or audit a tripped limit once per window, not per request.
 *
 * Pure: time comes from the caller (ms), no I/O, no timers.
 */
export interface RateLimitOptions {
  /** Tokens a key gets per minute, and the most it may hold (the burst). At least 1. */
  perMinute: number;
  /** Buckets kept at most (default 10 000). */
  maxKeys?: number;
  /** A refusal is reported at most once per key in this long (default 60 000 ms). */
  reportEveryMs?: number;
}

export type RateVerdict =
  | { ok: true; remaining: number }
  /** `report`: the first refusal of this key in the reporting window; log or audit it. */
  | { ok: false; retryAfterSeconds: number; report: boolean };

interface Bucket { tokens: number; at: number; reportedAt: number | null }

const MINUTE = 60_000;
/** Full buckets looked at (and dropped) per call: keeps pruning O(1) per request. */
const PRUNE_PER_CALL = 2;

export interface RateLimiter {
  /** Takes one token of `key` at `now` (ms), or says how long to wait. */
  take(key: string, now: number): RateVerdict;
  /** How many keys are held now (for tests and metrics). */
  size(): number;
}

export function createRateLimiter(opts: RateLimitOptions): RateLimiter {
  if (!(Number.isFinite(opts.perMinute) && opts.perMinute >= 1)) throw new RangeError('perMinute must be at least 1');
  const capacity = opts.perMinute;
  const perMs = opts.perMinute / MINUTE;
  const maxKeys = Math.max(1, opts.maxKeys ?? 10_000);
  const reportEveryMs = opts.reportEveryMs ?? MINUTE;
  // A Map iterates in insertion order; re-inserting on use keeps the least recently used first.
  const buckets = new Map<string, Bucket>();

  /** The bucket's tokens at `now`; a clock that went back refills nothing and takes nothing. */
  const level = (b: Bucket, now: number) => Math.min(capacity, b.tokens + Math.max(0, now - b.at) * perMs);

  function prune(now: number): void {
    for (let i = 0; i < PRUNE_PER_CALL; i++) {
      const oldest = buckets.entries().next();
      if (oldest.done) return;
      const [key, b] = oldest.value;
      const quiet = b.reportedAt === null || now - b.reportedAt >= reportEveryMs;
      if (level(b, now) < capacity || !quiet) return;
      buckets.delete(key);
    }
  }

  return {
    take(key, now) {
      prune(now);
      const found = buckets.get(key);
      const b: Bucket = found ? { ...found, tokens: level(found, now), at: Math.max(found.at, now) } : { tokens: capacity, at: now, reportedAt: null };
      buckets.delete(key);
      let verdict: RateVerdict;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        verdict = { ok: true, remaining: Math.floor(b.tokens) };
      } else {
        const report = b.reportedAt === null || now - b.reportedAt >= reportEveryMs;
        if (report) b.reportedAt = now;
        verdict = { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)), report };
      }
      buckets.set(key, b);
      while (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      return verdict;
    },
    size: () => buckets.size,
  };
}
