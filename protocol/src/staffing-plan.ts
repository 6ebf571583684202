/**
 * The manager's staffing plan and live advice (manager role), on top of the forecast and
 * the Erlang calculators (staffing.ts):
 *
 *   GET /api/v1/staffing/plan?from=&days=[&format=csv]   need per queue and 15-minute
 *        interval, against the weekly rota; CSV for a spreadsheet
 *   GET /api/v1/staffing/advice                          queues at risk now, and who could move
 *   GET /api/v1/staffing/shifts                          the weekly rota
 *   PUT /api/v1/staffing/shifts/:agent                   one agent's week, replaced
 *   GET|PUT /api/v1/staffing/settings                    shrinkage, patience, default handle times
 */
import Type from 'typebox';
import { Id, IsoTime } from './common.js';
import { Channel } from './contacts.js';

const strict = { additionalProperties: false } as const;
const LocalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'site-local calendar date' });
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'site-local wall-clock time HH:MM' });
const ClockEnd = Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', description: 'HH:MM, or 24:00 for midnight at the end' });
const count = Type.Integer({ minimum: 0 });
const amount = Type.Number({ minimum: 0 });
const seconds = Type.Number({ exclusiveMinimum: 0, maximum: 86_400 });

export const StaffingSettings = Type.Object({
  /** Share of scheduled time not on the queues (breaks, meetings, training, absence), 0–0.9. */
  shrinkage: Type.Number({ minimum: 0, maximum: 0.9 }),
  /** Callers' and chatters' mean patience: live advice uses Erlang A for them. Visitors hold a ticket and e-mail waits (Erlang C). */
  patienceSeconds: Type.Object({ phone: seconds, chat: seconds }, strict),
  /** Handle time to assume for a queue with too little history of its own. */
  ahtSeconds: Type.Object({ visit: seconds, phone: seconds, chat: seconds, email: seconds }, strict),
}, strict);
export type StaffingSettings = Type.Static<typeof StaffingSettings>;

export const DEFAULT_STAFFING_SETTINGS: StaffingSettings = {
  shrinkage: 0.3,
  patienceSeconds: { phone: 180, chat: 300 },
  ahtSeconds: { visit: 420, phone: 240, chat: 480, email: 600 },
};

export const StaffingPlanQuery = Type.Object({
  from: Type.Optional(LocalDate),
  days: Type.Optional(Type.String({ pattern: '^([1-9]|1[0-4])$', description: 'how many days, 1–14; default 7' })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
}, strict);
export type StaffingPlanQuery = Type.Static<typeof StaffingPlanQuery>;

export const PlanQueueNeed = Type.Object({
  service: Id,
  channel: Channel,
  /** Expected arrivals in the interval. */
  forecast: amount,
  trafficErlangs: amount,
  /**
   * On the queue for its target, by Erlang C: the conservative planning figure (nobody gives
   * up), and fast enough for a fortnight of intervals. Live advice, for a few queues, uses
   * Erlang A with the callers' patience.
   */
  required: count,
  /** `required` scheduled up for shrinkage. */
  requiredScheduled: count,
  /** Scheduled agents the best assignment puts here (each counted once, in one queue). */
  covered: count,
  gap: Type.Integer(),
  /** What `covered` agents reach, after shrinkage. */
  serviceLevel: Type.Number({ minimum: 0, maximum: 1 }),
}, strict);
export type PlanQueueNeed = Type.Static<typeof PlanQueueNeed>;

export const PlanInterval = Type.Object({
  /** Local wall-clock start of the 15 minutes. */
  start: Clock,
  forecast: amount,
  required: count,
  requiredScheduled: count,
  /** Agents on the rota in this interval. */
  scheduled: count,
  covered: count,
  /** Heads missing (requiredScheduled − covered); 0 when covered. */
  gap: count,
  /** Signed in now: only on the interval that is going on. */
  signedIn: Type.Optional(count),
  queues: Type.Array(PlanQueueNeed),
}, strict);
export type PlanInterval = Type.Static<typeof PlanInterval>;

export const PlanDay = Type.Object({
  date: LocalDate,
  /** Closed (a public holiday, or a special day set closed): no intervals. */
  closed: Type.Boolean(),
  note: Type.Optional(Type.String()),
  /** Only intervals where something is forecast or someone is scheduled. */
  intervals: Type.Array(PlanInterval),
  /** Sums of the intervals' heads missing (agent-quarters) and the worst interval. */
  gapQuarters: count,
  worstGap: count,
}, strict);
export type PlanDay = Type.Static<typeof PlanDay>;

export const StaffingPlan = Type.Object({
  site: Id,
  at: IsoTime,
  timeZone: Type.String(),
  settings: StaffingSettings,
  /** The handle time each queue is planned with, seconds, and whether it came from history. */
  handleTimes: Type.Array(Type.Object({ service: Id, channel: Channel, seconds: amount, fromHistory: Type.Boolean() }, strict)),
  /** How well the forecast did on past weeks (weighted absolute percentage error per interval). */
  forecastWape: Type.Optional(amount),
  days: Type.Array(PlanDay),
}, strict);
export type StaffingPlan = Type.Static<typeof StaffingPlan>;

export const AdviceMove = Type.Object({
  /** The channel the agents move to, for `service`. */
  to: Channel,
  /** What they do now. */
  from: Type.Array(Channel),
  agents: Type.Array(Type.Object({ id: Id, name: Type.String() }, strict)),
  minutes: count,
}, strict);
export type AdviceMove = Type.Static<typeof AdviceMove>;

export const AdviceRisk = Type.Object({
  service: Id,
  /** The errand's Swedish name (the console is for staff). */
  serviceName: Type.String(),
  channel: Channel,
  required: count,
  covered: count,
  reasons: Type.Array(Type.Union([Type.Literal('service_level'), Type.Literal('short')])),
  waiting: count,
  forecast: amount,
  serviceLevel: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  targetServiceLevel: Type.Number({ minimum: 0, maximum: 1 }),
  moves: Type.Array(AdviceMove),
  stillMissing: count,
}, strict);
export type AdviceRisk = Type.Static<typeof AdviceRisk>;

export const StaffingAdvice = Type.Object({
  site: Id,
  at: IsoTime,
  /** The interval the advice is for (local start). */
  interval: Clock,
  risks: Type.Array(AdviceRisk),
}, strict);
export type StaffingAdvice = Type.Static<typeof StaffingAdvice>;

export const Shift = Type.Object({
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: Type.Integer({ minimum: 1, maximum: 7 }),
  starts: Clock,
  ends: ClockEnd,
  /** What the agent works in this shift; absent = all their channels. */
  channels: Type.Optional(Type.Array(Channel, { minItems: 1, uniqueItems: true })),
}, strict);
export type Shift = Type.Static<typeof Shift>;

export const AgentWeek = Type.Object({
  agent: Id,
  name: Type.String(),
  shifts: Type.Array(Shift),
}, strict);
export type AgentWeek = Type.Static<typeof AgentWeek>;

export const ShiftList = Type.Object({ agents: Type.Array(AgentWeek) }, strict);
export type ShiftList = Type.Static<typeof ShiftList>;

export const PutShiftsRequest = Type.Object({ shifts: Type.Array(Shift, { maxItems: 50 }) }, strict);
export type PutShiftsRequest = Type.Static<typeof PutShiftsRequest>;
