import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReceptionQueue, ReceptionQueues } from '@entre/protocol';
import { postAsReception, signIn, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';

test('reception sees every queue in line order: rank, then priority, then place; a transfer keeps the place', async (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const reception = await signIn(app, 'reception');
  const queues = async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/reception/queues', headers: { cookie: reception } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    return res.json() as ReceptionQueues;
  };
  const ticket = async (service: string, extra: object = {}) => {
    const res = await postAsReception(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service, language: 'sv', ...extra });
    clock.advance(60_000);
    return res.body as { id: string; number: string };
  };
  const a1 = await ticket('allmant');
  const a2 = await ticket('allmant');
  const b1 = await ticket('bygglov');
  const a3 = await ticket('allmant', { priority: 'accessibility' });
  const phone = (await postAsReception(app, '/api/v1/contacts', { channel: 'phone', service: 'allmant', language: 'ar', externalRef: 'pbx-7' })).body;

  const first = await queues();
  assert.equal(first.site, 'demo');
  assert.equal(first.at, clock.now().toISOString());
  assert.ok(!('kiosk' in first), 'reception issues its own tickets (POST /api/v1/reception/tickets), not through a kiosk');
  assert.ok(first.languages.some((l) => l.code === 'ar'));
  const allmant = () => first.queues.find((q) => q.service === 'allmant')!;
  assert.deepEqual(allmant().waiting.map((c) => c.id), [a3.id, a1.id, a2.id, phone.id], 'priority first, then by place');
  assert.equal(allmant().total, 4);
  assert.deepEqual(allmant().waiting[0]!, {
    id: a3.id, channel: 'visit', number: a3.number, language: 'sv', priority: 'priority', priorityReason: 'accessibility',
    issuedAt: '2026-11-25T09:03:00.000Z', queuedAt: '2026-11-25T09:03:00.000Z', version: 0,
  });
  assert.equal(allmant().waiting[3]!.number, undefined, 'a phone call has no ticket number');
  assert.deepEqual(first.queues.find((q) => q.service === 'bygglov')!.waiting.map((c) => c.number), [b1.number]);

  // Reception puts a2 first and pins a1 to Anna; the bygglov visitor moves to allmant keeping their place.
  assert.equal((await postAsReception(app, `/api/v1/contacts/${a2.id}/rank`, { rank: 0 })).status, 200);
  assert.equal((await postAsReception(app, `/api/v1/contacts/${a1.id}/pin`, { agent: 'anna' })).status, 200);
  assert.equal((await postAsReception(app, `/api/v1/contacts/${b1.id}/transfer`, { service: 'allmant', keepPlace: true })).status, 200);
  const after = (await queues()).queues.find((q) => q.service === 'allmant')!;
  assert.deepEqual(after.waiting.map((c) => c.number ?? 'phone'), [a2.number, a3.number, a1.number, b1.number, 'phone']);
  assert.equal(after.waiting[0]!.rank, 0);
  assert.equal(after.waiting[2]!.pinnedAgent, 'anna');
  assert.equal((await queues()).queues.find((q) => q.service === 'bygglov')!.total, 0);
});

test('only reception reads the queues, reorders and pins: a counter account is refused with 403', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const tk = (await postAsReception(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' })).body as { id: string };
  const disk = await signIn(app, 'disk');
  const as = (cookie: string | undefined, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.http.inject({ method, url, ...(cookie ? { headers: { cookie } } : {}), ...(payload ? { payload } : {}) });
  assert.equal((await as(undefined, 'GET', '/api/v1/reception/queues')).statusCode, 401);
  assert.equal((await as(disk, 'GET', '/api/v1/reception/queues')).statusCode, 403);
  assert.equal((await as(disk, 'POST', `/api/v1/contacts/${tk.id}/rank`, { rank: 1 })).statusCode, 403);
  assert.equal((await as(disk, 'POST', `/api/v1/contacts/${tk.id}/pin`, { agent: 'anna' })).statusCode, 403);
  assert.equal((await as(await signIn(app, 'admin'), 'GET', '/api/v1/reception/queues')).statusCode, 200, 'admin has every role');
});

test('a move is one request, all or nothing: a stale version, a called contact or one ranked meanwhile answers 409 naming it, and nothing is written', async (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const reception = await signIn(app, 'reception');
  const line = async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/reception/queues', headers: { cookie: reception } });
    return (res.json() as ReceptionQueues).queues.find((q) => q.service === 'allmant')!.waiting;
  };
  const order = (cookie: string, service: string, payload: object) =>
    app.http.inject({ method: 'POST', url: `/api/v1/reception/queues/${service}/order`, headers: { cookie }, payload });
  const ranks = () => app.db.prepare(`SELECT number, rank FROM contacts WHERE service_id = 'allmant' ORDER BY number`).all();
  const tickets: { id: string; number: string }[] = [];
  for (let i = 0; i < 4; i++) {
    tickets.push((await postAsReception(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' })).body as { id: string; number: string });
    clock.advance(60_000);
  }
  const [a1, a2, a3, a4] = tickets;
  const seen = await line();
  const v = (id: string) => ({ id, version: seen.find((c) => c.id === id)!.version });

  // a2 up one place: both ranks in one transaction; the answer is the line with its new versions.
  const moved = await order(reception, 'allmant', { order: [v(a2!.id), v(a1!.id)] });
  assert.equal(moved.statusCode, 200, moved.body);
  const after = moved.json() as ReceptionQueue;
  assert.deepEqual(after.waiting.map((c) => [c.id, c.rank]), [[a2!.id, 0], [a1!.id, 1], [a3!.id, undefined], [a4!.id, undefined]]);
  assert.ok(after.waiting[0]!.version > v(a2!.id).version);
  const written = ranks();

  // Stale: a3 would be ranked first, but a2's version is the one read before the move.
  const stale = await order(reception, 'allmant', { order: [{ id: a3!.id, version: after.waiting[2]!.version }, v(a2!.id), { id: a1!.id, version: after.waiting[1]!.version }] });
  assert.equal(stale.statusCode, 409);
  assert.match(String(stale.headers['content-type']), /application\/problem\+json/);
  const problem = stale.json() as { code: string; detail: string; errors: { path: string; message: string }[] };
  assert.equal(problem.code, 'ENTRE_VERSION_CONFLICT');
  assert.match(problem.detail, new RegExp(`^${a2!.number} changed since you read it`));
  assert.deepEqual(problem.errors.map((e) => e.path), ['/order/1']);
  assert.match(problem.errors[0]!.message, new RegExp(`^${a2!.id} changed`));
  assert.deepEqual(ranks(), written, 'nothing written, not even a3 before the stale one');

  // A contact called meanwhile: refused, naming it; nothing written.
  const now = await line();
  const cur = (id: string) => ({ id, version: now.find((c) => c.id === id)!.version });
  const front = [cur(a3!.id), cur(a2!.id), cur(a1!.id)];
  assert.equal((await postAsReception(app, `/api/v1/contacts/${a1!.id}/call`, { servicePoint: 'disk-1' })).status, 200);
  const beforeCalled = ranks();
  const called = await order(reception, 'allmant', { order: front });
  assert.equal(called.statusCode, 409);
  assert.match((called.json() as { detail: string }).detail, new RegExp(`^${a1!.number} is called now`));
  assert.deepEqual(ranks(), beforeCalled);
  assert.equal((app.db.prepare('SELECT rank FROM contacts WHERE id = ?').get(a3!.id) as { rank: number | null }).rank, null);

  // Another receptionist ranked a4 into the front meanwhile: the front this client saw is stale.
  assert.equal((await postAsReception(app, `/api/v1/contacts/${a4!.id}/rank`, { rank: 0 })).status, 200);
  const intruded = await order(reception, 'allmant', { order: [cur(a3!.id), cur(a2!.id)] });
  assert.equal(intruded.statusCode, 409);
  assert.match((intruded.json() as { detail: string }).detail, new RegExp(`^${a4!.number} was ranked into the front`));
  assert.equal((app.db.prepare('SELECT rank FROM contacts WHERE id = ?').get(a3!.id) as { rank: number | null }).rank, null);

  // The request itself: reception only, a known errand, each contact once.
  assert.equal((await order(await signIn(app, 'disk'), 'allmant', { order: [cur(a3!.id)] })).statusCode, 403);
  assert.equal((await order(reception, 'hundskatt', { order: [cur(a3!.id)] })).statusCode, 422);
  assert.equal((await order(reception, 'allmant', { order: [cur(a3!.id), cur(a3!.id)] })).statusCode, 400);
  assert.equal((await order(reception, 'allmant', { order: [] })).statusCode, 400);
});
