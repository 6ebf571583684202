/** Hand-built centers and contacts for the simulator's tests. */
import type { CenterConfig, Channel, SimAgent, SimArrival } from './types.js';

export function agent(id: string, o: { skills?: Record<string, number>; languages?: string[]; channels?: Channel[]; servicePoint?: string | null } = {}): SimAgent {
  return {
    id, skills: new Map(Object.entries(o.skills ?? { allmant: 0 })), languages: o.languages ?? ['sv'],
    channels: o.channels ?? ['phone'], servicePoint: o.servicePoint ?? null,
  };
}

export function center(agents: SimAgent[], o: { targets?: Record<string, number>; points?: Record<string, string[]>; interpreterAfterSeconds?: number } = {}): CenterConfig {
  return {
    agents, servicePoints: new Map(Object.entries(o.points ?? {})),
    slTargetSeconds: new Map(Object.entries(o.targets ?? { allmant: 600 })),
    interpreterAfterSeconds: o.interpreterAfterSeconds ?? 300,
  };
}

/** A phone call about `allmant` in Swedish that never gives up, unless told otherwise. */
export function arrival(seq: number, at: number, o: Partial<Omit<SimArrival, 'seq' | 'at'>> = {}): SimArrival {
  return { seq, at, channel: 'phone', service: 'allmant', language: 'sv', handleMinutes: 5, patienceMinutes: null, noShow: false, ...o };
}
