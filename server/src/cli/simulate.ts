/**
 * A simulated day of a "one way in" service center against a running server:
 *
 *   npm run simulate -- --profile orebro-day [--url http://127.0.0.1:8080] [--speed 60]
 *                       [--seed 42] [--minutes N] [--scale F] [--no-agents] [--dry-run]
 *
 * The plan (who arrives when, on which channel, about what) is generated from the seed, so a
 * run can be repeated exactly; `--dry-run` prints it per hour without touching a server.
 * Exit code: 0 a clean run, 1 some request failed, 2 a usage or set-up problem.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generatePlan } from '../simulate/arrivals.js';
import { drive } from '../simulate/driver.js';
import { PROFILES } from '../simulate/profiles.js';
import { errorCount, formatPlan, formatSummary } from '../simulate/report.js';

const USAGE = `usage: simulate --profile NAME [options]
  --profile NAME     ${Object.values(PROFILES).map((p) => `${p.id} (${p.description})`).join('; ')}
  --url URL          server to drive (default http://127.0.0.1:8080; loopback only unless --allow-remote)
  --speed N          simulated seconds per real second (default 60: a minute per second)
  --seed N           same seed, same day (default 42)
  --minutes N        simulate only the first N minutes of the day
  --scale F          multiply every channel's volume (e.g. 0.25)
  --no-agents        only create traffic; do not drive the demo agents
  --dry-run          print the generated plan per hour and exit (no server needed)
  --user NAME        staff account to sign in as (default reception; password: ENTRE_SIM_PASSWORD or the demo one)
  --allow-remote     allow a non-loopback --url (the run creates hundreds of contacts there)`;

export interface SimIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Aborted on Ctrl-C: the run winds down gracefully and still prints its summary. */
  signal?: AbortSignal;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function number(name: string, raw: string | undefined, fallback: number, ok: (n: number) => boolean): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !ok(n)) throw new UsageError(`--${name} ${raw} is not valid`);
  return n;
}

class UsageError extends Error {}

export async function main(argv: string[], io: SimIo): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        profile: { type: 'string' }, url: { type: 'string' }, speed: { type: 'string' }, seed: { type: 'string' },
        minutes: { type: 'string' }, scale: { type: 'string' }, agents: { type: 'boolean' }, 'no-agents': { type: 'boolean' },
        'dry-run': { type: 'boolean' }, user: { type: 'string' }, 'allow-remote': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) { io.out(USAGE); return 0; }
    const profile = values.profile ? PROFILES[values.profile] : undefined;
    if (!profile) throw new UsageError(values.profile ? `unknown profile "${values.profile}"` : 'say which --profile');
    const seed = number('seed', values.seed, 42, (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32);
    const speed = number('speed', values.speed, 60, (n) => n > 0 && n <= 100_000);
    const scale = number('scale', values.scale, 1, (n) => n > 0 && n <= 10);
    const minutes = values.minutes === undefined ? undefined : number('minutes', values.minutes, 0, (n) => n > 0 && n <= 24 * 60);
    const plan = generatePlan(profile, { seed, scale, ...(minutes !== undefined ? { minutes } : {}) });

    if (values['dry-run']) { for (const l of formatPlan(plan, profile)) io.out(l); return 0; }

    const url = values.url ?? 'http://127.0.0.1:8080';
    let host: string;
    try { host = new URL(url).hostname; } catch { throw new UsageError(`--url ${url} is not a URL`); }
    if (!LOOPBACK.test(host) && !values['allow-remote']) {
      throw new UsageError(`${host} is not this machine; the simulator floods a server with contacts, so say --allow-remote if you mean it`);
    }
    const realSeconds = ((plan.end - plan.start) * 60) / speed;
    io.out(`Driving ${url}: ${profile.id}, seed ${seed}, ${plan.arrivals.length} contacts over ${Math.round(plan.end - plan.start)} simulated minutes ` +
      `at ${speed}× (~${Math.ceil(realSeconds)} s)${values['no-agents'] ? ', no agents' : ''}`);
    const report = await drive({
      baseUrl: url, plan, profile, speed, agents: !values['no-agents'], out: io.out,
      ...(values.user ? { username: values.user } : {}),
      ...(io.env['ENTRE_SIM_PASSWORD'] ? { password: io.env['ENTRE_SIM_PASSWORD'] } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
    });
    for (const l of formatSummary(report)) io.out(l);
    return errorCount(report) > 0 ? 1 : 0;
  } catch (err) {
    io.err(`simulate: ${(err as Error).message}${err instanceof UsageError ? `\n${USAGE}` : ''}`);
    return 2;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  // First Ctrl-C: wind down (finish contacts in hand, restore agents, print the summary).
  // A second one: leave now.
  const ctl = new AbortController();
  process.on('SIGINT', () => {
    if (ctl.signal.aborted) process.exit(130);
    process.stderr.write('simulate: stopping after the contacts in hand (Ctrl-C again to quit now)\n');
    ctl.abort();
  });
  const code = await main(process.argv.slice(2), {
    env: process.env, signal: ctl.signal,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
  // Pending keep-alive sockets must not hold the process after the summary.
  process.exit(code);
}
