/**
 * The manager's statistics, read from the record (core/stats/period-stats.ts counts them),
 * and the site's rule for abandoned contacts, which the live dashboard follows too.
 *
 * A year is ≈ 500 000 contacts and 2 million events; reading and replaying all of them for
 * every question takes seconds. So each service day is counted once into its cells (per
 * service and channel: plain counts and sums) and kept in `statistics_days`; a question
 * adds up cells. A day's cells go stale exactly when one of its contacts gets a new event,
 * since every change to a contact appends one to the append-only `contact_events` (issue,
 * calls, transfers, finish, rating…): `statistics_summaries` remembers the last event
 * counted, and each question first recounts the days whose contacts have later events.
 * Other SL targets or another short-abandon threshold recount everything.
 */
import type { Channel, Localized, Statistics, StatisticsBy, StatisticsPeriod, StatisticsRow, StatisticsSettings } from '@entre/protocol';
import type { Db } from './db.js';
import type { StaffStore, Actor } from '../auth/staff-store.js';
import { EntreError } from '../core/errors.js';
import { addDays as addDaysTo } from '../core/forecast/calendar.js';
import { serviceDay } from '../core/service-day.js';
import { QUEUE_ENTRY_EVENTS, type HistoryEvent } from '../core/stats/queue-stats.js';
import { daysBetween, isCalendarDate, summarize, tallyContacts, type Cell, type ContactRecord, type PeriodFigures } from '../core/stats/period-stats.js';

/** The longest range one question may span: two years, for a year-on-year comparison. */
export const MAX_STATISTICS_DAYS = 731;
/** Days counted between two turns of the event loop (≈ 10–40 ms of work). */
const DAYS_PER_TURN = 5;

const CHANNELS: readonly Channel[] = ['visit', 'phone', 'chat', 'email'];
const CHANNEL_NAMES: Record<Channel, string> = { visit: 'Besök', phone: 'Telefon', chat: 'Chatt', email: 'E-post' };

interface SettingsRow { short_abandon_seconds: number; abandoned_in_service_level: StatisticsSettings['abandonedInServiceLevel'] }
const settingsOf = (r: SettingsRow): StatisticsSettings => ({ shortAbandonSeconds: r.short_abandon_seconds, abandonedInServiceLevel: r.abandoned_in_service_level });

/** Reads a site's rule for abandoned contacts (for the live dashboard). */
export function readStatisticsSettings(db: Db): (siteId: string) => StatisticsSettings {
  const q = db.prepare<[string], SettingsRow>('SELECT short_abandon_seconds, abandoned_in_service_level FROM sites WHERE id = ?');
  return (siteId) => {
    const row = q.get(siteId);
    if (!row) throw new EntreError('ENTRE_NOT_FOUND', `There is no site "${siteId}".`);
    return settingsOf(row);
  };
}

/** The events that move queue entries (queue-stats); the rest of a contact's history does not. */
const ENTRY_EVENTS = `(${QUEUE_ENTRY_EVENTS.map((type) => `'${type}'`).join(', ')})`;

/** contact rowid, channel, service, issued, state, outcome, served, ended, ROSA, rating. */
type ContactTuple = [number, Channel, string, string, string, string | null, string | null, string | null, number | null, number | null];
/** contact rowid, at, type, transfer from, transfer to. */
type EventTuple = [number, string, string, string | null, string | null];

export interface StatisticsQuestion { from: string; to: string; period: StatisticsPeriod; by: StatisticsBy }

export function createStatisticsStore(db: Db, deps: { staff: Pick<StaffStore, 'audit'> }) {
  const q = {
    site: db.prepare<[string], { id: string; time_zone: string } & SettingsRow>('SELECT id, time_zone, short_abandon_seconds, abandoned_in_service_level FROM sites WHERE id = ?'),
    putSettings: db.prepare('UPDATE sites SET short_abandon_seconds = @short, abandoned_in_service_level = @mode WHERE id = @site'),
    services: db.prepare<[string], { id: string; name_json: string; answer_group: string; sl_target_seconds: number }>(
      'SELECT id, name_json, answer_group, sl_target_seconds FROM services WHERE site_id = ? ORDER BY position, id'),
    groups: db.prepare<[string], { id: string; name: string; name_json: string | null }>(
      'SELECT id, name, name_json FROM answer_groups WHERE site_id = ? ORDER BY position, id'),
    dayContacts: db.prepare<[string, string], ContactTuple>(
      `SELECT rowid, channel, service_id, issued_at, state, outcome, served_at, ended_at, rosa_level, rating
       FROM contacts WHERE site_id = ? AND service_day = ?`).raw(),
    dayEvents: db.prepare<[string, string], EventTuple>(
      `SELECT c.rowid, e.at, e.type,
         CASE WHEN e.type = 'transfer' THEN json_extract(e.data_json, '$.from') END,
         CASE WHEN e.type = 'transfer' THEN json_extract(e.data_json, '$.to') END
       FROM contacts c CROSS JOIN contact_events e ON e.contact_id = c.id
       WHERE c.site_id = ? AND c.service_day = ? AND e.type IN ${ENTRY_EVENTS}
       ORDER BY c.rowid, e.id`).raw(),
    lastEvent: db.prepare<[], number | null>('SELECT max(id) FROM contact_events').pluck(),
    summary: db.prepare<[string], { rules_json: string; through_event: number }>('SELECT rules_json, through_event FROM statistics_summaries WHERE site_id = ?'),
    // CROSS JOIN keeps the events outside: only the new ones are read, whatever the planner guesses.
    touchedDays: db.prepare<[number, number, string], string>(
      `SELECT DISTINCT c.service_day FROM contact_events e CROSS JOIN contacts c ON c.id = e.contact_id
       WHERE e.id > ? AND e.id <= ? AND c.site_id = ?`).pluck(),
    cachedDays: db.prepare<[string, string, string], [string, string]>(
      'SELECT service_day, cells_json FROM statistics_days WHERE site_id = ? AND service_day BETWEEN ? AND ?').raw(),
    forgetDays: db.prepare<[string]>('DELETE FROM statistics_days WHERE site_id = ?'),
    forgetDay: db.prepare<[string, string]>('DELETE FROM statistics_days WHERE site_id = ? AND service_day = ?'),
    keepDay: db.prepare<[string, string, string]>(
      'INSERT INTO statistics_days (site_id, service_day, cells_json) VALUES (?, ?, ?) ON CONFLICT (site_id, service_day) DO UPDATE SET cells_json = excluded.cells_json'),
    keepSummary: db.prepare(`INSERT INTO statistics_summaries (site_id, rules_json, through_event) VALUES (@site, @rules, @through)
      ON CONFLICT (site_id) DO UPDATE SET rules_json = excluded.rules_json, through_event = excluded.through_event`),
  };

  function requireSite(siteId: string) {
    const site = q.site.get(siteId);
    if (!site) throw new EntreError('ENTRE_NOT_FOUND', `There is no site "${siteId}".`);
    return site;
  }

  /** One service day's contacts with their entry events → its cells. */
  function countDay(siteId: string, day: string, targets: Map<string, number>, settings: StatisticsSettings): Cell[] {
    const events = new Map<number, HistoryEvent[]>();
    for (const [contact, at, type, from, to] of q.dayEvents.all(siteId, day)) {
      const ev: HistoryEvent = { at, type };
      if (from !== null) ev.from = from;
      if (to !== null) ev.to = to;
      const list = events.get(contact);
      if (list) list.push(ev); else events.set(contact, [ev]);
    }
    const contacts = q.dayContacts.all(siteId, day).map(([rowid, channel, service, issuedAt, state, outcome, servedAt, endedAt, rosaLevel, rating]): ContactRecord => ({
      channel, service, issuedAt, state, outcome, servedAt, endedAt, rosaLevel, rating, events: events.get(rowid) ?? [],
    }));
    return tallyContacts(contacts, (s) => targets.get(s), settings);
  }

  /**
   * The cells of every day from `from` to `to`: the kept ones still current as of the last
   * event now, the others counted (a few days per turn of the event loop, so a first year
   * does not stall kiosks and displays), then kept for next time. A day counted a moment
   * later may already hold newer events; it is kept as of the same last event all the same,
   * so the next question recounts it: never stale, at worst counted twice.
   */
  async function cellsOf(siteId: string, from: string, to: string, targets: Map<string, number>, settings: StatisticsSettings) {
    // Targets and the threshold decide what a cell holds; the SL mode only how it divides.
    const rules = JSON.stringify({ shortAbandonSeconds: settings.shortAbandonSeconds, targets: [...targets].sort(([a], [b]) => a.localeCompare(b)) });
    const { through, kept, current, stale, days } = db.transaction(() => {
      const through = q.lastEvent.get() ?? 0;
      const kept = q.summary.get(siteId);
      const current = kept?.rules_json === rules;
      const stale = new Set(kept && current && kept.through_event < through ? q.touchedDays.all(kept.through_event, through, siteId) : []);
      const days = new Map<string, Cell[]>();
      if (current) {
        for (const [day, json] of q.cachedDays.all(siteId, from, to)) if (!stale.has(day)) days.set(day, JSON.parse(json) as Cell[]);
      }
      return { through, kept, current, stale, days };
    })();
    const missing = daysBetween(from, to).filter((day) => !days.has(day));
    const counted: { day: string; cells: Cell[] }[] = [];
    for (let i = 0; i < missing.length; i += DAYS_PER_TURN) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      db.transaction(() => {
        for (const day of missing.slice(i, i + DAYS_PER_TURN)) counted.push({ day, cells: countDay(siteId, day, targets, settings) });
      })();
    }
    for (const { day, cells } of counted) days.set(day, cells);
    if (!current || kept?.through_event !== through || counted.length > 0) {
      db.transaction(() => {
        // Another question (or server) may have moved the summaries on meanwhile: keep theirs.
        const now = q.summary.get(siteId);
        if (now?.through_event !== kept?.through_event || now?.rules_json !== kept?.rules_json) return;
        if (!current) q.forgetDays.run(siteId);
        else for (const day of stale) q.forgetDay.run(siteId, day);
        for (const { day, cells } of counted) q.keepDay.run(siteId, day, JSON.stringify(cells));
        q.keepSummary.run({ site: siteId, rules, through });
      }).immediate();
    }
    return [...days].map(([day, cells]) => ({ day, cells }));
  }

  function checkQuestion(x: StatisticsQuestion): void {
    const issues: { path: string; message: string }[] = [];
    if (!isCalendarDate(x.from)) issues.push({ path: '/from', message: `"${x.from}" is not a date (YYYY-MM-DD)` });
    if (!isCalendarDate(x.to)) issues.push({ path: '/to', message: `"${x.to}" is not a date (YYYY-MM-DD)` });
    if (!issues.length) {
      if (x.from > x.to) issues.push({ path: '/to', message: `must not be before from (${x.from})` });
      else if (daysBetween(x.from, x.to).length > MAX_STATISTICS_DAYS) {
        issues.push({ path: '/to', message: `the range may span at most ${MAX_STATISTICS_DAYS} days` });
      }
    }
    if (issues.length) {
      throw new EntreError('ENTRE_VALIDATION', `The querystring is not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, issues);
    }
  }

  return {
    settings(siteId: string): StatisticsSettings {
      return settingsOf(requireSite(siteId));
    },

    /** Sets how abandons count; audited with the rule before and after. */
    putSettings(siteId: string, s: StatisticsSettings, by: Actor): StatisticsSettings {
      return db.transaction(() => {
        const before = settingsOf(requireSite(siteId));
        q.putSettings.run({ site: siteId, short: s.shortAbandonSeconds, mode: s.abandonedInServiceLevel });
        const after = settingsOf(requireSite(siteId));
        deps.staff.audit({ staffId: by.staffId, ip: by.ip, action: 'statistics.settings.update', target: siteId, details: { before, after } });
        return after;
      }).immediate();
    },

    /**
     * Counts the days of the last year that are not kept yet (a few per turn of the event
     * loop), so the manager's first question after a start or an upgrade answers from kept
     * days. The server runs it in the background at start.
     */
    async warm(siteId: string, now: Date): Promise<number> {
      const site = requireSite(siteId);
      const until = serviceDay(now, site.time_zone);
      const targets = new Map(q.services.all(siteId).map((s) => [s.id, s.sl_target_seconds]));
      const days = await cellsOf(siteId, addDaysTo(until, -366), addDaysTo(until, -1), targets, settingsOf(site));
      return days.length;
    },

    async statistics(siteId: string, x: StatisticsQuestion): Promise<Statistics> {
      checkQuestion(x);
      const site = requireSite(siteId);
      const settings = settingsOf(site);
      const services = q.services.all(siteId);
      const groups = q.groups.all(siteId);
      const targets = new Map(services.map((s) => [s.id, s.sl_target_seconds]));
      const days = await cellsOf(siteId, x.from, x.to, targets, settings);

      const serviceOf = new Map(services.map((s, i) => [s.id, { ...s, rank: i }]));
      const groupOf = new Map(groups.map((g, i) => [g.id, { ...g, rank: i }]));
      const rank = (group: string): number => {
        if (x.by === 'service') return serviceOf.get(group)?.rank ?? Number.MAX_SAFE_INTEGER;
        if (x.by === 'answerGroup') return groupOf.get(group)?.rank ?? Number.MAX_SAFE_INTEGER;
        if (x.by === 'channel') return CHANNELS.indexOf(group as Channel);
        return 0;
      };
      const name = (group: string): string => {
        if (x.by === 'service') return swedish(serviceOf.get(group)?.name_json ?? null, group);
        if (x.by === 'answerGroup') { const g = groupOf.get(group); return g ? swedish(g.name_json, g.name) : group; }
        if (x.by === 'channel') return CHANNEL_NAMES[group as Channel] ?? group;
        return 'Totalt';
      };
      const rows = summarize(days, {
        period: x.period, by: x.by, from: x.from, to: x.to, settings, rank,
        answerGroupOf: (service) => serviceOf.get(service)?.answer_group ?? 'okand',
      });
      return { site: siteId, from: x.from, to: x.to, period: x.period, by: x.by, settings, rows: rows.map((r) => row(r, name(r.group))) };
    },
  };
}

function swedish(json: string | null, fallback: string): string {
  if (!json) return fallback;
  const names = JSON.parse(json) as Localized;
  return names['sv'] ?? Object.values(names)[0] ?? fallback;
}

/** The protocol's row: the counts and ratios, without the sums they came from. */
function row(r: PeriodFigures, name: string): StatisticsRow {
  const { waitSeconds: _w, handleSeconds: _h, ratingSum: _r, ...rest } = r;
  return { ...rest, name };
}

export type StatisticsStore = ReturnType<typeof createStatisticsStore>;
