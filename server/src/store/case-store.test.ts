import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from './db.js';
import { seedDemo } from './seed.js';
import { demoTexts } from './demo-text/index.js';
import { migration as casesMigration } from './migrations/0004-cases.js';
import { createCaseStore, type CaseStoreDeps } from './case-store.js';
import { EntreError } from '../core/errors.js';
import { RANDOM_BYTES, format, generate } from '../core/cases/tracking-code.js';
import { manualClock, sequentialIds } from '../test-support/fixtures.js';

/** The errand's name in every language of the demo, as the seed writes it. */
const bygglovName = Object.fromEntries(Object.entries(demoTexts).map(([code, t]) => [code, t.services.bygglov.name]));

/**
 * A real SQLite file with the demo seeded and the cases schema. Until migration 4 is in
 * migrations/index.ts it is applied here; once it is, openDatabase already did.
 */
function tempCaseDb(t: TestContext): Db {
  const dir = mkdtempSync(join(tmpdir(), 'entre-cases-'));
  const db = openDatabase(join(dir, 'entre.db'));
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cases'").get()) db.exec(casesMigration.sql);
  seedDemo(db, 'http://entre.test');
  t.after(() => { if (db.open) db.close(); rmSync(dir, { recursive: true, force: true }); });
  return db;
}

function setup(t: TestContext, extra: Partial<CaseStoreDeps> = {}) {
  const db = tempCaseDb(t);
  const clock = manualClock('2026-11-24T08:00:00.000Z');
  const cases = createCaseStore(db, { clock: clock.now, newId: sequentialIds('case'), randomBytes: (n) => randomBytes(n), ...extra });
  return { db, clock, cases };
}

/** Contacts belong to the contacts store; the tests write the rows it would. */
function insertContact(db: Db, c: { id: string; channel: 'visit' | 'phone' | 'chat' | 'email'; at: string; number?: string; site?: string }) {
  db.prepare(`INSERT INTO contacts (id, site_id, channel, service_id, number, service_day, language, state, issued_at, queued_at, outcome)
    VALUES (@id, @site, @channel, 'bygglov', @number, substr(@at, 1, 10), 'sv', 'done', @at, @at, 'forwarded')`)
    .run({ id: c.id, site: c.site ?? 'demo', channel: c.channel, number: c.number ?? null, at: c.at });
}

function counts(db: Db) {
  return db.prepare(`SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_events) AS events,
    (SELECT count(*) FROM contacts WHERE case_id IS NOT NULL) AS attached,
    (SELECT group_concat(id || '@' || state || '@' || updated_at) FROM cases) AS rows`).get();
}

function assertCode(fn: () => unknown, code: string, message?: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof EntreError, String(err));
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
}

test('a new case is registered with a printed tracking code, a link and a "created" event', (t) => {
  const { cases } = setup(t);
  const c = cases.createCase({ site: 'demo', service: 'bygglov', summary: 'Frågar om altanbygge', actor: 'staff:anna' });
  assert.equal(c.id, 'case-000001');
  assert.equal(c.state, 'registered');
  assert.match(c.trackingCode, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{3}$/);
  assert.equal(c.trackingUrl, `http://entre.test/c/${c.trackingCode}`);
  assert.deepEqual(c.serviceName, bygglovName);
  assert.deepEqual(c.allowedActions, ['answer', 'forward', 'withdraw']);
  assert.deepEqual(c.events, [{ at: '2026-11-24T08:00:00.000Z', type: 'created', actor: 'staff:anna', to: 'registered' }]);
  assert.equal(c.createdAt, '2026-11-24T08:00:00.000Z');
  assert.equal(c.closedAt, undefined);
});

test('a phone call yesterday and a visit today attached to the same case: one case, two contacts', (t) => {
  const { db, clock, cases } = setup(t);
  insertContact(db, { id: 'call-1', channel: 'phone', at: '2026-11-24T07:55:00.000Z' });
  const c = cases.createCase({ site: 'demo', service: 'bygglov', actor: 'staff:erik', contactId: 'call-1' });
  clock.set('2026-11-25T10:00:00.000Z');
  insertContact(db, { id: 'visit-1', channel: 'visit', number: 'B007', at: '2026-11-25T09:58:00.000Z' });
  const after = cases.attachContact(c.id, 'visit-1', 'staff:maria');
  assert.deepEqual(after.contacts, [
    { id: 'call-1', channel: 'phone', state: 'done', issuedAt: '2026-11-24T07:55:00.000Z', outcome: 'forwarded' },
    { id: 'visit-1', channel: 'visit', number: 'B007', state: 'done', issuedAt: '2026-11-25T09:58:00.000Z', outcome: 'forwarded' },
  ]);
  assert.deepEqual(after.events.map((e) => [e.type, e.actor, e.contact ?? null, e.channel ?? null]), [
    ['created', 'staff:erik', null, null],
    ['contact_attached', 'staff:erik', 'call-1', 'phone'],
    ['contact_attached', 'staff:maria', 'visit-1', 'visit'],
  ]);
  assert.equal(after.updatedAt, '2026-11-25T10:00:00.000Z');
  assert.equal((db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n, 1);
  assert.deepEqual(db.prepare("SELECT version FROM contacts WHERE id = 'visit-1'").get(), { version: 1 }, 'the contact row version moved');

  // A retry of the same attach changes nothing.
  const before = counts(db);
  clock.advance(60_000);
  assert.equal(cases.attachContact(c.id, 'visit-1', 'staff:maria').events.length, 3);
  assert.deepEqual(counts(db), before);
});

test('a contact already on another case is refused with 409, and nothing is written', (t) => {
  const { db, cases } = setup(t);
  insertContact(db, { id: 'chat-1', channel: 'chat', at: '2026-11-24T07:00:00.000Z' });
  const first = cases.createCase({ site: 'demo', actor: 'staff:anna', contactId: 'chat-1' });
  const second = cases.createCase({ site: 'demo', actor: 'staff:anna' });
  const before = counts(db);
  assertCode(() => cases.attachContact(second.id, 'chat-1', 'staff:anna'), 'ENTRE_CONTACT_ON_OTHER_CASE', new RegExp(first.id));
  // Creating a case around it fails as a whole: no case row, no event, no code used up.
  assertCode(() => cases.createCase({ site: 'demo', summary: 'x', actor: 'staff:anna', contactId: 'chat-1' }), 'ENTRE_CONTACT_ON_OTHER_CASE');
  assertCode(() => cases.createCase({ site: 'demo', actor: 'staff:anna', contactId: 'no-such-contact' }), 'ENTRE_UNKNOWN_CONTACT');
  assert.deepEqual(counts(db), before);
});

test('a contact from another site is not attachable', (t) => {
  const { db, cases } = setup(t);
  db.prepare("INSERT INTO sites (id, name, time_zone, public_url) VALUES ('norr', 'Norr', 'Europe/Stockholm', 'http://norr.test')").run();
  insertContact(db, { id: 'mail-1', channel: 'email', at: '2026-11-24T07:00:00.000Z', site: 'norr' });
  const c = cases.createCase({ site: 'demo', actor: 'staff:anna' });
  assertCode(() => cases.attachContact(c.id, 'mail-1', 'staff:anna'), 'ENTRE_UNKNOWN_CONTACT');
});

test('the main route: forward, start, resolve, feedback, close — each step an event with who and when', (t) => {
  const { db, clock, cases } = setup(t);
  const c = cases.createCase({ site: 'demo', service: 'social', actor: 'staff:hassan' });
  const steps: [string, { reason?: string; answerGroup?: string }][] = [
    ['forward', { reason: 'behöver handläggare', answerGroup: 'social-valfard' }], ['start', {}], ['resolve', {}], ['send_feedback', {}], ['close', {}],
  ];
  let last = c;
  for (const [action, extra] of steps) {
    clock.advance(3_600_000);
    last = cases.transition(c.id, action as 'forward', { actor: 'staff:leyla', ...extra });
  }
  assert.equal(last.state, 'closed');
  assert.equal(last.answerGroup, 'social-valfard');
  assert.equal(last.closedAt, '2026-11-24T13:00:00.000Z');
  assert.deepEqual(last.allowedActions, []);
  assert.deepEqual(last.events.slice(1).map((e) => `${e.type}:${e.from}->${e.to}`), [
    'forward:registered->forwarded', 'start:forwarded->in_progress', 'resolve:in_progress->resolved',
    'send_feedback:resolved->feedback_sent', 'close:feedback_sent->closed',
  ]);
  assert.equal(last.events[1]!.reason, 'behöver handläggare');
  // The history is append-only, in the database too.
  assert.throws(() => db.prepare("UPDATE case_events SET type = 'x'").run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM case_events').run(), /append-only/);
});

test('an invalid transition is a 409-coded error naming the current state, and writes nothing', (t) => {
  const { db, clock, cases } = setup(t);
  const c = cases.createCase({ site: 'demo', actor: 'staff:anna' });
  cases.transition(c.id, 'answer', { actor: 'staff:anna' });
  const before = counts(db);
  clock.advance(1000);
  assertCode(() => cases.transition(c.id, 'resolve', { actor: 'staff:anna' }), 'ENTRE_CASE_TRANSITION', /answered_at_first_contact.*Allowed: close/);
  assertCode(() => cases.transition(c.id, 'forward', { actor: 'staff:anna', reason: 'r', answerGroup: 'social-valfard' }), 'ENTRE_CASE_TRANSITION');
  assertCode(() => cases.transition('case-999999', 'close', { actor: 'staff:anna' }), 'ENTRE_UNKNOWN_CASE');
  assert.deepEqual(counts(db), before);
});

test('a forward needs a reason and a known answer group of the same site; failures write nothing', (t) => {
  const { db, cases } = setup(t);
  const c = cases.createCase({ site: 'demo', actor: 'staff:anna' });
  const before = counts(db);
  assertCode(() => cases.transition(c.id, 'forward', { actor: 'staff:anna', answerGroup: 'social-valfard' }), 'ENTRE_VALIDATION', /reason/);
  assertCode(() => cases.transition(c.id, 'forward', { actor: 'staff:anna', reason: 'r', answerGroup: 'ekonomi' }), 'ENTRE_UNKNOWN_ANSWER_GROUP');
  assertCode(() => cases.transition(c.id, 'withdraw', { actor: 'staff:anna' }), 'ENTRE_VALIDATION');
  assert.deepEqual(counts(db), before);
  assert.equal(cases.transition(c.id, 'withdraw', { actor: 'staff:anna', reason: 'dubblett' }).state, 'closed');
});

test('a closed case takes no new contact', (t) => {
  const { db, cases } = setup(t);
  const c = cases.createCase({ site: 'demo', actor: 'staff:anna' });
  cases.transition(c.id, 'withdraw', { actor: 'staff:anna', reason: 'fel registrerat' });
  insertContact(db, { id: 'call-2', channel: 'phone', at: '2026-11-24T09:00:00.000Z' });
  assertCode(() => cases.attachContact(c.id, 'call-2', 'staff:anna'), 'ENTRE_CASE_CLOSED');
});

test('unknown site or errand is refused before anything is written', (t) => {
  const { db, cases } = setup(t);
  assertCode(() => cases.createCase({ site: 'nowhere', actor: 'staff:anna' }), 'ENTRE_UNKNOWN_SITE');
  assertCode(() => cases.createCase({ site: 'demo', service: 'hundskatt', actor: 'staff:anna' }), 'ENTRE_UNKNOWN_SERVICE');
  assertCode(() => cases.get('nope'), 'ENTRE_UNKNOWN_CASE');
  assert.deepEqual(counts(db), { cases: 0, events: 0, attached: 0, rows: null });
});

test('a tracking code collision is retried; a random source that keeps repeating fails cleanly', (t) => {
  const fixed = new Uint8Array([1, 2, 3, 4, 5, 6, 7]);
  let calls = 0;
  // The first two draws repeat, so the second case collides once and draws again.
  const { db, cases } = setup(t, { randomBytes: (n) => (++calls <= 2 ? fixed.slice(0, n) : randomBytes(n)) });
  const a = cases.createCase({ site: 'demo', actor: 'staff:anna' });
  const b = cases.createCase({ site: 'demo', actor: 'staff:anna' });
  assert.notEqual(a.trackingCode, b.trackingCode);
  assert.equal(calls, 3);

  const stuck = createCaseStore(db, { clock: () => new Date(), newId: sequentialIds('stuck'), randomBytes: (n) => fixed.slice(0, n) });
  const before = counts(db);
  assert.throws(() => stuck.createCase({ site: 'demo', actor: 'staff:anna' }), /random source/);
  assert.deepEqual(counts(db), before);
});

test('the public view by code: state, dates per step, errand, channels — and no summary or reasons', (t) => {
  const { db, clock, cases } = setup(t);
  insertContact(db, { id: 'call-1', channel: 'phone', at: '2026-11-24T07:55:00.000Z' });
  const c = cases.createCase({
    site: 'demo', service: 'bygglov', actor: 'staff:anna', contactId: 'call-1',
    summary: 'Anna Andersson 19800101-1234 vill bygga altan',
  });
  clock.advance(600_000);
  cases.transition(c.id, 'forward', { actor: 'staff:anna', reason: 'ring 19800101-1234 på eftermiddagen', answerGroup: 'samhallsbyggnad' });
  insertContact(db, { id: 'visit-1', channel: 'visit', number: 'B002', at: '2026-11-25T09:00:00.000Z' });
  cases.attachContact(c.id, 'visit-1', 'staff:maria');

  const typed = c.trackingCode.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
  const view = cases.findByTrackingCode(typed);
  assert.ok(view);
  assert.deepEqual(view, {
    code: c.trackingCode, state: 'forwarded', serviceName: bygglovName,
    channels: ['phone', 'visit'],
    steps: [
      { state: 'registered', status: 'done', at: '2026-11-24T08:00:00.000Z' },
      { state: 'forwarded', status: 'current', at: '2026-11-24T08:10:00.000Z' },
      { state: 'in_progress', status: 'upcoming' },
      { state: 'resolved', status: 'upcoming' },
      { state: 'feedback_sent', status: 'upcoming' },
      { state: 'closed', status: 'upcoming' },
    ],
    createdAt: '2026-11-24T08:00:00.000Z', updatedAt: '2026-11-24T08:10:00.000Z', timeZone: 'Europe/Stockholm',
  });
  const json = JSON.stringify(view);
  for (const secret of ['19800101-1234', 'Anna', 'staff:', 'call-1', 'B002', c.id]) assert.ok(!json.includes(secret), secret);
  assert.equal(cases.findByTrackingCode(format(generate(new Uint8Array(RANDOM_BYTES)))), null, 'a well-formed code nobody has');
});

test('a code failing its check character is refused without touching the database', (t) => {
  const { db, cases } = setup(t);
  const c = cases.createCase({ site: 'demo', actor: 'staff:anna' });
  const last = c.trackingCode.at(-1)!;
  const typo = c.trackingCode.slice(0, -1) + (last === 'Z' ? 'Y' : 'Z');
  db.close();
  // With the database closed any query would throw: a null answer proves no lookup happened.
  assert.equal(cases.findByTrackingCode(typo), null);
  assert.equal(cases.findByTrackingCode('hello'), null);
  assert.throws(() => cases.findByTrackingCode(c.trackingCode), /not open/);
});
