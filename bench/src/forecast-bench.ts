/**
 * The arrivals forecast on a simulated year (issue 8): 52 weeks of a mid-size center's
 * arrivals from the server's own seeded generator (server/src/simulate, the `orebro-day`
 * profile: ~1 900 contacts on an ordinary day), made to vary as a real year does:
 *   - by weekday (Monday 1.2 … Friday 0.8; closed at weekends),
 *   - by season (a winter peak of +10 %, a July dip of −35 %) and a growth of 6 % a year,
 *   - on special days: closed on public holidays, ×1.3 the open day before one, ×1.2 the
 *     first open day of a month,
 *   - and by ±5 % from day to day that nothing can foresee (a lognormal day factor).
 * The forecast knows the special days as a manager would configure them (the same factors);
 * the rest it must learn. Then the rolling-origin backtest over the last 44 weeks (each week
 * forecast from the weeks before it), beside two yardsticks: the naive "same day last week"
 * and the Poisson floor (the simulator's true rate as the forecast: the error no forecast can
 * beat, because arrivals are random). Finally the real store path: the year's last 17 weeks
 * and its special days written to a temp SQLite database, and the manager's `forecast()` (16
 * weeks read with one GROUP BY, 7 days forecast, 8 weeks backtested) timed.
 *
 * Run alone with  node --conditions=source --import tsx bench/src/forecast-bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { PROFILES, type Channel } from '@entre/server/simulate/profiles';
import { generatePlan, ratePieces } from '@entre/server/simulate/arrivals';
import { normal, streamFor } from '@entre/server/simulate/random';
import { openDatabase } from '@entre/server/store/db';
import { seedDemo, DEMO_SITE } from '@entre/server/store/seed';
import {
  addDays, backtest, dayNumber, forecast, intervalStart, swedishHolidays, weekdayOfDay,
  type Accuracy, type HistoryCount, type SpecialDay,
} from '@entre/server/forecast';
import { createForecastStore } from '@entre/server/store/forecast-store';
import { summary } from './stats.js';

const SEED = Number(process.env.BENCH_FORECAST_SEED ?? 2026);
/** 52 weeks, Monday 6 January 2025 to Sunday 4 January 2026 (both DST changes, Easter, midsummer, Christmas). */
const FIRST = '2025-01-06';
const DAYS = 364;
const BACKTEST_WEEKS = 44; // all but the first 8, which the first forecast learns from
const TZ = 'Europe/Stockholm';
const STORE_RUNS = Number(process.env.BENCH_FORECAST_RUNS ?? 5);

const profile = PROFILES['orebro-day']!;
const WEEKDAY_FACTOR = [0, 1.2, 1.05, 1, 0.95, 0.8, 0]; // Sunday … Saturday

/** Season and growth: +10 % in late January, −35 % at the July low, +6 % over the year. */
function seasonal(dayIndex: number, date: string): number {
  const doy = dayNumber(date) - dayNumber(`${date.slice(0, 4)}-01-01`);
  const winter = 0.1 * Math.cos((2 * Math.PI * (doy - 20)) / 365);
  const fromJuly15 = Math.abs(doy - 196);
  const summer = fromJuly15 < 35 ? 0.35 * 0.5 * (1 + Math.cos((Math.PI * fromJuly15) / 35)) : 0;
  return (1 + winter - summer) * (1 + (0.06 * dayIndex) / DAYS);
}

interface SimDay { date: string; scale: number; special?: SpecialDay }

/** The year's days: how busy each is (before the unforeseeable day factor) and which are special. */
function calendar(): SimDay[] {
  const closed = new Map<string, string>();
  for (const y of [2024, 2025, 2026]) for (const h of swedishHolidays(y)) closed.set(h.date, h.name);
  const open = (date: string) => WEEKDAY_FACTOR[weekdayOfDay(dayNumber(date))]! > 0 && !closed.has(date);
  const days: SimDay[] = [];
  for (let i = 0; i < DAYS; i++) {
    const date = addDays(FIRST, i);
    const base = WEEKDAY_FACTOR[weekdayOfDay(dayNumber(date))]! * seasonal(i, date);
    if (closed.has(date)) { days.push({ date, scale: 0, special: { date, factor: 1, closed: true, note: closed.get(date)! } }); continue; }
    if (!open(date)) { days.push({ date, scale: 0 }); continue; }
    let factor = 1;
    const notes: string[] = [];
    // The next open day comes after a holiday: people come before the long weekend.
    const weekday = (x: string) => WEEKDAY_FACTOR[weekdayOfDay(dayNumber(x))]! > 0;
    let next = addDays(date, 1);
    while (!weekday(next)) next = addDays(next, 1);
    if (closed.has(next)) { factor *= 1.3; notes.push(`before ${closed.get(next)}`); }
    // The first open day of the month: bills, benefits and forms.
    let firstOpen = `${date.slice(0, 8)}01`;
    while (!open(firstOpen)) firstOpen = addDays(firstOpen, 1);
    if (firstOpen === date) { factor *= 1.2; notes.push('first open day of the month'); }
    days.push({ date, scale: base * factor, ...(factor !== 1 ? { special: { date, factor, closed: false, note: notes.join(', ') } } : {}) });
  }
  return days;
}

interface Year {
  counts: HistoryCount[];
  contacts: number;
  /** The simulator's true expected arrivals per `service|channel|date|slot` (the Poisson mean). */
  truth: (service: string, channel: Channel, date: string, slot: number) => number;
  /** Every simulated arrival, for the database: local date, local minutes, channel, service. */
  arrivals: { date: string; at: number; channel: Channel; service: string }[];
  specialDays: SpecialDay[];
}

function simulateYear(): Year {
  const days = calendar();
  const serviceWeight = Object.values(profile.services).reduce((a, b) => a + b, 0);
  // Expected arrivals per slot of an ordinary (scale 1) day, per channel.
  const perSlot = new Map<Channel, Float64Array>();
  for (const [channel, cp] of Object.entries(profile.channels) as [Channel, NonNullable<(typeof profile.channels)[Channel]>][]) {
    const slots = new Float64Array(96);
    for (const p of ratePieces(cp)) {
      for (let j = Math.floor(p.from / 15); j * 15 < p.to; j++) slots[j]! += p.rate * (Math.min(p.to, j * 15 + 15) - Math.max(p.from, j * 15));
    }
    perSlot.set(channel, slots);
  }
  const noise = streamFor(SEED, 'forecast:day-factor');
  const realised = new Map<string, number>();
  const cells = new Map<string, number>();
  const arrivals: Year['arrivals'] = [];
  days.forEach((d, i) => {
    if (d.scale === 0) return;
    const scale = d.scale * Math.exp(0.05 * normal(noise));
    realised.set(d.date, scale);
    for (const a of generatePlan(profile, { seed: SEED * 1000 + i, scale }).arrivals) {
      const key = `${a.service}|${a.channel}|${d.date}|${Math.floor(a.at / 15)}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
      arrivals.push({ date: d.date, at: a.at, channel: a.channel, service: a.service });
    }
  });
  const counts = [...cells].map(([key, count]) => {
    const [service, channel, date, slot] = key.split('|') as [string, Channel, string, string];
    return { service, channel, date, interval: Number(slot), count };
  });
  return {
    counts, contacts: arrivals.length, arrivals,
    specialDays: days.flatMap((d) => (d.special ? [d.special] : [])),
    truth: (service, channel, date, slot) =>
      (realised.get(date) ?? 0) * ((profile.services[service] ?? 0) / serviceWeight) * (perSlot.get(channel)?.[slot] ?? 0),
  };
}

/** The Poisson floor: the true rate scored exactly as the backtest scores a forecast. */
function floor(year: Year, from: string, to: string): { intervals: Accuracy; days: Accuracy } {
  const actual = new Map(year.counts.map((c) => [`${c.service}|${c.channel}|${c.date}|${c.interval}`, c.count]));
  const acc = () => ({ actual: 0, absError: 0, ape: 0, n: 0 });
  const iv = acc(), dy = acc();
  const add = (a: ReturnType<typeof acc>, f: number, x: number) => { a.actual += x; a.absError += Math.abs(f - x); if (x > 0) { a.ape += Math.abs(f - x) / x; a.n++; } };
  const done = (a: ReturnType<typeof acc>): Accuracy => ({ mape: a.n ? a.ape / a.n : null, wape: a.actual ? a.absError / a.actual : null, actual: a.actual, absError: a.absError, cellsWithArrivals: a.n });
  const series = [...new Set(year.counts.map((c) => `${c.service}|${c.channel}`))];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    for (const s of series) {
      const [service, channel] = s.split('|') as [string, Channel];
      let f = 0, x = 0;
      for (let j = 0; j < 96; j++) {
        const fj = year.truth(service, channel, date, j), xj = actual.get(`${s}|${date}|${j}`) ?? 0;
        add(iv, fj, xj);
        f += fj; x += xj;
      }
      add(dy, f, x);
    }
  }
  return { intervals: done(iv), days: done(dy) };
}

const pct = (x: number | null) => (x === null ? '   n/a' : `${(100 * x).toFixed(1).padStart(5)}%`);
const row = (name: string, r: { intervals: Accuracy; days: Accuracy }) =>
  `  ${name.padEnd(44)} per 15 min: WAPE ${pct(r.intervals.wape)}  MAPE ${pct(r.intervals.mape)}   per day: WAPE ${pct(r.days.wape)}  MAPE ${pct(r.days.mape)}`;

/** Simulates the year, backtests it, times the store; answers the lines to print. */
export async function runForecastBench(): Promise<string[]> {
  const lines: string[] = [];
  let t0 = performance.now();
  const year = simulateYear();
  const simulateMs = performance.now() - t0;
  const last = addDays(FIRST, DAYS - 1);
  const history = { from: FIRST, to: last, counts: year.counts };
  const options = { timeZone: TZ, specialDays: year.specialDays };
  lines.push(`forecast: simulated year ${FIRST}…${last}, ${year.contacts.toLocaleString('en')} contacts, ${year.specialDays.length} special days, seed ${SEED} (${simulateMs.toFixed(0)} ms to simulate)`);

  t0 = performance.now();
  const week = forecast(history, Array.from({ length: 7 }, (_, i) => addDays(last, i + 1)), options);
  const forecastMs = performance.now() - t0;
  t0 = performance.now();
  const bt = backtest(history, BACKTEST_WEEKS, options);
  const backtestMs = performance.now() - t0;
  const naive = backtest(history, BACKTEST_WEEKS, { ...options, method: { weeks: 1, trendDamping: 0 } });
  const best = floor(year, bt.from!, bt.to!);
  lines.push(`  backtest: rolling origin, ${bt.weeks} weeks ${bt.from}…${bt.to}, ${new Set(week.map((d) => `${d.service}/${d.channel}`)).size} service × channel series`);
  lines.push(row('forecast (8 weeks, decay 0.8, trend, special days)', bt));
  for (const [channel, r] of Object.entries(bt.byChannel)) lines.push(row(`  ${channel}`, r));
  lines.push(row('naive: same weekday last week', naive));
  lines.push(row('Poisson floor: the simulator\'s true rate', best));
  lines.push(`  forecast of 7 days from the year: ${forecastMs.toFixed(1)} ms; backtest of ${bt.weeks} weeks: ${backtestMs.toFixed(0)} ms`);

  // The store and route path on a database holding the whole year.
  const dir = mkdtempSync(join(tmpdir(), 'entre-forecast-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  try {
    seedDemo(db, 'http://bench.test', TZ);
    t0 = performance.now();
    const insert = db.prepare(`INSERT INTO contacts (id, site_id, channel, service_id, service_day, language, state, issued_at, queued_at, outcome)
      VALUES (@id, @site, @channel, @service, @day, 'sv', 'done', @at, @at, 'resolved')`);
    const starts = new Map<string, number>();
    // The store reads 16 weeks through the (site, service_day) index; older rows only deepen
    // the index, so the last 17 weeks are written (a whole year takes ~10 s to insert).
    const since = addDays(last, -7 * 17 + 1);
    const written = year.arrivals.filter((a) => a.date >= since);
    const special = db.prepare('INSERT INTO special_days (site_id, date, factor, closed, note) VALUES (?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (const s of year.specialDays) special.run(DEMO_SITE, s.date, s.factor, s.closed ? 1 : 0, s.note ?? null);
      written.forEach((a, i) => {
        const slot = Math.floor(a.at / 15);
        const key = `${a.date}|${slot}`;
        let start = starts.get(key);
        if (start === undefined) { start = intervalStart(a.date, slot, TZ).getTime(); starts.set(key, start); }
        const at = new Date(start + Math.floor((a.at - slot * 15) * 60_000)).toISOString();
        insert.run({ id: `c${i}`, site: DEMO_SITE, channel: a.channel, service: a.service, day: a.date, at });
      });
    })();
    const loadMs = performance.now() - t0;
    const store = createForecastStore(db, { clock: () => new Date(`${addDays(last, 1)}T09:00:00.000Z`) });
    const samples: number[] = [];
    let answer: ReturnType<typeof store.forecast> | undefined;
    for (let i = 0; i < STORE_RUNS; i++) {
      t0 = performance.now();
      answer = store.forecast(DEMO_SITE, { days: 7 });
      samples.push(performance.now() - t0);
    }
    lines.push(`  store: the last 17 weeks (${written.length.toLocaleString('en')} contacts) written in ${(loadMs / 1000).toFixed(1)} s; forecast() reads 16 weeks, forecasts 7 days, backtests ${answer!.backtest.weeks} weeks:`);
    lines.push(`  ${summary('forecast() for the manager (GET /api/v1/forecast)', samples)}`);
    lines.push(`  its backtest (last ${answer!.backtest.weeks} weeks): WAPE ${pct(answer!.backtest.wape ?? null)}  MAPE ${pct(answer!.backtest.mape ?? null)} per 15 min`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runForecastBench()) console.log(line);
}
