/**
 * The staffing calculators (`GET /api/v1/staffing/erlang-c` and `/erlang-a`, no sign-in: they
 * compute from the parameters given and read no data). Definitions (DESIGN §4): traffic
 * A = arrivals × AHT ÷ interval; SL = answered within `targetSeconds` ÷ all contacts offered
 * (under Erlang A a contact that gives up counts against the level, as on the dashboard).
 *
 * Query values are strings (a query string has no numbers); the pattern admits plain
 * decimals, and the server answers 400 naming the parameter when a value is out of range.
 */
import Type from 'typebox';

const strict = { additionalProperties: false } as const;
const decimal = (description: string) => Type.String({ pattern: '^[0-9]{1,12}(\\.[0-9]{1,12})?$', description });
const count = Type.Integer({ minimum: 0 });
const fraction = Type.Number({ minimum: 0, maximum: 1 });

/** The largest traffic the calculators accept (Erlangs). */
export const STAFFING_MAX_ERLANGS = 10_000;

const query = {
  arrivals: decimal('contacts offered in the interval, 0–1 000 000 (a forecast may be fractional)'),
  intervalSeconds: decimal('length of the interval, > 0 and ≤ 604 800 (a week); 900 for a quarter hour'),
  ahtSeconds: decimal('average handle time, > 0 and ≤ 86 400'),
  targetSeconds: decimal('the service level\'s time: answered within this many seconds, 0–86 400'),
  targetServiceLevel: decimal('the share to answer within targetSeconds, 0 < x < 1 (0.8 = 80 %)'),
  agents: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$', description: 'agents on the queue, 0–100 000; default: requiredAgents' })),
  shrinkage: Type.Optional(decimal('share of scheduled time not on the queue (breaks, training, absence), 0 ≤ x ≤ 0.95; adds scheduledAgents')),
};

export const ErlangCQuery = Type.Object(query, strict);
export type ErlangCQuery = Type.Static<typeof ErlangCQuery>;

export const ErlangAQuery = Type.Object({
  ...query,
  patienceSeconds: Type.String({
    pattern: '^([0-9]{1,12}(\\.[0-9]{1,12})?|Infinity)$',
    description: 'mean time a waiting contact stays before giving up (exponential), 1–1 000 000 000, or "Infinity" (= Erlang C)',
  }),
}, strict);
export type ErlangAQuery = Type.Static<typeof ErlangAQuery>;

const answer = {
  trafficErlangs: Type.Number({ minimum: 0 }),
  /** The agents the figures below are for: the query's `agents`, else `requiredAgents`. */
  agents: count,
  /** Probability a contact has to wait at all. */
  probWait: fraction,
  /** Answered within targetSeconds ÷ all contacts offered. */
  serviceLevel: fraction,
  /** Mean wait of the answered contacts; null when the queue is unstable (agents ≤ traffic, nobody gives up) or nobody is answered. */
  asaSeconds: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
  /** Share of the agents' time spent handling contacts (1 when overloaded). */
  occupancy: fraction,
  /** The fewest agents on the queue that meet targetServiceLevel (0 when nothing arrives). */
  requiredAgents: count,
  /** Agents to schedule so that requiredAgents remain after shrinkage; present when shrinkage was given. */
  scheduledAgents: Type.Optional(count),
};

export const ErlangCAnswer = Type.Object(answer, strict);
export type ErlangCAnswer = Type.Static<typeof ErlangCAnswer>;

export const ErlangAAnswer = Type.Object({
  ...answer,
  /** Probability a contact gives up before it is answered. */
  abandonRate: fraction,
}, strict);
export type ErlangAAnswer = Type.Static<typeof ErlangAAnswer>;
