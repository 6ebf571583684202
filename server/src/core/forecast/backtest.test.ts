import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@entre/protocol';
import { backtest } from './backtest.js';
import { addDays } from './calendar.js';
import type { HistoryCount } from './forecast.js';

const TZ = 'Europe/Stockholm';
const row = (date: string, interval: number, count: number, service = 'allmant', channel: Channel = 'phone'): HistoryCount =>
  ({ service, channel, date, interval, count });
const close = (actual: number | null, expected: number, what: string) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);

// Three whole weeks from Monday 5 January 2026; arrivals on the Mondays only.
const history = {
  from: '2026-01-05', to: '2026-01-25',
  counts: [row('2026-01-05', 36, 10), row('2026-01-12', 36, 20), row('2026-01-19', 36, 10), row('2026-01-19', 37, 5)],
};
// Last week's same weekday, no trend: the forecast of each week is the week before.
const naive = { timeZone: TZ, method: { weeks: 1, trendDamping: 0 } };

test('rolling origin: each week is forecast from the weeks before it, errors pooled (hand-checked)', () => {
  const r = backtest(history, 5, naive);
  // The week of 5 January has no week before it: only two of the five asked are evaluated.
  assert.equal(r.weeks, 2);
  assert.equal(r.from, '2026-01-12');
  assert.equal(r.to, '2026-01-25');
  // Week of 12 Jan: slot 36 F 10, A 20. Week of 19 Jan: slot 36 F 20, A 10; slot 37 F 0, A 5.
  assert.equal(r.intervals.actual, 35);
  assert.equal(r.intervals.absError, 25);
  assert.equal(r.intervals.cellsWithArrivals, 3);
  close(r.intervals.wape, 25 / 35, 'interval WAPE');
  close(r.intervals.mape, (10 / 20 + 10 / 10 + 5 / 5) / 3, 'interval MAPE');
  // Days: 12 Jan F 10, A 20; 19 Jan F 20, A 15; the other days 0 against 0.
  close(r.days.wape, (10 + 5) / 35, 'daily WAPE');
  close(r.days.mape, (10 / 20 + 5 / 15) / 2, 'daily MAPE');
  close(r.byChannel.phone!.intervals.wape, 25 / 35, 'phone');
});

test('a forecast where nothing came counts in WAPE but not in MAPE; no arrivals at all is null, not 0', () => {
  const r = backtest({ ...history, counts: [row('2026-01-12', 36, 4)] }, 1, naive);
  // The week of 19 January is forecast 4 where 0 came.
  assert.equal(r.weeks, 1);
  assert.equal(r.intervals.absError, 4);
  assert.equal(r.intervals.mape, null);
  assert.equal(r.intervals.wape, null);
  const empty = backtest({ from: '2026-01-19', to: '2026-01-25', counts: [] }, 4, naive);
  assert.deepEqual([empty.weeks, empty.from, empty.to, empty.intervals.wape], [0, null, null, null]);
});

test('only the included series are scored', () => {
  const counts = [...history.counts, row('2026-01-12', 40, 3, 'skola', 'visit'), row('2026-01-19', 40, 6, 'skola', 'visit')];
  const all = backtest({ ...history, counts }, 2, naive);
  const visits = backtest({ ...history, counts }, 2, { ...naive, include: (_s, c) => c === 'visit' });
  // skola/visit: week of 12 Jan F 0, A 3; week of 19 Jan F 3, A 6.
  close(visits.intervals.wape, 6 / 9, 'visits only');
  assert.deepEqual(Object.keys(visits.byChannel), ['visit']);
  close(all.intervals.wape, (25 + 6) / (35 + 9), 'everything');
});

test('a perfect weekly pattern backtests to zero error', () => {
  const counts: HistoryCount[] = [];
  for (let d = 0; d < 56; d++) if (d % 7 < 5) counts.push(row(addDays('2026-01-05', d), 36 + (d % 7), 7 + (d % 7)));
  const r = backtest({ from: '2026-01-05', to: addDays('2026-01-05', 55), counts }, 4, { timeZone: TZ });
  assert.equal(r.weeks, 4);
  close(r.intervals.wape, 0, 'WAPE');
  close(r.intervals.mape, 0, 'MAPE');
});
