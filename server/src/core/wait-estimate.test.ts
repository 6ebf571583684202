import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_HANDLE_SECONDS, estimateWaitMinutes, handleSeconds } from './wait-estimate.js';

test('nobody ahead: no wait; nobody serving: unknown', () => {
  assert.equal(estimateWaitMinutes({ ahead: 0, servers: 2, handleSeconds: 300 }), 0);
  assert.equal(estimateWaitMinutes({ ahead: 4, servers: 0, handleSeconds: 300 }), undefined);
});

test('people ahead share the counters: 5 ahead, 2 counters, 6 min each → 14 min', () => {
  // (5 − 0.5) × 360 s / 2 = 810 s = 13.5 min → 14
  assert.equal(estimateWaitMinutes({ ahead: 5, servers: 2, handleSeconds: 360 }), 14);
  assert.equal(estimateWaitMinutes({ ahead: 1, servers: 3, handleSeconds: 60 }), 1, 'never "0 min" with someone ahead');
});

test('more people ahead never means a shorter wait; more counters never a longer one', () => {
  fc.assert(fc.property(fc.nat(200), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 60, max: 3600 }), (ahead, servers, h) => {
    const now = estimateWaitMinutes({ ahead, servers, handleSeconds: h })!;
    assert.ok(estimateWaitMinutes({ ahead: ahead + 1, servers, handleSeconds: h })! >= now);
    assert.ok(estimateWaitMinutes({ ahead, servers: servers + 1, handleSeconds: h })! <= now);
  }));
});

test('handle time: the mean of enough samples, clamped; too few fall back to the default', () => {
  assert.equal(handleSeconds([300, 320, 280, 310, 290]), 300);
  assert.equal(handleSeconds([300, 300]), DEFAULT_HANDLE_SECONDS);
  assert.equal(handleSeconds([5, 5, 5, 5, 5]), 60);
  assert.equal(handleSeconds([9000, 9000, 9000, 9000, 9000]), 3600);
  assert.equal(handleSeconds([300, 300, 300, 300, NaN, -1]), DEFAULT_HANDLE_SECONDS, 'bad samples do not count');
});
