/**
 * Enrolment (issue 9, DESIGN §7): on a site where devices must prove who they are, an
 * administrator registers this bridge and hands out a one-time code; the bridge trades it
 * once at the server (`POST /api/v1/devices/enrol`) for its broker login (user name: its
 * id; password: its secret) and keeps that in `<ENTRE_BRIDGE_STATE_DIR>/<id>-credentials.json`
 * (mode 0600), so a restart needs no code.
 *
 * Which login the bridge uses, first match wins:
 * 1. MQTT_USERNAME / MQTT_PASSWORD from the environment (or the config file);
 * 2. the saved credentials, unless ENTRE_ENROL_CODE holds a code other than the one they
 *    came from (a new code after a revocation or a replaced machine enrols again);
 * 3. a new enrolment with ENTRE_ENROL_CODE (needs ENTRE_SERVER_URL);
 * 4. none: anonymous, which only an open (demo) broker accepts.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fchmodSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What a failed enrolment says: the message names what to do; main.ts exits with 2. */
export class EnrolmentError extends Error {
  override readonly name = 'EnrolmentError';
  readonly code = 'ENTRE_ENROLMENT_FAILED';
}

export interface SavedCredentials {
  username: string;
  token: string;
  /** SHA-256 of the (normalised) code they came from, so a new code is told from the old one. */
  codeHash?: string;
}

export interface BrokerLogin {
  username: string;
  password: string;
  /** Where it came from, for the log. */
  source: 'environment' | 'saved' | 'enrolled';
}

export function credentialsPath(stateDir: string, device: string): string {
  return join(stateDir, `${device}-credentials.json`);
}

/** As the server reads a code: case, spaces and dashes do not matter. */
function codeHash(code: string): string {
  return createHash('sha256').update(code.toUpperCase().replace(/[\s-]/g, ''), 'utf8').digest('hex');
}

/** The saved credentials, or null when there are none yet. A damaged file is an error that says what to do. */
export function readCredentials(file: string): SavedCredentials | null {
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new EnrolmentError(`${file} cannot be read (${(err as Error).message}); delete it and enrol the bridge again with a new code (ENTRE_ENROL_CODE)`);
  }
  const c = raw as Partial<SavedCredentials> | null;
  if (typeof c?.username !== 'string' || c.username === '' || typeof c.token !== 'string' || c.token === '') {
    throw new EnrolmentError(`${file} does not hold a user name and token; delete it and enrol the bridge again with a new code (ENTRE_ENROL_CODE)`);
  }
  return { username: c.username, token: c.token, ...(typeof c.codeHash === 'string' ? { codeHash: c.codeHash } : {}) };
}

/** Written whole or not at all (temporary file, synced, renamed), readable by this user only. */
export function saveCredentials(file: string, credentials: SavedCredentials): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      writeSync(fd, `${JSON.stringify(credentials, null, 2)}\n`);
      fchmodSync(fd, 0o600);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

interface EnrolAnswer { device?: { id?: unknown; site?: unknown; kind?: unknown; name?: unknown }; token?: unknown; mqtt?: { username?: unknown } }

/** Trades the code at the server for this bridge's login; checks the code was meant for this bridge. */
export async function enrol(opts: {
  serverUrl: string; code: string; site: string; device: string;
  fetch?: typeof fetch; timeoutMs?: number;
}): Promise<SavedCredentials> {
  const url = new URL('/api/v1/devices/enrol', opts.serverUrl).href;
  const doFetch = opts.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ code: opts.code }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new EnrolmentError(`cannot reach the server at ${opts.serverUrl} to enrol (${why}): check ENTRE_SERVER_URL and that the server is running, then start the bridge again`);
  }
  const text = await res.text();
  type Answer = EnrolAnswer & { code?: unknown; detail?: unknown };
  let body: Answer | null = null;
  try { body = text ? (JSON.parse(text) as Answer) : null; } catch { /* not JSON: reported below */ }
  if (!res.ok) {
    const detail = typeof body?.detail === 'string' ? body.detail : text.slice(0, 200) || res.statusText;
    if (body?.code === 'ENTRE_BAD_ENROLMENT_CODE') {
      throw new EnrolmentError(`the server refused the enrolment code: ${detail} Set ENTRE_ENROL_CODE to a new code from an administrator (console → Enheter).`);
    }
    throw new EnrolmentError(`enrolment at ${url} failed with HTTP ${res.status}: ${detail}`);
  }
  const d = body?.device;
  if (!body || typeof body.token !== 'string' || typeof d?.id !== 'string' || typeof d.kind !== 'string') {
    throw new EnrolmentError(`enrolment at ${url} gave an answer that is not an enrolment (HTTP ${res.status}); is ENTRE_SERVER_URL the Entré server?`);
  }
  if (d.kind !== 'bridge' || d.id !== opts.device) {
    throw new EnrolmentError(`the enrolment code was for the ${d.kind} "${d.id}", not for this bridge "${opts.device}" (ENTRE_BRIDGE_ID); `
      + `the code is now used up: ask an administrator for a code registered for bridge "${opts.device}"`);
  }
  if (d.site !== opts.site) {
    throw new EnrolmentError(`the enrolment code was for bridge "${d.id}" of site "${String(d.site)}", but this bridge serves site "${opts.site}" (ENTRE_SITE); `
      + 'set ENTRE_SITE to match and ask an administrator for a new code');
  }
  const username = typeof body.mqtt?.username === 'string' ? body.mqtt.username : d.id;
  return { username, token: body.token, codeHash: codeHash(opts.code) };
}

/** The broker login to use, enrolling first when it has to (see the top of this file). */
export async function brokerLogin(config: {
  mqttUsername?: string; mqttPassword?: string; serverUrl?: string; enrolCode?: string;
  site: string; device: string; stateDir: string;
}, opts: { fetch?: typeof fetch; log?: (msg: string) => void } = {}): Promise<BrokerLogin | undefined> {
  if (config.mqttUsername !== undefined) return { username: config.mqttUsername, password: config.mqttPassword ?? '', source: 'environment' };
  const file = credentialsPath(config.stateDir, config.device);
  const saved = readCredentials(file);
  const code = config.enrolCode;
  if (saved && (code === undefined || saved.codeHash === undefined || saved.codeHash === codeHash(code))) {
    return { username: saved.username, password: saved.token, source: 'saved' };
  }
  if (code === undefined) return undefined;
  if (config.serverUrl === undefined) throw new EnrolmentError('ENTRE_ENROL_CODE is set but ENTRE_SERVER_URL is not: the bridge needs the server\'s address to enrol');
  if (saved) opts.log?.(`a new enrolment code was given: enrolling again, replacing ${file}`);
  const fresh = await enrol({ serverUrl: config.serverUrl, code, site: config.site, device: config.device, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  try {
    saveCredentials(file, fresh);
  } catch (err) {
    throw new EnrolmentError(`enrolled, but could not save the credentials to ${file} (${(err as Error).message}); `
      + 'make ENTRE_BRIDGE_STATE_DIR writable and ask an administrator for a new code (this one is used up)');
  }
  return { username: fresh.username, password: fresh.token, source: 'enrolled' };
}
