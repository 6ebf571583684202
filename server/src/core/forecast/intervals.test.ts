import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intervalLabel, intervalStart, localQuarter, wallClockSlots } from './intervals.js';

const TZ = 'Europe/Stockholm';
const q = (iso: string) => localQuarter(new Date(iso), TZ);

test('an arrival falls in its local date and wall-clock quarter, winter and summer', () => {
  assert.deepEqual(q('2026-01-14T08:00:00.000Z'), { date: '2026-01-14', interval: 36 }, '09:00 CET');
  assert.deepEqual(q('2026-06-10T07:14:59.999Z'), { date: '2026-06-10', interval: 36 }, '09:14 CEST');
  assert.deepEqual(q('2026-06-10T07:15:00.000Z'), { date: '2026-06-10', interval: 37 }, '09:15 CEST');
  assert.deepEqual(q('2026-01-14T22:59:00.000Z'), { date: '2026-01-14', interval: 95 }, '23:59 CET');
  assert.deepEqual(q('2026-01-14T23:00:00.000Z'), { date: '2026-01-15', interval: 0 }, 'local midnight');
  assert.equal(intervalLabel(0), '00:00');
  assert.equal(intervalLabel(37), '09:15');
  assert.equal(intervalLabel(95), '23:45');
});

test('29 March 2026 (02:00 → 03:00): 92 quarters, slots 02:00–02:45 never happen', () => {
  assert.deepEqual(q('2026-03-29T00:45:00.000Z'), { date: '2026-03-29', interval: 7 }, '01:45 CET');
  assert.deepEqual(q('2026-03-29T01:00:00.000Z'), { date: '2026-03-29', interval: 12 }, '03:00 CEST, right after');
  const slots = wallClockSlots('2026-03-29', TZ);
  assert.equal(slots.reduce((a, b) => a + b, 0), 92);
  assert.deepEqual([...slots.slice(6, 14)], [1, 1, 0, 0, 0, 0, 1, 1]);
  assert.equal(intervalStart('2026-03-29', 7, TZ).toISOString(), '2026-03-29T00:45:00.000Z');
  // A skipped slot starts where the clock jumps to (as opening-hours' localInstant reads it).
  assert.equal(intervalStart('2026-03-29', 8, TZ).toISOString(), '2026-03-29T01:00:00.000Z');
  assert.equal(intervalStart('2026-03-29', 36, TZ).toISOString(), '2026-03-29T07:00:00.000Z', '09:00 CEST');
  assert.equal(intervalStart('2026-03-28', 36, TZ).toISOString(), '2026-03-28T08:00:00.000Z', '09:00 CET the day before');
});

test('25 October 2026 (03:00 → 02:00): 100 quarters, slots 02:00–02:45 happen twice', () => {
  assert.deepEqual(q('2026-10-25T00:30:00.000Z'), { date: '2026-10-25', interval: 10 }, '02:30 CEST');
  assert.deepEqual(q('2026-10-25T01:30:00.000Z'), { date: '2026-10-25', interval: 10 }, '02:30 CET, the second time');
  assert.deepEqual(q('2026-10-25T02:00:00.000Z'), { date: '2026-10-25', interval: 12 }, '03:00 CET');
  const slots = wallClockSlots('2026-10-25', TZ);
  assert.equal(slots.reduce((a, b) => a + b, 0), 100);
  assert.deepEqual([...slots.slice(6, 14)], [1, 1, 2, 2, 2, 2, 1, 1]);
  assert.equal(intervalStart('2026-10-25', 8, TZ).toISOString(), '2026-10-25T00:00:00.000Z', 'the first 02:00');
  assert.equal(intervalStart('2026-10-25', 36, TZ).toISOString(), '2026-10-25T08:00:00.000Z', '09:00 CET');
});

test('ordinary days have every slot once, whatever the zone', () => {
  for (const [date, tz] of [['2026-03-28', TZ], ['2026-03-30', TZ], ['2026-10-24', TZ], ['2026-10-26', TZ], ['2026-03-29', 'UTC']] as const) {
    assert.ok(wallClockSlots(date, tz).every((n) => n === 1), `${date} ${tz}`);
  }
  assert.throws(() => intervalStart('2026-03-29', 96, TZ), RangeError);
});
