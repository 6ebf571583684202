/**
 * One errand across channels: a citizen phones, a case is registered and forwarded to back
 * office; the next day they visit and the visit joins the same case. The public page by
 * tracking code shows the progress and nothing personal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '@entre/server/app';
import { validateConfig } from '@entre/server/config';
import { repoRoot } from './support/lobby.js';

test('a phone contact and a visit for the same case are one case with two contacts, followed by code', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-case-'));
  let now = new Date('2026-11-24T08:30:00Z');
  const app = await buildApp(validateConfig({ dbPath: join(dir, 'e.db'), port: 0, mqttPort: 0, logLevel: 'silent', appsDir: repoRoot }), { clock: () => new Date(now) });
  t.after(async () => { await app.stop(); rmSync(dir, { recursive: true, force: true }); });
  const signIn = async () => {
    const login = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'reception', password: 'entre-demo-2026' } });
    return String(login.headers['set-cookie']).split(';')[0]!;
  };
  let cookie = await signIn();
  const post = async (url: string, payload?: object) => {
    const res = await app.http.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
    assert.ok(res.statusCode < 300, `${url}: ${res.statusCode} ${res.body}`);
    return res.json() as Record<string, any>;
  };

  // Monday: a phone call, answered by Hassan, who registers a case and forwards it.
  const call = await post('/api/v1/contacts', { channel: 'phone', service: 'aldre', language: 'ar', externalRef: 'pbx-2026-11-24-0042' });
  await post('/api/v1/agents/hassan/state', { state: 'available', servicePoint: 'disk-4' });
  assert.equal((await post('/api/v1/agents/hassan/call-next', {})).called.id, call.id);
  await post(`/api/v1/contacts/${call.id}/start`);
  const created = await post('/api/v1/cases', { site: 'demo', service: 'aldre', contact: call.id, summary: 'Hemtjänst för mamma, personnr 19400101-1234' });
  await post(`/api/v1/contacts/${call.id}/finish`, { outcome: 'forwarded', rosaLevel: 5, caseId: created.id });
  await post(`/api/v1/cases/${created.id}/transitions`, { action: 'forward', reason: 'Biståndsbedömning', answerGroup: 'social-valfard' });

  // Tuesday: the same citizen visits the lobby; the visit is attached to the case.
  now = new Date('2026-11-25T10:15:00Z');
  cookie = await signIn(); // yesterday's session has expired overnight
  const visit = await post('/api/v1/tickets', { kiosk: 'kiosk-1', service: 'aldre', language: 'sv' });
  await post(`/api/v1/contacts/${visit.id}/call`, { servicePoint: 'disk-4' });
  await post(`/api/v1/contacts/${visit.id}/start`);
  await post(`/api/v1/cases/${created.id}/contacts`, { contact: visit.id });
  await post(`/api/v1/contacts/${visit.id}/finish`, { outcome: 'resolved', rosaLevel: 2, caseId: created.id });
  await post(`/api/v1/cases/${created.id}/transitions`, { action: 'start' });

  const full = (await app.http.inject({ method: 'GET', url: `/api/v1/cases/${created.id}`, headers: { cookie } })).json() as { contacts: { id: string; channel: string }[]; state: string; trackingCode: string };
  assert.deepEqual(full.contacts.map((c) => c.channel).sort(), ['phone', 'visit']);
  assert.equal(full.state, 'in_progress');

  const code = String(full.trackingCode);
  const publicJson = await app.http.inject({ method: 'GET', url: `/api/v1/public/cases/${encodeURIComponent(code)}` });
  assert.equal(publicJson.statusCode, 200);
  assert.match(publicJson.body, /in_progress/);
  const page = await app.http.inject({ method: 'GET', url: `/c/${encodeURIComponent(code)}` });
  assert.equal(page.statusCode, 200);
  assert.match(page.headers['content-type'] as string, /text\/html/);
  for (const body of [publicJson.body, page.body]) {
    assert.doesNotMatch(body, /19400101|mamma|Biståndsbedömning/, 'no personal data or internal reasons in public');
  }
  assert.match(page.body, /2026-11-24|24 nov/);
});
