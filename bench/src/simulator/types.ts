/**
 * The simulator's vocabulary. Time is simulated minutes after midnight (as the day plan
 * has it); the routing core gets epoch-like milliseconds (minutes × 60 000).
 */
import type { Channel } from '@entre/server/routing';
import type { Arrival } from './server-modules.js';

export type { Channel };
export const SIM_CHANNELS: readonly Channel[] = ['phone', 'visit', 'chat', 'email'];

/** One contact of the day: the fields of a plan's Arrival (server/src/simulate/arrivals.ts) the simulator reads. */
export type SimArrival = Pick<Arrival, 'seq' | 'at' | 'channel' | 'service' | 'language' | 'handleMinutes' | 'patienceMinutes' | 'noShow'>;

/** A staff member as the seed has them, and where they sit today. */
export interface SimAgent {
  id: string;
  /** Service → penalty (0 = primary skill). */
  skills: ReadonlyMap<string, number>;
  languages: readonly string[];
  /** The channels the agent serves; a visit needs a counter too (see `servicePoint`). */
  channels: readonly Channel[];
  /** The counter the agent works at today; null = back office (no visits), as the server's call-next has it. */
  servicePoint: string | null;
}

/** The center as routing and the kiosk's estimate see it. */
export interface CenterConfig {
  agents: readonly SimAgent[];
  /** Counter → the services it offers (the kiosk's estimate counts only these). */
  servicePoints: ReadonlyMap<string, readonly string[]>;
  /** Service → SL target seconds ("answered within T"). */
  slTargetSeconds: ReadonlyMap<string, number>;
  /** The site's interpreter rule: a language nobody signed in speaks is offered after this wait. */
  interpreterAfterSeconds: number;
}

/** How a contact's language met the agent who took it. */
export type LanguageFit = 'spoken' | 'colleague_speaks' | 'nobody_speaks';

export type ContactOutcome = 'answered' | 'abandoned' | 'no_show' | 'open';

/** What happened to one arrival: exactly one outcome each (conservation). */
export interface ContactRecord {
  seq: number;
  channel: Channel;
  service: string;
  language: string;
  arrivedAt: number;
  outcome: ContactOutcome;
  /** Minutes from arrival to being answered/called (answered, no_show) or to giving up (abandoned); null when open. */
  waitMinutes: number | null;
  slTargetSeconds: number;
  agent: string | null;
  languageFit: LanguageFit | null;
  /** Visits: the kiosk's estimate at issue time, minutes; null = "unknown" (nobody serving it). */
  estimateMinutes?: number | null;
  /** Visits, for comparison: the same rule counting every channel's contacts ahead (the kiosk's rule before it counted visitors only). */
  estimateAllChannelsMinutes?: number | null;
}

export interface SimResult {
  policy: string;
  contacts: ContactRecord[];
  /** Minutes each agent spent serving (handle) or waiting on a no-show, within [start, end]. */
  busyMinutes: ReadonlyMap<string, number>;
  /** The staffed window: from the first opening to the last closing (agents signed in). */
  start: number;
  end: number;
  /** When the simulation stopped: the end plus overtime to serve those still in line. */
  stoppedAt: number;
  /** Decisions taken (contacts given to agents), for the run-time figure. */
  decisions: number;
}
