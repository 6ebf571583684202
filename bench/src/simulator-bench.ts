/**
 * The routing policies compared on simulated center days (issue 8): FIFO per queue versus the
 * core's `chooseNext`, on the same seeded days of the Örebro profile with the demo's staff.
 * Prints per channel and in total: offered, answered, abandoned, no-shows, still waiting at
 * the stop, service level, mean and p90 wait; and the kiosk's visit wait estimate error.
 * Run alone with
 *   node --conditions=source --import tsx bench/src/simulator-bench.ts
 * BENCH_SIM_SEEDS sets the number of seeded days per scenario (default 10 and 5).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadDemoCenter, scaleForOccupancy } from './simulator/demo-center.js';
import { NO_SHOW_MINUTES, OVERTIME_MINUTES, simulateDay } from './simulator/engine.js';
import { estimateError, formatMinutes, formatPercent, formatTable, occupancy, summarize } from './simulator/metrics.js';
import { canServe, POLICIES } from './simulator/policies.js';
import { PROFILES, generatePlan } from './simulator/server-modules.js';
import type { CenterConfig, SimResult } from './simulator/types.js';

const PROFILE = 'orebro-day';
/** Offered work as a share of the staffed agent time in the scaled-down scenario. */
const TARGET_LOAD = 0.85;
/** Team copies that carry the profile's full volume (≈ 24 agents, as a real center staffs ~20). */
const FULL_VOLUME_COPIES = 4;

interface Scenario { title: string; center: CenterConfig; scale: number; seeds: number[] }

function runScenario(s: Scenario): string[] {
  const profile = PROFILES[PROFILE]!;
  const plans = s.seeds.map((seed) => generatePlan(profile, { seed, scale: s.scale }));
  const results = new Map<string, SimResult[]>();
  const ms = new Map<string, number>();
  for (const policy of POLICIES) {
    const t0 = performance.now();
    const runs = plans.map((p) => simulateDay({ center: s.center, arrivals: p.arrivals, policy, start: p.start, end: p.end }));
    ms.set(runs[0]!.policy, performance.now() - t0);
    results.set(runs[0]!.policy, runs);
  }
  const targets = [...new Set(s.center.slTargetSeconds.values())].sort((a, b) => a - b).map((t) => `${t} s`).join(', ');
  const seeds = s.seeds.length > 1 ? `${s.seeds.length} seeded days (seeds ${s.seeds[0]}–${s.seeds.at(-1)}), pooled` : `seed ${s.seeds[0]}`;
  const lines = [
    `simulator: ${s.title}`,
    `  ${seeds}; ${plans.reduce((n, p) => n + p.arrivals.length, 0)} contacts; SL target ${targets}; interpreter after ${s.center.interpreterAfterSeconds} s; ` +
      `no-show costs ${NO_SHOW_MINUTES} min; ${OVERTIME_MINUTES} min overtime; waits in minutes`,
  ];
  const table = formatTable([...results].map(([policy, runs]) => ({ policy, rows: summarize(runs.flatMap((r) => r.contacts)) })));
  lines.push(...table.map((l) => `  ${l}`));
  // Contacts no staffed agent could ever take (skill and channel): they end the day 'open' under any policy.
  const stranded = new Map<string, number>();
  for (const p of plans) {
    for (const a of p.arrivals) {
      if (!s.center.agents.some((agent) => canServe(agent, a))) stranded.set(`${a.channel}/${a.service}`, (stranded.get(`${a.channel}/${a.service}`) ?? 0) + 1);
    }
  }
  if (stranded.size) lines.push(`  no staffed agent has the skill and channel for: ${[...stranded].map(([k, n]) => `${k} ${n}`).join(', ')} (counted in 'open')`);
  for (const [policy, runs] of results) {
    const e = estimateError(runs.flatMap((r) => r.contacts));
    const sign = e.bias >= 0 ? '+' : '';
    lines.push(`  ${policy.padEnd(5)} occupancy ${formatPercent(occupancy(runs))}; visit wait estimate MAE ${formatMinutes(e.mae)} min ` +
      `(bias ${sign}${formatMinutes(e.bias)}, mean actual ${formatMinutes(e.meanActual)}, n=${e.n}, unknown ${e.unknown}); ` +
      `counting every channel ahead (the old rule): MAE ${formatMinutes(e.maeAllChannels)} min; ${(ms.get(policy)! / runs.length).toFixed(1)} ms per day`);
  }
  return lines;
}

/** The comparison as printable lines (run.ts collects lines like this). */
export function simulatorBenchLines(): string[] {
  const profile = PROFILES[PROFILE]!;
  const seedCount = (fallback: number) => {
    const n = Number(process.env.BENCH_SIM_SEEDS ?? fallback);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  const seeds = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  const t0 = performance.now();
  const demo = loadDemoCenter({ staffing: profile.staffing });
  const scale = scaleForOccupancy(profile, demo, TARGET_LOAD, NO_SHOW_MINUTES);
  const full = loadDemoCenter({ staffing: profile.staffing, copies: FULL_VOLUME_COPIES });
  const lines = [
    ...runScenario({
      title: `${PROFILE}, the demo team (${demo.agents.length} agents: ${demo.agents.map((a) => `${a.id}@${a.servicePoint ?? 'back office'}`).join(', ')}), ` +
        `volume ×${scale.toFixed(3)} so offered work = ${Math.round(TARGET_LOAD * 100)}% of staffed time`,
      center: demo, scale, seeds: seeds(seedCount(10)),
    }),
    ...runScenario({
      title: `${PROFILE} at full volume, the demo team ×${FULL_VOLUME_COPIES} (${full.agents.length} agents, ${full.servicePoints.size} counters)`,
      center: full, scale: 1, seeds: seeds(seedCount(5)),
    }),
  ];
  lines.push(`simulator run time: ${(performance.now() - t0).toFixed(0)} ms in all`);
  return lines;
}

export async function runSimulatorBench(): Promise<void> {
  for (const line of simulatorBenchLines()) console.log(line);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runSimulatorBench();
}
