/**
 * Waiting contacts' rows as the routing core reads them, shared by call next (agent-store),
 * the counter's list (counter-queue), reception's queues and a visitor's place (lobby-store),
 * so a pin means the same everywhere.
 */
import type { ContactRow } from './contact-store.js';
import type { RoutableContact } from '../core/routing/index.js';

export type RoutingRow = Pick<ContactRow, 'id' | 'channel' | 'service_id' | 'language' | 'priority' | 'queued_at' | 'appointment_at'
  | 'pinned_agent_id' | 'pinned_service_point_id' | 'rank'>;

/** The columns of `RoutingRow`, for a SELECT. */
export const ROUTING_COLUMNS = 'id, channel, service_id, language, priority, queued_at, appointment_at, pinned_agent_id, pinned_service_point_id, rank';

/**
 * The row as routing sees it, carrying the row along. For a seat (an agent, or a counter
 * as its pseudo-agent, with the counter it sits at): a contact pinned to another counter is
 * not theirs (null), one pinned to this counter counts as pinned to them. Without a seat
 * (reception's lists, a visitor's place) only the agent pin is kept, and the order ignores it.
 */
export function routableOf<R extends RoutingRow>(c: R, seat?: { id: string; service_point_id: string | null }): (RoutableContact & { row: R }) | null {
  let pinnedAgent = c.pinned_agent_id ?? undefined;
  if (seat) {
    if (c.pinned_service_point_id && c.pinned_service_point_id !== seat.service_point_id) return null;
    pinnedAgent ??= c.pinned_service_point_id ? seat.id : undefined;
  }
  // Every field present (undefined where absent): one object shape for the routing loop.
  // Parsed once: call next reads every waiting contact it could take.
  const queuedAt = Date.parse(c.queued_at);
  return {
    id: c.id, channel: c.channel, service: c.service_id, language: c.language, priority: c.priority,
    arrivedAt: queuedAt, queuedAt,
    appointmentAt: c.appointment_at ? Date.parse(c.appointment_at) : undefined,
    pinnedAgent, rank: c.rank ?? undefined, alike: undefined, row: c,
  };
}
