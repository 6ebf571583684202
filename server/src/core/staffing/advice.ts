/**
 * Live advice for the manager: where a queue will not make its target in the next quarter
 * hour with the people doing what they do now, who could move there without leaving another
 * queue short ("move 2 phone agents with skill Bygglov to the counters for 30 min").
 *
 * Need: Erlang for each channel's pool (plan.ts poolNeeds) for what is expected in the next
 * interval plus what already waits, which must be cleared too; no shrinkage (these people are
 * at work now). Supply: the agents signed in and not paused, each counted in
 * the activity they are in now (at a counter: visits; otherwise their other channels).
 * The best assignment of that supply (plan.ts) leaves some queues short and some agents
 * spare; a spare agent who has the short queue's skill and channel is a move that costs no
 * other queue anything. Pure: no clock, no I/O.
 */
import type { Channel } from '../routing/types.js';
import { assignAgents, poolNeeds, queueKey, type PlanQueue } from './plan.js';

export interface LiveAgent {
  id: string;
  name: string;
  skills: ReadonlySet<string>;
  /** Every channel the agent may work. */
  channels: ReadonlySet<Channel>;
  /** What they work right now (a subset of `channels`). */
  activity: ReadonlySet<Channel>;
}

export interface LiveQueue extends PlanQueue {
  /** Expected arrivals in the next interval. */
  forecast: number;
  /** Waiting now. */
  waiting: number;
  /** Today's service level so far; absent with no answered or abandoned contact yet. */
  serviceLevel?: number;
}

export interface AdviceInput {
  queues: readonly LiveQueue[];
  agents: readonly LiveAgent[];
  /** Counters nobody sits at: a move to visits needs one each. */
  freeCounters: number;
  /** How long a move is suggested for. */
  minutes: number;
}

export interface Move {
  service: string;
  /** The queue's channel the agents move to. */
  to: Channel;
  /** What they do now. */
  from: Channel[];
  agents: { id: string; name: string }[];
  minutes: number;
}

export interface QueueRisk {
  service: string;
  channel: Channel;
  /** On the line for the target in the next interval, by Erlang. */
  required: number;
  /** Working it now (by the best assignment of who does what). */
  covered: number;
  /** Why it is at risk: the service level so far is under target, and/or the next interval is short. */
  reasons: ('service_level' | 'short')[];
  /** Moves that help, at no other queue's cost; empty when nobody can be spared. */
  moves: Move[];
  /** Heads still missing after the moves. */
  stillMissing: number;
}

export function advise(input: AdviceInput): QueueRisk[] {
  const pooled = new Map(poolNeeds(input.queues, new Map(input.queues.map((q) => [queueKey(q), q.forecast + q.waiting])), 0).map((n) => [queueKey(n.q), n.required]));
  const needs = input.queues.map((q) => ({ q, required: pooled.get(queueKey(q)) ?? 0 }));
  const capacity = needs.map((n) => ({ key: queueKey(n.q), service: n.q.service, channel: n.q.channel, capacity: n.required }));
  const now = assignAgents(input.agents.map((a) => ({ id: a.id, skills: a.skills, channels: a.activity })), capacity);
  const covered = new Map<string, number>();
  for (const key of now.values()) covered.set(key, (covered.get(key) ?? 0) + 1);

  const spare = input.agents.filter((a) => !now.has(a.id));
  let freeCounters = input.freeCounters;
  const risks: QueueRisk[] = [];
  // The shortest queue first: it gets first pick of whoever is spare.
  const order = needs
    .map((n) => ({ ...n, covered: covered.get(queueKey(n.q)) ?? 0 }))
    .sort((a, b) => (b.required - b.covered) - (a.required - a.covered) || queueKey(a.q).localeCompare(queueKey(b.q)));
  for (const n of order) {
    const short = n.required > n.covered;
    const belowTarget = n.q.serviceLevel !== undefined && n.q.serviceLevel < n.q.targetServiceLevel && n.q.waiting > 0;
    if (!short && !belowTarget) continue;
    let missing = Math.max(0, n.required - n.covered);
    const moved: LiveAgent[] = [];
    for (let i = 0; i < spare.length && missing > 0; i++) {
      const a = spare[i]!;
      if (!a.skills.has(n.q.service) || !a.channels.has(n.q.channel) || a.activity.has(n.q.channel)) continue;
      if (n.q.channel === 'visit') {
        if (freeCounters === 0) continue;
        freeCounters--;
      }
      moved.push(a);
      spare.splice(i--, 1);
      missing--;
    }
    // One move per activity they come from: "2 from the phone", "1 from chat".
    const groups = new Map<string, LiveAgent[]>();
    for (const a of moved) {
      const from = [...a.activity].sort().join('+');
      groups.set(from, [...(groups.get(from) ?? []), a]);
    }
    risks.push({
      service: n.q.service, channel: n.q.channel, required: n.required, covered: n.covered,
      reasons: [...(belowTarget ? ['service_level' as const] : []), ...(short ? ['short' as const] : [])],
      moves: [...groups.values()].map((g) => ({
        service: n.q.service, to: n.q.channel, from: [...g[0]!.activity].sort() as Channel[],
        agents: g.map((a) => ({ id: a.id, name: a.name })), minutes: input.minutes,
      })),
      stillMissing: missing,
    });
  }
  return risks;
}
