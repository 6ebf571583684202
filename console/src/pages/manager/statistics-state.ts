/**
 * The statistics view's state: the query the manager chose (from, to, period, grouping; last
 * week per day in total at first) and the answer of `GET /api/v1/statistics` for it. Read when
 * asked, not polled: past days do not change. An answer that arrives after a newer question
 * was asked is dropped, so the table always matches the form.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  Statistics, lightChecker,
  type Statistics as StatisticsT, type StatisticsBy, type StatisticsPeriod, type StatisticsRow,
} from '@entre/protocol';
import type { Http } from '@entre/web-common/http';
import { browserTimers, type Timers } from '@entre/web-common/timers';
import { describeError } from './advice-state.js';
import { isDate, lastWeek, localDate } from './dates.js';
import { managerStrings as s } from './strings.js';

const checkStatistics = lightChecker(Statistics);

export interface StatisticsQuery { from: string; to: string; period: StatisticsPeriod; by: StatisticsBy }

export interface StatisticsState {
  /** The query the shown figures answer (or are being read for). */
  readonly query: ReadonlySignal<StatisticsQuery>;
  readonly statistics: ReadonlySignal<StatisticsT | null>;
  readonly loading: ReadonlySignal<boolean>;
  readonly loadError: ReadonlySignal<string | null>;
  readonly csvUrl: ReadonlySignal<string>;
  /** Today, as the browser at the site sees it (for the presets). */
  readonly today: string;
  /** Reads the statistics for `q` (default: the current query); a bad range is refused here. */
  load(q?: StatisticsQuery): Promise<void>;
}

export function statisticsPath(q: StatisticsQuery, format?: 'csv'): string {
  const params = new URLSearchParams({ from: q.from, to: q.to, period: q.period, by: q.by });
  if (format) params.set('format', format);
  return `/statistics?${params.toString()}`;
}

/** Why the query cannot be asked, or null. */
export function queryProblem(q: StatisticsQuery): string | null {
  if (!isDate(q.from) || !isDate(q.to)) return s.statistics.badDate;
  if (q.from > q.to) return s.statistics.badRange;
  return null;
}

export function createStatisticsState(http: Http, timers: Timers = browserTimers): StatisticsState {
  const today = localDate(timers.now());
  const query = signal<StatisticsQuery>({ ...lastWeek(today), period: 'day', by: 'total' });
  const statistics = signal<StatisticsT | null>(null);
  const loading = signal(false);
  const loadError = signal<string | null>(null);
  let asked = 0;

  async function load(q: StatisticsQuery = query.value): Promise<void> {
    const problem = queryProblem(q);
    if (problem) {
      loadError.value = problem;
      return;
    }
    const mine = ++asked;
    batch(() => { query.value = q; loading.value = true; });
    try {
      const answer = await http.get(statisticsPath(q), checkStatistics);
      if (mine !== asked) return;
      batch(() => { statistics.value = answer; loadError.value = null; });
    } catch (err) {
      if (mine !== asked) return;
      loadError.value = describeError(err);
    } finally {
      if (mine === asked) loading.value = false;
    }
  }

  return {
    query, statistics, loading, loadError, today, load,
    csvUrl: computed(() => `/api/v1${statisticsPath(query.value, 'csv')}`),
  };
}

export interface PeriodTotal {
  period: string;
  start: string;
  contacts: number;
  /** As the settings count it; absent with nothing offered. */
  serviceLevel?: number | undefined;
}

/**
 * The whole center per period, for the chart: the rows' counts summed over the groups and
 * the service level worked out again from them (a mean of ratios would weigh a quiet queue
 * like a busy one). A contact belongs to one service and one channel, so the groups add up.
 */
export function periodTotals(stats: Pick<StatisticsT, 'rows' | 'settings'>): PeriodTotal[] {
  const byPeriod = new Map<string, { period: string; start: string; contacts: number; inTarget: number; answered: number; abandoned: number }>();
  for (const r of stats.rows as StatisticsRow[]) {
    const t = byPeriod.get(r.period) ?? { period: r.period, start: r.start, contacts: 0, inTarget: 0, answered: 0, abandoned: 0 };
    t.contacts += r.contacts;
    t.inTarget += r.answeredInTarget;
    t.answered += r.answered;
    t.abandoned += r.abandoned;
    byPeriod.set(r.period, t);
  }
  const excluded = stats.settings.abandonedInServiceLevel === 'excluded';
  return [...byPeriod.values()].map((t) => {
    const offered = excluded ? t.answered : t.answered + t.abandoned;
    return { period: t.period, start: t.start, contacts: t.contacts, serviceLevel: offered > 0 ? t.inTarget / offered : undefined };
  });
}
