import {
  type Board, type CallEvent, type Localized, type QueueSummary, type Wayfinding, topics,
} from '@entre/protocol';
import type { Db } from './db.js';
import { buildBoard, BOARD_CALLS } from '../core/board.js';
import { serviceDay, serviceDayStart } from '../core/service-day.js';

export interface SiteRow { id: string; name: string; time_zone: string; public_url: string; interpreter_after_seconds: number; max_recalls: number }

const parse = <T>(json: string | null): T => JSON.parse(json ?? 'null') as T;

/**
 * A zone board's recent calls: each of the zone's counters' own last few (a backward walk of
 * index contacts_point that stops after @limit), then the newest of those. Taking every call
 * at the zone's counters since the day began and sorting them grew with the day, and a board
 * is rebuilt up to once a second: on the soak's database (26 600 calls that day) 35 ms a
 * board, against 0.2 ms for this walk. Ties in called_at are rare at one counter; only they
 * are sorted by id.
 */
export const ZONE_CALLS_SQL = `SELECT v.id, v.number, v.service_point_id, v.called_at, p.name_json AS point_name, p.wayfinding_json, a.display_name AS staff_name
  FROM service_point_zones z
  JOIN service_points p ON p.id = z.service_point_id
  JOIN contacts v ON v.rowid IN (
    SELECT c.rowid FROM contacts c INDEXED BY contacts_point
    WHERE c.service_point_id = z.service_point_id AND c.called_at >= @since
      AND c.site_id = @site AND c.service_day = @day AND c.channel = 'visit' AND c.number IS NOT NULL
      AND c.state NOT IN ('cancelled', 'waiting')
    ORDER BY c.called_at DESC, c.id DESC LIMIT @limit)
  LEFT JOIN agents a ON a.id = v.agent_id
  WHERE z.zone_id = @zone
  ORDER BY v.called_at DESC, v.id DESC LIMIT @limit`;

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
    // Counted by triggers as the lines change (migration 0018), not by reading the lines;
    // each line's first arrival is one step into the index of the waiting lines (migration 0016).
    waitingByService: db.prepare<[string], { service_id: string; n: number; oldest: string }>(
      `SELECT g.service_id, g.n,
         (SELECT queued_at FROM contacts c WHERE c.site_id = g.site_id AND c.service_id = g.service_id AND c.channel = 'visit' AND c.state = 'waiting'
          ORDER BY queued_at LIMIT 1) AS oldest
       FROM (SELECT site_id, service_id, sum(n) AS n FROM waiting_groups WHERE site_id = ? AND channel = 'visit' GROUP BY service_id HAVING sum(n) > 0) g`),
    // Each line on any channel, summed for its tag (see lineTags).
    lineSums: db.prepare<[string], { service_id: string; n: number; versions: number; rows: number; weighted: number }>(
      `SELECT service_id, sum(n) AS n, sum(versions) AS versions, sum(rows) AS rows, sum(weighted) AS weighted
       FROM waiting_groups WHERE site_id = ? GROUP BY service_id HAVING sum(n) > 0`),
    zones: db.prepare<[string], { id: string }>('SELECT id FROM zones WHERE site_id = ? ORDER BY id'),
    pointZones: db.prepare<[string], { zone_id: string }>('SELECT zone_id FROM service_point_zones WHERE service_point_id = ? ORDER BY zone_id'),
    zoneCalls: db.prepare<[{ zone: string; site: string; day: string; since: string; limit: number }], {
      id: string; number: string; service_point_id: string; called_at: string; point_name: string; wayfinding_json: string | null; staff_name: string | null;
    }>(ZONE_CALLS_SQL),
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
   * Each line's tag: a hash of its waiting contacts' count, versions and row ids (summed by
   * triggers as the line changes, so a long line costs nothing to tag). Every edit of a
   * contact bumps its version and every join or leave moves the count and the row ids, so a
   * reorder or a pin changes the tag, and the derived publisher (which sends a summary only
   * when its content changed) tells the consoles though no count moved.
   */
  function lineTags(siteId: string): Map<string, string> {
    const tags = new Map<string, string>();
    for (const r of q.lineSums.all(siteId)) {
      let h = 0x811c9dc5;
      const part = `${r.n}:${r.versions}:${r.rows}:${r.weighted}`;
      for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193) >>> 0;
      tags.set(r.service_id, h.toString(16).padStart(8, '0'));
    }
    return tags;
  }

  type QueueCounts = ReturnType<typeof queueCounts>;

  /** The service day's first instant (ISO), kept for the day: a board is rebuilt several times a second. */
  let started = { key: '', iso: '' };
  function dayStart(day: string, timeZone: string): string {
    const key = `${day} ${timeZone}`;
    if (started.key !== key) started = { key, iso: serviceDayStart(day, timeZone).toISOString() };
    return started.iso;
  }

  function summaries(siteId: string, at: Date, counts: QueueCounts = queueCounts(siteId, at)): QueueSummary[] {
    const tags = lineTags(siteId);
    return counts.map((s) => ({
      v: 1, at: at.toISOString(), service: s.service, waiting: s.waiting, longestWaitSeconds: s.longestWaitSeconds, lineTag: tags.get(s.service) ?? '',
    }));
  }

  function board(site: SiteRow, zone: string, at: Date, counts: QueueCounts = queueCounts(site.id, at)): Board {
    const day = serviceDay(at, site.time_zone);
    const since = dayStart(day, site.time_zone);
    const calls = q.zoneCalls.all({ zone, site: site.id, day, since, limit: BOARD_CALLS }).map((v) => ({
      id: v.id, ticket: v.number, servicePoint: v.service_point_id, servicePointName: parse<Localized>(v.point_name), calledAt: v.called_at,
      ...(v.wayfinding_json ? { wayfinding: parse<Wayfinding>(v.wayfinding_json) } : {}),
      ...(v.staff_name ? { staffName: v.staff_name } : {}),
    }));
    const queues = counts.map(({ service, name, waiting }) => ({ service, name, waiting }));
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
      const counts = queueCounts(site.id, at);
      for (const zone of zones ?? q.zones.all(site.id).map((z) => z.id)) {
        outbox(topics.zoneBoard(site.id, zone), board(site, zone, at, counts), 1, true, at);
      }
    },

    /** Every board and queue summary of a site as it is now: what a derived-state publisher sends. */
    derived(site: SiteRow, at: Date): { topic: string; payload: Board | QueueSummary; qos: 0 | 1 }[] {
      const out: { topic: string; payload: Board | QueueSummary; qos: 0 | 1 }[] = [];
      // The lines are counted once for every board and summary of the round.
      const counts = queueCounts(site.id, at);
      for (const z of q.zones.all(site.id)) out.push({ topic: topics.zoneBoard(site.id, z.id), payload: board(site, z.id, at, counts), qos: 1 });
      for (const summary of summaries(site.id, at, counts)) {
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
