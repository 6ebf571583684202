import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateError, formatTable, nearestRank, summarize } from './metrics.js';
import type { ContactRecord } from './types.js';

function rec(o: Partial<ContactRecord> & Pick<ContactRecord, 'outcome'>): ContactRecord {
  return {
    seq: 0, channel: 'phone', service: 'allmant', language: 'sv', arrivedAt: 0, waitMinutes: null, slTargetSeconds: 600,
    agent: null, languageFit: null, ...o,
  };
}

test('nearest-rank p90: the ⌈0.9·n⌉-th smallest', () => {
  assert.equal(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
  assert.equal(nearestRank([10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11], 90), 10, 'n = 11 → 10th');
  assert.equal(nearestRank([7], 90), 7);
  assert.ok(Number.isNaN(nearestRank([], 90)));
});

test('service level = answered within target ÷ (answered + abandoned); no-shows and open contacts in neither', () => {
  const rows = summarize([
    rec({ outcome: 'answered', waitMinutes: 2, languageFit: 'spoken' }),
    rec({ outcome: 'answered', waitMinutes: 10, languageFit: 'colleague_speaks' }), // exactly at the 600 s target: within
    rec({ outcome: 'answered', waitMinutes: 11, languageFit: 'nobody_speaks' }),
    rec({ outcome: 'abandoned', waitMinutes: 1 }),
    rec({ outcome: 'open' }),
    rec({ channel: 'visit', outcome: 'no_show', waitMinutes: 3 }),
    rec({ channel: 'visit', outcome: 'answered', waitMinutes: 4 }),
  ]);
  assert.deepEqual(rows.map((r) => r.channel), ['phone', 'visit', 'total']);
  const [phone, visit, total] = rows as [typeof rows[0], typeof rows[0], typeof rows[0]];
  assert.deepEqual([phone.offered, phone.answered, phone.abandoned, phone.open, phone.withinTarget], [5, 3, 1, 1, 2]);
  assert.equal(phone.serviceLevel, 2 / 4);
  assert.equal(phone.meanWait, 23 / 3, 'abandoned waits are not in the answered mean');
  assert.equal(phone.p90Wait, 11);
  assert.deepEqual([phone.byNonSpeaker, phone.interpreter], [1, 1]);
  assert.deepEqual([visit.answered, visit.noShow, visit.serviceLevel, visit.meanWait], [1, 1, 1, 4]);
  assert.deepEqual([total.offered, total.answered, total.withinTarget, total.serviceLevel], [7, 4, 3, 3 / 5]);
  assert.equal(formatTable([{ policy: 'fifo', rows }]).length, 4, 'a heading and one line per row');
});

test('estimate error over called visits with a numeric estimate', () => {
  const e = estimateError([
    rec({ channel: 'visit', outcome: 'answered', waitMinutes: 4, estimateMinutes: 4, estimateAllChannelsMinutes: 6 }),
    rec({ channel: 'visit', outcome: 'no_show', waitMinutes: 5, estimateMinutes: 2, estimateAllChannelsMinutes: 2 }),
    rec({ channel: 'visit', outcome: 'answered', waitMinutes: 9, estimateMinutes: null, estimateAllChannelsMinutes: null }),
    rec({ channel: 'visit', outcome: 'open', estimateMinutes: 3 }),
    rec({ channel: 'phone', outcome: 'answered', waitMinutes: 1 }),
  ]);
  // |6 − 4| = 2, |2 − 5| = 3 → MAE 2.5, bias (2 − 3) / 2 = −0.5; visits-only |0| and |3| → 1.5.
  assert.deepEqual(e, { n: 2, unknown: 1, mae: 1.5, bias: -1.5, meanActual: 4.5, maeAllChannels: 2.5 });
});
