/**
 * The staffing plan of one 15-minute interval (DESIGN §4 "Estimates and staffing"): for each
 * channel the agents Erlang says its errands need together for their service-level targets,
 * scheduled up for shrinkage and split over the errands (poolNeeds); and how far the agents
 * at work cover that, each agent counted once, in one queue (a service on a channel) they
 * have the skill and the channel for.
 *
 * Which agent covers which queue is a bipartite assignment with capacities (a queue takes at
 * most the heads it needs). A greedy pass can strand a specialist's queue by spending the
 * only generalist who could also cover it elsewhere; augmenting paths (Kuhn's algorithm,
 * generalised to capacities) find the assignment covering the most heads, which is what
 * "how many are missing" must mean. Pure: no clock, no I/O.
 */
import type { Channel } from '../routing/types.js';
import { erlangAFigures, erlangCFigures, requiredAgentsA, requiredAgentsC, scheduledAgents } from './erlang.js';

export const INTERVAL_SECONDS = 900;

export interface PlanQueue {
  service: string;
  channel: Channel;
  ahtSeconds: number;
  targetSeconds: number;
  /** 0 < x < 1. */
  targetServiceLevel: number;
  /** Mean patience; Infinity (visitors holding a ticket, e-mail) plans by Erlang C. */
  patienceSeconds: number;
}

export interface PlanAgent {
  id: string;
  skills: ReadonlySet<string>;
  channels: ReadonlySet<Channel>;
}

export const queueKey = (q: { service: string; channel: Channel }): string => `${q.service}/${q.channel}`;

export interface QueueNeed {
  service: string;
  channel: Channel;
  /** Expected arrivals in the interval. */
  arrivals: number;
  trafficErlangs: number;
  /** On the queue, by Erlang, for the target. */
  required: number;
  /** To schedule for `required` after shrinkage. */
  requiredScheduled: number;
  /** Agents at work assigned to this queue (at most `requiredScheduled`). */
  covered: number;
  /** requiredScheduled − covered: heads missing. */
  gap: number;
  /** The service level `covered` agents reach after shrinkage (Erlang), for the chart's tooltip. */
  serviceLevel: number;
}

export interface IntervalPlan {
  queues: QueueNeed[];
  required: number;
  requiredScheduled: number;
  /** Agents at work in the interval. */
  scheduled: number;
  covered: number;
  gap: number;
  /** Agents at work that no queue with a need could use. */
  spare: string[];
  /** Who covers which queue (agent id → queue key). */
  assignment: Map<string, string>;
}

export interface PlanIntervalInput {
  queues: readonly PlanQueue[];
  /** Expected arrivals per queue key; a queue without any is not planned. */
  arrivals: ReadonlyMap<string, number>;
  agents: readonly PlanAgent[];
  shrinkage: number;
}

/** The agents a queue needs on the line for its target (0 when nothing arrives). */
export function requiredFor(q: PlanQueue, arrivals: number): { required: number; trafficErlangs: number } {
  const load = { arrivals, intervalSeconds: INTERVAL_SECONDS, ahtSeconds: q.ahtSeconds, targetSeconds: q.targetSeconds, targetServiceLevel: q.targetServiceLevel };
  const trafficErlangs = (arrivals * q.ahtSeconds) / INTERVAL_SECONDS;
  const required = Number.isFinite(q.patienceSeconds) ? requiredAgentsA({ ...load, patienceSeconds: q.patienceSeconds }) : requiredAgentsC(load);
  return { required, trafficErlangs };
}

function serviceLevelWith(q: PlanQueue, arrivals: number, agentsOnLine: number): number {
  if (arrivals <= 0) return 1;
  const load = { arrivals, intervalSeconds: INTERVAL_SECONDS, ahtSeconds: q.ahtSeconds, targetSeconds: q.targetSeconds, agents: Math.floor(agentsOnLine) };
  return Number.isFinite(q.patienceSeconds) ? erlangAFigures({ ...load, patienceSeconds: q.patienceSeconds }).serviceLevel : erlangCFigures(load).serviceLevel;
}

/**
 * The assignment covering the most heads: each agent to at most one eligible queue, each
 * queue up to its capacity. Agents are tried in the given order and queues in theirs, so the
 * result is deterministic.
 */
export function assignAgents(
  agents: readonly PlanAgent[], queues: readonly { key: string; service: string; channel: Channel; capacity: number }[],
): Map<string, string> {
  const eligible = agents.map((a) => queues.map((q, i) => (q.capacity > 0 && a.skills.has(q.service) && a.channels.has(q.channel) ? i : -1)).filter((i) => i >= 0));
  const holders: number[][] = queues.map(() => []); // agent indexes per queue
  const assigned = new Array<number>(agents.length).fill(-1);

  function augment(agent: number, seen: Uint8Array): boolean {
    for (const q of eligible[agent]!) {
      if (seen[q]) continue;
      seen[q] = 1;
      if (holders[q]!.length < queues[q]!.capacity) {
        holders[q]!.push(agent);
        assigned[agent] = q;
        return true;
      }
      // Full: move one of its holders elsewhere, if that one can go.
      for (let h = 0; h < holders[q]!.length; h++) {
        const other = holders[q]![h]!;
        if (augment(other, seen)) {
          holders[q]![h] = agent; // `other` was pushed onto its new queue by the recursion
          assigned[agent] = q;
          return true;
        }
      }
    }
    return false;
  }

  for (let i = 0; i < agents.length; i++) augment(i, new Uint8Array(queues.length));
  const out = new Map<string, string>();
  for (let i = 0; i < agents.length; i++) if (assigned[i]! >= 0) out.set(agents[i]!.id, queues[assigned[i]!]!.key);
  return out;
}

/** A queue with its load for the interval, and its share of its channel's pooled need. */
export interface PooledNeed {
  q: PlanQueue;
  arrivals: number;
  trafficErlangs: number;
  /** This queue's share of its channel's agents on the line. */
  required: number;
  /** This queue's share of its channel's scheduled agents (after shrinkage). */
  requiredScheduled: number;
  /** The channel's pool as a whole, for its service level. */
  pool: PlanQueue & { arrivals: number };
}

/**
 * Each channel's errands as one pool: a kommunvägledare on the phone answers whichever
 * errand rings, so a channel's lines share their agents. Planning every errand alone would
 * give each trickle of contacts an agent of its own (ten errands with a call an hour each
 * "need" ten people) and round shrinkage up ten times. The pool has the channel's arrivals,
 * their traffic-weighted handle time and target; Erlang gives its agents, shrinkage is
 * applied once, and both are split over the errands by traffic (largest remainder), so the
 * assignment still checks that the people scheduled have the skills the errands need.
 */
export function poolNeeds(queues: readonly PlanQueue[], arrivals: ReadonlyMap<string, number>, shrinkage: number): PooledNeed[] {
  const byChannel = new Map<Channel, { q: PlanQueue; arrivals: number; traffic: number }[]>();
  for (const q of queues) {
    const a = arrivals.get(queueKey(q)) ?? 0;
    if (!(a > 0)) continue;
    const list = byChannel.get(q.channel) ?? [];
    list.push({ q, arrivals: a, traffic: (a * q.ahtSeconds) / INTERVAL_SECONDS });
    byChannel.set(q.channel, list);
  }
  const out: PooledNeed[] = [];
  for (const [channel, list] of byChannel) {
    const total = list.reduce((x, l) => x + l.arrivals, 0);
    const traffic = list.reduce((x, l) => x + l.traffic, 0);
    const weighted = (f: (q: PlanQueue) => number) => list.reduce((x, l) => x + f(l.q) * l.traffic, 0) / traffic;
    const pool = {
      service: list.map((l) => l.q.service).join('+'), channel, arrivals: total,
      ahtSeconds: (traffic * INTERVAL_SECONDS) / total,
      targetSeconds: weighted((q) => q.targetSeconds),
      targetServiceLevel: weighted((q) => q.targetServiceLevel),
      patienceSeconds: list.some((l) => !Number.isFinite(l.q.patienceSeconds)) ? Infinity : weighted((q) => q.patienceSeconds),
    };
    const required = requiredFor(pool, total).required;
    const shares = (n: number) => largestRemainder(n, list.map((l) => l.traffic));
    const onLine = shares(required);
    const scheduled = shares(scheduledAgents(required, shrinkage));
    list.forEach((l, i) => out.push({
      q: l.q, arrivals: l.arrivals, trafficErlangs: l.traffic, required: onLine[i]!, requiredScheduled: scheduled[i]!, pool,
    }));
  }
  return out;
}

/** `total` whole units split by weight: floors first, the rest to the largest remainders (ties: first). */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

export function planInterval(input: PlanIntervalInput): IntervalPlan {
  const needs = poolNeeds(input.queues, input.arrivals, input.shrinkage);
  const assignment = assignAgents(input.agents, needs.map((n) => ({ key: queueKey(n.q), service: n.q.service, channel: n.q.channel, capacity: n.requiredScheduled })));
  const coveredBy = new Map<string, number>();
  for (const key of assignment.values()) coveredBy.set(key, (coveredBy.get(key) ?? 0) + 1);
  const poolCovered = new Map<Channel, number>();
  for (const n of needs) poolCovered.set(n.q.channel, (poolCovered.get(n.q.channel) ?? 0) + (coveredBy.get(queueKey(n.q)) ?? 0));
  const queues = needs.map((n): QueueNeed => {
    const covered = coveredBy.get(queueKey(n.q)) ?? 0;
    return {
      service: n.q.service, channel: n.q.channel, arrivals: n.arrivals, trafficErlangs: n.trafficErlangs,
      required: n.required, requiredScheduled: n.requiredScheduled, covered, gap: n.requiredScheduled - covered,
      // The pool's: its errands share the agents, so they share the level.
      serviceLevel: serviceLevelWith(n.pool, n.pool.arrivals, (poolCovered.get(n.q.channel) ?? 0) * (1 - input.shrinkage)),
    };
  });
  const sum = (f: (q: QueueNeed) => number) => queues.reduce((s, q) => s + f(q), 0);
  return {
    queues,
    required: sum((q) => q.required),
    requiredScheduled: sum((q) => q.requiredScheduled),
    scheduled: input.agents.length,
    covered: sum((q) => q.covered),
    gap: sum((q) => q.gap),
    spare: input.agents.filter((a) => !assignment.has(a.id)).map((a) => a.id),
    assignment,
  };
}
