/**
 * Real processes for the fault suite (tests/faults/), each in its own process group so a
 * test can SIGKILL exactly it and an `after` hook can always reap it:
 * - the built server (`node server/dist/main.js`) on fixed ports and a given database file,
 *   so it can be killed and started again on the same file, ports and broker;
 * - the built bridge (`node firmware-bridge/dist/main.js`) as a separate process;
 * - a Mosquitto that can be SIGKILLed and started again on the same port.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './lobby.js';
import { waitFor } from './ports.js';
import { groupAlive, run, type Running } from './processes.js';

export interface Proc {
  running: Running;
  pid: number;
  alive(): boolean;
  /** SIGKILL to the whole group; resolves once the group is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (then SIGKILL after `ms`); resolves once the group is gone. */
  stop(ms?: number): Promise<void>;
}

function proc(running: Running): Proc {
  const pid = running.child.pid!;
  const gone = () => waitFor(`process group ${pid} gone`, () => !groupAlive(pid) || undefined, 5000).catch(() => undefined);
  return {
    running, pid,
    alive: () => running.child.exitCode === null && running.child.signalCode === null,
    async kill9() {
      if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
      await running.exited;
      await gone();
    },
    async stop(ms = 10_000) {
      if (groupAlive(pid)) process.kill(-pid, 'SIGTERM');
      await Promise.race([running.exited, new Promise((r) => setTimeout(r, ms))]);
      if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
      await gone();
    },
  };
}

/** Environment every fault-test server gets: quiet, no made-up history, no rate limits in the way. */
const SERVER_ENV = {
  HOST: '127.0.0.1', LOG_LEVEL: 'warn', ENTRE_DEMO_HISTORY_WEEKS: '0',
  // The suite sends many requests from one address and one kiosk on purpose.
  ENTRE_KIOSK_TICKETS_PER_MINUTE: '100000', ENTRE_PUBLIC_REQUESTS_PER_MINUTE: '1000000',
};

export interface ServerProc extends Proc {
  http: string;
  /** When it printed "Entré is running" (performance.now() of this process). */
  readyAt: number;
}

/**
 * The built server on `port`, its database at `dbPath`. With `mqttUrl` it uses that broker;
 * otherwise its embedded one on `mqttPort`. `bridge: false` (default) starts no bridge.
 */
export async function startServer(opts: {
  port: number; dbPath: string; printsDir: string; mqttUrl?: string; mqttPort?: number; bridge?: boolean; env?: Record<string, string>;
}): Promise<ServerProc> {
  const running = run(process.execPath, [join(repoRoot, 'server', 'dist', 'main.js')], {
    cwd: repoRoot,
    detached: true,
    env: {
      ...process.env, ...SERVER_ENV, PORT: String(opts.port), ENTRE_DB: opts.dbPath, ENTRE_PRINTS_DIR: opts.printsDir,
      ...(opts.mqttUrl ? { MQTT_URL: opts.mqttUrl } : {}),
      ...(opts.mqttPort ? { MQTT_PORT: String(opts.mqttPort) } : {}),
      ...(opts.bridge ? {} : { ENTRE_BRIDGE: 'none' }),
      ...opts.env,
    },
  });
  const p = proc(running);
  try {
    const m = await running.waitForOutput(/Kiosk:\s+(http:\/\/\S+)\/kiosk\//, 30_000);
    return { ...p, http: m[1]!, readyAt: performance.now() };
  } catch (err) {
    await p.kill9();
    throw err;
  }
}

export interface BridgeProc extends Proc { startedAt: number }

/** The built bridge as its own process (not forked by the server): `printers` as ENTRE_PRINTERS. */
export async function startBridge(opts: {
  mqttUrl: string; stateDir: string; printsDir: string; printers?: object[]; statusIntervalMs?: number; env?: Record<string, string>;
}): Promise<BridgeProc> {
  const running = run(process.execPath, [join(repoRoot, 'firmware-bridge', 'dist', 'main.js')], {
    cwd: repoRoot,
    detached: true,
    env: {
      ...process.env, MQTT_URL: opts.mqttUrl, ENTRE_SITE: 'demo', ENTRE_BRIDGE_ID: 'bridge-1', LOG_LEVEL: 'info',
      ENTRE_BRIDGE_STATE_DIR: opts.stateDir, ENTRE_PRINTS_DIR: opts.printsDir,
      ENTRE_STATUS_INTERVAL_MS: String(opts.statusIntervalMs ?? 500),
      ...(opts.printers ? { ENTRE_PRINTERS: JSON.stringify(opts.printers) } : {}),
      ...opts.env,
    },
  });
  const p = proc(running);
  try {
    await running.waitForOutput(/"msg":"bridge started"/, 20_000);
    return { ...p, startedAt: performance.now() };
  } catch (err) {
    await p.kill9();
    throw err;
  }
}

export interface MosquittoProc {
  url: string;
  port: number;
  running(): Proc | undefined;
  /** (Re)starts on the same port; resolves once it listens. */
  start(): Promise<void>;
  kill9(): Promise<void>;
  /** Kills it (if running) and removes its config. */
  remove(): Promise<void>;
}

/** A Mosquitto 2 on `port`: no persistence, anonymous on loopback (as tests/support/lobby.ts). */
export function mosquittoOn(port: number): MosquittoProc {
  const dir = mkdtempSync(join(tmpdir(), 'entre-fault-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'log_dest stderr', ''].join('\n'));
  let current: Proc | undefined;
  const bin = process.env.MOSQUITTO_PATH ?? '/usr/sbin/mosquitto';
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    running: () => current,
    async start() {
      const running = run(bin, ['-c', conf], { detached: true });
      current = proc(running);
      try {
        await running.waitForOutput(new RegExp(`listen socket on port ${port}`), 10_000);
      } catch (err) {
        await current.kill9();
        throw err;
      }
    },
    async kill9() { await current?.kill9(); },
    async remove() {
      await current?.kill9();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Reaps every process given, whatever state each is in; for `after` hooks. */
export async function reap(...procs: (Pick<Proc, 'kill9'> | undefined)[]): Promise<void> {
  for (const p of procs) await p?.kill9().catch(() => undefined);
}
