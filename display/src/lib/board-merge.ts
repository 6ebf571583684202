/**
 * The board the display shows: the zone's retained board plus the calls the broker
 * delivered after that board was built. A call event reaches the display before the
 * server's (coalesced) board update, so the number goes up at once; the next board then
 * agrees. Pure, so the ordering rule is tested without a broker.
 */
import type { Board, BoardCall, CallEvent } from '@entre/protocol';

/** A board never holds more (schema maxItems). */
const MAX_CALLS = 20;

/** Before any real board: every real one is newer, so live calls are merged again onto it. */
const NEVER = '1970-01-01T00:00:00.000Z';

export function emptyBoard(zone: string): Board {
  return { v: 1, at: NEVER, zone, calls: [], queues: [], messages: [] };
}

export function callFromEvent(e: CallEvent): BoardCall {
  return {
    id: e.id, ticket: e.ticket, servicePoint: e.servicePoint, servicePointName: e.servicePointName, calledAt: e.at,
    ...(e.wayfinding ? { wayfinding: e.wayfinding } : {}),
    ...(e.staffName ? { staffName: e.staffName } : {}),
  };
}

/** Latest call first, ties by id descending: the server's own order for a board. */
export function byLatest(a: BoardCall, b: BoardCall): number {
  const ta = Date.parse(a.calledAt);
  const tb = Date.parse(b.calledAt);
  if (ta !== tb) return tb - ta;
  return b.id < a.id ? -1 : b.id > a.id ? 1 : 0;
}

/** `board` with each live call newer than it put in its place (a recall moves a call back to the top). */
export function withLiveCalls(board: Board, events: readonly CallEvent[]): Board {
  const builtAt = Date.parse(board.at);
  const newer = events.filter((e) => !e.test && e.zones.includes(board.zone) && Date.parse(e.at) > builtAt);
  if (newer.length === 0) return board;
  const calls = new Map(board.calls.map((c) => [c.id, c]));
  for (const e of newer) {
    const had = calls.get(e.id);
    if (!had || Date.parse(had.calledAt) < Date.parse(e.at)) calls.set(e.id, callFromEvent(e));
  }
  return { ...board, calls: [...calls.values()].sort(byLatest).slice(0, MAX_CALLS) };
}
