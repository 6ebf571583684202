import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentile, summary } from './stats.js';

test('nearest-rank percentiles', () => {
  const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose
  assert.equal(percentile(xs, 50), 50);
  assert.equal(percentile(xs, 99), 99);
  assert.equal(percentile(xs, 100), 100);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});

test('a summary of an hour of samples, or of none', () => {
  const many = Array.from({ length: 500_000 }, (_, i) => i % 1000);
  assert.match(summary('soak', many), /max=\s+999\.00 ms/);
  assert.match(summary('none', []), /n=\s+0 .*max=\s+NaN ms/);
});
