/**
 * The counter page's live view (`GET /api/v1/agents/{id}/queue`, `GET /api/v1/service-points/{id}/queue`):
 * the queues of the agent's skills (or the counter's errands) on every channel they take,
 * the contacts waiting in them, and what the agent or counter has in hand now. Lean enough
 * to poll every few seconds.
 */
import Type from 'typebox';
import { Id, IsoTime, Localized } from './common.js';
import { Agent, Contact } from './contacts.js';

const strict = { additionalProperties: false } as const;

/** One errand of the site; `mine` marks the skills (or the counter's errands) the list below is for. */
export const CounterQueueService = Type.Object({
  id: Id,
  name: Localized,
  mine: Type.Boolean(),
  /**
   * Waiting on the channels this agent (or counter) takes; for a `mine` errand, only those
   * this agent or counter could be called for (not pinned to a colleague or another counter).
   */
  waiting: Type.Integer({ minimum: 0 }),
  longestWaitSeconds: Type.Integer({ minimum: 0 }),
}, strict);
export type CounterQueueService = Type.Static<typeof CounterQueueService>;

export const CounterQueue = Type.Object({
  site: Id,
  /** The server's clock when this was read, so wait times do not depend on the desk's clock. */
  at: IsoTime,
  /** Every active errand of the site, in the kiosk's order: the skills and the transfer targets. */
  services: Type.Array(CounterQueueService),
  /**
   * Waiting contacts of the `mine` errands on the channels taken here, in the order call next
   * would take them (server core/routing/line-order.ts): within each errand's line, pinned
   * here first, reception's rank, the work profile, priority and appointments in their window,
   * then place; the lines merged as call next picks among them. Contacts reception pinned to
   * a colleague or to another counter are left out. Call next also weighs languages, which a
   * list cannot, and says why.
   */
  waiting: Type.Array(Contact),
  /** How many of those wait in all (`waiting` stops at the first 100). */
  total: Type.Integer({ minimum: 0 }),
  /** The contact called, served or parked by this agent (or at this counter), if any. */
  current: Type.Union([Contact, Type.Null()]),
}, strict);
export type CounterQueue = Type.Static<typeof CounterQueue>;

/** `GET /api/v1/agents`: the site's agents, each naming its staff account when linked. */
export const AgentList = Type.Object({ agents: Type.Array(Agent) }, strict);
export type AgentList = Type.Static<typeof AgentList>;
