/**
 * Every endpoint that takes a body, as listed by the OpenAPI document (so a new route is
 * covered the day it is added): a malformed body is refused with problem+json naming the
 * problem, and nothing is written. Signed in as admin, so no role check stops it earlier.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '@entre/server/app';
import { validateConfig } from '@entre/server/config';
import { repoRoot } from './support/lobby.js';

test('every endpoint with a body refuses a malformed one with problem+json and writes nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-every-'));
  const app = await buildApp(validateConfig({ dbPath: join(dir, 'e.db'), port: 0, mqttPort: 0, logLevel: 'silent', appsDir: repoRoot }));
  t.after(async () => { await app.stop(); rmSync(dir, { recursive: true, force: true }); });
  const login = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'entre-demo-2026' } });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;

  // Sessions and the audit log may record the sign-in; everything else must stay as it is.
  const tables = (app.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sessions', 'audit_log') AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
  const snapshot = () => Object.fromEntries(tables.map((name) => [name, (app.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
  const before = snapshot();

  const doc = (await app.http.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
  const withBody = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).filter(([, op]) => op.requestBody).map(([method, ]) => ({ method: method.toUpperCase(), path })));
  assert.ok(withBody.length >= 35, `expected the API's body endpoints, found ${withBody.length}`);

  const malformed = [
    { name: 'an unknown field', payload: JSON.stringify({ definitelyNotAField: 1 }) },
    { name: 'not JSON', payload: '{"broken": ' },
    { name: 'a JSON array', payload: '[1, 2, 3]' },
  ];
  for (const { method, path } of withBody) {
    const url = path.replace(/\{[^}]+\}/g, 'disk-1');
    for (const m of malformed) {
      const res = await app.http.inject({ method: method as 'POST', url, payload: m.payload, headers: { cookie, 'content-type': 'application/json' } });
      const where = `${method} ${path} with ${m.name}`;
      assert.equal(res.statusCode, 400, `${where}: ${res.statusCode} ${res.body}`);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/, where);
      const body = res.json() as { code: string; detail: string };
      assert.match(body.code, /^ENTRE_(VALIDATION|MALFORMED_BODY)$/, where);
      assert.ok(body.detail.length > 10, where);
    }
  }
  assert.deepEqual(snapshot(), before, 'nothing was written');
});

test('a counter account reaches no admin endpoint: each answers 403 problem+json, and 401 without a session; nothing is written', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-every-'));
  const app = await buildApp(validateConfig({ dbPath: join(dir, 'e.db'), port: 0, mqttPort: 0, logLevel: 'silent', appsDir: repoRoot }));
  t.after(async () => { await app.stop(); rmSync(dir, { recursive: true, force: true }); });
  const login = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'disk', password: 'entre-demo-2026' } });
  assert.equal(login.statusCode, 200);
  const counter = String(login.headers['set-cookie']).split(';')[0]!;
  assert.deepEqual((login.json() as { staff: { roles: string[] } }).staff.roles, ['counter'], 'disk is a plain counter account');
  const tables = (app.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sessions', 'audit_log') AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
  const snapshot = () => Object.fromEntries(tables.map((name) => [name, (app.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
  const before = snapshot();

  const doc = (await app.http.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
  // The admin side: everything under /admin/, and staff accounts' management.
  const adminOps = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/v1/admin/') || /^\/api\/v1\/staff(\/|$)/.test(path))
    .flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== 'parameters').map((method) => ({ method: method.toUpperCase(), path })));
  assert.ok(adminOps.length >= 10, `expected the admin endpoints, found ${adminOps.length}`);
  for (const { method, path } of adminOps) {
    const url = path.replace(/\{[^}]+\}/g, 'disk-1');
    const payload = method === 'GET' || method === 'DELETE' ? undefined : '{}';
    const headers = payload ? { 'content-type': 'application/json' } : {};
    const asCounter = await app.http.inject({ method: method as 'POST', url, ...(payload ? { payload } : {}), headers: { ...headers, cookie: counter } });
    assert.equal(asCounter.statusCode, 403, `${method} ${path} as a counter account: ${asCounter.statusCode} ${asCounter.body}`);
    assert.match(String(asCounter.headers['content-type']), /^application\/problem\+json/);
    assert.equal((asCounter.json() as { code: string }).code, 'ENTRE_FORBIDDEN');
    const anonymous = await app.http.inject({ method: method as 'POST', url, ...(payload ? { payload } : {}), headers });
    assert.equal(anonymous.statusCode, 401, `${method} ${path} without a session: ${anonymous.statusCode}`);
  }
  assert.deepEqual(snapshot(), before, 'nothing was written');
});
