import {
  type Board, type CallEvent, type Localized, type QueueSummary, type Wayfinding, topics,
} from '@entre/protocol';
import type { Db } from './db.js';
import { buildBoard, BOARD_CALLS } from '../core/board.js';
import { serviceDay } from '../core/service-day.js';

export interface SiteRow { id: string; name: string; time_zone: string; public_url: string; interpreter_after_seconds: number; max_recalls: number }

const parse = <T>(json: string | null): T => JSON.parse(json ?? 'null') as T;

export interface AnnouncerOptions {
  /**
   * When set, boards and queue summaries are not written to the outbox: the site is only
   * marked as changed, and a publisher rebuilds them from the database after commit, at
   * most a few times a second. They are derived state (the database is the record and
   * every (re)connect republishes them), so coalescing a burst of tickets into one board
   * loses nothing; events (calls, print jobs) still go through the outbox one by one.
   */
  onDerivedChange?: (site: string) => void;
}

/**
 * Writes the outbox rows that tell devices about a change: zone boards and queue
 * summaries (retained state, rebuilt from the database) and call events. Called inside
 * the transaction that made the change, so the announcement commits with it or not at all.
 */
export function createAnnouncer(db: Db, opts: AnnouncerOptions = {}) {
  const q = {
    services: db.prepare<[string], { id: string; name_json: string; active: number }>('SELECT id, name_json, active FROM services WHERE site_id = ? ORDER BY position, id'),
    // The lobby's lines: visitors waiting, as the kiosk, the boards and the ticket count them.
    // Callers and chats wait for the same errand elsewhere; counting them would tell a
    // visitor seven are ahead in a lobby where they see two.
    waitingByService: db.prepare<[string], { service_id: string; n: number; oldest: string }>(
      `SELECT service_id, count(*) AS n, min(queued_at) AS oldest FROM contacts WHERE site_id = ? AND channel = 'visit' AND state = 'waiting' GROUP BY service_id`),
    // Every waiting contact's version, for each line's tag (see QueueSummary.lineTag).
    lineVersions: db.prepare<[string], { service_id: string; id: string; version: number }>(
      `SELECT service_id, id, version FROM contacts WHERE site_id = ? AND state = 'waiting' ORDER BY service_id, id`),
    zones: db.prepare<[string], { id: string }>('SELECT id FROM zones WHERE site_id = ? ORDER BY id'),
    pointZones: db.prepare<[string], { zone_id: string }>('SELECT zone_id FROM service_point_zones WHERE service_point_id = ? ORDER BY zone_id'),
    zoneCalls: db.prepare<[string, string, string, number], {
      id: string; number: string; service_point_id: string; called_at: string; point_name: string; wayfinding_json: string | null; staff_name: string | null;
    }>(
      `SELECT v.id, v.number, v.service_point_id, v.called_at, p.name_json AS point_name, p.wayfinding_json, a.display_name AS staff_name
       FROM contacts v
       JOIN service_points p ON p.id = v.service_point_id
       LEFT JOIN agents a ON a.id = v.agent_id
       JOIN service_point_zones z ON z.service_point_id = v.service_point_id AND z.zone_id = ?
       WHERE v.site_id = ? AND v.service_day = ? AND v.channel = 'visit' AND v.number IS NOT NULL AND v.called_at IS NOT NULL
         AND v.state NOT IN ('cancelled', 'waiting')
       ORDER BY v.called_at DESC, v.id DESC LIMIT ?`),
    zoneMessages: db.prepare<[string, string, string], { id: string; text_json: string }>(
      `SELECT id, text_json FROM zone_messages WHERE site_id = ? AND zone_id = ? AND removed_at IS NULL AND expires_at > ?
       ORDER BY created_at DESC, id DESC LIMIT 8`),
    point: db.prepare<[string], { wayfinding_json: string | null }>('SELECT wayfinding_json FROM service_points WHERE id = ?'),
    agentName: db.prepare<[string], { display_name: string }>('SELECT display_name FROM agents WHERE id = ?'),
    outboxInsert: db.prepare(`INSERT INTO outbox (topic, payload, qos, retain, created_at) VALUES (@topic, @payload, @qos, @retain, @at)`),
  };

  function outbox(topic: string, payload: object, qos: 0 | 1, retain: boolean, at: Date): void {
    q.outboxInsert.run({ topic, payload: JSON.stringify(payload), qos, retain: retain ? 1 : 0, at: at.toISOString() });
  }

  function queueCounts(siteId: string, at: Date) {
    const counts = new Map(q.waitingByService.all(siteId).map((r) => [r.service_id, r]));
    return q.services.all(siteId).filter((s) => s.active).map((s) => {
      const row = counts.get(s.id);
      const longest = row ? Math.max(0, Math.floor((at.getTime() - Date.parse(row.oldest)) / 1000)) : 0;
      return { service: s.id, name: parse<Localized>(s.name_json), waiting: row?.n ?? 0, longestWaitSeconds: longest };
    });
  }

  /**
   * Each line's tag: a hash of its waiting contacts' ids and versions. Every edit of a contact
   * bumps its version, so a reorder or a pin changes the tag, and the derived publisher (which
   * sends a summary only when its content changed) tells the consoles though no count moved.
   */
  function lineTags(siteId: string): Map<string, string> {
    const hashes = new Map<string, number>();
    for (const r of q.lineVersions.all(siteId)) {
      let h = hashes.get(r.service_id) ?? 0x811c9dc5;
      const part = `${r.id}:${r.version};`;
      for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193) >>> 0;
      hashes.set(r.service_id, h);
    }
    return new Map([...hashes].map(([service, h]) => [service, h.toString(16).padStart(8, '0')]));
  }

  function summaries(siteId: string, at: Date): QueueSummary[] {
    const tags = lineTags(siteId);
    return queueCounts(siteId, at).map((s) => ({
      v: 1, at: at.toISOString(), service: s.service, waiting: s.waiting, longestWaitSeconds: s.longestWaitSeconds, lineTag: tags.get(s.service) ?? '',
    }));
  }

  function board(site: SiteRow, zone: string, at: Date): Board {
    const day = serviceDay(at, site.time_zone);
    const calls = q.zoneCalls.all(zone, site.id, day, BOARD_CALLS).map((v) => ({
      id: v.id, ticket: v.number, servicePoint: v.service_point_id, servicePointName: parse<Localized>(v.point_name), calledAt: v.called_at,
      ...(v.wayfinding_json ? { wayfinding: parse<Wayfinding>(v.wayfinding_json) } : {}),
      ...(v.staff_name ? { staffName: v.staff_name } : {}),
    }));
    const queues = queueCounts(site.id, at).map(({ service, name, waiting }) => ({ service, name, waiting }));
    const messages = q.zoneMessages.all(site.id, zone, at.toISOString()).map((m) => ({ id: m.id, text: parse<Localized>(m.text_json) }));
    return buildBoard({ zone, at, calls, queues, messages });
  }

  return {
    outbox,
    queueCounts,
    board,
    zonesOf: (servicePoint: string) => q.pointZones.all(servicePoint).map((z) => z.zone_id),

    queues(site: SiteRow, at: Date, onlyService?: string): void {
      if (opts.onDerivedChange) { opts.onDerivedChange(site.id); return; }
      for (const summary of summaries(site.id, at)) {
        if (onlyService && summary.service !== onlyService) continue;
        outbox(topics.queueSummary(site.id, summary.service), summary, 0, true, at);
      }
    },

    boards(site: SiteRow, at: Date, zones?: string[]): void {
      if (opts.onDerivedChange) { opts.onDerivedChange(site.id); return; }
      for (const zone of zones ?? q.zones.all(site.id).map((z) => z.id)) {
        outbox(topics.zoneBoard(site.id, zone), board(site, zone, at), 1, true, at);
      }
    },

    /** Every board and queue summary of a site as it is now: what a derived-state publisher sends. */
    derived(site: SiteRow, at: Date): { topic: string; payload: Board | QueueSummary; qos: 0 | 1 }[] {
      const out: { topic: string; payload: Board | QueueSummary; qos: 0 | 1 }[] = [];
      for (const z of q.zones.all(site.id)) out.push({ topic: topics.zoneBoard(site.id, z.id), payload: board(site, z.id, at), qos: 1 });
      for (const summary of summaries(site.id, at)) {
        out.push({ topic: topics.queueSummary(site.id, summary.service), qos: 0, payload: summary });
      }
      return out;
    },

    /** A call or recall of a ticket to a service point: the event the displays chime on. */
    call(site: SiteRow, c: { id: string; number: string; service: string; agent?: string | null; language?: string }, point: { id: string; name: Localized }, recall: boolean, at: Date): void {
      const wayfinding = q.point.get(point.id)?.wayfinding_json;
      const staffName = c.agent ? q.agentName.get(c.agent)?.display_name : undefined;
      const event: CallEvent = {
        v: 1, at: at.toISOString(), id: c.id, ticket: c.number, service: c.service, servicePoint: point.id,
        servicePointName: point.name, zones: q.pointZones.all(point.id).map((z) => z.zone_id), recall,
        ...(wayfinding ? { wayfinding: parse<Wayfinding>(wayfinding) } : {}),
        ...(staffName ? { staffName } : {}),
        ...(c.language ? { language: c.language } : {}),
      };
      outbox(topics.calls(site.id), event, 1, false, at);
    },
  };
}

export type Announcer = ReturnType<typeof createAnnouncer>;
