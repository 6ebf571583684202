/**
 * Sign-in throttling (issue 9): guessing passwords must be slow for an attacker and never
 * lock the whole lobby out.
 *
 * - Per account: after `account.max` wrong passwords within `account.windowMs`, that
 *   username is locked for `account.lockMs` (a typo-prone colleague waits a few minutes;
 *   a guesser gets a handful of tries an hour). A successful sign-in clears its count.
 * - Per address: after `address.max` failures from one IP within the window, that address
 *   is locked too, so one machine cannot walk through every username.
 *
 * While locked, the password is not even checked: the answer is 429 with when to retry, the
 * same for a right and a wrong password, so a lock leaks nothing. Unknown usernames count
 * like known ones. Kept in memory: a restart forgets the counts, which costs an attacker a
 * restart they cannot cause. Pure: time comes from the caller; no I/O.
 */
export interface ThrottleRule { max: number; windowMs: number; lockMs: number }

export interface LoginThrottleOptions {
  account: ThrottleRule;
  address: ThrottleRule;
  /** Keys kept at most (oldest dropped first), so a flood of made-up usernames cannot grow memory. */
  maxKeys?: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  account: { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { max: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  maxKeys: 10_000,
};

export type ThrottleVerdict = { ok: true } | { ok: false; scope: 'account' | 'address'; retryAfterSeconds: number };

interface Entry { failures: number[]; lockedUntil: number }

export function createLoginThrottle(opts: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE) {
  const maxKeys = opts.maxKeys ?? 10_000;
  const entries = new Map<string, Entry>();
  const key = (scope: 'account' | 'address', id: string) => `${scope}:${scope === 'account' ? id.trim().toLowerCase() : id}`;

  function locked(k: string, now: number): number {
    const e = entries.get(k);
    return e && e.lockedUntil > now ? e.lockedUntil - now : 0;
  }

  function fail(k: string, rule: ThrottleRule, now: number): void {
    const e = entries.get(k) ?? { failures: [], lockedUntil: 0 };
    entries.delete(k); // re-insert: the map's order is then least recently touched first
    e.failures = e.failures.filter((t) => now - t < rule.windowMs);
    e.failures.push(now);
    if (e.failures.length >= rule.max) {
      e.lockedUntil = now + rule.lockMs;
      e.failures = [];
    }
    entries.set(k, e);
    while (entries.size > maxKeys) entries.delete(entries.keys().next().value!);
  }

  return {
    /** May this username sign in from this address now? */
    check(username: string, ip: string, now: number): ThrottleVerdict {
      const byAccount = locked(key('account', username), now);
      const byAddress = locked(key('address', ip), now);
      if (!byAccount && !byAddress) return { ok: true };
      const scope = byAccount >= byAddress ? 'account' : 'address';
      return { ok: false, scope, retryAfterSeconds: Math.ceil(Math.max(byAccount, byAddress) / 1000) };
    },
    failed(username: string, ip: string, now: number): void {
      fail(key('account', username), opts.account, now);
      fail(key('address', ip), opts.address, now);
    },
    succeeded(username: string): void {
      entries.delete(key('account', username));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
