import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Channel } from '@entre/protocol';
import { forecast, type ForecastDay, type HistoryCount, type SpecialDay } from './forecast.js';
import { addDays } from './calendar.js';

const TZ = 'Europe/Stockholm';
const row = (date: string, interval: number, count: number, service = 'allmant', channel: Channel = 'phone'): HistoryCount =>
  ({ service, channel, date, interval, count });
const one = (days: ForecastDay[], service: string, channel: Channel, date: string) => {
  const d = days.find((x) => x.service === service && x.channel === channel && x.date === date);
  assert.ok(d, `a forecast for ${service}/${channel} on ${date}`);
  return d;
};
const close = (actual: number, expected: number, what = '') => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);
const noTrend = { trendDamping: 0 };

// Three whole weeks, Monday 5 January to Sunday 25 January 2026 (Wednesdays: 7, 14, 21).
const from = '2026-01-05', to = '2026-01-25';

test('the profile weighs same weekdays by decay^weeks-back (hand-checked)', () => {
  const history = { from, to, counts: [row('2026-01-07', 36, 4), row('2026-01-14', 36, 8), row('2026-01-21', 36, 2), row('2026-01-14', 37, 7)] };
  const days = forecast(history, ['2026-01-28', '2026-01-29', '2026-02-04'], { timeZone: TZ, method: { weeks: 3, decay: 0.5, ...noTrend } });
  const wed = one(days, 'allmant', 'phone', '2026-01-28');
  // Weights 1 (21 Jan), 0.5 (14 Jan), 0.25 (7 Jan): (2 + 4 + 1) ÷ 1.75 = 4; (0 + 3.5 + 0) ÷ 1.75 = 2.
  close(wed.intervals[36]!, 4, 'slot 36');
  close(wed.intervals[37]!, 2, 'slot 37');
  close(wed.total, 6, 'total');
  assert.equal(wed.intervals.length, 96);
  assert.equal(wed.intervals.filter((x) => x !== 0).length, 2);
  assert.equal(one(days, 'allmant', 'phone', '2026-01-29').total, 0, 'Thursdays had no arrivals: a zero day is data');
  // Eight days out the newest Wednesday is still 21 January: the same profile.
  assert.deepEqual(one(days, 'allmant', 'phone', '2026-02-04').intervals, wed.intervals);
});

test('the trend compares per-weekday levels of the last weeks with the weeks before, per channel, damped (hand-checked)', () => {
  const counts: HistoryCount[] = [];
  for (let i = 0; i < 5; i++) {
    counts.push(row(addDays('2026-01-05', i), 40, 10), row(addDays('2026-01-12', i), 40, 14)); // allmant/phone: 10 → 14 a day
    counts.push(row(addDays('2026-01-05', i), 41, 10, 'skola'), row(addDays('2026-01-12', i), 41, 10, 'skola')); // flat
    counts.push(row(addDays('2026-01-05', i), 44, 3, 'skola', 'visit'), row(addDays('2026-01-12', i), 44, 6, 'skola', 'visit'));
  }
  const history = { from: '2026-01-05', to: '2026-01-18', counts };
  const days = forecast(history, ['2026-01-19'], { timeZone: TZ, method: { weeks: 1, trendWeeks: 1, trendDamping: 0.5, trendLimits: [0.5, 1.3] } });
  // Phone, pooled: recent level 5 × (14 + 10) = 120, older 5 × (10 + 10) = 100 → ratio 1.2 → trend 1 + 0.5 × 0.2 = 1.1.
  const a = one(days, 'allmant', 'phone', '2026-01-19');
  close(a.trend, 1.1, 'phone trend');
  close(a.intervals[40]!, 14 * 1.1, 'allmant');
  close(one(days, 'skola', 'phone', '2026-01-19').intervals[41]!, 10 * 1.1, 'skola gets the channel trend too');
  // Visits doubled: 1 + 0.5 × 1 = 1.5, clamped to 1.3.
  const v = one(days, 'skola', 'visit', '2026-01-19');
  close(v.trend, 1.3, 'visit trend is clamped');
  close(v.intervals[44]!, 6 * 1.3, 'visit');
  // With two weeks of decay 0.5: (14 + 0.5 × 10) ÷ 1.5 × 1.1.
  const two = forecast(history, ['2026-01-19'], { timeZone: TZ, method: { weeks: 2, decay: 0.5, trendWeeks: 1 } });
  close(one(two, 'allmant', 'phone', '2026-01-19').intervals[40]!, (19 / 1.5) * 1.1, 'profile × trend');
});

test('special days: left out of the profile and the trend, applied on the forecast date (hand-checked)', () => {
  const history = { from, to, counts: [row('2026-01-07', 36, 4), row('2026-01-14', 36, 100), row('2026-01-21', 36, 2)] };
  const specialDays: SpecialDay[] = [
    { date: '2026-01-14', factor: 1, closed: false, note: 'systemstopp' },
    { date: '2026-01-28', factor: 1.5, closed: false, note: 'sista dag för skolval' },
    { date: '2026-02-04', factor: 1, closed: true },
  ];
  const days = forecast(history, ['2026-01-28', '2026-02-04', '2026-02-11'], { timeZone: TZ, specialDays, method: { weeks: 3, decay: 0.5, ...noTrend } });
  // (2 × 1 + 4 × 0.25) ÷ 1.25 = 2.4, and 28 January is 1.5 times a Wednesday.
  const d28 = one(days, 'allmant', 'phone', '2026-01-28');
  close(d28.intervals[36]!, 3.6);
  assert.equal(d28.special?.note, 'sista dag för skolval');
  assert.equal(one(days, 'allmant', 'phone', '2026-02-04').total, 0, 'closed');
  close(one(days, 'allmant', 'phone', '2026-02-11').intervals[36]!, 2.4, 'an ordinary Wednesday');
  // The trend leaves it out too: one-week windows compare 19–25 with 12–18 January. Counted,
  // the 14th's 100 against the 21st's 2 would pull the trend down to its floor (0.5);
  // left out, there is no older Wednesday to compare, and no other weekday had arrivals: 1.
  const trend = (sd: SpecialDay[]) => one(forecast(history, ['2026-01-28'], { timeZone: TZ, specialDays: sd, method: { weeks: 3, decay: 0.5, trendWeeks: 1, trendLimits: [0.5, 2] } }), 'allmant', 'phone', '2026-01-28').trend;
  close(trend(specialDays.slice(0, 1)), 1, 'special day left out');
  close(trend([]), 1 + 0.5 * (2 / 100 - 1), 'the same history without the special day');
});

test('days before the history starts are unknown, not zero; forecasting inside the history is refused', () => {
  const history = { from: '2026-01-19', to, counts: [row('2026-01-21', 36, 5)] };
  const days = forecast(history, ['2026-01-28'], { timeZone: TZ, method: { weeks: 8, decay: 0.5 } });
  close(one(days, 'allmant', 'phone', '2026-01-28').intervals[36]!, 5, 'one week of data is the whole profile');
  assert.throws(() => forecast(history, ['2026-01-25'], { timeZone: TZ }), RangeError);
  assert.throws(() => forecast({ from, to, counts: [row('2026-02-01', 1, 1)] }, ['2026-02-02'], { timeZone: TZ }), RangeError, 'a count outside the history');
  assert.throws(() => forecast({ from, to, counts: [row('2026-01-21', 96, 1)] }, ['2026-02-02'], { timeZone: TZ }), RangeError, 'interval 96');
  assert.throws(() => forecast({ from, to, counts: [] }, ['2026-02-02'], { timeZone: TZ, method: { decay: 0 } }), RangeError);
});

test('DST: a skipped slot is no evidence and forecasts 0; a repeated slot counts twice (2026, Stockholm)', () => {
  // E-mail round the clock: one arrival per real quarter-hour on every Sunday of March–November.
  const counts: HistoryCount[] = [];
  const sunday = (date: string) => {
    for (let j = 0; j < 96; j++) {
      const n = date === '2026-03-29' && j >= 8 && j < 12 ? 0 : date === '2026-10-25' && j >= 8 && j < 12 ? 2 : 1;
      if (n) counts.push(row(date, j, n, 'allmant', 'email'));
    }
  };
  for (let d = '2026-03-01'; d <= '2026-11-29'; d = addDays(d, 7)) sunday(d);
  const history = { from: '2026-03-01', to: '2026-11-30', counts };
  const at = (target: string, last: string) => {
    const h = { ...history, to: last, counts: counts.filter((c) => c.date <= last) };
    // No trend here: a 92-quarter Sunday has fewer arrivals in total, which a trend reads as a
    // (tiny) dip; this test is about the slots.
    return one(forecast(h, [target], { timeZone: TZ, method: { weeks: 8, decay: 0.8, trendDamping: 0 } }), 'allmant', 'email', target).intervals;
  };
  const spring = at('2026-03-29', '2026-03-28');
  assert.deepEqual(spring.slice(6, 14).map((x) => Math.round(x * 1e9) / 1e9), [1, 1, 0, 0, 0, 0, 1, 1]);
  close(spring.reduce((a, b) => a + b, 0), 92, 'spring total');
  const autumn = at('2026-10-25', '2026-10-24');
  assert.deepEqual(autumn.slice(6, 14).map((x) => Math.round(x * 1e9) / 1e9), [1, 1, 2, 2, 2, 2, 1, 1]);
  close(autumn.reduce((a, b) => a + b, 0), 100, 'autumn total');
  // Trained across the change, ordinary Sundays stay exactly 1 per slot.
  for (const [target, last] of [['2026-04-05', '2026-04-04'], ['2026-11-01', '2026-10-31']] as const) {
    assert.ok(at(target, last).every((x) => Math.abs(x - 1) < 1e-9), `${target} is flat`);
  }
});

// ---------------------------------------------------------------- properties

const method = fc.record({
  weeks: fc.integer({ min: 1, max: 10 }),
  decay: fc.double({ min: 0.3, max: 1, noNaN: true }),
  trendWeeks: fc.integer({ min: 1, max: 4 }),
  trendDamping: fc.double({ min: 0, max: 1, noNaN: true }),
});
/** A random history of 1–12 weeks for two services on two channels, few busy slots. */
const historyArb = fc.record({
  weeks: fc.integer({ min: 1, max: 12 }),
  cells: fc.array(fc.record({ day: fc.nat(83), interval: fc.integer({ min: 28, max: 68 }), count: fc.integer({ min: 1, max: 40 }), s: fc.nat(3) }), { maxLength: 120 }),
}).map(({ weeks, cells }) => {
  const last = addDays('2026-01-05', 7 * weeks - 1);
  const series: [string, Channel][] = [['allmant', 'phone'], ['allmant', 'visit'], ['bygglov', 'phone'], ['bygglov', 'chat']];
  return {
    from: '2026-01-05', to: last,
    counts: cells.filter((c) => c.day < 7 * weeks).map((c) => row(addDays('2026-01-05', c.day), c.interval, c.count, ...series[c.s]!)),
  };
});
const horizon = (to: string) => Array.from({ length: 7 }, (_, i) => addDays(to, i + 1));

test('property: a flat history forecasts flat, whatever the method', () => {
  fc.assert(fc.property(method, fc.integer({ min: 1, max: 12 }), fc.array(fc.nat(30), { minLength: 96, maxLength: 96 }), (m, weeks, pattern) => {
    const to = addDays('2026-01-05', 7 * weeks - 1);
    const counts: HistoryCount[] = [];
    for (let d = 0; d < 7 * weeks; d++) pattern.forEach((n, j) => { if (n) counts.push(row(addDays('2026-01-05', d), j, n)); });
    const days = forecast({ from: '2026-01-05', to, counts }, horizon(to), { timeZone: 'UTC', method: m });
    for (const d of days) {
      close(d.trend, 1, 'trend');
      d.intervals.forEach((x, j) => close(x, pattern[j]!, `${d.date} slot ${j}`));
    }
  }), { numRuns: 40 });
});

test('property: doubling the history doubles the forecast', () => {
  fc.assert(fc.property(method, historyArb, (m, history) => {
    const once = forecast(history, horizon(history.to), { timeZone: TZ, method: m });
    const twice = forecast({ ...history, counts: history.counts.map((c) => ({ ...c, count: 2 * c.count })) }, horizon(history.to), { timeZone: TZ, method: m });
    assert.equal(twice.length, once.length);
    once.forEach((d, i) => d.intervals.forEach((x, j) => assert.ok(Math.abs(twice[i]!.intervals[j]! - 2 * x) <= 1e-9 * (1 + x), `${d.date} ${j}`)));
  }), { numRuns: 80 });
});

test('property: whatever happened on a special day does not change the forecast', () => {
  fc.assert(fc.property(method, historyArb, fc.nat(83), fc.integer({ min: 0, max: 500 }), (m, history, dayIndex, surge) => {
    const special = addDays(history.from, dayIndex);
    if (special > history.to) return;
    const specialDays: SpecialDay[] = [{ date: special, factor: 1.3, closed: false }];
    const base = forecast(history, horizon(history.to), { timeZone: TZ, specialDays, method: m });
    const changed = forecast({ ...history, counts: [...history.counts.filter((c) => c.date !== special), row(special, 40, surge), row(special, 41, surge, 'bygglov', 'chat')] },
      horizon(history.to), { timeZone: TZ, specialDays, method: m });
    // A series seen only on the special day comes or goes (forecast 0); the rest are identical.
    const find = (list: ForecastDay[], d: ForecastDay) => list.find((x) => x.service === d.service && x.channel === d.channel && x.date === d.date);
    for (const d of base) {
      const e = find(changed, d);
      if (!e) { assert.equal(d.total, 0); continue; }
      assert.deepEqual(e.intervals, d.intervals);
      assert.equal(e.trend, d.trend);
    }
    for (const e of changed) if (!find(base, e)) assert.equal(e.total, 0);
  }), { numRuns: 80 });
});
