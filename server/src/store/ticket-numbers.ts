import type { Db } from './db.js';
import { formatTicketNumber, nextSequence } from '../core/numbering.js';
import { serviceDay } from '../core/service-day.js';

/**
 * Allocates the next ticket number of a prefix for the local service day. Call it only
 * inside the write transaction that inserts the contact, so the number and the contact
 * commit together and two writers never read the same `last`.
 */
export function createTicketNumbers(db: Db) {
  const counter = db.prepare<[string, string, string], { last: number }>(
    'SELECT last FROM ticket_counters WHERE site_id = ? AND service_day = ? AND prefix = ?');
  const upsert = db.prepare(`INSERT INTO ticket_counters (site_id, service_day, prefix, last) VALUES (@site, @day, @prefix, @last)
    ON CONFLICT (site_id, service_day, prefix) DO UPDATE SET last = excluded.last`);
  return {
    next(site: { id: string; time_zone: string }, prefix: string, at: Date): { number: string; day: string } {
      if (!db.inTransaction) throw new Error('ticket numbers are allocated inside the inserting transaction');
      const day = serviceDay(at, site.time_zone);
      const seq = nextSequence(counter.get(site.id, day, prefix)?.last ?? 0, prefix);
      upsert.run({ site: site.id, day, prefix, last: seq });
      return { number: formatTicketNumber(prefix, seq), day };
    },
  };
}
