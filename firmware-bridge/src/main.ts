/**
 * The bridge process: reads the environment once, builds the parts and starts them. The
 * only file that touches process state (env, signals, exit, IPC).
 */
import { pino } from 'pino';
import { createBridge, type BridgePrinter } from './bridge.js';
import { ConfigError, configFileAsEnv, loadConfig, type BridgeConfig } from './config.js';
import { readFileSync } from 'node:fs';
import { createVirtualPrinter } from './drivers/virtual.js';
import { createJobJournal } from './job-journal.js';
import { createCounterDevice } from './devices/counter-device.js';
import type { CounterButton } from '@entre/protocol';
import { join } from 'node:path';
import { createSerialPrinter } from './drivers/serial.js';
import { createNetworkPrinter } from './drivers/network.js';
import { createUsbPrinter, listUsbDevices } from './drivers/usb.js';
import { brokerLogin, EnrolmentError, type BrokerLogin } from './enrolment.js';

/** What a parent that forked us (the server in demo mode) receives once we are serving. */
export interface ReadyMessage {
  type: 'entre-bridge:ready';
  device: string;
  printers: string[];
}

/** Longest a shutdown may take before the process leaves anyway. */
const SHUTDOWN_TIMEOUT_MS = 5000;

function printersFor(config: BridgeConfig): BridgePrinter[] {
  return config.printers.map((p) => {
    switch (p.driver) {
      case 'virtual':
        return { id: p.id, driver: createVirtualPrinter({ dir: p.dir }), profile: p.profile };
      case 'serial':
        return { id: p.id, driver: createSerialPrinter({ path: p.path!, baudRate: p.baudRate ?? 9600 }), profile: p.profile };
      case 'usb':
        return { id: p.id, driver: createUsbPrinter({ ...(p.vendorId !== undefined ? { vendorId: p.vendorId, productId: p.productId } : {}) }), profile: p.profile };
      case 'network':
        return { id: p.id, driver: createNetworkPrinter({ host: p.host!, port: p.port ?? 9100, statusQuery: p.statusQuery ?? true }), profile: p.profile };
    }
  });
}

/** `--config FILE` (or ENTRE_BRIDGE_CONFIG) under the environment, which wins. */
function environment(): NodeJS.ProcessEnv {
  const i = process.argv.indexOf('--config');
  const file = i >= 0 ? process.argv[i + 1] : process.env.ENTRE_BRIDGE_CONFIG;
  if (!file) return process.env;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${file}: cannot be read (${(err as Error).message})`]);
  }
  return { ...configFileAsEnv(file, text), ...process.env };
}

async function listPrinters(): Promise<void> {
  try {
    const devices = await listUsbDevices();
    if (devices.length === 0) process.stdout.write('No USB devices seen (is the printer plugged in, and may this user read /dev/bus/usb?).\n');
    for (const d of devices) {
      process.stdout.write(`${d.vendorId}:${d.productId}  ${d.printerClass ? 'printer' : 'other (a printer with a vendor class works by id)'}\n`);
    }
    process.exit(0);
  } catch (err) {
    process.stderr.write(`entre-bridge: ${(err as Error).message}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--list-printers')) {
    void listPrinters();
    return;
  }
  let config: BridgeConfig;
  try {
    config = loadConfig(environment());
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`entre-bridge: ${err.message}\n`);
    process.exit(2);
  }

  const logger = pino({ level: config.logLevel, base: { service: 'entre-bridge', pid: process.pid } });
  const log = logger.child({ module: 'main' });
  // The broker login: the environment's, the saved one, or a new one for ENTRE_ENROL_CODE (enrolment.ts).
  let login: BrokerLogin | undefined;
  try {
    login = await brokerLogin(config, { log: (msg) => log.info(msg) });
  } catch (err) {
    if (!(err instanceof EnrolmentError)) throw err;
    log.fatal({ code: err.code }, err.message);
    process.stderr.write(`entre-bridge: ${err.message}\n`);
    process.exit(2);
  }
  if (login?.source === 'enrolled') log.info({ username: login.username }, 'enrolled with the server; credentials saved');
  else if (login?.source === 'saved') log.info({ username: login.username }, 'using the saved enrolment credentials');
  // Keypads report to the bridge, which is made below: bind late.
  let pressed: (point: string, button: CounterButton) => void = () => undefined;
  const counterDevices = config.counters.map((c) => ({
    point: c.point,
    device: createCounterDevice({
      path: c.path, baudRate: c.baudRate,
      onKey: (button) => pressed(c.point, button),
      onFault: (reason, detail) => log.warn({ point: c.point, reason, detail }, 'counter device fault'),
    }),
  }));
  const bridge = createBridge({
    mqttUrl: config.mqttUrl,
    site: config.site,
    device: config.device,
    printers: printersFor(config),
    journal: createJobJournal(join(config.stateDir, `${config.device}-printed-jobs.log`)),
    counters: counterDevices.map(({ point, device }) => ({ point, sign: device })),
    logger,
    statusIntervalMs: config.statusIntervalMs,
    mqttOptions: login ? { username: login.username, ...(login.password !== '' ? { password: login.password } : {}) } : {},
  });

  pressed = (point, button) => {
    bridge.keypad(point, button).catch((err: unknown) => log.error({ err, point, button }, 'keypad press not sent'));
  };

  let shuttingDown = false;
  const shutdown = (why: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ why }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown took too long; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    bridge
      .stop()
      .then(() => Promise.all(counterDevices.map(({ device }) => device.close())))
      .catch((err: unknown) => log.error({ err }, 'error while stopping'))
      .finally(() => process.exit(0));
  };

  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  // Forked by the server (demo mode): when the IPC channel goes, the parent is gone, and a
  // bridge left running would be an orphan holding the printer and the device id.
  if (process.send) {
    process.once('disconnect', () => shutdown('parent disconnected'));
    if (!process.connected) shutdown('parent disconnected');
  }

  bridge
    .start()
    .then(() => {
      if (process.send && process.connected) {
        const ready: ReadyMessage = { type: 'entre-bridge:ready', device: config.device, printers: config.printers.map((p) => p.id) };
        process.send(ready);
      }
    })
    .catch((err: unknown) => {
      if (shuttingDown) return;
      log.fatal({ err }, 'bridge could not start');
      process.exit(1);
    });
}

main().catch((err: unknown) => {
  process.stderr.write(`entre-bridge: could not start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
