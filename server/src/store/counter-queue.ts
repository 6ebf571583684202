import type { Channel, CounterQueue, Localized, PriorityClass } from '@entre/protocol';
import type { Db } from './db.js';
import type { ContactRow, ContactStore } from './contact-store.js';
import { routableOf } from './routing-rows.js';
import { RECENT_PICKS, RECENT_PICKS_SQL } from './agent-store.js';
import { EntreError } from '../core/errors.js';
import { serviceDay } from '../core/service-day.js';
import { orderLine, type ServiceRule, type WorkProfile } from '../core/routing/index.js';

/** The counter page shows the first part of the line; the count says how long it is. */
const WAITING_LIMIT = 100;

/**
 * A visit is waiting only on its own service day: one left from an earlier day is gone (the
 * day close ends it at midnight; until then it must not show). Other channels wait across days.
 */
const TODAYS = `(channel <> 'visit' OR service_day = @today)`;


/** Who the list is for, as call next sees them (agent-store.ts). */
interface Seat {
  id: string; site: string; servicePoint: string | null; services: string[]; penalties: Map<string, number>;
  channels: Channel[]; profile: WorkProfile | undefined; recentPicks: PriorityClass[]; current: ContactRow | undefined;
}

/**
 * What a counter sees of the queues: the errands an agent has as skills (or a counter
 * without an agent serves), on the channels taken there, and the contact in hand. Read
 * only; every change goes through the contact and agent stores.
 *
 * The list is in the order call next would take it for this agent or counter (core/routing
 * line-order.ts: each errand's line, the lines merged as call next picks among them, with
 * this seat's work profile and skill penalties); contacts reception pinned to a colleague or
 * to another counter are not theirs to take, so they are neither listed nor counted. Call
 * next still weighs languages on its own and says why.
 */
export function createCounterQueue(db: Db, deps: { clock: () => Date }, contacts: ContactStore) {
  const q = {
    agent: db.prepare<[string], { id: string; site_id: string; channels_json: string; service_point_id: string | null; profile_json: string | null }>(
      'SELECT id, site_id, channels_json, service_point_id, profile_json FROM agents WHERE id = ?'),
    skills: db.prepare<[string], { service_id: string; penalty: number }>('SELECT service_id, penalty FROM agent_skills WHERE agent_id = ?'),
    point: db.prepare<[string], { id: string; site_id: string; profile_json: string | null }>('SELECT id, site_id, profile_json FROM service_points WHERE id = ?'),
    // The same look back as agent-store's call next.
    recentPicks: db.prepare<[string, number], { data_json: string | null }>(RECENT_PICKS_SQL),
    targets: db.prepare<[string], { id: string; sl_target_seconds: number }>('SELECT id, sl_target_seconds FROM services WHERE site_id = ?'),
    pointServices: db.prepare<[string], { service_id: string }>('SELECT service_id FROM service_point_services WHERE service_point_id = ?'),
    timeZone: db.prepare<[string], { time_zone: string }>('SELECT time_zone FROM sites WHERE id = ?'),
    services: db.prepare<[string], { id: string; name_json: string }>('SELECT id, name_json FROM services WHERE site_id = ? AND active = 1 ORDER BY position, id'),
    stats: db.prepare<[{ site: string; channels: string; today: string }], { service_id: string; n: number; oldest: string }>(
      `SELECT service_id, count(*) AS n, min(queued_at) AS oldest FROM contacts
       WHERE site_id = @site AND state = 'waiting' AND channel IN (SELECT value FROM json_each(@channels)) AND ${TODAYS} GROUP BY service_id`),
    waiting: db.prepare<[{ site: string; services: string; channels: string; today: string }], ContactRow>(
      `SELECT * FROM contacts WHERE site_id = @site AND state = 'waiting'
         AND service_id IN (SELECT value FROM json_each(@services)) AND channel IN (SELECT value FROM json_each(@channels)) AND ${TODAYS}`),
    agentCurrent: db.prepare<[string], ContactRow>(
      `SELECT * FROM contacts WHERE agent_id = ? AND state IN ('called','serving','parked') ORDER BY called_at DESC LIMIT 1`),
    pointCurrent: db.prepare<[string], ContactRow>(
      `SELECT * FROM contacts WHERE service_point_id = ? AND state IN ('called','serving','parked') ORDER BY called_at DESC LIMIT 1`),
  };

  function build(seat: Seat): CounterQueue {
    const { site, channels } = seat;
    const now = deps.clock();
    const channelsJson = JSON.stringify(channels);
    const today = serviceDay(now, q.timeZone.get(site)!.time_zone);
    // This seat's own errands: only what call next could give it, in the order it would.
    const own = new Set(seat.services);
    const seatRow = { id: seat.id, service_point_id: seat.servicePoint };
    const theirs = q.waiting.all({ site, services: JSON.stringify(seat.services), channels: channelsJson, today })
      .flatMap((r) => routableOf(r, seatRow) ?? [])
      .filter((c) => c.pinnedAgent === undefined || c.pinnedAgent === seat.id);
    const targets = new Map<string, ServiceRule>(q.targets.all(site).map((t) => [t.id, { id: t.id, slTargetSeconds: t.sl_target_seconds }]));
    const line = orderLine({
      contacts: theirs, now: now.getTime(), services: targets, penalties: seat.penalties, agent: seat.id,
      recentPicks: seat.recentPicks, limit: WAITING_LIMIT, ...(seat.profile ? { profile: seat.profile } : {}),
    });
    const ownStats = new Map<string, { n: number; oldest: number }>();
    for (const c of theirs) {
      const st = ownStats.get(c.service);
      if (!st) ownStats.set(c.service, { n: 1, oldest: c.arrivedAt });
      else { st.n++; st.oldest = Math.min(st.oldest, c.arrivedAt); }
    }
    // The other errands (transfer targets) as they stand, every contact counted.
    const stats = new Map(q.stats.all({ site, channels: channelsJson, today }).map((s) => [s.service_id, { n: s.n, oldest: Date.parse(s.oldest) }]));
    const services = q.services.all(site).map((s) => {
      const st = own.has(s.id) ? ownStats.get(s.id) : stats.get(s.id);
      return {
        id: s.id, name: JSON.parse(s.name_json) as Localized, mine: own.has(s.id),
        waiting: st?.n ?? 0,
        longestWaitSeconds: st ? Math.max(0, Math.floor((now.getTime() - st.oldest) / 1000)) : 0,
      };
    });
    return {
      site, at: now.toISOString(), services,
      waiting: line.map((c) => contacts.view(c.row)),
      total: theirs.length,
      current: seat.current ? contacts.view(seat.current) : null,
    };
  }

  const profileOf = (json: string | null | undefined): WorkProfile | undefined => (json ? (JSON.parse(json) as WorkProfile) : undefined);

  return {
    /** The agent's skills on every channel the agent takes. */
    forAgent(id: string): CounterQueue {
      const agent = q.agent.get(id);
      if (!agent) throw new EntreError('ENTRE_UNKNOWN_AGENT', `There is no agent "${id}".`);
      const skills = q.skills.all(id);
      // The agent's own work profile, else their counter's, and their last picks: as call next.
      const profile = profileOf(agent.profile_json ?? (agent.service_point_id ? q.point.get(agent.service_point_id)?.profile_json : null));
      const recentPicks = q.recentPicks.all(id, RECENT_PICKS)
        .map((e) => (e.data_json ? (JSON.parse(e.data_json) as { effectiveClass?: PriorityClass }).effectiveClass : undefined))
        .filter((c): c is PriorityClass => c !== undefined)
        .reverse();
      return build({
        id, site: agent.site_id, servicePoint: agent.service_point_id, services: skills.map((s) => s.service_id),
        penalties: new Map(skills.map((s) => [s.service_id, s.penalty])), channels: JSON.parse(agent.channels_json) as Channel[],
        profile, recentPicks, current: q.agentCurrent.get(id),
      });
    },
    /** A counter without an agent calls visits of its own errands, as its "call next" does. */
    forPoint(id: string): CounterQueue {
      const point = q.point.get(id);
      if (!point) throw new EntreError('ENTRE_NOT_FOUND', `There is no service point "${id}".`);
      const services = q.pointServices.all(id).map((s) => s.service_id);
      // As call next at a counter without an agent: it is `point:<id>`, its errands have no penalty.
      return build({
        id: `point:${point.id}`, site: point.site_id, servicePoint: point.id, services, penalties: new Map(), channels: ['visit'],
        profile: profileOf(point.profile_json), recentPicks: [], current: q.pointCurrent.get(id),
      });
    },
  };
}

export type CounterQueueStore = ReturnType<typeof createCounterQueue>;
