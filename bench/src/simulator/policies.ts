/**
 * Routing policies: given an agent who is free and the contacts waiting, which one next.
 * Both see the same eligibility (the agent's skills and channels; visits only at a counter,
 * as the server's call-next has it) and differ only in the order:
 *  - fifo: the oldest arrival among the queues the agent serves; language and SL targets ignored;
 *  - core: the server's own `chooseNext` with the site's inputs (SL targets, penalties,
 *    languages, the other signed-in agents, the interpreter wait).
 * Pure: no clock, no I/O.
 */
import { chooseNext, type RoutableContact, type RoutingAgent, type ServiceRule } from '@entre/server/routing';
import type { CenterConfig, SimAgent, SimArrival } from './types.js';

export interface Waiting {
  arrival: SimArrival;
  /** Built once per contact, every field present, as the server's row mapper does. */
  routable: RoutableContact;
}

export interface Policy {
  name: string;
  /** The contact `agent` (index into center.agents) takes now, or null. `now` in simulated minutes. */
  choose(agent: number, waiting: readonly Waiting[], now: number): Waiting | null;
}

export type PolicyFactory = (center: CenterConfig) => Policy;

export const MS_PER_MINUTE = 60_000;

/** The channels an agent takes today: no visits without a counter to call them to. */
export function effectiveChannels(agent: SimAgent): SimAgent['channels'] {
  return agent.servicePoint === null ? agent.channels.filter((c) => c !== 'visit') : agent.channels;
}

export function canServe(agent: SimAgent, a: SimArrival): boolean {
  return agent.skills.has(a.service) && effectiveChannels(agent).includes(a.channel);
}

/** A contact as routing sees it; the id sorts like the plan's order. */
export function toRoutable(a: SimArrival): RoutableContact {
  const arrivedAt = a.at * MS_PER_MINUTE;
  return {
    id: `c${String(a.seq).padStart(7, '0')}`, channel: a.channel, service: a.service, language: a.language,
    priority: 'normal', arrivedAt, queuedAt: arrivedAt, appointmentAt: undefined, pinnedAgent: undefined, rank: undefined,
  };
}

export const fifoPolicy: PolicyFactory = (center) => {
  const agents = center.agents.map((a) => ({ skills: a.skills, channels: new Set(effectiveChannels(a)) }));
  return {
    name: 'fifo',
    choose(index, waiting) {
      const agent = agents[index]!;
      let best: Waiting | null = null;
      for (const w of waiting) {
        const a = w.arrival;
        if (!agent.skills.has(a.service) || !agent.channels.has(a.channel)) continue;
        if (best === null || a.at < best.arrival.at || (a.at === best.arrival.at && a.seq < best.arrival.seq)) best = w;
      }
      return best;
    },
  };
};

export const corePolicy: PolicyFactory = (center) => {
  const routing: RoutingAgent[] = center.agents.map((a) => ({
    id: a.id,
    skills: new Map([...a.skills].map(([service, penalty]) => [service, { penalty }])),
    channels: new Set(effectiveChannels(a)),
    languages: new Set(a.languages),
  }));
  // Every staffed agent is signed in all day (available, serving or in wrap-up), which is
  // what the server passes as "other available agents".
  const others = routing.map((_, i) => routing.filter((__, j) => j !== i));
  const services = new Map<string, ServiceRule>([...center.slTargetSeconds].map(([id, t]) => [id, { id, slTargetSeconds: t }]));
  return {
    name: 'core',
    choose(index, waiting, now) {
      const result = chooseNext({
        agent: routing[index]!, contacts: waiting.map((w) => w.routable), services, now: now * MS_PER_MINUTE,
        otherAvailableAgents: others[index]!, interpreterAfterSeconds: center.interpreterAfterSeconds,
      });
      if (!result.contact) return null;
      return waiting.find((w) => w.routable === result.contact) ?? null;
    },
  };
};

export const POLICIES: readonly PolicyFactory[] = [fifoPolicy, corePolicy];
