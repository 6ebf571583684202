/**
 * Two server processes on one SQLite file, issuing tickets and calling next in parallel:
 * the immediate write transactions serialise them, so no number is issued twice and no
 * contact is called twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './support/lobby.js';
import { freePort } from './support/ports.js';
import { run, type Running } from './support/processes.js';

async function startServer(dbPath: string): Promise<{ url: string; proc: Running }> {
  const port = await freePort();
  const proc = run(process.execPath, [join(repoRoot, 'server', 'dist', 'main.js')], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), MQTT_PORT: String(await freePort()), ENTRE_DB: dbPath, ENTRE_BRIDGE: 'none', ENTRE_DEMO_HISTORY_WEEKS: '0', LOG_LEVEL: 'error',
      // 300 tickets from one kiosk in seconds: far above the rate limits, which are not what this tests.
      ENTRE_KIOSK_TICKETS_PER_MINUTE: '100000', ENTRE_PUBLIC_REQUESTS_PER_MINUTE: '1000000' },
  });
  await proc.waitForOutput(/Entré is running/);
  return { url: `http://127.0.0.1:${port}`, proc };
}

test('two processes, one file: hundreds of parallel issues and calls, no duplicate number, no double call', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-two-'));
  const dbPath = join(dir, 'entre.db');
  const a = await startServer(dbPath);
  const b = await startServer(dbPath);
  t.after(async () => {
    for (const s of [a, b]) { s.proc.child.kill('SIGTERM'); await s.proc.exited; }
    rmSync(dir, { recursive: true, force: true });
  });

  const servers = [a.url, b.url];
  // Each counter signs in on the server it uses (sessions live in the shared file).
  const login = await fetch(`${a.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'disk', password: 'entre-demo-2026' }) });
  assert.equal(login.status, 200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const services = ['allmant', 'bygglov', 'parkering', 'social'];
  const errors: string[] = [];
  const post = async (url: string, body: unknown) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
    if (!res.ok) errors.push(`${url}: ${res.status} ${await res.text()}`);
    return res.ok ? ((await res.json()) as Record<string, any>) : null;
  };
  const ISSUES = 300;
  const issuers = Array.from({ length: 6 }, (_, w) => (async () => {
    for (let i = w; i < ISSUES; i += 6) {
      await post(`${servers[i % 2]}/api/v1/tickets`, { kiosk: 'kiosk-1', service: services[i % services.length], language: 'sv' });
    }
  })());
  const called: string[] = [];
  const callers = ['disk-1', 'disk-2', 'disk-3', 'disk-4'].flatMap((point, p) => [0, 1].map((s) => (async () => {
    for (let i = 0; i < 60; i++) {
      const res = await post(`${servers[(p + s) % 2]}/api/v1/service-points/${point}/call-next`, {});
      if (res?.called) called.push(res.called.id as string);
    }
  })()));
  await Promise.all([...issuers, ...callers]);

  assert.deepEqual(errors, []);
  assert.equal(new Set(called).size, called.length, 'no contact called twice');
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db.prepare("SELECT service_day || '/' || number AS k FROM contacts WHERE channel = 'visit'").all() as { k: string }[];
    assert.equal(rows.length, ISSUES);
    assert.equal(new Set(rows.map((r) => r.k)).size, ISSUES, 'no number issued twice');
    const twice = db.prepare("SELECT contact_id, count(*) AS n FROM contact_events WHERE type = 'call' GROUP BY contact_id HAVING n > 1").all();
    assert.deepEqual(twice, []);
    assert.ok(called.length > 0);
  } finally {
    db.close();
  }
});
