/**
 * Statistics per day, ISO week and month, per service, channel, answer group or in total
 * (pure: no clock, no I/O). Two steps, so a day is counted once and then only added up:
 *
 * 1. `tallyContacts`: one service day's contacts → cells, one per service and channel,
 *    of plain counts and sums. Queue entries (service level, waits, abandons) come from
 *    `queueEntries` of queue-stats, exactly as on the live dashboard, and count in the
 *    queue they were in; everything about how a contact ended counts under its service at
 *    the end (after transfers), as the dashboard's first-contact resolution does.
 * 2. `summarize`: cells of many days → one row per period and group, with the ratios.
 *
 * The ratios, each absent while its denominator is 0 ("no data" is not 0 %):
 *
 *   serviceLevel           = answeredInTarget ÷ (answered + abandoned)
 *                            (÷ answered when the site excludes abandons)
 *   asaSeconds             = Σ wait of answered entries ÷ answered
 *   abandonmentRate        = abandoned ÷ (answered + abandoned)
 *   firstContactResolution = resolved ÷ (resolved + forwarded)
 *   forwardedShare         = forwarded ÷ (resolved + forwarded)   (to the back office)
 *   noShowRate             = noShow ÷ (noShow + resolved + forwarded)
 *                            (of the contacts that ended after being called)
 *   meanHandleSeconds      = Σ (ended − first start) ÷ handled    (finished contacts with a start)
 *   satisfaction           = Σ rating ÷ rated                     (1–5)
 *
 * where entries are queue entries (answered: first call within or after the service's SL
 * target; abandoned: hung up before an answer, short abandons excluded as the site's
 * `StatisticsSettings` say, counted apart in `shortAbandoned`) and contacts are counted by
 * outcome (`resolved`, `forwarded`, `no_show`), ROSA level 1–8 (finished ones that have one)
 * and rating. `contacts` counts every contact of the period, whatever became of it.
 *
 * Days are the site-local service days stored with each contact when it was issued, so a
 * DST change never splits or merges a day; weeks are ISO weeks (Monday–Sunday, numbered in
 * their ISO week-year), months calendar months.
 */
import type { Channel, StatisticsBy, StatisticsPeriod, StatisticsSettings } from '@entre/protocol';
import { entryResult, queueEntries, serviceLevel, type ContactHistory } from './queue-stats.js';

/** What the statistics need of one contact: its history, and how and when it ended. */
export interface ContactRecord extends ContactHistory {
  /** The first start of service (kept over transfers), and the end. */
  servedAt: string | null;
  endedAt: string | null;
  rosaLevel: number | null;
  /** The visitor's 1–5 answer, if any. */
  rating: number | null;
}

/** One service day's counts and sums for one service and channel. */
export interface Cell {
  service: string;
  channel: Channel;
  contacts: number;
  answered: number;
  answeredInTarget: number;
  /** Σ seconds waited by the answered entries. */
  waitSeconds: number;
  abandoned: number;
  shortAbandoned: number;
  resolved: number;
  forwarded: number;
  noShow: number;
  handled: number;
  /** Σ seconds from first start to end of the handled contacts. */
  handleSeconds: number;
  /** Finished contacts per ROSA level; index 0 = level 1. */
  rosa: number[];
  rated: number;
  ratingSum: number;
}

type Counts = Omit<Cell, 'service' | 'channel'>;

const emptyCounts = (): Counts => ({
  contacts: 0, answered: 0, answeredInTarget: 0, waitSeconds: 0, abandoned: 0, shortAbandoned: 0, resolved: 0, forwarded: 0,
  noShow: 0, handled: 0, handleSeconds: 0, rosa: [0, 0, 0, 0, 0, 0, 0, 0], rated: 0, ratingSum: 0,
});

function addCounts(into: Counts, c: Counts): void {
  into.contacts += c.contacts; into.answered += c.answered; into.answeredInTarget += c.answeredInTarget;
  into.waitSeconds += c.waitSeconds; into.abandoned += c.abandoned; into.shortAbandoned += c.shortAbandoned;
  into.resolved += c.resolved; into.forwarded += c.forwarded; into.noShow += c.noShow; into.handled += c.handled;
  into.handleSeconds += c.handleSeconds; into.rated += c.rated; into.ratingSum += c.ratingSum;
  for (let i = 0; i < 8; i++) into.rosa[i]! += c.rosa[i] ?? 0;
}

/**
 * One service day's contacts → its cells, per service and channel (in first-seen order).
 * `targetSeconds` gives each service's SL target; an unknown service counts with target 0.
 */
export function tallyContacts(
  contacts: Iterable<ContactRecord>, targetSeconds: (service: string) => number | undefined, settings: StatisticsSettings,
): Cell[] {
  const cells = new Map<string, Cell>();
  const cell = (service: string, channel: Channel): Cell => {
    const key = `${service}\u0000${channel}`;
    let c = cells.get(key);
    if (!c) { c = { service, channel, ...emptyCounts() }; cells.set(key, c); }
    return c;
  };
  for (const c of contacts) {
    for (const e of queueEntries(c)) {
      const result = entryResult(e, targetSeconds(e.service) ?? 0, settings);
      if (result === null) continue;
      const t = cell(e.service, e.channel);
      if (result === 'in_target' || result === 'late') {
        t.answered++;
        if (result === 'in_target') t.answeredInTarget++;
        t.waitSeconds += e.waitSeconds ?? 0;
      } else if (result === 'abandoned') t.abandoned++;
      else t.shortAbandoned++;
    }
    const t = cell(c.service, c.channel);
    t.contacts++;
    const finished = c.state === 'done' && (c.outcome === 'resolved' || c.outcome === 'forwarded');
    if (finished) {
      if (c.outcome === 'resolved') t.resolved++; else t.forwarded++;
      if (c.servedAt && c.endedAt) {
        t.handled++;
        t.handleSeconds += Math.max(0, (Date.parse(c.endedAt) - Date.parse(c.servedAt)) / 1000);
      }
      if (c.rosaLevel !== null && c.rosaLevel >= 1 && c.rosaLevel <= 8) t.rosa[c.rosaLevel - 1]!++;
    } else if (c.outcome === 'no_show') t.noShow++;
    if (c.rating !== null) { t.rated++; t.ratingSum += c.rating; }
  }
  return [...cells.values()];
}

// ---------------------------------------------------------------- calendar

const DAY_MS = 86_400_000;
const dateOf = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Whether `s` is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(dateOf(s)) && dayOf(dateOf(s)) === s;
}

/** Every date from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = dateOf(from); t <= dateOf(to); t += DAY_MS) out.push(dayOf(t));
  return out;
}

export interface PeriodOf { key: string; start: string; end: string }

/** The period a date is in: the day itself, its ISO week (`2026-W14`) or its month (`2026-04`). */
export function periodOf(day: string, period: StatisticsPeriod): PeriodOf {
  const t = dateOf(day);
  if (period === 'day') return { key: day, start: day, end: day };
  if (period === 'month') {
    const d = new Date(t);
    const last = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
    return { key: day.slice(0, 7), start: `${day.slice(0, 7)}-01`, end: dayOf(last) };
  }
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = t - weekday * DAY_MS;
  // The ISO week belongs to the year its Thursday is in; week 1 holds the year's first Thursday.
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return { key: `${year}-W${String(week).padStart(2, '0')}`, start: dayOf(monday), end: dayOf(monday + 6 * DAY_MS) };
}

// ---------------------------------------------------------------- summary

/** One period and group: the counts and the ratios of the module comment. */
export interface PeriodFigures extends Counts {
  period: string;
  start: string;
  end: string;
  group: string;
  serviceLevel?: number;
  asaSeconds?: number;
  abandonmentRate?: number;
  firstContactResolution?: number;
  forwardedShare?: number;
  noShowRate?: number;
  meanHandleSeconds?: number;
  satisfaction?: number;
}

export interface SummaryOptions {
  period: StatisticsPeriod;
  by: StatisticsBy;
  /** The asked range: periods are cut to it. */
  from: string;
  to: string;
  settings: StatisticsSettings;
  /** A service's answer group (for `by: 'answerGroup'`). */
  answerGroupOf: (service: string) => string;
  /** Where a group sorts within its period (the site's order); unknown ones last, by id. */
  rank?: (group: string) => number;
}

const ratio = (num: number, den: number): number | undefined => (den > 0 ? num / den : undefined);

/** The ratios of a period's counts, present only where their denominator is not 0. */
export function ratiosOf(c: Counts, settings: StatisticsSettings): Omit<PeriodFigures, keyof Counts | 'period' | 'start' | 'end' | 'group'> {
  const finished = c.resolved + c.forwarded;
  const all = {
    serviceLevel: serviceLevel(c.answeredInTarget, c.answered, c.abandoned, settings),
    asaSeconds: ratio(c.waitSeconds, c.answered),
    abandonmentRate: ratio(c.abandoned, c.answered + c.abandoned),
    firstContactResolution: ratio(c.resolved, finished),
    forwardedShare: ratio(c.forwarded, finished),
    noShowRate: ratio(c.noShow, c.noShow + finished),
    meanHandleSeconds: ratio(c.handleSeconds, c.handled),
    satisfaction: ratio(c.ratingSum, c.rated),
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
}

/** Adds days' cells up per period and group; rows in time order, groups by `rank`. */
export function summarize(days: Iterable<{ day: string; cells: readonly Cell[] }>, o: SummaryOptions): PeriodFigures[] {
  const groupOf = (c: Cell): string => {
    switch (o.by) {
      case 'service': return c.service;
      case 'channel': return c.channel;
      case 'answerGroup': return o.answerGroupOf(c.service);
      default: return 'total';
    }
  };
  const rows = new Map<string, { p: PeriodOf; group: string; counts: Counts }>();
  for (const { day, cells } of days) {
    if (day < o.from || day > o.to) continue;
    const p = periodOf(day, o.period);
    for (const c of cells) {
      const group = groupOf(c);
      const key = `${p.key}\u0000${group}`;
      let row = rows.get(key);
      if (!row) { row = { p, group, counts: emptyCounts() }; rows.set(key, row); }
      addCounts(row.counts, c);
    }
  }
  const rank = o.rank ?? (() => Number.MAX_SAFE_INTEGER);
  return [...rows.values()]
    .sort((a, b) => a.p.start.localeCompare(b.p.start) || rank(a.group) - rank(b.group) || a.group.localeCompare(b.group))
    .map(({ p, group, counts }) => ({
      period: p.key,
      start: p.start < o.from ? o.from : p.start,
      end: p.end > o.to ? o.to : p.end,
      group,
      ...counts,
      ...ratiosOf(counts, o.settings),
    }));
}
