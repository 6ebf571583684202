/** Small builders for routing tests: defaults a Swedish-speaking visit clerk and a waiting visitor. */
import type { Channel, RoutableContact, RoutingAgent, ServiceRule } from '../types.js';

export const NOW = Date.UTC(2025, 2, 10, 9, 0, 0);
export const MIN = 60_000;

export function agent(over: Partial<Omit<RoutingAgent, 'skills' | 'channels' | 'languages'>> & {
  skills?: Record<string, number>;
  channels?: Channel[];
  languages?: string[];
} = {}): RoutingAgent {
  return {
    id: over.id ?? 'me',
    skills: new Map(Object.entries(over.skills ?? { bygglov: 0 }).map(([s, penalty]) => [s, { penalty }])),
    channels: new Set(over.channels ?? ['visit', 'phone', 'chat', 'email']),
    languages: new Set(over.languages ?? ['sv']),
  };
}

export function contact(id: string, over: Partial<RoutableContact> = {}): RoutableContact {
  return { id, channel: 'visit', service: 'bygglov', language: 'sv', priority: 'normal', arrivedAt: NOW - 5 * MIN, ...over };
}

export function services(targets: Record<string, number> = { bygglov: 600 }): Map<string, ServiceRule> {
  return new Map(Object.entries(targets).map(([id, slTargetSeconds]) => [id, { id, slTargetSeconds }]));
}
