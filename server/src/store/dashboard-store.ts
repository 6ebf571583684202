import type { AgentState, Channel, Dashboard, DashboardAgent, Localized, StaffByState } from '@entre/protocol';
import type { Db } from './db.js';
import type { SiteRow } from './announcer.js';
import { EntreError } from '../core/errors.js';
import { serviceDay } from '../core/service-day.js';
import { QUEUE_ENTRY_EVENTS, figures, tallyDay, waitingNow, type ContactHistory, type HistoryEvent } from '../core/stats/queue-stats.js';
import { readStatisticsSettings } from './statistics-store.js';

const CHANNELS: readonly Channel[] = ['visit', 'phone', 'chat', 'email'];
/** The events that open, move or close a queue entry (see core/stats/queue-stats.ts). */
const ENTRY_EVENTS = QUEUE_ENTRY_EVENTS;

interface DayContactRow {
  id: string; channel: Channel; service_id: string; issued_at: string; state: string; outcome: string | null;
}
interface EventRow { contact_id: string; at: string; type: string; data_json: string | null }

const swedish = (json: string, fallback: string): string => {
  const names = JSON.parse(json) as Localized;
  return names['sv'] ?? Object.values(names)[0] ?? fallback;
};

/**
 * The manager's dashboard, read from the record: waiting now per queue and channel, the
 * service day's service level and first-contact resolution, and staff by state. Read-only;
 * the figures are computed by core/stats from each contact's history.
 */
export function createDashboardStore(db: Db, deps: { clock: () => Date }) {
  const q = {
    site: db.prepare<[string], SiteRow>('SELECT * FROM sites WHERE id = ?'),
    services: db.prepare<[string], { id: string; name_json: string; answer_group: string; sl_target_fraction: number; sl_target_seconds: number; active: number }>(
      'SELECT id, name_json, answer_group, sl_target_fraction, sl_target_seconds, active FROM services WHERE site_id = ? ORDER BY position, id'),
    waiting: db.prepare<[string], { service_id: string; channel: Channel; queued_at: string }>(
      `SELECT service_id, channel, queued_at FROM contacts WHERE site_id = ? AND state = 'waiting'`),
    dayContacts: db.prepare<[string, string], DayContactRow>(
      'SELECT id, channel, service_id, issued_at, state, outcome FROM contacts WHERE site_id = ? AND service_day = ?'),
    dayEvents: db.prepare<[string, string, string], EventRow>(
      `SELECT e.contact_id, e.at, e.type, e.data_json FROM contact_events e JOIN contacts c ON c.id = e.contact_id
       WHERE c.site_id = ? AND c.service_day = ? AND e.type IN (SELECT value FROM json_each(?)) ORDER BY e.contact_id, e.id`),
    agents: db.prepare<[string], { id: string; display_name: string; state: AgentState; state_since: string | null; service_point_id: string | null; pause_reason: string | null }>(
      'SELECT id, display_name, state, state_since, service_point_id, pause_reason FROM agents WHERE site_id = ? ORDER BY display_name, id'),
  };
  // How the site counts abandons (short ones, and in the service level): as the statistics do.
  const statisticsSettings = readStatisticsSettings(db);

  function histories(siteId: string, day: string): ContactHistory[] {
    const events = new Map<string, HistoryEvent[]>();
    for (const e of q.dayEvents.all(siteId, day, JSON.stringify(ENTRY_EVENTS))) {
      const data = e.data_json ? (JSON.parse(e.data_json) as { from?: unknown; to?: unknown }) : {};
      const ev: HistoryEvent = { at: e.at, type: e.type };
      if (typeof data.from === 'string') ev.from = data.from;
      if (typeof data.to === 'string') ev.to = data.to;
      let list = events.get(e.contact_id);
      if (!list) { list = []; events.set(e.contact_id, list); }
      list.push(ev);
    }
    return q.dayContacts.all(siteId, day).map((c) => ({
      channel: c.channel, service: c.service_id, issuedAt: c.issued_at, state: c.state, outcome: c.outcome, events: events.get(c.id) ?? [],
    }));
  }

  return {
    dashboard(siteId: string): Dashboard {
      const site = q.site.get(siteId);
      if (!site) throw new EntreError('ENTRE_NOT_FOUND', `There is no site "${siteId}".`);
      const now = deps.clock();
      const day = serviceDay(now, site.time_zone);
      const services = q.services.all(siteId);
      const targets = new Map(services.map((s) => [s.id, s.sl_target_seconds]));
      const settings = statisticsSettings(siteId);
      // One read transaction: every figure is of the same moment.
      return db.transaction(() => {
        const waiting = q.waiting.all(siteId).map((w) => ({ service: w.service_id, channel: w.channel, queuedAt: w.queued_at }));
        const t = tallyDay(histories(siteId, day), (s) => targets.get(s), settings);
        // Inactive errands only while they still have something to show today.
        const queues = services
          .filter((s) => s.active === 1 || t.byService.has(s.id) || waiting.some((w) => w.service === s.id))
          .map((s) => ({
            service: s.id, name: swedish(s.name_json, s.id), answerGroup: s.answer_group,
            slTargetFraction: s.sl_target_fraction, slTargetSeconds: s.sl_target_seconds,
            ...figures(waitingNow(waiting, now, (w) => w.service === s.id), t.byService.get(s.id), settings),
          }));
        const channels = CHANNELS.map((channel) => ({ channel, ...figures(waitingNow(waiting, now, (w) => w.channel === channel), t.byChannel.get(channel), settings) }));
        const byState: StaffByState = { available: 0, serving: 0, wrap_up: 0, paused: 0, offline: 0 };
        const agents = q.agents.all(siteId).map((a): DashboardAgent => {
          byState[a.state]++;
          return {
            id: a.id, name: a.display_name, state: a.state,
            ...(a.state_since ? { since: a.state_since } : {}),
            ...(a.service_point_id && a.state !== 'offline' ? { servicePoint: a.service_point_id } : {}),
            ...(a.state === 'paused' && a.pause_reason ? { pauseReason: a.pause_reason } : {}),
          };
        });
        return {
          site: site.id, at: now.toISOString(), serviceDay: day, queues, channels,
          total: figures(waitingNow(waiting, now), t.total, settings), staff: { byState, agents },
        };
      })();
    },
  };
}

export type DashboardStore = ReturnType<typeof createDashboardStore>;
