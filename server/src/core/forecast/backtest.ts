/**
 * How good would the forecast have been? A rolling-origin backtest over the last K whole
 * weeks of the history: for each week, forecast its 7 days from the days before it only (the
 * same method and special days as the live forecast), and compare with what arrived.
 *
 * Errors are compared per series (service × channel) × date × slot, and again on the daily
 * totals per series × date, pooled over all the weeks:
 *
 *   WAPE = Σ |F − A| ÷ Σ A                       (every cell; a forecast where nothing came counts)
 *   MAPE = mean of |F − A| ÷ A over cells with A > 0   (the percentage is undefined for A = 0)
 *
 * Both are fractions (0.12 = 12 %) and null when there is nothing to divide by. On 15-minute
 * cells of a small queue the MAPE is dominated by Poisson noise (A = 1 against F = 0.3 is
 * 70 %); WAPE weighs by volume and is the headline figure for staffing.
 */
import type { Channel } from '@entre/protocol';
import { dateOfDay } from './calendar.js';
import { buildModel, predictDay, type ForecastOptions, type History } from './forecast.js';
import { INTERVALS_PER_DAY } from './intervals.js';

export interface Accuracy {
  mape: number | null;
  wape: number | null;
  /** Σ actual arrivals and Σ |forecast − actual| over the cells compared. */
  actual: number;
  absError: number;
  /** Cells with actual > 0: the MAPE's denominator. */
  cellsWithArrivals: number;
}

export interface BacktestResult {
  /** Whole weeks evaluated (fewer than asked when the history is short). */
  weeks: number;
  /** The first and last dates evaluated; null when no week could be. */
  from: string | null;
  to: string | null;
  intervals: Accuracy;
  days: Accuracy;
  byChannel: Partial<Record<Channel, { intervals: Accuracy; days: Accuracy }>>;
}

export interface BacktestOptions extends ForecastOptions {
  /** Which series to score (all by default). Every series still feeds the channel trends. */
  include?: (service: string, channel: Channel) => boolean;
}

function accumulator() {
  let actual = 0, absError = 0, ape = 0, n = 0;
  return {
    add(f: number, a: number) {
      const e = Math.abs(f - a);
      actual += a;
      absError += e;
      if (a > 0) { ape += e / a; n++; }
    },
    result(): Accuracy {
      return { mape: n > 0 ? ape / n : null, wape: actual > 0 ? absError / actual : null, actual, absError, cellsWithArrivals: n };
    },
  };
}

/**
 * Backtests the last `weeks` whole weeks ending on history.to. A week is evaluated only when
 * at least one full week of history lies before it.
 */
export function backtest(history: History, weeks: number, options: BacktestOptions): BacktestResult {
  if (!Number.isInteger(weeks) || weeks < 1) throw new RangeError('weeks must be a whole number ≥ 1');
  const model = buildModel(history, options);
  const include = options.include ?? (() => true);
  const scored = model.series.filter((s) => include(s.service, s.channel));
  const total = { intervals: accumulator(), days: accumulator() };
  const perChannel = new Map<Channel, { intervals: ReturnType<typeof accumulator>; days: ReturnType<typeof accumulator> }>();
  const zeros = new Float64Array(INTERVALS_PER_DAY);
  let evaluated = 0, first: number | null = null, last: number | null = null;

  for (let k = weeks; k >= 1; k--) {
    const origin = model.to + 1 - 7 * k;
    if (origin - 7 < model.from) continue;
    evaluated++;
    first ??= origin;
    last = origin + 6;
    for (const s of scored) {
      let ch = perChannel.get(s.channel);
      if (!ch) { ch = { intervals: accumulator(), days: accumulator() }; perChannel.set(s.channel, ch); }
      for (let t = origin; t < origin + 7; t++) {
        const f = predictDay(model, s, t, origin - 1);
        const a = s.days.get(t) ?? zeros;
        let fDay = 0, aDay = 0;
        for (let j = 0; j < INTERVALS_PER_DAY; j++) {
          total.intervals.add(f[j]!, a[j]!);
          ch.intervals.add(f[j]!, a[j]!);
          fDay += f[j]!;
          aDay += a[j]!;
        }
        total.days.add(fDay, aDay);
        ch.days.add(fDay, aDay);
      }
    }
  }
  return {
    weeks: evaluated,
    from: first === null ? null : dateOfDay(first),
    to: last === null ? null : dateOfDay(last),
    intervals: total.intervals.result(),
    days: total.days.result(),
    byChannel: Object.fromEntries([...perChannel].map(([c, a]) => [c, { intervals: a.intervals.result(), days: a.days.result() }])),
  };
}
