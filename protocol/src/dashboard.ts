/**
 * The manager's live dashboard (`GET /api/v1/dashboard`): per queue and per channel,
 * waiting now, longest wait, service level and first-contact resolution today, and staff
 * by state. Read-only; the console polls it.
 */
import Type from 'typebox';
import { Id, IsoTime } from './common.js';
import { AgentState, Channel } from './contacts.js';

const strict = { additionalProperties: false } as const;
const count = Type.Integer({ minimum: 0 });
const fraction = Type.Number({ minimum: 0, maximum: 1 });

/**
 * The figures every row of the dashboard has. Service level = answered within the service's
 * target ÷ (answered + abandoned), each time a contact entered a queue today, abandons
 * counted as the site's `StatisticsSettings` say (short ones never; in the SL or not); first-contact
 * resolution = finished with the outcome `resolved` ÷ finished (resolved + forwarded). A ratio
 * is absent while its denominator is 0: "no data yet" is not 0 %.
 */
const figures = {
  waiting: count,
  longestWaitSeconds: count,
  /** Entries into the queue today that someone answered (called), within the target or not. */
  answered: count,
  answeredInTarget: count,
  /** Entries that ended unanswered: the caller hung up, the chat closed. */
  abandoned: count,
  serviceLevel: Type.Optional(fraction),
  /** Contacts finished today (outcome resolved or forwarded). */
  finished: count,
  resolved: count,
  firstContactResolution: Type.Optional(fraction),
};

export const DashboardFigures = Type.Object(figures, strict);
export type DashboardFigures = Type.Static<typeof DashboardFigures>;

export const DashboardQueue = Type.Object({
  service: Id,
  /** The errand's Swedish name (the console is for staff). */
  name: Type.String(),
  answerGroup: Id,
  slTargetFraction: fraction,
  slTargetSeconds: count,
  ...figures,
}, strict);
export type DashboardQueue = Type.Static<typeof DashboardQueue>;

export const DashboardChannel = Type.Object({ channel: Channel, ...figures }, strict);
export type DashboardChannel = Type.Static<typeof DashboardChannel>;

export const DashboardAgent = Type.Object({
  id: Id,
  name: Type.String(),
  state: AgentState,
  since: Type.Optional(IsoTime),
  servicePoint: Type.Optional(Id),
  pauseReason: Type.Optional(Type.String()),
}, strict);
export type DashboardAgent = Type.Static<typeof DashboardAgent>;

export const StaffByState = Type.Object({
  available: count, serving: count, wrap_up: count, paused: count, offline: count,
}, strict);
export type StaffByState = Type.Static<typeof StaffByState>;

export const Dashboard = Type.Object({
  site: Id,
  at: IsoTime,
  /** The site's local service day the "today" figures count. */
  serviceDay: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }),
  queues: Type.Array(DashboardQueue),
  channels: Type.Array(DashboardChannel),
  total: DashboardFigures,
  staff: Type.Object({ byState: StaffByState, agents: Type.Array(DashboardAgent) }, strict),
}, strict);
export type Dashboard = Type.Static<typeof Dashboard>;
