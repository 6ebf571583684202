/**
 * The waiting contacts call next weighs, read without reading the whole line (issue 9, load).
 * A long line is mostly plain contacts (class normal, no pin, no rank); of those, within one
 * errand, channel and language, only the first two by arrival can be called or named as the
 * runner-up, so only they are read, the last of them carrying how many follow it (`alike`)
 * for the counts. Every other contact is read whole, and so is a group whose wait decides whether
 * this agent may take it (`waitDecidesFate`). Migration 0017 indexes both halves; the WHERE
 * clauses below repeat its own word for word, or SQLite would not use them. The groups and
 * their sizes are kept by migration 0018's triggers, so a long line is not even counted here.
 */
import type { Db } from './db.js';
import type { RoutableContact } from '../core/routing/index.js';
import { ROUTING_COLUMNS, routableOf, type RoutingRow } from './routing-rows.js';

export const PLAIN = `state = 'waiting' AND priority = 'normal' AND pinned_agent_id IS NULL AND pinned_service_point_id IS NULL AND rank IS NULL`;
export const UNPLAIN = `state = 'waiting' AND (priority <> 'normal' OR pinned_agent_id IS NOT NULL OR pinned_service_point_id IS NOT NULL OR rank IS NOT NULL)`;
const WANTED = `service_id IN (SELECT value FROM json_each(?)) AND channel IN (SELECT value FROM json_each(?))`;

/** How many of a plain group are read: the first is called, the second is named next. */
const HEADS = 2;

export type Candidate = RoutableContact & { row: RoutingRow };

export function createRoutingCandidates(db: Db) {
  const q = {
    groups: db.prepare<[string, string, string], { service_id: string; channel: string; language: string; n: number }>(
      `SELECT service_id, channel, language, n FROM waiting_groups WHERE site_id = ? AND plain = 1 AND n > 0 AND ${WANTED}`),
    heads: db.prepare<[string, string, string, string, number], RoutingRow>(
      `SELECT ${ROUTING_COLUMNS} FROM contacts
       WHERE site_id = ? AND ${PLAIN} AND service_id = ? AND channel = ? AND language = ? ORDER BY queued_at, id LIMIT ?`),
    unplain: db.prepare<[string, string, string], RoutingRow>(
      `SELECT ${ROUTING_COLUMNS} FROM contacts WHERE site_id = ? AND ${UNPLAIN} AND ${WANTED}`),
  };

  return {
    /**
     * The contacts of these services and channels that `seat` could be offered (routing-rows.ts
     * drops those pinned to another counter), folded as above, and how many they stand for.
     */
    read(site: string, services: readonly string[], channels: readonly string[], seat: { id: string; service_point_id: string | null },
      whole: (service: string, language: string) => boolean): { contacts: Candidate[]; count: number } {
      const servicesJson = JSON.stringify(services), channelsJson = JSON.stringify(channels);
      const contacts: Candidate[] = [];
      let count = 0;
      for (const row of q.unplain.all(site, servicesJson, channelsJson)) {
        const c = routableOf(row, seat);
        if (c) { contacts.push(c); count++; }
      }
      for (const g of q.groups.all(site, servicesJson, channelsJson)) {
        const keep = whole(g.service_id, g.language) ? -1 : HEADS;
        const heads = q.heads.all(site, g.service_id, g.channel, g.language, keep).map((row) => routableOf(row, seat)!);
        // The last one read stands for those not read: they cannot come before it.
        heads[heads.length - 1]!.alike = g.n - heads.length;
        contacts.push(...heads);
        count += g.n;
      }
      return { contacts, count };
    },
  };
}
