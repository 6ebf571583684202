/**
 * The arrivals forecast, read from the record: counts of issued contacts per service,
 * channel, local date and 15-minute wall-clock slot (core/forecast/intervals.ts), the
 * site's special days, and the pure forecast and backtest of core/forecast on top.
 *
 * History is what arrived: every contact issued, whatever became of it (answered, abandoned,
 * no-show) except `cancelled` ones, which reception or the visitor withdrew (a duplicate
 * ticket) and which never asked anything of a queue. A contact counts under its service as
 * recorded now, so a transferred one counts where it ended up. Today is not history yet: the
 * forecast learns from the days up to yesterday and covers today onwards.
 */
import type { Channel, Forecast, ForecastSpecialDay } from '@entre/protocol';
import type { Db } from './db.js';
import type { StaffStore } from '../auth/staff-store.js';
import { EntreError } from '../core/errors.js';
import { serviceDay } from '../core/service-day.js';
import {
  addDays, backtest, dayNumber, DEFAULT_METHOD, forecast, localQuarter, swedishHolidays, type BacktestResult, type History, type HistoryCount, type SpecialDay,
} from '../core/forecast/index.js';

/** Whole weeks the backtest replays; with the method's 8 weeks, 16 weeks of history are read. */
export const BACKTEST_WEEKS = 8;

export interface ForecastRequest {
  /** How many days from today (1–28). */
  days: number;
  service?: string | undefined;
  channel?: Channel | undefined;
}

const round = (x: number) => Math.round(x * 100) / 100;
/** `{ key: value }`, or nothing when there is no value ("no data" is absent, not 0). */
const optional = <K extends string, V>(key: K, value: V | null) => (value === null ? {} : { [key]: value }) as Partial<Record<K, V>>;

export function createForecastStore(db: Db, deps: { clock: () => Date; staff?: Pick<StaffStore, 'audit'> }) {
  const q = {
    site: db.prepare<[string], { time_zone: string }>('SELECT time_zone FROM sites WHERE id = ?'),
    service: db.prepare<[string, string], { id: string }>('SELECT id FROM services WHERE site_id = ? AND id = ?'),
    // Both range reads use the (site_id, service_day, number) index of the contacts table.
    first: db.prepare<{ site: string; from: string; to: string }, { first: string | null }>(
      'SELECT min(service_day) AS first FROM contacts WHERE site_id = @site AND service_day >= @from AND service_day <= @to'),
    // One pass, grouped by UTC quarter-hour: every zone's offset is a whole number of
    // quarters, so a UTC quarter is exactly one local wall-clock quarter (mapped below).
    counts: db.prepare<{ site: string; from: string; to: string }, { service: string; channel: Channel; quarter: number; n: number }>(
      // Quarter first: rows come in date order, so the grouping's keys arrive nearly sorted.
      `SELECT service_id AS service, channel, (CAST(strftime('%s', issued_at) AS INTEGER) / 900) * 900 AS quarter, count(*) AS n
       FROM contacts
       WHERE site_id = @site AND service_day >= @from AND service_day <= @to AND state != 'cancelled'
       GROUP BY quarter, service_id, channel`),
    special: db.prepare<{ site: string; from: string; to: string }, { date: string; factor: number; closed: number; note: string | null }>(
      'SELECT date, factor, closed, note FROM special_days WHERE site_id = @site AND date >= @from AND date <= @to ORDER BY date'),
    putSpecial: db.prepare(`INSERT INTO special_days (site_id, date, factor, closed, note) VALUES (@site, @date, @factor, @closed, @note)
      ON CONFLICT (site_id, date) DO UPDATE SET factor = excluded.factor, closed = excluded.closed, note = excluded.note`),
    deleteSpecial: db.prepare('DELETE FROM special_days WHERE site_id = ? AND date = ?'),
  };

  /** Arrivals per service, channel, local date and slot over [from, to] (local dates). */
  function history(siteId: string, timeZone: string, from: string, to: string): History {
    const first = q.first.get({ site: siteId, from, to })?.first ?? null;
    if (first === null) return { from: to, to, counts: [] };
    const slotOf = new Map<number, { date: string; interval: number }>();
    const counts: HistoryCount[] = [];
    for (const r of q.counts.iterate({ site: siteId, from: first, to })) {
      let slot = slotOf.get(r.quarter);
      if (!slot) { slot = localQuarter(new Date(r.quarter * 1000), timeZone); slotOf.set(r.quarter, slot); }
      // service_day is the local date of issued_at; a row that disagrees is not this window's.
      if (slot.date < first || slot.date > to) continue;
      counts.push({ service: r.service, channel: r.channel, date: slot.date, interval: slot.interval, count: r.n });
    }
    return { from: first, to, counts };
  }

  /** Sweden's public holidays (closed) with the site's own special days over them. */
  function specialDays(siteId: string, from: string, to: string): SpecialDay[] {
    const byDate = new Map<string, SpecialDay>();
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
      for (const h of swedishHolidays(y)) if (h.date >= from && h.date <= to) byDate.set(h.date, { date: h.date, factor: 1, closed: true, note: h.name });
    }
    for (const r of q.special.all({ site: siteId, from, to })) {
      byDate.set(r.date, { date: r.date, factor: r.factor, closed: r.closed === 1, ...(r.note ? { note: r.note } : {}) });
    }
    return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  }

  function audit(by: { staffId: string; ip: string | null }, action: string, target: string, details: Record<string, unknown>): void {
    deps.staff?.audit({ staffId: by.staffId, ip: by.ip, action, target, details });
  }

  const specialView = (r: { date: string; factor: number; closed: number; note: string | null }): ForecastSpecialDay =>
    ({ date: r.date, factor: r.factor, closed: r.closed === 1, ...(r.note ? { note: r.note } : {}) });

  return {
    /** The site's own special days from today on (a year ahead), soonest first. */
    specialDays(siteId: string): ForecastSpecialDay[] {
      const site = q.site.get(siteId);
      if (!site) throw new EntreError('ENTRE_NOT_FOUND', `There is no site "${siteId}".`);
      const from = serviceDay(deps.clock(), site.time_zone);
      return q.special.all({ site: siteId, from, to: addDays(from, 366) }).map(specialView);
    },

    putSpecialDay(siteId: string, day: ForecastSpecialDay, by: { staffId: string; ip: string | null }): ForecastSpecialDay {
      if (!q.site.get(siteId)) throw new EntreError('ENTRE_NOT_FOUND', `There is no site "${siteId}".`);
      try { dayNumber(day.date); } catch {
        throw new EntreError('ENTRE_VALIDATION', `date: ${day.date} is not a date in the calendar.`, [{ path: '/date', message: 'not a calendar date' }]);
      }
      db.transaction(() => {
        q.putSpecial.run({ site: siteId, date: day.date, factor: day.factor, closed: day.closed ? 1 : 0, note: day.note ?? null });
        audit(by, 'forecast.special_day', day.date, { ...day });
      }).immediate();
      return day;
    },

    /** Removes the site's own entry for the date; false when there was none. */
    deleteSpecialDay(siteId: string, date: string, by: { staffId: string; ip: string | null }): boolean {
      return db.transaction(() => {
        const gone = q.deleteSpecial.run(siteId, date).changes > 0;
        if (gone) audit(by, 'forecast.special_day.delete', date, {});
        return gone;
      }).immediate();
    },

    forecast(siteId: string, req: ForecastRequest): Forecast {
      const site = q.site.get(siteId);
      if (!site) throw new EntreError('ENTRE_NOT_FOUND', `There is no site "${siteId}".`);
      if (req.service !== undefined && !q.service.get(siteId, req.service)) {
        throw new EntreError('ENTRE_UNKNOWN_SERVICE', `service: there is no service "${req.service}" at this site.`);
      }
      const now = deps.clock();
      const timeZone = site.time_zone;
      const today = serviceDay(now, timeZone);
      const to = addDays(today, -1);
      const from = addDays(today, -7 * (DEFAULT_METHOD.weeks + BACKTEST_WEEKS));
      const dates = Array.from({ length: req.days }, (_, i) => addDays(today, i));
      const wanted = (service: string, channel: Channel) =>
        (req.service === undefined || service === req.service) && (req.channel === undefined || channel === req.channel);

      // One read transaction: the history and the special days are of the same moment.
      const { hist, special } = db.transaction(() => ({ hist: history(siteId, timeZone, from, to), special: specialDays(siteId, from, dates.at(-1)!) }))();
      const options = { timeZone, specialDays: special };
      const days = forecast(hist, dates, options).filter((d) => wanted(d.service, d.channel));
      const bt: BacktestResult = backtest(hist, BACKTEST_WEEKS, { ...options, include: wanted });

      const ahead = new Set(dates);
      return {
        site: siteId,
        at: now.toISOString(),
        timeZone,
        intervalMinutes: 15,
        dates,
        history: { ...(hist.counts.length ? { from: hist.from } : {}), to },
        specialDays: special.filter((s) => ahead.has(s.date)).map((s): ForecastSpecialDay => ({ ...s })),
        series: days.map((d) => ({
          service: d.service, channel: d.channel, date: d.date,
          intervals: d.intervals.map(round), total: round(d.total), trend: Math.round(d.trend * 1000) / 1000,
        })),
        backtest: {
          weeks: bt.weeks, ...optional('from', bt.from), ...optional('to', bt.to),
          ...optional('mape', bt.intervals.mape), ...optional('wape', bt.intervals.wape),
          daily: { ...optional('mape', bt.days.mape), ...optional('wape', bt.days.wape) },
        },
      };
    },
  };
}

export type ForecastStore = ReturnType<typeof createForecastStore>;
