import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { checker, DisplayConfig, topics, type AdminConfig } from '@entre/protocol';
import { useProblemErrors, useProtocolValidation } from './problem.js';
import { registerAuthRoutes } from './auth-routes.js';
import { registerAdminRoutes } from './admin-routes.js';
import { useStaffAuth } from '../auth/plugin.js';
import { createStaffStore } from '../auth/staff-store.js';
import { seedDemoStaff, DEMO_PASSWORD } from '../auth/demo-staff.js';
import { cheapHasher } from '../auth/test-support/fixtures.js';
import { createAdminStore } from '../store/admin-store.js';
import { createAnnouncer } from '../store/announcer.js';
import { linkDemoAgents } from '../store/seed.js';
import { manualClock, sequentialIds, tempDemoStore } from '../test-support/fixtures.js';

/**
 * The admin routes on a Fastify instance of their own (the real error handler, validator
 * and staff auth) over a seeded temp database, until app.ts wires them in.
 */
async function harness(t: { after(fn: () => unknown): void }) {
  const clock = manualClock('2026-03-02T08:00:00.000Z');
  const temp = tempDemoStore(clock.now);
  const staff = createStaffStore(temp.db, { clock: clock.now, passwords: cheapHasher });
  await seedDemoStaff(staff, linkDemoAgents(temp.db));
  let told = 0;
  const admin = createAdminStore(temp.db, { clock: clock.now, newId: sequentialIds('adm'), onOutbox: () => { told++; } },
    { announce: createAnnouncer(temp.db), staff });
  const http = Fastify();
  useProtocolValidation(http);
  useProblemErrors(http);
  useStaffAuth(http, { staff });
  registerAuthRoutes(http, { staff });
  registerAdminRoutes(http, { admin });
  await http.ready();
  t.after(async () => { await http.close(); temp.remove(); });

  const cookies = new Map<string, string>();
  async function cookieOf(username: string): Promise<string> {
    let c = cookies.get(username);
    if (!c) {
      const res = await http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
      assert.equal(res.statusCode, 200, res.body);
      c = String(res.headers['set-cookie']).split(';')[0]!;
      cookies.set(username, c);
    }
    return c;
  }
  /** A request as `who` (null: signed out); answers status, parsed body and headers. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function call(who: string | null, method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
    const headers = who ? { cookie: await cookieOf(who) } : {};
    const res = await http.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.body ? res.json() : undefined, headers: res.headers };
  }
  const as = (method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object) => call('admin', method, url, payload);
  const config = async (): Promise<AdminConfig> => (await as('GET', '/api/v1/admin/config')).body as AdminConfig;
  const outbox = () => temp.store.outbox.pending(100_000);
  const auditRows = () => temp.db.prepare<[], { action: string; target: string; staff_id: string | null; details_json: string }>(
    `SELECT action, target, staff_id, details_json FROM audit_log WHERE action LIKE 'config.%' ORDER BY id`).all();
  return { ...temp, staff, admin, http, call, as, config, outbox, auditRows, told: () => told };
}

const newService = {
  name: { sv: 'Färdtjänst', en: 'Mobility service' }, prefix: 'T', answerGroup: 'social-valfard', slTargetSeconds: 900,
};

test('an admin creates a service; the kiosk then offers it and devices hear of it', async (t) => {
  const h = await harness(t);
  const res = await h.as('PUT', '/api/v1/admin/services/fardtjanst', newService);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.headers['location'], '/api/v1/admin/services/fardtjanst');
  assert.deepEqual(res.body, {
    id: 'fardtjanst', name: newService.name, prefix: 'T', answerGroup: 'social-valfard', slTargetFraction: 0.8,
    slTargetSeconds: 900, active: true, position: 7,
  });

  const kiosk = h.store.kioskConfig('kiosk-1');
  const offered = kiosk.services.find((s) => s.id === 'fardtjanst');
  assert.deepEqual(offered && { prefix: offered.prefix, name: offered.name, waiting: offered.waiting }, { prefix: 'T', name: newService.name, waiting: 0 });
  assert.equal(h.store.issueTicket({ kiosk: 'kiosk-1', service: 'fardtjanst', language: 'sv' }).number, 'T001');

  const cfg = await h.config();
  assert.ok(cfg.services.some((s) => s.id === 'fardtjanst' && s.active));
  const topicsWritten = h.outbox().map((r) => r.topic);
  assert.ok(topicsWritten.includes(topics.queueSummary('demo', 'fardtjanst')), 'queue summary of the new service');
  assert.ok(topicsWritten.includes(topics.zoneBoard('demo', 'lobby')), 'boards with the new queue');
  assert.ok(h.told() > 0, 'the publisher was told after commit');

  // The same PUT again changes nothing and answers 200.
  const again = await h.as('PUT', '/api/v1/admin/services/fardtjanst', newService);
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, res.body);
});

test('a prefix is unique among the active services of the site: 409 naming the field', async (t) => {
  const h = await harness(t);
  const res = await h.as('PUT', '/api/v1/admin/services/fardtjanst', { ...newService, prefix: 'B' });
  assert.equal(res.status, 409);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(res.body.code, 'ENTRE_PREFIX_TAKEN');
  assert.equal(res.body.errors[0].path, '/prefix');
  assert.match(res.body.detail, /bygglov/);
  assert.ok(!(await h.config()).services.some((s) => s.id === 'fardtjanst'), 'nothing written');

  // An inactive service may share it; a deactivated one frees it.
  assert.equal((await h.as('PUT', '/api/v1/admin/services/fardtjanst', { ...newService, prefix: 'B', active: false })).status, 201);
  assert.equal((await h.as('DELETE', '/api/v1/admin/services/bygglov')).status, 200);
  assert.equal((await h.as('PUT', '/api/v1/admin/services/fardtjanst', { ...newService, prefix: 'B' })).status, 200);

  const bad = await h.as('PUT', '/api/v1/admin/services/x', { ...newService, prefix: 'b1' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'ENTRE_VALIDATION');
  assert.ok(bad.body.errors.some((e: { path: string }) => e.path === '/prefix'));
});

test('references are checked: unknown answer group 422, unknown zone 422, missing Swedish name 400', async (t) => {
  const h = await harness(t);
  const res = await h.as('PUT', '/api/v1/admin/services/fardtjanst', { ...newService, answerGroup: 'finns-inte' });
  assert.equal(res.status, 422);
  assert.equal(res.body.code, 'ENTRE_UNKNOWN_ANSWER_GROUP');
  assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path), ['/answerGroup']);

  const noSv = await h.as('PUT', '/api/v1/admin/services/fardtjanst', { ...newService, name: { en: 'Mobility' } });
  assert.equal(noSv.status, 400);
  assert.equal(noSv.body.errors[0].path, '/name/sv');

  const before = (await h.config()).servicePoints.find((p) => p.id === 'disk-2');
  const point = await h.as('PUT', '/api/v1/admin/service-points/disk-2', { name: { sv: 'Disk 2' }, zones: ['lobby', 'kallaren'], services: ['allmant', 'finns-inte'] });
  assert.equal(point.status, 422);
  assert.equal(point.body.code, 'ENTRE_UNKNOWN_ZONE');
  assert.deepEqual(point.body.errors.map((e: { path: string }) => e.path), ['/zones/1']);
  const points = await h.as('PUT', '/api/v1/admin/service-points/disk-2', { name: { sv: 'Disk 2' }, zones: ['lobby'], services: ['allmant', 'finns-inte'] });
  assert.equal(points.status, 422);
  assert.equal(points.body.code, 'ENTRE_UNKNOWN_SERVICE');
  assert.deepEqual(points.body.errors.map((e: { path: string }) => e.path), ['/services/1']);
  assert.deepEqual((await h.config()).servicePoints.find((p) => p.id === 'disk-2'), before, 'the point is unchanged');

  const lang = await h.as('PUT', '/api/v1/admin/languages/Svenska', { name: 'x', dir: 'ltr', staffed: true });
  assert.equal(lang.status, 400, 'a language code is a BCP-47 tag');
  assert.equal(lang.body.code, 'ENTRE_VALIDATION');
});

test('only admins: counter staff 403, signed out 401, before the body is read', async (t) => {
  const h = await harness(t);
  for (const [method, url, payload] of [
    ['GET', '/api/v1/admin/config', undefined],
    ['PUT', '/api/v1/admin/services/fardtjanst', newService],
    ['DELETE', '/api/v1/admin/services/bygglov', undefined],
    ['PUT', '/api/v1/admin/kiosk-languages', { languages: ['sv'] }],
  ] as const) {
    const out = await h.call(null, method, url, payload);
    assert.equal(out.status, 401, `${method} ${url} signed out`);
    assert.equal(out.body.code, 'ENTRE_UNAUTHENTICATED');
    const counter = await h.call('disk', method, url, payload);
    assert.equal(counter.status, 403, `${method} ${url} as counter`);
    assert.equal(counter.body.code, 'ENTRE_FORBIDDEN');
    assert.equal((await h.call('reception', method, url, payload)).status, 403, `${method} ${url} as reception`);
  }
  assert.ok((await h.config()).services.find((s) => s.id === 'bygglov')?.active, 'nothing changed');
  assert.equal(h.auditRows().length, 0);
});

test('an invalid work profile answers 400 listing every issue; a valid one is stored', async (t) => {
  const h = await harness(t);
  const anna = (await h.config()).agents.find((a) => a.id === 'anna')!;
  const body = { name: anna.name, channels: anna.channels, skills: anna.skills, languages: anna.languages, staff: anna.staff };
  const res = await h.as('PUT', '/api/v1/admin/agents/anna', {
    ...body,
    profile: { id: 'kvall', rules: [{ kind: 'interleave', priority: 0, normal: 1.5 }, { kind: 'escalate', afterSeconds: -1, extraSkills: [] }] },
  });
  assert.equal(res.status, 400);
  assert.equal(res.body.code, 'ENTRE_INVALID_WORK_PROFILE');
  const messages = res.body.errors.map((e: { message: string }) => e.message);
  assert.equal(messages.length, 4, messages.join(' | '));
  assert.ok(messages.some((m: string) => m.includes('rules[0]') && m.includes('priority')));
  assert.ok(messages.some((m: string) => m.includes('rules[1]') && m.includes('extraSkills is empty')));

  const unknown = await h.as('PUT', '/api/v1/admin/agents/anna', {
    ...body, profile: { id: 'kvall', rules: [{ kind: 'escalate', afterSeconds: 600, extraSkills: ['finns-inte'] }] },
  });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.errors[0].path, '/profile/rules/0/extraSkills/0');

  const profile = { id: 'kvall', rules: [{ kind: 'waited_over', service: 'social', seconds: 1200 }, { kind: 'interleave', priority: 2, normal: 1 }] };
  const ok = await h.as('PUT', '/api/v1/admin/agents/anna', { ...body, profile });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.deepEqual(ok.body.profile, profile);
  assert.deepEqual((await h.config()).agents.find((a) => a.id === 'anna')?.profile, profile);

  // Omitted staff link and profile are kept; null clears.
  const { staff: _s, ...withoutLink } = body;
  const kept = await h.as('PUT', '/api/v1/admin/agents/anna', withoutLink);
  assert.deepEqual({ staff: kept.body.staff, profile: kept.body.profile }, { staff: anna.staff, profile });
  assert.ok(anna.staff, 'the demo links anna to her account');
  const cleared = await h.as('PUT', '/api/v1/admin/agents/anna', { ...body, profile: null });
  assert.equal(cleared.body.profile, null);
});

test("replacing an agent's skills is atomic: one bad service leaves the old skills, languages and channels", async (t) => {
  const h = await harness(t);
  const before = (await h.config()).agents.find((a) => a.id === 'anna')!;
  const res = await h.as('PUT', '/api/v1/admin/agents/anna', {
    name: before.name, channels: ['visit'], languages: ['sv', 'ar'], staff: before.staff,
    skills: [{ service: 'social', penalty: 0 }, { service: 'finns-inte', penalty: 0 }],
  });
  assert.equal(res.status, 422);
  assert.equal(res.body.code, 'ENTRE_UNKNOWN_SERVICE');
  assert.deepEqual(res.body.errors, [{ path: '/skills/1/service', message: 'there is no service "finns-inte" at site demo' }]);
  assert.deepEqual((await h.config()).agents.find((a) => a.id === 'anna'), before);

  const lang = await h.as('PUT', '/api/v1/admin/agents/anna', {
    name: before.name, channels: ['visit'], languages: ['sv', 'xx'], staff: before.staff, skills: [{ service: 'social', penalty: 0 }],
  });
  assert.equal(lang.status, 422);
  assert.equal(lang.body.code, 'ENTRE_UNKNOWN_LANGUAGE');
  assert.deepEqual((await h.config()).agents.find((a) => a.id === 'anna'), before);

  const taken = await h.as('PUT', '/api/v1/admin/agents/anna', {
    name: before.name, channels: ['visit'], languages: ['sv'], skills: [], staff: (await h.config()).agents.find((a) => a.id === 'erik')!.staff,
  });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.code, 'ENTRE_IN_USE');
  assert.equal(taken.body.errors[0].path, '/staff');

  const ok = await h.as('PUT', '/api/v1/admin/agents/anna', {
    name: before.name, channels: ['visit', 'chat'], languages: ['sv', 'ar'], staff: before.staff,
    skills: [{ service: 'social', penalty: 0 }, { service: 'allmant', penalty: 0.5 }],
  });
  assert.equal(ok.status, 200);
  const after = (await h.config()).agents.find((a) => a.id === 'anna')!;
  assert.deepEqual(after.skills, [{ service: 'allmant', penalty: 0.5 }, { service: 'social', penalty: 0 }]);
  assert.deepEqual(after.languages, ['ar', 'sv']);
  assert.deepEqual(after.channels, ['visit', 'chat']);
  assert.deepEqual(h.agents.get('anna').skills, after.skills, 'routing sees the new skills');
});

test('deactivating a service hides it from the kiosk but keeps its contacts', async (t) => {
  const h = await harness(t);
  const ticket = h.store.issueTicket({ kiosk: 'kiosk-1', service: 'bygglov', language: 'sv' });
  const res = await h.as('DELETE', '/api/v1/admin/services/bygglov');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { id: 'bygglov', result: 'deactivated' });

  assert.ok(!h.store.kioskConfig('kiosk-1').services.some((s) => s.id === 'bygglov'), 'not offered');
  assert.throws(() => h.store.issueTicket({ kiosk: 'kiosk-1', service: 'bygglov', language: 'sv' }), /no errand/);
  const kept = h.store.getTicket(ticket.id);
  assert.equal(kept.state, 'waiting');
  assert.equal(kept.service, 'bygglov');
  assert.equal((await h.config()).services.find((s) => s.id === 'bygglov')?.active, false);

  const rows = h.outbox();
  const cleared = rows.filter((r) => r.topic === topics.queueSummary('demo', 'bygglov')).at(-1);
  assert.deepEqual(cleared && { payload: cleared.payload, retain: cleared.retain }, { payload: '', retain: 1 }, 'its retained summary is cleared');
  const board = JSON.parse(rows.filter((r) => r.topic === topics.zoneBoard('demo', 'lobby')).at(-1)!.payload) as { queues: { service: string }[] };
  assert.ok(!board.queues.some((q) => q.service === 'bygglov'), 'boards no longer list it');

  assert.equal((await h.as('DELETE', '/api/v1/admin/services/finns-inte')).status, 404);
});

test("a display change writes the display's retained config to the outbox in the same transaction", async (t) => {
  const h = await harness(t);
  const res = await h.as('PUT', '/api/v1/admin/displays/lobby-1', { zone: 'floor-2', name: 'Skärm hissen', languages: ['sv', 'ar'], chime: false, volume: 0.4 });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const row = h.outbox().filter((r) => r.topic === topics.displayConfig('demo', 'lobby-1')).at(-1);
  assert.ok(row, 'a display config was queued');
  assert.equal(row.retain, 1);
  assert.equal(row.qos, 1);
  const payload = JSON.parse(row.payload) as unknown;
  assert.ok(checker(DisplayConfig)(payload).ok, 'valid against the protocol schema');
  assert.deepEqual(payload, {
    v: 1, at: '2026-03-02T08:00:00.000Z', display: 'lobby-1', zone: 'floor-2', name: 'Skärm hissen', languages: ['sv', 'ar'], chime: false, volume: 0.4,
    // Not given: the layout it had, voice on, no staff names.
    layout: 'landscape', speech: true, showStaffName: false,
  });

  const unknownZone = await h.as('PUT', '/api/v1/admin/displays/lobby-1', { zone: 'vind', name: 'x', languages: ['sv'], chime: true, volume: 1 });
  assert.equal(unknownZone.status, 422);
  assert.deepEqual(unknownZone.body.errors.map((e: { path: string }) => e.path), ['/zone']);

  const created = await h.as('PUT', '/api/v1/admin/displays/entre-2', { zone: 'lobby', name: 'Skärm 2', languages: ['sv'], chime: true, volume: 0.8 });
  assert.equal(created.status, 201);
  const removed = await h.as('DELETE', '/api/v1/admin/displays/entre-2');
  assert.deepEqual(removed.body, { id: 'entre-2', result: 'deleted' });
  const clearedRow = h.outbox().filter((r) => r.topic === topics.displayConfig('demo', 'entre-2')).at(-1);
  assert.deepEqual(clearedRow && { payload: clearedRow.payload, retain: clearedRow.retain }, { payload: '', retain: 1 }, 'its retained config is cleared');
});

test('zones, answer groups and languages in use are not deleted: 409 naming what uses them', async (t) => {
  const h = await harness(t);
  const zone = await h.as('DELETE', '/api/v1/admin/zones/floor-2');
  assert.equal(zone.status, 409);
  assert.equal(zone.body.code, 'ENTRE_IN_USE');
  assert.deepEqual(zone.body.errors.map((e: { path: string }) => e.path), ['/servicePoints', '/displays']);
  const group = await h.as('DELETE', '/api/v1/admin/answer-groups/social-valfard');
  assert.equal(group.status, 409);
  assert.match(group.body.errors[0].message, /social/);
  const lang = await h.as('DELETE', '/api/v1/admin/languages/ar');
  assert.equal(lang.status, 409);
  assert.ok(lang.body.errors.some((e: { path: string }) => e.path === '/agents'));

  // Unused ones go.
  assert.equal((await h.as('PUT', '/api/v1/admin/zones/plan-3', { name: 'Plan 3' })).status, 201);
  assert.ok(h.outbox().some((r) => r.topic === topics.zoneBoard('demo', 'plan-3')), 'a new zone gets its board');
  assert.deepEqual((await h.as('DELETE', '/api/v1/admin/zones/plan-3')).body, { id: 'plan-3', result: 'deleted' });
  assert.equal((await h.as('PUT', '/api/v1/admin/answer-groups/tomma', { name: 'Tomma gruppen' })).status, 201);
  assert.deepEqual((await h.as('DELETE', '/api/v1/admin/answer-groups/tomma')).body, { id: 'tomma', result: 'deleted' });
  // Offered at the kiosk, a language stays until the kiosk stops offering it.
  assert.equal((await h.as('DELETE', '/api/v1/admin/languages/uk')).status, 409);
  assert.equal((await h.as('PUT', '/api/v1/admin/kiosk-languages', { languages: ['sv', 'en'] })).status, 200);
  assert.deepEqual((await h.as('DELETE', '/api/v1/admin/languages/uk')).body, { id: 'uk', result: 'deleted' });
  assert.ok(!(await h.config()).languages.some((l) => l.code === 'uk'));
});

test('kiosk languages need a configured language with visitor texts', async (t) => {
  const h = await harness(t);
  // Staff may speak Chinese, but the kiosk has no Chinese texts.
  assert.equal((await h.as('PUT', '/api/v1/admin/languages/zh', { name: '中文', dir: 'ltr', staffed: true })).status, 201);
  const res = await h.as('PUT', '/api/v1/admin/kiosk-languages', { languages: ['sv', 'zh'] });
  assert.equal(res.status, 422);
  assert.equal(res.body.code, 'ENTRE_UNKNOWN_LANGUAGE');
  assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path), ['/languages/1']);
  const ok = await h.as('PUT', '/api/v1/admin/kiosk-languages', { languages: ['en', 'sv'] });
  assert.deepEqual(ok.body, { languages: ['en', 'sv'] });
  assert.deepEqual(h.store.kioskConfig('kiosk-1').languages.map((l) => l.code), ['en', 'sv']);
});

test('a service point is replaced whole and announced; one with history is retired, not deleted', async (t) => {
  const h = await harness(t);
  const res = await h.as('PUT', '/api/v1/admin/service-points/disk-2', { name: { sv: 'Disk 2', en: 'Counter 2' }, zones: ['floor-2'], services: ['skola'] });
  assert.equal(res.status, 200);
  // Wayfinding not given: the arrow it had stays.
  assert.deepEqual(res.body, { id: 'disk-2', name: { sv: 'Disk 2', en: 'Counter 2' }, zones: ['floor-2'], services: ['skola'], position: 2, profile: null, wayfinding: { arrow: 'left' } });
  assert.ok(h.outbox().some((r) => r.topic === topics.zoneBoard('demo', 'floor-2')));

  // Call a ticket to disk-2: while it is there the point cannot go; after, it is retired.
  const ticket = h.store.issueTicket({ kiosk: 'kiosk-1', service: 'skola', language: 'sv' });
  const who = { actor: 'staff:reception' };
  h.contacts.call(ticket.id, { servicePoint: 'disk-2' }, who);
  const busy = await h.as('DELETE', '/api/v1/admin/service-points/disk-2');
  assert.equal(busy.status, 409);
  assert.equal(busy.body.code, 'ENTRE_IN_USE');
  h.contacts.start(ticket.id, who);
  h.contacts.finish(ticket.id, { outcome: 'resolved', rosaLevel: 1 }, who);
  assert.deepEqual((await h.as('DELETE', '/api/v1/admin/service-points/disk-2')).body, { id: 'disk-2', result: 'retired' });
  const retired = (await h.config()).servicePoints.find((p) => p.id === 'disk-2');
  assert.deepEqual(retired && { zones: retired.zones, services: retired.services }, { zones: [], services: [] });
  assert.equal(h.store.getTicket(ticket.id).servicePoint, 'disk-2', 'history still names it');

  assert.equal((await h.as('PUT', '/api/v1/admin/service-points/disk-9', { name: { sv: 'Disk 9' }, zones: [], services: [] })).status, 201);
  assert.deepEqual((await h.as('DELETE', '/api/v1/admin/service-points/disk-9')).body, { id: 'disk-9', result: 'deleted' });
});

test('every change writes one audit row with who, what and target; refused changes write none', async (t) => {
  const h = await harness(t);
  const adminId = h.staff.findByUsername('admin')!.id;
  const changes: [string, string, object?][] = [
    ['PUT', '/api/v1/admin/services/fardtjanst', newService],
    ['PUT', '/api/v1/admin/services/fardtjanst', { ...newService, slTargetSeconds: 1200 }],
    ['PUT', '/api/v1/admin/answer-groups/nya', { name: 'Nya gruppen' }],
    ['PUT', '/api/v1/admin/languages/ku', { name: 'Kurdî', dir: 'ltr', staffed: false }],
    ['PUT', '/api/v1/admin/kiosk-languages', { languages: ['sv', 'en'] }],
    ['PUT', '/api/v1/admin/zones/plan-3', { name: 'Plan 3' }],
    ['PUT', '/api/v1/admin/service-points/disk-5', { name: { sv: 'Disk 5' }, zones: ['plan-3'], services: ['fardtjanst'] }],
    ['PUT', '/api/v1/admin/agents/sara', { name: 'Sara Berg', channels: ['visit'], skills: [{ service: 'fardtjanst', penalty: 0 }], languages: ['sv', 'ku'] }],
    ['PUT', '/api/v1/admin/displays/plan3-1', { zone: 'plan-3', name: 'Skärm plan 3', languages: ['sv'], chime: true, volume: 0.6 }],
    ['DELETE', '/api/v1/admin/displays/plan3-1'],
    ['DELETE', '/api/v1/admin/agents/sara'],
    ['DELETE', '/api/v1/admin/services/fardtjanst'],
  ];
  for (const [method, url, body] of changes) {
    const res = await h.as(method as 'PUT' | 'DELETE', url, body);
    assert.ok(res.status === 200 || res.status === 201, `${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  // Refused: no row.
  assert.equal((await h.as('PUT', '/api/v1/admin/services/x', { ...newService, answerGroup: 'nope' })).status, 422);
  assert.equal((await h.call('disk', 'PUT', '/api/v1/admin/zones/z', { name: 'Z' })).status, 403);

  const rows = h.auditRows();
  assert.deepEqual(rows.map((r) => [r.action, r.target]), [
    ['config.service.create', 'fardtjanst'],
    ['config.service.update', 'fardtjanst'],
    ['config.answer_group.create', 'nya'],
    ['config.language.create', 'ku'],
    ['config.kiosk_languages.update', 'demo'],
    ['config.zone.create', 'plan-3'],
    ['config.service_point.create', 'disk-5'],
    ['config.agent.create', 'sara'],
    ['config.display.create', 'plan3-1'],
    ['config.display.delete', 'plan3-1'],
    ['config.agent.delete', 'sara'],
    ['config.service.deactivate', 'fardtjanst'],
  ]);
  assert.ok(rows.every((r) => r.staff_id === adminId), 'who');
  assert.equal((JSON.parse(rows[1]!.details_json) as { slTargetSeconds: number }).slTargetSeconds, 1200, 'what');
  // The audit API shows them too.
  assert.equal(h.staff.listAudit(10, { action: 'config.service.deactivate' }).length, 1);
});

test('an agent with history is retired (no channels, no staff link), one without is deleted; one with work in hand stays', async (t) => {
  const h = await harness(t);
  const ticket = h.store.issueTicket({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' });
  const who = { actor: 'staff:anna', agent: 'anna' };
  h.agents.setState('anna', { state: 'available', servicePoint: 'disk-1' });
  h.contacts.call(ticket.id, { servicePoint: 'disk-1', agent: 'anna' }, who);
  const busy = await h.as('DELETE', '/api/v1/admin/agents/anna');
  assert.equal(busy.status, 409);
  assert.equal(busy.body.code, 'ENTRE_IN_USE');
  h.contacts.start(ticket.id, who);
  h.contacts.finish(ticket.id, { outcome: 'resolved', rosaLevel: 1 }, who);

  assert.deepEqual((await h.as('DELETE', '/api/v1/admin/agents/anna')).body, { id: 'anna', result: 'retired' });
  const anna = (await h.config()).agents.find((a) => a.id === 'anna')!;
  assert.deepEqual({ channels: anna.channels, staff: anna.staff }, { channels: [], staff: null });
  assert.equal(h.agents.get('anna').state, 'offline');

  assert.equal((await h.as('PUT', '/api/v1/admin/agents/ny', { name: 'Ny Person', channels: ['phone'], skills: [], languages: ['sv'] })).status, 201);
  assert.deepEqual((await h.as('DELETE', '/api/v1/admin/agents/ny')).body, { id: 'ny', result: 'deleted' });
  assert.ok(!(await h.config()).agents.some((a) => a.id === 'ny'));
});

test('the admin routes are in the OpenAPI document with their schemas', async (t) => {
  const { registerApiDocs } = await import('./api-docs.js');
  const temp = tempDemoStore(manualClock('2026-03-02T08:00:00.000Z').now);
  const staff = createStaffStore(temp.db, { passwords: cheapHasher });
  const admin = createAdminStore(temp.db, { clock: () => new Date(), newId: sequentialIds() }, { announce: createAnnouncer(temp.db), staff });
  const http = Fastify();
  useProtocolValidation(http);
  useProblemErrors(http);
  await registerApiDocs(http);
  useStaffAuth(http, { staff });
  registerAdminRoutes(http, { admin });
  t.after(async () => { await http.close(); temp.remove(); });
  const doc = (await http.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
  for (const path of ['/api/v1/admin/config', '/api/v1/admin/services/{id}', '/api/v1/admin/agents/{id}', '/api/v1/admin/languages/{code}', '/api/v1/admin/kiosk-languages']) {
    assert.ok(doc.paths[path], `documents ${path}`);
  }
  assert.ok(doc.paths['/api/v1/admin/services/{id}']!['put'] && doc.paths['/api/v1/admin/services/{id}']!['delete']);
});
