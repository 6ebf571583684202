/**
 * Routing decision latency: one `chooseNext` for a random agent among 200 over 10 000 waiting
 * contacts of all channels (goal: p99 well under 1 ms). The mix is drawn from a seeded PRNG so
 * runs are comparable. Run alone with
 *   node --conditions=source --import tsx bench/src/routing-bench.ts
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  chooseNext, type Channel, type PriorityClass, type RoutableContact, type RoutingAgent, type ServiceRule, type WorkProfile,
} from '@entre/server/routing';
import { summary } from './stats.js';
import { mulberry32 as prng, pickEntry as weighted } from '@entre/server/simulate/random';

const CONTACTS = 10_000;
const AGENTS = 200;
const DECISIONS = Number(process.env.BENCH_ROUTING_DECISIONS ?? 5000);
const WARMUP = 500;
const SEED = 0x5eed;
const NOW = Date.UTC(2025, 2, 10, 10, 0, 0);

// A mid-size municipality's errands, with SL targets typical per main channel.
const SERVICE_TARGETS: readonly (readonly [string, number])[] = [
  ['bygglov', 900], ['forskola', 600], ['ekonomiskt-bistand', 1200], ['parkering', 600], ['avfall', 300],
  ['skola', 600], ['aldreomsorg', 900], ['felanmalan', 180], ['bostadsanpassning', 1200], ['kultur', 300],
  ['vigsel', 1800], ['overformyndare', 1800],
];
const CHANNEL_MIX = [['visit', 45], ['phone', 35], ['chat', 15], ['email', 5]] as const;
const LANGUAGE_MIX = [['sv', 70], ['ar', 8], ['so', 5], ['en', 5], ['fa', 3], ['uk', 3], ['ti', 2], ['pl', 2], ['ckb', 1], ['sgn-SE', 1]] as const;
const CLASS_MIX = [['normal', 85], ['priority', 8], ['appointment', 7]] as const;

function generate(rand: () => number) {
  const services = new Map<string, ServiceRule>(SERVICE_TARGETS.map(([id, t]) => [id, { id, slTargetSeconds: t }]));
  const serviceIds = SERVICE_TARGETS.map(([id]) => id);
  const pickService = () => serviceIds[Math.floor(rand() * serviceIds.length)]!;

  const agents: RoutingAgent[] = [];
  for (let i = 0; i < AGENTS; i++) {
    const skills = new Map<string, { penalty: number }>();
    const n = 3 + Math.floor(rand() * 4);
    while (skills.size < n) skills.set(pickService(), { penalty: skills.size === 0 ? 0 : weighted(rand, [[0, 2], [0.25, 1], [0.5, 1]]) });
    const channels = new Set<Channel>(['visit', 'phone', 'chat', 'email'].filter(() => rand() < 0.6) as Channel[]);
    if (channels.size === 0) channels.add('phone');
    const languages = new Set<string>(['sv']);
    if (rand() < 0.5) languages.add('en');
    if (rand() < 0.15) languages.add(weighted(rand, LANGUAGE_MIX.slice(1)));
    agents.push({ id: `agent-${i}`, skills, channels, languages });
  }

  const contacts: RoutableContact[] = [];
  for (let i = 0; i < CONTACTS; i++) {
    const channel = weighted(rand, CHANNEL_MIX);
    const priority: PriorityClass = weighted(rand, CLASS_MIX);
    const waitedMs = (channel === 'email' ? rand() * 72 * 3600 : rand() * 2 * 3600) * 1000;
    // Every field present, as a row mapper builds them: one object shape keeps the loop monomorphic.
    const arrivedAt = Math.round(NOW - waitedMs);
    contacts.push({
      id: `c${String(i).padStart(5, '0')}`, channel, service: pickService(), language: weighted(rand, LANGUAGE_MIX),
      priority, arrivedAt, queuedAt: arrivedAt,
      appointmentAt: priority === 'appointment' ? Math.round(NOW + (rand() - 0.5) * 3600 * 1000) : undefined,
      pinnedAgent: rand() < 0.005 ? agents[Math.floor(rand() * AGENTS)]!.id : undefined,
      rank: rand() < 0.01 ? Math.floor(rand() * 5) : undefined,
    });
  }

  const profiles: WorkProfile[] = [
    { id: 'reception', rules: [{ kind: 'appointments_first', windowBeforeSeconds: 600, windowAfterSeconds: 900 }, { kind: 'interleave', priority: 2, normal: 1 }] },
    { id: 'long-waits', rules: [{ kind: 'waited_over', seconds: 1800 }, { kind: 'escalate', afterSeconds: 2400, extraSkills: ['felanmalan', 'avfall'], penalty: 0.5 }] },
  ];
  // Most agents are idle-available at any moment in a busy hour only a fraction of the time.
  const available = agents.filter(() => rand() < 0.3);
  return { services, agents, contacts, profiles, available };
}

export async function runRoutingBench(): Promise<string[]> {
  const rand = prng(SEED);
  const { services, agents, contacts, profiles, available } = generate(rand);
  const picks: PriorityClass[] = ['normal', 'priority', 'appointment'];
  const samples: number[] = [];
  let chosen = 0;
  let candidates = 0;
  for (let i = 0; i < WARMUP + DECISIONS; i++) {
    const agent = agents[Math.floor(rand() * AGENTS)]!;
    const profileRoll = rand();
    const profile = profileRoll < 0.2 ? profiles[0] : profileRoll < 0.4 ? profiles[1] : undefined;
    const recentPicks = [0, 1, 2].map(() => picks[Math.floor(rand() * 3)]!);
    const now = NOW + i * 250;
    const t0 = performance.now();
    const result = chooseNext({
      agent, contacts, services, now, otherAvailableAgents: available, interpreterAfterSeconds: 600, recentPicks,
      ...(profile ? { profile } : {}),
    });
    const ms = performance.now() - t0;
    if (i >= WARMUP) {
      samples.push(ms);
      if (result.contact) chosen++;
      candidates += result.explanation.candidates;
    }
  }
  return [
    summary('routing decision (10 000 waiting, 200 agents)', samples),
    `  ${(100 * chosen / DECISIONS).toFixed(1)}% of decisions found a contact; mean ${Math.round(candidates / DECISIONS)} eligible of ${CONTACTS}`,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runRoutingBench()) console.log(line);
}
