import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Agent, CaseDetail, CounterQueue, ReceptionQueues } from '@entre/protocol';
import { postAsReception as post, signIn, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';

type App = Awaited<ReturnType<typeof tempApp>>['app'];

async function get<T>(app: App, url: string, cookie: string): Promise<{ status: number; body: T }> {
  const res = await app.http.inject({ method: 'GET', url, headers: { cookie } });
  return { status: res.statusCode, body: res.json() as T };
}

test("an agent's queue: their skills on their channels in line order, with counts, longest wait and the contact in hand", async (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const anna = await signIn(app, 'anna');

  const visit = (await post(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'parkering', language: 'sv' })).body;
  clock.advance(30_000);
  const chat = (await post(app, '/api/v1/contacts', { channel: 'chat', service: 'allmant', language: 'sv', externalRef: 'chat-1' })).body;
  const email = (await post(app, '/api/v1/contacts', { channel: 'email', service: 'allmant', language: 'sv', externalRef: 'mail-1' })).body;
  const social = (await post(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'social', language: 'sv' })).body;
  const priority = (await post(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'allmant', language: 'sv', priority: 'accessibility' })).body;
  clock.advance(60_000);

  const q = await get<CounterQueue>(app, '/api/v1/agents/anna/queue', anna);
  assert.equal(q.status, 200, JSON.stringify(q.body));
  assert.equal(q.body.site, 'demo');
  // Anna takes visits, phone and chat (no e-mail) in allmant, parkering, skola, bygglov (not social).
  assert.deepEqual(q.body.waiting.map((c) => c.id), [priority.id, visit.id, chat.id]);
  assert.equal(q.body.waiting[2]!.channel, 'chat');
  assert.equal(q.body.total, 3);
  const byId = new Map(q.body.services.map((s) => [s.id, s]));
  assert.deepEqual([byId.get('allmant')?.mine, byId.get('social')?.mine], [true, false], 'every errand is listed, hers marked');
  assert.equal(byId.get('parkering')?.waiting, 1);
  assert.equal(byId.get('parkering')?.longestWaitSeconds, 90);
  assert.equal(byId.get('social')?.waiting, 1, 'other errands count too (transfer targets)');
  assert.equal(q.body.current, null);
  assert.ok(!q.body.waiting.some((c) => c.id === email.id || c.id === social.id));

  await post(app, '/api/v1/agents/anna/state', { state: 'available', servicePoint: 'disk-1' });
  const called = (await post(app, '/api/v1/agents/anna/call-next', {})).body;
  const after = await get<CounterQueue>(app, '/api/v1/agents/anna/queue', anna);
  assert.equal(after.body.current?.id, called.called.id);
  assert.equal(after.body.total, 2);

  // A counter with no agent: its own errands, visits only, and what is called there.
  const disk = await signIn(app, 'disk');
  const point = await get<CounterQueue>(app, '/api/v1/service-points/disk-1/queue', disk);
  assert.equal(point.status, 200);
  assert.equal(point.body.current?.id, called.called.id);
  assert.ok(point.body.waiting.every((c) => c.channel === 'visit'));
  assert.equal((await get(app, '/api/v1/agents/nobody/queue', anna)).status, 404);
  assert.equal((await get(app, '/api/v1/service-points/nowhere/queue', anna)).status, 404);
});

test('the queue is for counter and reception staff only; an agent names the staff account it belongs to', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  assert.equal((await app.http.inject({ method: 'GET', url: '/api/v1/agents/anna/queue' })).statusCode, 401);
  assert.equal((await get(app, '/api/v1/agents/anna/queue', await signIn(app, 'facility'))).status, 403);
  const anna = await signIn(app, 'anna');
  const me = (await get<{ staff: { id: string } }>(app, '/api/v1/auth/me', anna)).body.staff;
  const agents = (await get<{ agents: Agent[] }>(app, '/api/v1/agents', anna)).body.agents;
  assert.equal(agents.find((a) => a.staff === me.id)?.id, 'anna');
  assert.equal(agents.filter((a) => a.staff === me.id).length, 1);
});

test('a case is found and attached by its tracking code as well as its id', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const cookie = await signIn(app, 'anna');
  const first = (await post(app, '/api/v1/contacts', { channel: 'phone', service: 'allmant', language: 'sv', externalRef: 'pbx-9' })).body;
  const created = (await post(app, '/api/v1/cases', { site: 'demo', service: 'allmant', contact: first.id })).body as CaseDetail;
  const byCode = await get<CaseDetail>(app, `/api/v1/cases/${created.trackingCode}`, cookie);
  assert.equal(byCode.status, 200);
  assert.equal(byCode.body.id, created.id);
  assert.equal((await get<CaseDetail>(app, `/api/v1/cases/${created.trackingCode.toLowerCase().replaceAll('-', '')}`, cookie)).body.id, created.id);
  const visit = (await post(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' })).body;
  const attached = (await post(app, `/api/v1/cases/${created.trackingCode}/contacts`, { contact: visit.id })).body as CaseDetail;
  assert.deepEqual(attached.contacts.map((c) => c.channel), ['phone', 'visit']);
  assert.equal((await get(app, '/api/v1/cases/K7QM-4XW9-2RZ', cookie)).status, 404);
});

test("an agent's queue is theirs and reception's to read, not another counter account's", async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const [anna, disk, rx] = [await signIn(app, 'anna'), await signIn(app, 'disk'), await signIn(app, 'reception')];
  assert.equal((await get(app, '/api/v1/agents/anna/queue', anna)).status, 200);
  assert.equal((await get(app, '/api/v1/agents/hassan/queue', rx)).status, 200);
  for (const [cookie, agent] of [[anna, 'hassan'], [disk, 'anna']] as const) {
    const res = await app.http.inject({ method: 'GET', url: `/api/v1/agents/${agent}/queue`, headers: { cookie } });
    assert.equal(res.statusCode, 403, `${agent}: ${res.body}`);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    assert.equal(res.json().code, 'ENTRE_FORBIDDEN');
    assert.match(res.json().detail, new RegExp(`only your own queue, not agent "${agent}"`));
  }
  assert.equal((await get(app, '/api/v1/service-points/disk-2/queue', disk)).status, 200, 'a bare counter reads its counter');
});

test('one line, one order: counter, reception and the visitor agree; pins to others are neither listed nor counted', async (t) => {
  const clock = manualClock('2026-11-25T07:00:00Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const reception = await signIn(app, 'reception');
  const anna = await signIn(app, 'anna');
  await post(app, '/api/v1/agents/anna/state', { state: 'available', servicePoint: 'disk-1' });
  const booked = (await post(app, '/api/v1/appointments', { service: 'bygglov', startsAt: '2026-11-25T09:00:00Z', language: 'sv' })).body;
  const ticket = async (at: string, extra: object = {}) => {
    clock.set(at);
    return (await post(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'bygglov', language: 'sv', ...extra })).body as { id: string; number: string };
  };
  const early = await ticket('2026-11-25T08:50:00Z');
  clock.set('2026-11-25T09:00:00Z');
  const checkIn = await app.http.inject({ method: 'POST', url: '/api/v1/kiosks/kiosk-1/check-in', payload: { code: booked.code, language: 'sv' } });
  const appointment = (checkIn.json() as { ticket: { id: string } }).ticket;
  const priority = await ticket('2026-11-25T09:05:00Z', { priority: 'accessibility' });
  const late = await ticket('2026-11-25T09:06:00Z');
  const toMaria = await ticket('2026-11-25T08:51:00Z');
  const toDisk2 = await ticket('2026-11-25T08:52:00Z');
  const toAnna = await ticket('2026-11-25T09:07:00Z');
  assert.equal((await post(app, `/api/v1/contacts/${toMaria.id}/pin`, { agent: 'maria' })).status, 200);
  assert.equal((await post(app, `/api/v1/contacts/${toDisk2.id}/transfer`, { servicePoint: 'disk-2' })).status, 200);
  assert.equal((await post(app, `/api/v1/contacts/${toAnna.id}/pin`, { agent: 'anna' })).status, 200);
  clock.set('2026-11-25T09:08:00Z');

  const counter = async () => (await get<CounterQueue>(app, '/api/v1/agents/anna/queue', anna)).body;
  const receptionLine = async () => ((await get<ReceptionQueues>(app, '/api/v1/reception/queues', reception)).body)
    .queues.find((q) => q.service === 'bygglov')!.waiting.map((c) => c.id);
  const ahead = async (id: string) => ((await app.http.inject({ url: `/api/v1/tickets/${id}` })).json() as { waitingAhead: number }).waitingAhead;

  // The appointment (09:00, in its window) and the priority ticket (09:05) are one class: by arrival.
  const q = await counter();
  assert.deepEqual(q.waiting.map((c) => c.id), [toAnna.id, appointment.id, priority.id, early.id, late.id], 'pinned to Anna first; Maria\'s and disk-2\'s left out');
  assert.equal(q.total, 5);
  assert.equal(q.services.find((s) => s.id === 'bygglov')!.waiting, 5);
  assert.deepEqual(await receptionLine(), [appointment.id, priority.id, early.id, toMaria.id, toDisk2.id, late.id, toAnna.id]);
  assert.deepEqual([await ahead(appointment.id), await ahead(priority.id), await ahead(early.id), await ahead(late.id)], [0, 1, 2, 5]);
  // Call next agrees with the head of Anna's list.
  assert.equal((await post(app, '/api/v1/agents/anna/call-next', {})).body.called.id, toAnna.id);

  // Reception moves the last visitor to the front: they read 0 ahead, and the others one more.
  assert.equal((await post(app, `/api/v1/contacts/${late.id}/rank`, { rank: 0 })).status, 200);
  assert.equal(await ahead(late.id), 0);
  assert.equal(await ahead(appointment.id), 1);
  assert.deepEqual((await counter()).waiting.map((c) => c.id), [late.id, appointment.id, priority.id, early.id]);
  assert.deepEqual((await receptionLine()).slice(0, 3), [late.id, appointment.id, priority.id]);
});
