import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRateLimiter, type RateVerdict } from './rate-limit.js';

const SEC = 1000;
const MIN = 60 * SEC;

test('a key takes a burst of perMinute, then waits for the refill; Retry-After is the time to the next token', () => {
  const limit = createRateLimiter({ perMinute: 30 });
  for (let i = 0; i < 30; i++) assert.equal(limit.take('kiosk-1', 0).ok, true, `ticket ${i + 1}`);
  assert.deepEqual(limit.take('kiosk-1', 0), { ok: false, retryAfterSeconds: 2, report: true });
  assert.deepEqual(limit.take('kiosk-1', 500), { ok: false, retryAfterSeconds: 2, report: false }, 'reported once, not per request');
  assert.deepEqual(limit.take('kiosk-1', 1500), { ok: false, retryAfterSeconds: 1, report: false });
  assert.deepEqual(limit.take('kiosk-1', 2 * SEC), { ok: true, remaining: 0 }, 'one token after 60 s / 30');
  assert.equal(limit.take('kiosk-1', 2 * SEC).ok, false);
  assert.equal(limit.take('kiosk-2', 2 * SEC).ok, true, 'other keys have their own bucket');
  // A quiet minute fills the bucket again, not more.
  for (let i = 0; i < 30; i++) assert.equal(limit.take('kiosk-1', 10 * MIN).ok, true);
  assert.equal(limit.take('kiosk-1', 10 * MIN).ok, false);
});

test('a tripped limit is reported again only after the reporting window', () => {
  const limit = createRateLimiter({ perMinute: 1, reportEveryMs: MIN });
  assert.equal(limit.take('a', 0).ok, true);
  assert.deepEqual(limit.take('a', 1), { ok: false, retryAfterSeconds: 60, report: true });
  assert.equal((limit.take('a', 30 * SEC) as { report: boolean }).report, false);
  assert.equal(limit.take('a', MIN).ok, true);
  assert.deepEqual(limit.take('a', MIN + 1), { ok: false, retryAfterSeconds: 60, report: true }, 'a new window: reported again');
});

test('a clock that steps back neither refills nor breaks the bucket', () => {
  const limit = createRateLimiter({ perMinute: 2 });
  assert.equal(limit.take('a', 10 * MIN).ok, true);
  assert.equal(limit.take('a', 10 * MIN).ok, true);
  assert.equal(limit.take('a', 0).ok, false, 'time went back: no new tokens');
  assert.equal(limit.take('a', 10 * MIN + 30 * SEC).ok, true, 'refills from the latest time seen');
});

test('memory stays bounded under a flood of keys, and full buckets are dropped as we go', () => {
  const limit = createRateLimiter({ perMinute: 10, maxKeys: 100 });
  for (let i = 0; i < 10_000; i++) limit.take(`198.51.100.${i}`, i);
  assert.ok(limit.size() <= 100, `${limit.size()} keys held`);
  // A minute later every bucket is full again: each request drops old ones.
  for (let i = 0; i < 60; i++) limit.take('203.0.113.1', 10 * MIN + i);
  assert.ok(limit.size() < 10, `full buckets pruned: ${limit.size()} left`);
  assert.throws(() => createRateLimiter({ perMinute: 0 }), RangeError);
});

/** Requests as [key index, ms since the previous request]; time only moves forward. */
const traffic = fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 20 * SEC })), { minLength: 1, maxLength: 300 });

function replay(perMinute: number, reqs: [number, number][], maxKeys = 1000) {
  const limit = createRateLimiter({ perMinute, maxKeys });
  let now = 0;
  return reqs.map(([k, dt]) => {
    now += dt;
    return { key: `k${k}`, at: now, verdict: limit.take(`k${k}`, now), size: limit.size() };
  });
}

test('property: in any stretch of time a key gets at most perMinute plus what refilled in it', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), traffic, (perMinute, reqs) => {
    const log = replay(perMinute, reqs);
    for (const key of new Set(log.map((l) => l.key))) {
      const granted = log.filter((l) => l.key === key && l.verdict.ok).map((l) => l.at);
      for (let i = 0; i < granted.length; i++) {
        for (let j = i; j < granted.length; j++) {
          const allowed = perMinute + ((granted[j]! - granted[i]!) * perMinute) / MIN;
          assert.ok(j - i + 1 <= allowed + 1e-9, `${key}: ${j - i + 1} granted in ${granted[j]! - granted[i]!} ms`);
        }
      }
    }
  }));
});

test('property: a refusal\'s Retry-After is honest: asking again after it succeeds', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 200 }), (perMinute, burst) => {
    const limit = createRateLimiter({ perMinute });
    let refusal: RateVerdict | undefined;
    for (let i = 0; i <= perMinute + burst && !refusal; i++) {
      const v = limit.take('kiosk', 0);
      if (!v.ok) refusal = v;
    }
    assert.ok(refusal && !refusal.ok, 'more than perMinute at once is refused');
    assert.ok(refusal.retryAfterSeconds >= 1);
    assert.equal(limit.take('kiosk', refusal.retryAfterSeconds * SEC).ok, true);
  }));
});

test('property: keys do not affect each other, and the map never holds more than maxKeys', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), traffic, (perMinute, reqs) => {
    const together = replay(perMinute, reqs);
    for (const key of new Set(together.map((l) => l.key))) {
      // The same key's requests alone, at the same times.
      const alone = createRateLimiter({ perMinute });
      for (const l of together.filter((x) => x.key === key)) assert.deepEqual(alone.take(key, l.at), l.verdict);
    }
    const tight = replay(perMinute, reqs, 2);
    assert.ok(tight.every((l) => l.size <= 2));
  }));
});
