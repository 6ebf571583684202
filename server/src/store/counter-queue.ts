import type { Channel, CounterQueue, Localized } from '@entre/protocol';
import type { Db } from './db.js';
import type { ContactRow, ContactStore } from './contact-store.js';
import { EntreError } from '../core/errors.js';
import { serviceDay } from '../core/service-day.js';

/** The counter page shows the first part of the line; the count says how long it is. */
const WAITING_LIMIT = 100;

/**
 * A visit is waiting only on its own service day: one left from an earlier day is gone (the
 * day close ends it at midnight; until then it must not show). Other channels wait across days.
 */
const TODAYS = `(channel <> 'visit' OR service_day = @today)`;

/** The line as it stands: reception's rank first, then priority and appointments, then place. */
const LINE_ORDER = `ORDER BY rank IS NULL, rank, CASE priority WHEN 'priority' THEN 0 WHEN 'appointment' THEN 1 ELSE 2 END, queued_at, id`;

/**
 * What a counter sees of the queues: the errands an agent has as skills (or a counter
 * without an agent serves), on the channels taken there, and the contact in hand. Read
 * only; every change goes through the contact and agent stores.
 */
export function createCounterQueue(db: Db, deps: { clock: () => Date }, contacts: ContactStore) {
  const q = {
    agent: db.prepare<[string], { id: string; site_id: string; channels_json: string }>('SELECT id, site_id, channels_json FROM agents WHERE id = ?'),
    skills: db.prepare<[string], { service_id: string }>('SELECT service_id FROM agent_skills WHERE agent_id = ?'),
    point: db.prepare<[string], { id: string; site_id: string }>('SELECT id, site_id FROM service_points WHERE id = ?'),
    pointServices: db.prepare<[string], { service_id: string }>('SELECT service_id FROM service_point_services WHERE service_point_id = ?'),
    timeZone: db.prepare<[string], { time_zone: string }>('SELECT time_zone FROM sites WHERE id = ?'),
    services: db.prepare<[string], { id: string; name_json: string }>('SELECT id, name_json FROM services WHERE site_id = ? AND active = 1 ORDER BY position, id'),
    stats: db.prepare<[{ site: string; channels: string; today: string }], { service_id: string; n: number; oldest: string }>(
      `SELECT service_id, count(*) AS n, min(queued_at) AS oldest FROM contacts
       WHERE site_id = @site AND state = 'waiting' AND channel IN (SELECT value FROM json_each(@channels)) AND ${TODAYS} GROUP BY service_id`),
    waiting: db.prepare<[{ site: string; services: string; channels: string; today: string; limit: number }], ContactRow>(
      `SELECT * FROM contacts WHERE site_id = @site AND state = 'waiting'
         AND service_id IN (SELECT value FROM json_each(@services)) AND channel IN (SELECT value FROM json_each(@channels)) AND ${TODAYS}
       ${LINE_ORDER} LIMIT @limit`),
    agentCurrent: db.prepare<[string], ContactRow>(
      `SELECT * FROM contacts WHERE agent_id = ? AND state IN ('called','serving','parked') ORDER BY called_at DESC LIMIT 1`),
    pointCurrent: db.prepare<[string], ContactRow>(
      `SELECT * FROM contacts WHERE service_point_id = ? AND state IN ('called','serving','parked') ORDER BY called_at DESC LIMIT 1`),
  };

  function build(site: string, mine: string[], channels: Channel[], current: ContactRow | undefined): CounterQueue {
    const now = deps.clock();
    const channelsJson = JSON.stringify(channels);
    const today = serviceDay(now, q.timeZone.get(site)!.time_zone);
    const stats = new Map(q.stats.all({ site, channels: channelsJson, today }).map((s) => [s.service_id, s]));
    const own = new Set(mine);
    const services = q.services.all(site).map((s) => {
      const st = stats.get(s.id);
      return {
        id: s.id, name: JSON.parse(s.name_json) as Localized, mine: own.has(s.id),
        waiting: st?.n ?? 0,
        longestWaitSeconds: st ? Math.max(0, Math.floor((now.getTime() - Date.parse(st.oldest)) / 1000)) : 0,
      };
    });
    const total = services.filter((s) => s.mine).reduce((n, s) => n + s.waiting, 0);
    return {
      site, at: now.toISOString(), services,
      waiting: q.waiting.all({ site, services: JSON.stringify(mine), channels: channelsJson, today, limit: WAITING_LIMIT }).map((r) => contacts.view(r)),
      total,
      current: current ? contacts.view(current) : null,
    };
  }

  return {
    /** The agent's skills on every channel the agent takes. */
    forAgent(id: string): CounterQueue {
      const agent = q.agent.get(id);
      if (!agent) throw new EntreError('ENTRE_UNKNOWN_AGENT', `There is no agent "${id}".`);
      const skills = q.skills.all(id).map((s) => s.service_id);
      return build(agent.site_id, skills, JSON.parse(agent.channels_json) as Channel[], q.agentCurrent.get(id));
    },
    /** A counter without an agent calls visits of its own errands, as its "call next" does. */
    forPoint(id: string): CounterQueue {
      const point = q.point.get(id);
      if (!point) throw new EntreError('ENTRE_NOT_FOUND', `There is no service point "${id}".`);
      const services = q.pointServices.all(id).map((s) => s.service_id);
      return build(point.site_id, services, ['visit'], q.pointCurrent.get(id));
    },
  };
}

export type CounterQueueStore = ReturnType<typeof createCounterQueue>;
