/**
 * Arrivals forecast per queue (service) × channel × local date × 15-minute wall-clock slot,
 * from counted history (DESIGN §4 "same weekday, smoothed history"). Pure: no clock, no I/O;
 * the history, the dates and the zone are inputs.
 *
 * The method, for a target date D and a series (service, channel), trained on the days up
 * to and including `lastDay` (the day before the first forecast date):
 *
 * 1. **Profile**: the same weekday as D in each of the `weeks` (8) most recent weeks up to
 *    lastDay, week k back (k = 0 the most recent) weighted decay^k (0.8: 1, 0.8, 0.64, …;
 *    the newest week counts ~4.8× the eighth). Per slot, profile = Σ w·x ÷ Σ w. Special days
 *    (any listed day, closed or with a factor) and days before the history starts are left
 *    out (their weight goes, the others are renormalised); a day inside the history with no
 *    row counted zero arrivals, which is data.
 * 2. **Trend**: per channel, pooled over its services (one queue's four-week ratio is mostly
 *    Poisson noise), level = Σ over weekdays of the mean daily arrivals on that weekday over
 *    the last `trendWeeks` (4) weeks, likewise for the 4 weeks before; ratio = recent ÷
 *    older; trend = 1 + damping × (ratio − 1), damping 0.5, clamped to [0.8, 1.25]. Per
 *    weekday means keep an excluded holiday from looking like a dip. No older data → 1.
 * 3. **Special day** on D: closed → 0; otherwise × its factor.
 *
 *    forecast(D, slot) = profile(slot) × trend × factor(D)
 *
 * DST: each slot is a local wall-clock quarter (see intervals.ts). The profile learns per
 * occurrence (a count of a slot that happened twice is halved; a slot that did not happen
 * is left out of that day's weights) and the forecast multiplies by the occurrences on D.
 */
import type { Channel } from '@entre/protocol';
import { dateOfDay, dayNumber, weekdayOfDay } from './calendar.js';
import { INTERVALS_PER_DAY, wallClockSlots } from './intervals.js';

/** Arrivals of one series in one slot of one local date. */
export interface HistoryCount { service: string; channel: Channel; date: string; interval: number; count: number }

export interface History {
  /** The first and last local dates the record covers: a day in between without rows had no arrivals. */
  from: string;
  to: string;
  counts: readonly HistoryCount[];
}

/** A day that is not like its weekday: closed, or busier/quieter by a factor (1.3 = 30 % more). */
export interface SpecialDay { date: string; factor: number; closed: boolean; note?: string }

export interface ForecastMethod {
  /** How many weeks back the same-weekday profile looks. */
  weeks: number;
  /** Weight of a week relative to the one after it (0 < decay ≤ 1; 1 = a plain mean). */
  decay: number;
  /** Length of each of the two windows the trend compares. */
  trendWeeks: number;
  /** Share of the measured change that is applied (0 = no trend, 1 = all of it). */
  trendDamping: number;
  trendLimits: readonly [number, number];
}

export const DEFAULT_METHOD: ForecastMethod = { weeks: 8, decay: 0.8, trendWeeks: 4, trendDamping: 0.5, trendLimits: [0.8, 1.25] };

export interface ForecastOptions {
  /** The site's IANA zone: decides which slots a DST date has. */
  timeZone: string;
  specialDays?: readonly SpecialDay[];
  method?: Partial<ForecastMethod>;
}

export interface ForecastDay {
  service: string;
  channel: Channel;
  date: string;
  /** Expected arrivals per wall-clock slot, 96 of them. */
  intervals: number[];
  total: number;
  /** The channel's trend factor that was applied. */
  trend: number;
  special?: SpecialDay;
}

const CHANNEL_ORDER: readonly Channel[] = ['visit', 'phone', 'chat', 'email'];

/** One series' counts, indexed by day number. */
export interface Series {
  service: string;
  channel: Channel;
  days: Map<number, Float64Array>;
  totals: Map<number, number>;
}

/** History indexed for repeated forecasts (the backtest makes one per week). */
export interface Model {
  readonly from: number;
  readonly to: number;
  readonly series: readonly Series[];
  readonly special: ReadonlyMap<number, SpecialDay>;
  readonly method: ForecastMethod;
  slots(day: number): Uint8Array;
  trend(channel: Channel, lastDay: number): number;
}

function checkMethod(m: ForecastMethod): ForecastMethod {
  const [lo, hi] = m.trendLimits;
  if (!Number.isInteger(m.weeks) || m.weeks < 1) throw new RangeError('method.weeks must be a whole number ≥ 1');
  if (!(m.decay > 0 && m.decay <= 1)) throw new RangeError('method.decay must be in (0, 1]');
  if (!Number.isInteger(m.trendWeeks) || m.trendWeeks < 1) throw new RangeError('method.trendWeeks must be a whole number ≥ 1');
  if (!(m.trendDamping >= 0 && m.trendDamping <= 1)) throw new RangeError('method.trendDamping must be in [0, 1]');
  if (!(lo > 0 && lo <= 1 && hi >= 1 && Number.isFinite(hi))) throw new RangeError('method.trendLimits must be [lo ≤ 1, hi ≥ 1], lo > 0');
  return m;
}

/** Indexes the history; validates every row (a bad one is a caller's bug, so it throws). */
export function buildModel(history: History, options: ForecastOptions): Model {
  const method = checkMethod({ ...DEFAULT_METHOD, ...options.method });
  const from = dayNumber(history.from), to = dayNumber(history.to);
  if (from > to) throw new RangeError(`history.from ${history.from} is after history.to ${history.to}`);

  const byKey = new Map<string, Series>();
  const dayOf = new Map<string, number>(); // a year has 365 dates and maybe 200 000 counts
  for (const c of history.counts) {
    let day = dayOf.get(c.date);
    if (day === undefined) { day = dayNumber(c.date); dayOf.set(c.date, day); }
    if (day < from || day > to) throw new RangeError(`a count on ${c.date} lies outside the history ${history.from}…${history.to}`);
    if (!Number.isInteger(c.interval) || c.interval < 0 || c.interval >= INTERVALS_PER_DAY) throw new RangeError(`interval ${c.interval} is not 0–95`);
    if (!(c.count >= 0 && Number.isFinite(c.count))) throw new RangeError(`count ${c.count} is not a number ≥ 0`);
    const key = `${c.service}\u0000${c.channel}`;
    let s = byKey.get(key);
    if (!s) { s = { service: c.service, channel: c.channel, days: new Map(), totals: new Map() }; byKey.set(key, s); }
    let x = s.days.get(day);
    if (!x) { x = new Float64Array(INTERVALS_PER_DAY); s.days.set(day, x); }
    x[c.interval] = (x[c.interval] ?? 0) + c.count;
    s.totals.set(day, (s.totals.get(day) ?? 0) + c.count);
  }
  const series = [...byKey.values()].sort((a, b) =>
    a.service.localeCompare(b.service) || CHANNEL_ORDER.indexOf(a.channel) - CHANNEL_ORDER.indexOf(b.channel));

  const special = new Map<number, SpecialDay>();
  for (const sd of options.specialDays ?? []) {
    if (!(sd.factor >= 0 && Number.isFinite(sd.factor))) throw new RangeError(`special day ${sd.date}: factor ${sd.factor} is not a number ≥ 0`);
    special.set(dayNumber(sd.date), sd);
  }

  const slotCache = new Map<number, Uint8Array>();
  const slots = (day: number): Uint8Array => {
    let s = slotCache.get(day);
    if (!s) { s = wallClockSlots(dateOfDay(day), options.timeZone); slotCache.set(day, s); }
    return s;
  };

  const byChannel = new Map<Channel, Series[]>();
  for (const s of series) byChannel.set(s.channel, [...(byChannel.get(s.channel) ?? []), s]);
  /** Mean daily arrivals per weekday over [start, end], usable days only; undefined where none. */
  const weekdayMeans = (list: readonly Series[], start: number, end: number): (number | undefined)[] => {
    const sum = new Array<number>(7).fill(0), n = new Array<number>(7).fill(0);
    for (let d = Math.max(start, from); d <= Math.min(end, to); d++) {
      if (special.has(d)) continue;
      const w = weekdayOfDay(d);
      for (const s of list) sum[w]! += s.totals.get(d) ?? 0;
      n[w]!++;
    }
    return sum.map((x, w) => (n[w] ? x / n[w]! : undefined));
  };
  const trendCache = new Map<string, number>();
  const trend = (channel: Channel, lastDay: number): number => {
    const key = `${channel}:${lastDay}`;
    const cached = trendCache.get(key);
    if (cached !== undefined) return cached;
    const span = 7 * method.trendWeeks;
    const list = byChannel.get(channel) ?? [];
    const recent = weekdayMeans(list, lastDay - span + 1, lastDay);
    const older = weekdayMeans(list, lastDay - 2 * span + 1, lastDay - span);
    let r = 0, o = 0;
    for (let w = 0; w < 7; w++) {
      if (recent[w] === undefined || older[w] === undefined) continue;
      r += recent[w]!;
      o += older[w]!;
    }
    const [lo, hi] = method.trendLimits;
    const value = o > 0 ? Math.min(hi, Math.max(lo, 1 + method.trendDamping * (r / o - 1))) : 1;
    trendCache.set(key, value);
    return value;
  };

  return { from, to, series, special, method, slots, trend };
}

/** One series' expected arrivals per slot on `target`, trained on the days up to `lastDay`. */
export function predictDay(model: Model, s: Series, target: number, lastDay: number): Float64Array {
  const out = new Float64Array(INTERVALS_PER_DAY);
  if (target <= lastDay) throw new RangeError(`cannot forecast ${dateOfDay(target)} from history up to ${dateOfDay(lastDay)}`);
  const sd = model.special.get(target);
  if (sd?.closed) return out;
  const { weeks, decay } = model.method;
  const sum = new Float64Array(INTERVALS_PER_DAY), weight = new Float64Array(INTERVALS_PER_DAY);
  // The most recent same weekday on or before lastDay, then a week back at a time.
  const newest = target - 7 * Math.ceil((target - lastDay) / 7);
  for (let k = 0; k < weeks; k++) {
    const d = newest - 7 * k;
    if (d < model.from) break;
    if (model.special.has(d)) continue;
    const w = decay ** k;
    const x = s.days.get(d);
    const occ = model.slots(d);
    for (let j = 0; j < INTERVALS_PER_DAY; j++) {
      const n = occ[j]!;
      if (n === 0) continue; // the slot did not happen that day: no evidence either way
      weight[j]! += w;
      if (x) sum[j]! += (w * x[j]!) / n;
    }
  }
  const factor = model.trend(s.channel, lastDay) * (sd?.factor ?? 1);
  const occ = model.slots(target);
  for (let j = 0; j < INTERVALS_PER_DAY; j++) {
    out[j] = weight[j]! > 0 ? (sum[j]! / weight[j]!) * factor * occ[j]! : 0;
  }
  return out;
}

/**
 * The forecast for each series in the history and each date (all after history.to), in
 * service, channel and then the given date order.
 */
export function forecast(history: History, dates: readonly string[], options: ForecastOptions): ForecastDay[] {
  const model = buildModel(history, options);
  const targets = dates.map(dayNumber);
  const out: ForecastDay[] = [];
  for (const s of model.series) {
    targets.forEach((t, i) => {
      const x = predictDay(model, s, t, model.to);
      const intervals = Array.from(x);
      const special = model.special.get(t);
      out.push({
        service: s.service, channel: s.channel, date: dates[i]!, intervals,
        total: intervals.reduce((a, b) => a + b, 0), trend: model.trend(s.channel, model.to),
        ...(special ? { special } : {}),
      });
    });
  }
  return out;
}
