import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from './ports.js';
import { groupAlive, run, type Running } from './processes.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Lobby {
  http: string;
  mqtt: string;
  dir: string;
  printsDir: string;
  dbPath: string;
  server: Running;
  /** Ctrl-C to the whole process group; resolves with the server's exit code. */
  stop(): Promise<number | string>;
  /** Deletes the data folder (after stop). */
  remove(): void;
}

/**
 * The real lobby as `npm start` runs it (built server, forked bridge, embedded broker
 * unless an external MQTT URL is given), on free ports and a temp data folder.
 */
export async function startLobby(opts: { mqttUrl?: string; env?: Record<string, string>; npmStart?: boolean } = {}): Promise<Lobby> {
  const dir = mkdtempSync(join(tmpdir(), 'entre-e2e-'));
  const port = await freePort();
  const mqttPort = await freePort();
  const printsDir = join(dir, 'prints');
  const dbPath = join(dir, 'entre.db');
  // `npm start` itself when the test is about the README's command; the built entry otherwise.
  const [cmd, args] = opts.npmStart ? ['npm', ['start', '--silent']] : [process.execPath, [join(repoRoot, 'server', 'dist', 'main.js')]];
  const server = run(cmd, args, {
    cwd: repoRoot,
    detached: true, // own process group, so a stop reaches the bridge as Ctrl-C would
    env: {
      ...process.env, HOST: '127.0.0.1', PORT: String(port), MQTT_PORT: String(mqttPort), ENTRE_DB: dbPath,
      ENTRE_PRINTS_DIR: printsDir, LOG_LEVEL: 'warn',
      // No made-up past weeks: tests count contacts. A test that wants them says so in `env`.
      ENTRE_DEMO_HISTORY_WEEKS: '0', ...(opts.mqttUrl ? { MQTT_URL: opts.mqttUrl } : {}), ...opts.env,
    },
  });
  const m = await server.waitForOutput(/Kiosk:\s+(http:\/\/\S+)\/kiosk\//);
  const http = m[1]!;
  const mqtt = opts.mqttUrl ?? `mqtt://127.0.0.1:${mqttPort}`;
  const pgid = server.child.pid!;
  return {
    http, mqtt, dir, printsDir, dbPath, server,
    async stop() {
      if (server.child.exitCode === null) process.kill(-pgid, 'SIGINT');
      const code = await Promise.race([server.exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 15_000))]);
      if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
      await waitFor('process group gone', () => !groupAlive(pgid) || undefined, 5000).catch(() => undefined);
      return code;
    },
    remove() { rmSync(dir, { recursive: true, force: true }); },
  };
}

/** A real Mosquitto on a free port with a throwaway config: no persistence, anonymous on loopback. */
export interface Mosquitto {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Stops the broker but keeps its config, for a later startAgain(). */
  stopOnly(): Promise<void>;
  startAgain(): Promise<void>;
}

export async function startMosquitto(): Promise<Mosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'entre-mosquitto-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'log_dest stderr', ''].join('\n'));
  let proc: Running;
  const startOne = async () => {
    proc = run('mosquitto', ['-c', conf]);
    await proc.waitForOutput(new RegExp(`listen socket on port ${port}`), 10_000);
  };
  await startOne();
  const stopOne = async () => {
    if (proc.child.exitCode === null) proc.child.kill('SIGTERM');
    await proc.exited;
  };
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    stopOnly: stopOne,
    startAgain: startOne,
    stop: async () => { await stopOne(); rmSync(dir, { recursive: true, force: true }); },
  };
}
