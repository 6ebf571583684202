import { visitorLanguages, type Localized, type ReceptionContact, type ReceptionQueue, type ReceptionQueues } from '@entre/protocol';
import type { Db } from './db.js';
import { EntreError } from '../core/errors.js';
import { openState, type WeeklyHours } from '../core/opening-hours.js';
import { serviceDay } from '../core/service-day.js';
import { orderLine } from '../core/routing/index.js';
import { routableOf } from './routing-rows.js';

/** More than this per errand is a lobby in trouble; the count still says how many. */
export const RECEPTION_QUEUE_LIMIT = 200;

interface WaitingRow {
  id: string; channel: ReceptionContact['channel']; service_id: string; number: string | null; language: string;
  priority: ReceptionContact['priority']; priority_reason: ReceptionContact['priorityReason'] | null; appointment_at: string | null;
  issued_at: string; queued_at: string; pinned_agent_id: string | null; pinned_service_point_id: string | null; rank: number | null;
  version: number;
}

const parse = <T>(json: string | null): T => JSON.parse(json ?? 'null') as T;

/**
 * Reception's read of every queue. Each errand's line is in the order call next takes it
 * (core/routing/line-order.ts, for no agent in particular): reception's rank first (lower
 * first, unranked last), then priority and appointments within their window, then the place
 * in line. Call next picks among the lines, and an agent's own pins, languages and work
 * profile then decide for that agent.
 */
export function createReceptionStore(db: Db, deps: { clock: () => Date }) {
  const q = {
    site: db.prepare<[string], { id: string; time_zone: string }>('SELECT id, time_zone FROM sites WHERE id = ?'),
    services: db.prepare<[string], { id: string; prefix: string; name_json: string; hours_json: string | null }>(
      'SELECT id, prefix, name_json, hours_json FROM services WHERE site_id = ? AND active = 1 ORDER BY position, id'),
    languages: db.prepare<[string], { code: string }>('SELECT code FROM site_languages WHERE site_id = ? ORDER BY position'),
    // A visit waits only on its own service day (one left from an earlier day is gone; the day
    // close ends it at midnight); phone, chat and e-mail wait across days.
    waiting: db.prepare<[string, string], WaitingRow>(`SELECT id, channel, service_id, number, language, priority, priority_reason, appointment_at,
        issued_at, queued_at, pinned_agent_id, pinned_service_point_id, rank, version
      FROM contacts WHERE site_id = ? AND state = 'waiting' AND (channel <> 'visit' OR service_day = ?)`),
  };

  function view(r: WaitingRow): ReceptionContact {
    return {
      id: r.id, channel: r.channel, ...(r.number ? { number: r.number } : {}), language: r.language, priority: r.priority,
      ...(r.priority_reason ? { priorityReason: r.priority_reason } : {}),
      ...(r.appointment_at ? { appointmentAt: r.appointment_at } : {}),
      issuedAt: r.issued_at, queuedAt: r.queued_at,
      ...(r.pinned_agent_id ? { pinnedAgent: r.pinned_agent_id } : {}),
      ...(r.pinned_service_point_id ? { pinnedServicePoint: r.pinned_service_point_id } : {}),
      ...(r.rank !== null ? { rank: r.rank } : {}),
      version: r.version,
    };
  }

  const store = {
    /** One errand's queue as `queues` shows it (after a reorder, with the versions now). */
    queue(siteId: string, service: string): ReceptionQueue {
      const found = store.queues(siteId).queues.find((x) => x.service === service);
      if (!found) throw new EntreError('ENTRE_UNKNOWN_SERVICE', `There is no errand "${service}" at this site.`);
      return found;
    },

    queues(siteId: string): ReceptionQueues {
      const site = q.site.get(siteId);
      if (!site) throw new EntreError('ENTRE_NOT_FOUND', `There is no site "${siteId}".`);
      const now = deps.clock();
      // One read transaction, so the queues and the clock agree with each other.
      return db.transaction(() => {
        const byService = new Map<string, WaitingRow[]>();
        for (const row of q.waiting.all(site.id, serviceDay(now, site.time_zone))) {
          const list = byService.get(row.service_id);
          if (list) list.push(row); else byService.set(row.service_id, [row]);
        }
        const queues = q.services.all(site.id).map((s) => {
          const rows = orderLine({ contacts: (byService.get(s.id) ?? []).map((r) => routableOf(r)!), now: now.getTime() }).map((c) => c.row);
          return {
            service: s.id, prefix: s.prefix, name: parse<Localized>(s.name_json),
            open: openState(parse<WeeklyHours | null>(s.hours_json), now, site.time_zone).open,
            waiting: rows.slice(0, RECEPTION_QUEUE_LIMIT).map(view), total: rows.length,
          };
        });
        const codes = q.languages.all(site.id).map((l) => l.code);
        const languages = codes.flatMap((c) => visitorLanguages.filter((l) => l.code === c));
        return { site: site.id, at: now.toISOString(), queues, languages };
      })();
    },
  };
  return store;
}

export type ReceptionStore = ReturnType<typeof createReceptionStore>;
