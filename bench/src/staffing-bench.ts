/**
 * The staffing plan's arithmetic (issue 8): a week of 44 open intervals × 10 queues, each
 * interval's need by Erlang C and the best assignment of 24 skilled agents, as the plan
 * endpoint computes it. Goal < 50 ms. Also one Erlang A need, which live advice uses.
 */
import { performance } from 'node:perf_hooks';
import { planInterval, requiredAgentsA, type PlanAgent, type PlanQueue } from '@entre/server/staffing';
import { streamFor } from '@entre/server/simulate/random';
import { summary } from './stats.js';

const SERVICES = ['allmant', 'parkering', 'skola', 'social', 'bygglov'];
const CHANNELS = ['phone', 'visit'] as const;

export function runStaffingBench(): string[] {
  const rng = streamFor(8, 'staffing-bench');
  const queues: PlanQueue[] = SERVICES.flatMap((service) => CHANNELS.map((channel) => ({
    service, channel, ahtSeconds: channel === 'phone' ? 240 : 420, targetSeconds: channel === 'phone' ? 60 : 600, targetServiceLevel: 0.8, patienceSeconds: Infinity,
  })));
  const agents: PlanAgent[] = Array.from({ length: 24 }, (_, i) => ({
    id: `a${i}`,
    skills: new Set(SERVICES.filter((_, k) => (i + k) % 3 !== 0)),
    channels: new Set(i % 4 === 0 ? ['visit'] : i % 4 === 1 ? ['phone'] : ['phone', 'visit']),
  }));
  // Arrivals per interval: a day's shape, 2–30 per queue and quarter.
  const weeks = Array.from({ length: 7 * 44 }, (_, i) => new Map(queues.map((q) => [`${q.service}/${q.channel}`, 2 + 28 * rng() * Math.sin(Math.PI * ((i % 44) + 1) / 45)])));
  const samples: number[] = [];
  let gap = 0;
  for (let run = 0; run < 20; run++) {
    const t0 = performance.now();
    for (const arrivals of weeks) gap += planInterval({ queues, arrivals, agents, shrinkage: 0.3 }).gap;
    samples.push(performance.now() - t0);
  }
  const t0 = performance.now();
  const a = requiredAgentsA({ arrivals: 25, intervalSeconds: 900, ahtSeconds: 240, targetSeconds: 60, targetServiceLevel: 0.8, patienceSeconds: 180 });
  const erlangA = performance.now() - t0;
  return [
    summary('staffing plan, 7 d × 44 intervals × 10 queues (Erlang C + assignment)', samples) + `  (goal < 50 ms; gap sum ${gap / 20})`,
    `${'one Erlang A need (live advice), 25 calls/15 min'.padEnd(52)} ${erlangA.toFixed(2)} ms → ${a} agents`,
  ];
}
