/**
 * The bridge's whole configuration, read from the environment once (by main.ts) and
 * validated here, so a typo stops the bridge at start with a message naming the variable
 * rather than surfacing later as a printer that silently never prints.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checker, Id } from '@entre/protocol';
import type { PrinterProfile } from './render/ticket.js';
import type { Bitmap } from './render/bitmap.js';
import { loadLogo } from './render/logo.js';

/** Every variable the bridge reads, with what it means; also the text of config errors. */
export const ENV_DESCRIPTIONS = {
  MQTT_URL: 'broker URL (mqtt://, mqtts://, ws://, wss://); default mqtt://127.0.0.1:1883',
  MQTT_USERNAME: 'broker user name; wins over enrolled credentials; optional',
  MQTT_PASSWORD: 'broker password; wins over enrolled credentials; optional',
  ENTRE_SERVER_URL: 'the server\'s HTTP(S) address, for enrolment, e.g. http://192.0.2.10:8080',
  ENTRE_ENROL_CODE: 'one-time enrolment code from an administrator (XXXXX-XXXXX); traded once for the bridge\'s broker login, kept in ENTRE_BRIDGE_STATE_DIR/<id>-credentials.json',
  ENTRE_SITE: 'site id the bridge serves; default demo',
  ENTRE_BRIDGE_ID: 'this bridge\'s device id; default bridge-1',
  ENTRE_PRINTERS: 'JSON array of printers, e.g. [{"id":"printer-1","driver":"virtual","widthDots":576,"qr":"native","logo":"/etc/entre/logo.png"}]; default one virtual printer-1',
  ENTRE_PRINTS_DIR: 'where virtual printers write <jobId>.bin and .txt; default data/prints',
  ENTRE_STATUS_INTERVAL_MS: 'printer status poll interval in ms; default 5000',
  ENTRE_COUNTERS: 'JSON array of serial counter keypads/LED signs, e.g. [{"point":"disk-1","path":"/dev/serial/by-id/…","baudRate":9600}]; default none',
  ENTRE_BRIDGE_STATE_DIR: 'where the bridge remembers printed jobs across restarts; default data/bridge',
  LOG_LEVEL: 'pino level (fatal, error, warn, info, debug, trace, silent); default info',
} as const;

export type DriverKind = 'virtual' | 'serial' | 'network' | 'usb';

export interface PrinterConfig {
  id: string;
  driver: DriverKind;
  profile: PrinterProfile;
  /** Virtual printers only: where files go (defaults to ENTRE_PRINTS_DIR). */
  dir: string;
  /** Serial printers: the device (prefer /dev/serial/by-id/… so it survives re-plugging) and speed. */
  path?: string;
  baudRate?: number;
  /** Network printers: raw TCP, usually port 9100; statusQuery false for models that do not answer DLE EOT there. */
  host?: string;
  port?: number;
  statusQuery?: boolean;
  /** USB printers: vendor and product id (needed for printers that do not report the printer class). */
  vendorId?: number;
  productId?: number;
}

export interface CounterConfig {
  /** The service point whose keypad and sign this is. */
  point: string;
  path: string;
  baudRate: number;
}

export interface BridgeConfig {
  mqttUrl: string;
  mqttUsername?: string;
  mqttPassword?: string;
  /** Enrolment (enrolment.ts): the server to trade the code at, and the code. */
  serverUrl?: string;
  enrolCode?: string;
  site: string;
  device: string;
  printers: PrinterConfig[];
  printsDir: string;
  stateDir: string;
  counters: CounterConfig[];
  statusIntervalMs: number;
  logLevel: LogLevel;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'ENTRE_CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`invalid bridge configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Ids become MQTT topic levels, so they follow protocol's Id rule. */
const checkId = checker(Id);
const ID = { test: (value: string) => checkId(value).ok };
const WIDTHS = [576, 512, 384] as const;
const DRIVERS: readonly DriverKind[] = ['virtual', 'serial', 'network', 'usb'];
/** Drivers DESIGN §6 names that this build does not ship yet, so the error can say so. */
const PLANNED_DRIVERS: string[] = [];

export function loadConfig(env: NodeJS.ProcessEnv): BridgeConfig {
  const problems: string[] = [];
  const get = (name: keyof typeof ENV_DESCRIPTIONS): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  const mqttUrl = get('MQTT_URL') ?? 'mqtt://127.0.0.1:1883';
  try {
    const protocol = new URL(mqttUrl).protocol;
    if (!['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'].includes(protocol)) problems.push(`MQTT_URL: unsupported scheme ${protocol} (${ENV_DESCRIPTIONS.MQTT_URL})`);
  } catch {
    problems.push(`MQTT_URL: not a URL: ${JSON.stringify(mqttUrl)}`);
  }

  const site = get('ENTRE_SITE') ?? 'demo';
  if (!ID.test(site)) problems.push(`ENTRE_SITE: ${JSON.stringify(site)} must be a lower-case id (a-z, 0-9, _ and -)`);
  const device = get('ENTRE_BRIDGE_ID') ?? 'bridge-1';
  if (!ID.test(device)) problems.push(`ENTRE_BRIDGE_ID: ${JSON.stringify(device)} must be a lower-case id (a-z, 0-9, _ and -)`);

  const printsDir = get('ENTRE_PRINTS_DIR') ?? join('data', 'prints');
  const stateDir = get('ENTRE_BRIDGE_STATE_DIR') ?? join('data', 'bridge');

  const intervalText = get('ENTRE_STATUS_INTERVAL_MS') ?? '5000';
  const statusIntervalMs = Number(intervalText);
  if (!Number.isInteger(statusIntervalMs) || statusIntervalMs < 100) problems.push(`ENTRE_STATUS_INTERVAL_MS: ${JSON.stringify(intervalText)} must be an integer ≥ 100`);

  const logLevelText = get('LOG_LEVEL') ?? 'info';
  const logLevel = LOG_LEVELS.find((l) => l === logLevelText);
  if (!logLevel) problems.push(`LOG_LEVEL: ${JSON.stringify(logLevelText)} must be one of ${LOG_LEVELS.join(', ')}`);

  const printers = parsePrinters(get('ENTRE_PRINTERS'), printsDir, problems);
  const counters = parseCounters(get('ENTRE_COUNTERS'), problems);

  const username = get('MQTT_USERNAME');
  const password = env['MQTT_PASSWORD'];
  if (password !== undefined && password !== '' && username === undefined) problems.push('MQTT_PASSWORD is set but MQTT_USERNAME is not');

  const serverUrl = get('ENTRE_SERVER_URL');
  if (serverUrl !== undefined) {
    let protocol: string | undefined;
    try { protocol = new URL(serverUrl).protocol; } catch { problems.push(`ENTRE_SERVER_URL: not a URL: ${JSON.stringify(serverUrl)} (${ENV_DESCRIPTIONS.ENTRE_SERVER_URL})`); }
    if (protocol !== undefined && protocol !== 'http:' && protocol !== 'https:') problems.push(`ENTRE_SERVER_URL: must be http:// or https://, not ${protocol}`);
  }
  const enrolCode = get('ENTRE_ENROL_CODE');
  if (enrolCode !== undefined && serverUrl === undefined) problems.push('ENTRE_ENROL_CODE is set but ENTRE_SERVER_URL is not: the bridge needs the server\'s address to enrol');

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mqttUrl,
    ...(username !== undefined ? { mqttUsername: username } : {}),
    ...(password ? { mqttPassword: password } : {}),
    ...(serverUrl !== undefined ? { serverUrl } : {}),
    ...(enrolCode !== undefined ? { enrolCode } : {}),
    site,
    device,
    printers,
    printsDir,
    stateDir,
    counters,
    statusIntervalMs,
    logLevel: logLevel ?? 'info',
  };
}

function parsePrinters(text: string | undefined, printsDir: string, problems: string[]): PrinterConfig[] {
  if (text === undefined) return [{ id: 'printer-1', driver: 'virtual', profile: { widthDots: 576, codePage: 'cp858' }, dir: printsDir }];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    problems.push(`ENTRE_PRINTERS: not JSON (${(err as Error).message}); ${ENV_DESCRIPTIONS.ENTRE_PRINTERS}`);
    return [];
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`ENTRE_PRINTERS: must be a non-empty JSON array; ${ENV_DESCRIPTIONS.ENTRE_PRINTERS}`);
    return [];
  }
  const printers: PrinterConfig[] = [];
  const seen = new Set<string>();
  raw.forEach((item: unknown, i) => {
    const at = `ENTRE_PRINTERS[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    const p = item as Record<string, unknown>;
    const known = ['id', 'driver', 'widthDots', 'codePage', 'numberScale', 'qrModuleSize', 'qr', 'logo', 'dir', 'path', 'baudRate', 'host', 'port', 'statusQuery', 'vendorId', 'productId'];
    for (const key of Object.keys(p)) if (!known.includes(key)) problems.push(`${at}.${key}: unknown setting (known: ${known.join(', ')})`);

    const id = p['id'];
    if (typeof id !== 'string' || !ID.test(id)) problems.push(`${at}.id: must be a lower-case id (a-z, 0-9, _ and -)`);
    else if (seen.has(id)) problems.push(`${at}.id: ${JSON.stringify(id)} is listed twice`);
    else seen.add(id);

    const driver = p['driver'] ?? 'virtual';
    const knownDriver = DRIVERS.find((d) => d === driver);
    if (!knownDriver) {
      problems.push(
        PLANNED_DRIVERS.includes(String(driver))
          ? `${at}.driver: ${JSON.stringify(driver)} is not available in this build yet (available: ${DRIVERS.join(', ')})`
          : `${at}.driver: must be one of ${DRIVERS.join(', ')}`,
      );
    }

    const widthDots = p['widthDots'] ?? 576;
    const width = WIDTHS.find((w) => w === widthDots);
    if (!width) problems.push(`${at}.widthDots: must be 576 (80 mm), 512 (80 mm, 180 dpi e.g. TM-T88) or 384 (58 mm)`);

    const codePage = p['codePage'] ?? 'cp858';
    if (codePage !== 'cp858') problems.push(`${at}.codePage: only "cp858" is supported`);

    const numberScale = p['numberScale'];
    if (numberScale !== undefined && numberScale !== 2 && numberScale !== 3 && numberScale !== 4) problems.push(`${at}.numberScale: must be 2, 3 or 4`);

    const qrModuleSize = p['qrModuleSize'];
    if (qrModuleSize !== undefined && (typeof qrModuleSize !== 'number' || !Number.isInteger(qrModuleSize) || qrModuleSize < 1 || qrModuleSize > 16)) {
      problems.push(`${at}.qrModuleSize: must be an integer 1–16`);
    }

    const qr = p['qr'] ?? 'native';
    if (qr !== 'native' && qr !== 'raster') problems.push(`${at}.qr: must be "native" (the printer draws it, GS ( k) or "raster" (sent as dots, for printers without QR)`);

    const logoPath = p['logo'];
    let logo: Bitmap | undefined;
    if (logoPath !== undefined) {
      if (typeof logoPath !== 'string' || logoPath === '') problems.push(`${at}.logo: must be the path of a PNG, JPEG or WebP file`);
      else if (width) {
        try {
          logo = loadLogo(readFileSync(logoPath), width);
        } catch (err) {
          problems.push(`${at}.logo: cannot use ${JSON.stringify(logoPath)}: ${(err as Error).message}`);
        }
      }
    }

    const transport: Pick<PrinterConfig, 'path' | 'baudRate' | 'host' | 'port' | 'statusQuery' | 'vendorId' | 'productId'> = {};
    if (knownDriver === 'usb') {
      // Ids as printed by lsusb ("04b8:0e28") or numbers; both, or neither (first USB printer-class device).
      const id = (key: 'vendorId' | 'productId') => {
        const v = p[key];
        if (v === undefined) return undefined;
        const n = typeof v === 'number' ? v : typeof v === 'string' && /^(0x)?[0-9a-f]{4}$/i.test(v) ? parseInt(v.replace(/^0x/i, ''), 16) : NaN;
        if (!Number.isInteger(n) || n < 0 || n > 0xffff) { problems.push(`${at}.${key}: a 4-digit hex id like "04b8"`); return undefined; }
        return n;
      };
      const vendorId = id('vendorId');
      const productId = id('productId');
      if ((vendorId === undefined) !== (productId === undefined)) problems.push(`${at}: give both vendorId and productId, or neither`);
      if (vendorId !== undefined) transport.vendorId = vendorId;
      if (productId !== undefined) transport.productId = productId;
    }
    if (knownDriver === 'serial') {
      const path = p['path'];
      const baudRate = p['baudRate'] ?? 9600;
      if (typeof path !== 'string' || path === '') problems.push(`${at}.path: a serial printer needs its device path, e.g. /dev/serial/by-id/…`);
      else transport.path = path;
      if (typeof baudRate !== 'number' || !Number.isInteger(baudRate) || baudRate < 1200 || baudRate > 115200) problems.push(`${at}.baudRate: must be an integer 1200–115200`);
      else transport.baudRate = baudRate;
    }
    if (knownDriver === 'network') {
      const host = p['host'];
      const port = p['port'] ?? 9100;
      if (typeof host !== 'string' || host === '') problems.push(`${at}.host: a network printer needs its host name or address`);
      else transport.host = host;
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) problems.push(`${at}.port: must be an integer 1–65535`);
      else transport.port = port;
      const statusQuery = p['statusQuery'] ?? true;
      if (typeof statusQuery !== 'boolean') problems.push(`${at}.statusQuery: must be true or false`);
      else transport.statusQuery = statusQuery;
    }

    const dir = p['dir'] ?? printsDir;
    if (typeof dir !== 'string' || dir === '') problems.push(`${at}.dir: must be a non-empty path`);

    if (typeof id === 'string' && knownDriver && width && typeof dir === 'string') {
      const profile: PrinterProfile = { widthDots: width, codePage: 'cp858' };
      if (numberScale === 2 || numberScale === 3 || numberScale === 4) profile.numberScale = numberScale;
      if (typeof qrModuleSize === 'number') profile.qrModuleSize = qrModuleSize;
      if (qr === 'raster') profile.qr = 'raster';
      if (logo) profile.logo = logo;
      printers.push({ id, driver: knownDriver, profile, dir, ...transport });
    }
  });
  return printers;
}

function parseCounters(text: string | undefined, problems: string[]): CounterConfig[] {
  if (text === undefined) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    problems.push(`ENTRE_COUNTERS: not JSON (${(err as Error).message})`);
    return [];
  }
  if (!Array.isArray(raw)) {
    problems.push('ENTRE_COUNTERS: must be a JSON array');
    return [];
  }
  const out: CounterConfig[] = [];
  raw.forEach((item: unknown, i) => {
    const at = `ENTRE_COUNTERS[${i}]`;
    const c = (typeof item === 'object' && item !== null && !Array.isArray(item) ? item : {}) as Record<string, unknown>;
    for (const key of Object.keys(c)) if (!['point', 'path', 'baudRate'].includes(key)) problems.push(`${at}.${key}: unknown setting (known: point, path, baudRate)`);
    const point = c['point'];
    const path = c['path'];
    const baudRate = c['baudRate'] ?? 9600;
    if (typeof point !== 'string' || !ID.test(point)) problems.push(`${at}.point: must be the service point's id`);
    else if (out.some((o) => o.point === point)) problems.push(`${at}.point: ${JSON.stringify(point)} is listed twice`);
    if (typeof path !== 'string' || path === '') problems.push(`${at}.path: the keypad's serial device, e.g. /dev/serial/by-id/…`);
    if (typeof baudRate !== 'number' || !Number.isInteger(baudRate) || baudRate < 1200 || baudRate > 115200) problems.push(`${at}.baudRate: must be an integer 1200–115200`);
    if (typeof point === 'string' && typeof path === 'string' && path !== '' && typeof baudRate === 'number') out.push({ point, path, baudRate });
  });
  return out;
}

/** The settings a bridge config file may hold, and the environment variable each one is. */
const FILE_KEYS: Record<string, keyof typeof ENV_DESCRIPTIONS> = {
  mqttUrl: 'MQTT_URL', mqttUsername: 'MQTT_USERNAME', mqttPassword: 'MQTT_PASSWORD', serverUrl: 'ENTRE_SERVER_URL', enrolCode: 'ENTRE_ENROL_CODE', site: 'ENTRE_SITE',
  device: 'ENTRE_BRIDGE_ID', printers: 'ENTRE_PRINTERS', counters: 'ENTRE_COUNTERS', printsDir: 'ENTRE_PRINTS_DIR',
  stateDir: 'ENTRE_BRIDGE_STATE_DIR', statusIntervalMs: 'ENTRE_STATUS_INTERVAL_MS', logLevel: 'LOG_LEVEL',
};

/**
 * A bridge config file (JSON) as environment values, so one validation serves both; the
 * environment still wins over the file. Unknown keys and bad JSON are named with the file.
 */
export function configFileAsEnv(path: string, text: string): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`${path}: not JSON (${(err as Error).message})`]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError([`${path}: must be a JSON object`]);
  const problems: string[] = [];
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = FILE_KEYS[key];
    if (!name) { problems.push(`${path}: ${key}: unknown setting (known: ${Object.keys(FILE_KEYS).join(', ')})`); continue; }
    env[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  if (problems.length) throw new ConfigError(problems);
  return env;
}
