import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { openDatabase, type Db } from '../store/db.js';
import { seedDemo } from '../store/seed.js';
import { migration as casesMigration } from '../store/migrations/0004-cases.js';
import { createCaseStore } from '../store/case-store.js';
import { useProblemErrors, useProtocolValidation } from './problem.js';
import { registerCaseRoutes, type CaseGuard } from './case-routes.js';
import { manualClock, sequentialIds } from '../test-support/fixtures.js';

const PERSONAL = '19800101-1234';
const SUMMARY = `Anna Andersson ${PERSONAL}, vill bygga altan`;

/**
 * The routes on a bare Fastify with our validation and error mapping, a real SQLite file,
 * and a fake guard: a request is "staff" when it carries x-staff, who is then the actor.
 */
async function setup(t: TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'entre-case-routes-'));
  const db = openDatabase(join(dir, 'entre.db'));
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cases'").get()) db.exec(casesMigration.sql);
  seedDemo(db, 'http://entre.test');
  const clock = manualClock('2026-11-24T08:00:00.000Z');
  const cases = createCaseStore(db, { clock: clock.now, newId: sequentialIds('case'), randomBytes: (n) => randomBytes(n) });
  const guard: CaseGuard = {
    staff: async (req: FastifyRequest, reply: FastifyReply) => {
      if (!req.headers['x-staff']) return reply.code(401).type('application/problem+json').send({ status: 401, code: 'ENTRE_UNAUTHENTICATED' });
    },
    actor: (req: FastifyRequest) => `staff:${String(req.headers['x-staff'])}`,
  };
  const app = Fastify({ logger: false });
  useProtocolValidation(app);
  useProblemErrors(app);
  registerCaseRoutes(app, { cases, guard });
  await app.ready();
  t.after(async () => { await app.close(); db.close(); rmSync(dir, { recursive: true, force: true }); });
  const staff = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { 'x-staff': 'anna' }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { app, db, clock, staff };
}

function insertContact(db: Db, id: string, channel: 'visit' | 'phone', at: string) {
  db.prepare(`INSERT INTO contacts (id, site_id, channel, service_id, number, service_day, language, state, issued_at, queued_at)
    VALUES (?, 'demo', ?, 'bygglov', ?, substr(?, 1, 10), 'sv', 'done', ?, ?)`).run(id, channel, channel === 'visit' ? 'B001' : null, at, at, at);
}

const written = (db: Db) => db.prepare(`SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_events) AS events,
  (SELECT count(*) FROM contacts WHERE case_id IS NOT NULL) AS attached, (SELECT group_concat(state) FROM cases) AS states`).get();

test('staff endpoints refuse requests the guard turns away, and write nothing', async (t) => {
  const { app, db } = await setup(t);
  const res = await app.inject({ method: 'POST', url: '/api/v1/cases', payload: { site: 'demo' } });
  assert.equal(res.statusCode, 401);
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/cases/case-000001' })).statusCode, 401);
  assert.deepEqual(written(db), { cases: 0, events: 0, attached: 0, states: null });
});

test('bad bodies are 400 problem+json and write nothing', async (t) => {
  const { db, staff, app } = await setup(t);
  const created = await staff('POST', '/api/v1/cases', { site: 'demo' });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id as string;
  const before = written(db);
  const bad: [string, string, unknown, RegExp][] = [
    ['no site', '/api/v1/cases', { service: 'bygglov' }, /site/],
    ['extra field', '/api/v1/cases', { site: 'demo', name: 'Anna Andersson' }, /additional/i],
    ['bad site id', '/api/v1/cases', { site: 'Demo Site' }, /\/site/],
    ['empty summary', '/api/v1/cases', { site: 'demo', summary: '' }, /\/summary/],
    ['huge summary', '/api/v1/cases', { site: 'demo', summary: 'x'.repeat(2001) }, /\/summary/],
    ['no contact', `/api/v1/cases/${id}/contacts`, {}, /contact/],
    ['contact not a string', `/api/v1/cases/${id}/contacts`, { contact: 42 }, /\/contact/],
    ['unknown action', `/api/v1/cases/${id}/transitions`, { action: 'reopen' }, /\/action/],
    ['empty reason', `/api/v1/cases/${id}/transitions`, { action: 'withdraw', reason: '' }, /\/reason/],
    ['forward without reason', `/api/v1/cases/${id}/transitions`, { action: 'forward', answerGroup: 'social-valfard' }, /reason/],
    ['target on a non-forward', `/api/v1/cases/${id}/transitions`, { action: 'answer', answerGroup: 'social-valfard' }, /answer group/],
  ];
  for (const [name, url, payload, detail] of bad) {
    const res = await staff('POST', url, payload);
    assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
    assert.match(res.headers['content-type'] as string, /^application\/problem\+json/, name);
    const body = res.json() as { code: string; detail: string; status: number };
    assert.equal(body.code, 'ENTRE_VALIDATION', name);
    assert.match(body.detail, detail, name);
  }
  const malformed = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: { 'x-staff': 'anna', 'content-type': 'application/json' }, payload: '{"site":' });
  assert.equal(malformed.statusCode, 400);
  assert.equal(malformed.json().code, 'ENTRE_MALFORMED_BODY');
  assert.deepEqual(written(db), before);
});

test('one errand across a phone call and a visit, moved through its states by staff', async (t) => {
  const { db, clock, staff } = await setup(t);
  insertContact(db, 'call-1', 'phone', '2026-11-24T07:58:00.000Z');
  const created = await staff('POST', '/api/v1/cases', { site: 'demo', service: 'bygglov', summary: SUMMARY, contact: 'call-1' });
  assert.equal(created.statusCode, 201, created.body);
  const c = created.json() as { id: string; trackingCode: string; summary: string };
  assert.equal(created.headers.location, `/api/v1/cases/${c.id}`);
  assert.equal(c.summary, SUMMARY, 'staff see the summary');

  clock.set('2026-11-25T09:30:00.000Z');
  insertContact(db, 'visit-1', 'visit', '2026-11-25T09:20:00.000Z');
  const attached = await staff('POST', `/api/v1/cases/${c.id}/contacts`, { contact: 'visit-1' });
  assert.equal(attached.statusCode, 200, attached.body);
  assert.deepEqual(attached.json().contacts.map((x: { channel: string }) => x.channel), ['phone', 'visit']);

  const forward = await staff('POST', `/api/v1/cases/${c.id}/transitions`, { action: 'forward', reason: 'bygglovshandläggare', answerGroup: 'samhallsbyggnad' });
  assert.equal(forward.statusCode, 200, forward.body);
  assert.equal(forward.json().state, 'forwarded');
  assert.deepEqual(forward.json().allowedActions, ['forward', 'start', 'withdraw']);

  const wrong = await staff('POST', `/api/v1/cases/${c.id}/transitions`, { action: 'close' });
  assert.equal(wrong.statusCode, 409);
  assert.match(wrong.headers['content-type'] as string, /problem\+json/);
  assert.equal(wrong.json().code, 'ENTRE_CASE_TRANSITION');
  assert.match(wrong.json().detail, /The case is forwarded; .*Allowed: forward, start, withdraw/);

  const other = await staff('POST', '/api/v1/cases', { site: 'demo' });
  const taken = await staff('POST', `/api/v1/cases/${other.json().id}/contacts`, { contact: 'visit-1' });
  assert.equal(taken.statusCode, 409);
  assert.equal(taken.json().code, 'ENTRE_CONTACT_ON_OTHER_CASE');

  const got = await staff('GET', `/api/v1/cases/${c.id}`);
  assert.equal(got.statusCode, 200);
  assert.deepEqual(got.json().events.map((e: { type: string; actor: string }) => `${e.type}/${e.actor}`),
    ['created/staff:anna', 'contact_attached/staff:anna', 'contact_attached/staff:anna', 'forward/staff:anna']);
  assert.equal((await staff('GET', '/api/v1/cases/nope')).statusCode, 404);
  assert.equal((await staff('POST', '/api/v1/cases/nope/transitions', { action: 'answer' })).json().code, 'ENTRE_UNKNOWN_CASE');
  assert.equal((await staff('POST', '/api/v1/cases', { site: 'demo', service: 'hundskatt' })).statusCode, 422);
});

test('the public JSON and page show state and dates by code, never the summary or a reason', async (t) => {
  const { app, clock, staff } = await setup(t);
  const created = (await staff('POST', '/api/v1/cases', { site: 'demo', service: 'bygglov', summary: SUMMARY })).json() as { id: string; trackingCode: string };
  clock.set('2026-11-25T09:30:00.000Z');
  await staff('POST', `/api/v1/cases/${created.id}/transitions`, { action: 'forward', reason: `ring ${PERSONAL}`, answerGroup: 'samhallsbyggnad' });

  const typed = created.trackingCode.toLowerCase().replace(/-/g, '');
  const json = await app.inject({ method: 'GET', url: `/api/v1/public/cases/${typed}` });
  assert.equal(json.statusCode, 200, json.body);
  assert.equal(json.headers['cache-control'], 'no-store');
  assert.equal(json.headers['referrer-policy'], 'no-referrer');
  const view = json.json() as { state: string; code: string; steps: { state: string; at?: string }[] };
  assert.equal(view.state, 'forwarded');
  assert.equal(view.code, created.trackingCode);
  assert.deepEqual(view.steps.filter((s) => s.at).map((s) => [s.state, s.at]),
    [['registered', '2026-11-24T08:00:00.000Z'], ['forwarded', '2026-11-25T09:30:00.000Z']]);

  const sv = await app.inject({ method: 'GET', url: `/c/${created.trackingCode}` });
  assert.equal(sv.statusCode, 200);
  assert.match(sv.headers['content-type'] as string, /^text\/html/);
  assert.match(sv.headers['content-security-policy'] as string, /default-src 'none'; style-src 'sha256-/);
  assert.match(sv.body, /<html lang="sv">/);
  assert.match(sv.body, /<ol class="steps">/);
  assert.match(sv.body, /Registrerat<\/span><span class="status">Klart – <time datetime="2026-11-24T08:00:00.000Z">24 november 2026 kl\. 09:00<\/time>/);
  assert.match(sv.body, /aria-current="step"><span class="step">Skickat vidare till handläggare/);
  assert.match(sv.body, /Bygglov/);
  assert.match(sv.body, /<a href="\/c\/[^"]+\?lang=en" lang="en" hreflang="en">In English<\/a>/);
  assert.doesNotMatch(sv.body, /<script/);

  const en = await app.inject({ method: 'GET', url: `/c/${created.trackingCode}?lang=en` });
  assert.match(en.body, /<html lang="en">/);
  assert.match(en.body, /Forwarded to a case officer/);
  assert.match(en.body, /25 November 2026 at 10:30/);
  assert.match(en.body, /lang="sv" hreflang="sv">På svenska/);

  for (const body of [json.body, sv.body, en.body]) {
    assert.ok(!body.includes(PERSONAL), 'no personal number');
    assert.ok(!body.includes('Anna'), 'no name');
    assert.ok(!body.includes('altan'), 'no summary text');
    assert.ok(!body.includes('staff:'), 'no staff');
  }
});

test('a bad code is a clear 404 — the same for a typo and for a code nobody has', async (t) => {
  const { app, staff } = await setup(t);
  const { trackingCode } = (await staff('POST', '/api/v1/cases', { site: 'demo' })).json() as { trackingCode: string };
  const last = trackingCode.at(-1)!;
  const typo = trackingCode.slice(0, -1) + (last === 'Z' ? 'Y' : 'Z');
  const unknown = '0000-0000-000'; // well-formed: all zeros checks to zero
  const answers = [];
  for (const code of [typo, unknown, 'hello']) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/public/cases/${code}` });
    assert.equal(res.statusCode, 404);
    assert.match(res.headers['content-type'] as string, /problem\+json/);
    const { instance: _instance, ...rest } = res.json() as Record<string, unknown>;
    answers.push(rest);
    const page = await app.inject({ method: 'GET', url: `/c/${code}` });
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /<html lang="sv">/);
    assert.match(page.body, /Vi hittar inget ärende med den koden/);
    assert.match(page.body, /Kontrollera koden/);
    assert.match(page.body, /<form action="\/c" method="get">/);
  }
  assert.deepEqual(answers[0], answers[1], 'a typo and an unknown code answer alike');
  assert.deepEqual(answers[1], answers[2]);
  const en = await app.inject({ method: 'GET', url: `/c/${typo}?lang=en` });
  assert.match(en.body, /We cannot find a case with that code/);
  assert.match(en.body, /name="lang" value="en"/);
});

test('the code form needs no JavaScript: /c?code= redirects to the canonical page', async (t) => {
  const { app, staff } = await setup(t);
  const { trackingCode } = (await staff('POST', '/api/v1/cases', { site: 'demo' })).json() as { trackingCode: string };
  const form = await app.inject({ method: 'GET', url: '/c' });
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /<label for="code">Skriv din ärendekod<\/label>/);
  const res = await app.inject({ method: 'GET', url: `/c?code=${encodeURIComponent(` ${trackingCode.toLowerCase()} `)}&lang=en` });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/c/${trackingCode}?lang=en`);
  const xss = await app.inject({ method: 'GET', url: `/c/${encodeURIComponent('"><script>alert(1)</script>')}` });
  assert.equal(xss.statusCode, 404);
  assert.doesNotMatch(xss.body, /<script>/);
});
