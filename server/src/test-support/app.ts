import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { buildApp, type AppDeps, type EntreApp } from '../app.js';
import { validateConfig, type ServerConfig } from '../config.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Collects the JSON log lines a part writes, so tests can assert what was logged. */
export function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

/** The real server on a temp SQLite file, free ports and the embedded broker unless told otherwise. */
export async function tempApp(overrides: Partial<ServerConfig> = {}, deps: AppDeps = {}): Promise<{ app: EntreApp; dir: string; remove(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'entre-app-'));
  const config = validateConfig({ dbPath: join(dir, 'entre.db'), port: 0, mqttPort: 0, logLevel: 'silent', appsDir: repoRoot, demoHistoryWeeks: 0, ...overrides });
  const app = await buildApp(config, deps);
  return { app, dir, remove: async () => { await app.stop(); rmSync(dir, { recursive: true, force: true }); } };
}

/** Signs a demo account in through the real login route; returns the Cookie header to send. */
export async function signIn(app: EntreApp, username: string, password = 'entre-demo-2026'): Promise<string> {
  const res = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie'] ?? '').split(';')[0]!;
  return cookie;
}

const receptionCookies = new WeakMap<EntreApp, string>();

/** Signs in once per app as reception, who may act for every agent and contact. */
export async function receptionCookie(app: EntreApp): Promise<string> {
  let c = receptionCookies.get(app);
  if (!c) { c = await signIn(app, 'reception'); receptionCookies.set(app, c); }
  return c;
}

/** POST as reception; answers the status and the parsed body. */
export async function postAsReception(app: EntreApp, url: string, payload?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const res = await app.http.inject({ method: 'POST', url, headers: { cookie: await receptionCookie(app) }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json() };
}
