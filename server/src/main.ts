import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { buildApp } from './app.js';
import { configFromEnv, type ServerConfig } from './config.js';
import { issueAndEnrol } from './store/device-credential-store.js';
import { checkpointInBackground } from './store/db.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');

/** Starts the bridge beside the demo server; it exits by itself if we die (IPC disconnect). */
function startBridge(mqttUrl: string, config: ServerConfig, logger: pino.Logger, login?: { username: string; password: string }): ChildProcess | undefined {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = join(repoRoot, 'firmware-bridge', fromSource ? 'src/main.ts' : 'dist/main.js');
  if (!existsSync(entry)) {
    logger.warn({ entry }, 'firmware bridge not built; tickets will not print');
    return undefined;
  }
  const child = fork(entry, [], {
    env: {
      ...process.env,
      MQTT_URL: mqttUrl,
      ENTRE_PRINTS_DIR: process.env.ENTRE_PRINTS_DIR ?? join(repoRoot, 'data', 'prints'),
      // Beside the database: the bridge's memory of printed jobs belongs to this lobby's data.
      ENTRE_BRIDGE_STATE_DIR: process.env.ENTRE_BRIDGE_STATE_DIR ?? join(dirname(resolve(config.dbPath)), 'bridge'),
      ...(login ? { MQTT_USERNAME: login.username, MQTT_PASSWORD: login.password } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('exit', (code, signal) => {
    if (!shuttingDown) logger.error({ code, signal }, 'firmware bridge exited');
  });
  return child;
}

/**
 * Waits until the bridge has subscribed to its printers' jobs, so the first ticket after
 * the URLs are printed cannot be published before anyone listens for it.
 */
function bridgeReady(child: ChildProcess, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { cleanup(); resolve(false); }, ms);
    const onMessage = (m: unknown) => {
      if ((m as { type?: string } | null)?.type === 'entre-bridge:ready') { cleanup(); resolve(true); }
    };
    const onExit = () => { cleanup(); resolve(false); };
    const cleanup = () => { clearTimeout(timer); child.off('message', onMessage); child.off('exit', onExit); };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

let shuttingDown = false;

async function main(): Promise<void> {
  const config = configFromEnv(process.env, repoRoot);
  const logger = pino({ level: config.logLevel });
  const app = await buildApp(config, { logger });
  // The WAL is checkpointed by a worker thread, never inside a request's commit (store/db.ts).
  const checkpoints = checkpointInBackground(app.db, {
    onError: (message) => logger.warn({ err: message }, 'background checkpoint failed; the server checkpoints the WAL itself meanwhile'),
  });
  const urls = await app.start();
  const forkBridge = config.demo && process.env.ENTRE_BRIDGE !== 'none';
  // An enrolled site on our own broker: the forked bridge gets a login of its own, as any
  // device would (bridge-1 with every printer of the site, enrolled by us in-process).
  let login: { username: string; password: string } | undefined;
  if (forkBridge && config.deviceAuth === 'enrolled' && !config.mqttUrl) {
    const id = process.env.ENTRE_BRIDGE_ID || 'bridge-1';
    try {
      const { token } = issueAndEnrol(app.db, { clock: () => new Date(), staff: app.staff }, { site: process.env.ENTRE_SITE || 'demo', kind: 'bridge', id, allPrinters: true });
      login = { username: id, password: token };
    } catch (err) {
      logger.error({ err: (err as Error).message, device: id }, 'could not enrol the demo bridge; the broker will refuse it');
    }
  }
  const bridge = forkBridge ? startBridge(urls.mqtt, config, logger, login) : undefined;
  if (bridge && !(await bridgeReady(bridge, 15_000))) logger.error('firmware bridge did not report ready; tickets may not print');

  process.stdout.write([
    '',
    'Entré is running.',
    `  Kiosk:    ${urls.kiosk}`,
    `  Display:  ${urls.display}`,
    `  Console:  ${urls.console}`,
    `  MQTT:     ${urls.mqtt}  (WebSocket: ${urls.http.replace(/^http/, 'ws')}/mqtt)`,
    config.demo ? `  Prints:   ${process.env.ENTRE_PRINTS_DIR ?? join(repoRoot, 'data', 'prints')}` : '',
    'Press Ctrl-C to stop.',
    '',
  ].filter(Boolean).join('\n') + '\n');

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const bridgeExited = bridge && bridge.exitCode === null
      ? new Promise<void>((res) => { bridge.once('exit', () => res()); bridge.kill('SIGTERM'); setTimeout(() => { bridge.kill('SIGKILL'); res(); }, 5000).unref(); })
      : Promise.resolve();
    await bridgeExited;
    await checkpoints.stop();
    await app.stop();
    process.stdout.write('Entré stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: Error) => {
  process.stderr.write(`Entré could not start: ${err.message}\n`);
  process.exit(1);
});
