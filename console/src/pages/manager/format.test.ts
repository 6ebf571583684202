/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatPercent, NO_VALUE } from './format.js';

test('percentages are whole, in Swedish form, and "no data" is not 0 %', () => {
  assert.equal(formatPercent(1 / 3), '33\u00a0%');
  assert.equal(formatPercent(0.805), '81\u00a0%');
  assert.equal(formatPercent(0), '0\u00a0%');
  assert.equal(formatPercent(1), '100\u00a0%');
  assert.equal(formatPercent(undefined), NO_VALUE);
});

test('durations read naturally from seconds to hours', () => {
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(59.9), '59 s');
  assert.equal(formatDuration(60), '1 min');
  assert.equal(formatDuration(250), '4 min 10 s');
  assert.equal(formatDuration(3600), '1 h');
  assert.equal(formatDuration(3900), '1 h 5 min');
  assert.equal(formatDuration(-5), '0 s');
});
