import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postAsReception, receptionCookie, signIn, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';

type App = Awaited<ReturnType<typeof tempApp>>['app'];

const post = postAsReception;
const cookieFor = receptionCookie;

const available = (app: App, agent: string, servicePoint: string) => post(app, `/api/v1/agents/${agent}/state`, { state: 'available', servicePoint });

test('call next routes by skill, channel and language, explains why, and wants the last contact finished first', async (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  assert.equal((await post(app, '/api/v1/agents/hassan/call-next', {})).status, 409, 'offline agents call nobody');

  const visit = (await post(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'bygglov', language: 'sv' })).body;
  clock.advance(60_000);
  const phone = (await post(app, '/api/v1/contacts', { channel: 'phone', service: 'social', language: 'ar', externalRef: 'pbx-1' })).body;
  clock.advance(60_000);

  // Hassan: social skill, speaks Arabic, no bygglov skill.
  assert.equal((await available(app, 'hassan', 'disk-4')).body.state, 'available');
  const first = await post(app, '/api/v1/agents/hassan/call-next', {});
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.called.id, phone.id);
  assert.equal(first.body.called.agent, 'hassan');
  assert.match(first.body.why.sv, /\S/);
  assert.match(first.body.why.en, /\S/);
  const busy = await post(app, '/api/v1/agents/hassan/call-next', {});
  assert.equal(busy.status, 409);
  assert.match(busy.body.detail, /finish it with an outcome first/);
  await post(app, `/api/v1/contacts/${phone.id}/start`);
  await post(app, `/api/v1/contacts/${phone.id}/finish`, { outcome: 'resolved', rosaLevel: 3 });
  assert.equal((await app.http.inject({ method: 'GET', url: '/api/v1/agents/hassan', headers: { cookie: await cookieFor(app) } })).json().state, 'available');
  const none = await post(app, '/api/v1/agents/hassan/call-next', {});
  assert.equal(none.body.called, null, 'the bygglov visit is not his');
  assert.equal(none.body.waiting, 1);

  // Erik takes phone, chat and e-mail only: never the visit, though he has allmant.
  await available(app, 'erik', 'disk-1');
  assert.equal((await post(app, '/api/v1/agents/erik/call-next', {})).body.called, null);
  // Maria has bygglov and serves visits at disk-3.
  await available(app, 'maria', 'disk-3');
  const maria = await post(app, '/api/v1/agents/maria/call-next', {});
  assert.equal(maria.body.called.number, visit.number);
  assert.equal(maria.body.called.servicePoint, 'disk-3');
});

test('reception pins a contact to one agent; nobody else gets it', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const tk = (await post(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' })).body;
  assert.equal((await post(app, `/api/v1/contacts/${tk.id}/pin`, { agent: 'leyla' })).body.pinnedAgent, 'leyla');
  await available(app, 'anna', 'disk-1');
  await available(app, 'leyla', 'disk-2');
  assert.equal((await post(app, '/api/v1/agents/anna/call-next', {})).body.called, null);
  assert.equal((await post(app, '/api/v1/agents/leyla/call-next', {})).body.called.id, tk.id);
  assert.equal((await post(app, `/api/v1/contacts/${tk.id}/pin`, { agent: 'anna' })).status, 409, 'only a waiting contact is pinned');
});

test('an agent who sits at no counter takes phone and chat, never a visitor', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  await post(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' });
  assert.equal((await post(app, '/api/v1/agents/anna/state', { state: 'available', servicePoint: null })).body.servicePoint, undefined);
  assert.equal((await post(app, '/api/v1/agents/anna/call-next', {})).body.called, null);
  const chat = (await post(app, '/api/v1/contacts', { channel: 'chat', service: 'allmant', language: 'sv', externalRef: 'chat-9' })).body;
  assert.equal((await post(app, '/api/v1/agents/anna/call-next', {})).body.called.id, chat.id);
});

test('a walk-in without a ticket gets a number and is served at once', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  assert.equal((await post(app, '/api/v1/agents/anna/walk-in', { service: 'parkering', language: 'sv' })).status, 409, 'not at a counter');
  await available(app, 'anna', 'disk-2');
  const w = await post(app, '/api/v1/agents/anna/walk-in', { service: 'parkering', language: 'sv' });
  assert.equal(w.status, 201);
  assert.equal(w.body.number, 'P001');
  assert.equal(w.body.state, 'serving');
  assert.equal(w.body.servicePoint, 'disk-2');
  const next = (await post(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'parkering', language: 'sv' })).body;
  assert.equal(next.number, 'P002', 'the walk-in took a number of the day');
});

test('pausing needs a reason; unknown agents and counters are refused', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  assert.equal((await post(app, '/api/v1/agents/anna/state', { state: 'paused' })).status, 400);
  assert.equal((await post(app, '/api/v1/agents/anna/state', { state: 'paused', reason: 'lunch' })).body.pauseReason, 'lunch');
  assert.equal((await post(app, '/api/v1/agents/nobody/state', { state: 'available' })).status, 404);
  assert.equal((await post(app, '/api/v1/agents/anna/state', { state: 'available', servicePoint: 'disk-9' })).status, 404);
  assert.equal((await post(app, '/api/v1/agents/anna/state', { state: 'asleep' })).status, 400);
});

test('counter staff act only as their own agent; nobody acts signed out', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const anna = await signIn(app, 'anna');
  const as = (cookie: string | undefined, url: string, payload: object = {}) =>
    app.http.inject({ method: 'POST', url, payload, ...(cookie ? { headers: { cookie } } : {}) });
  assert.equal((await as(anna, '/api/v1/agents/anna/state', { state: 'available', servicePoint: 'disk-1' })).statusCode, 200);
  const other = await as(anna, '/api/v1/agents/hassan/state', { state: 'available', servicePoint: 'disk-2' });
  assert.equal(other.statusCode, 403);
  assert.equal(other.json().code, 'ENTRE_FORBIDDEN');
  const anon = await as(undefined, '/api/v1/agents/anna/call-next');
  assert.equal(anon.statusCode, 401);
  assert.equal(anon.json().code, 'ENTRE_UNAUTHENTICATED');
  const facility = await signIn(app, 'facility');
  assert.equal((await as(facility, '/api/v1/agents/anna/call-next')).statusCode, 403, 'facility staff do not call visitors');
  const tk = (await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } })).json() as { id: string };
  const called = await as(anna, '/api/v1/agents/anna/call-next');
  assert.equal(called.json().called.id, tk.id);
  const events = (await app.http.inject({ method: 'GET', url: `/api/v1/contacts/${tk.id}`, headers: { cookie: anna } })).json() as { events: { type: string; actor: string }[] };
  assert.equal(events.events.find((e) => e.type === 'call')?.actor, 'staff:anna', 'who did it is the signed-in person');
});

test("a counter's work profile applies to the agent sitting there", async (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const admin = await signIn(app, 'admin');
  const profile = { id: 'parkering-forst', rules: [{ kind: 'waited_over', service: 'parkering', seconds: 300 }] };
  const put = await app.http.inject({
    method: 'PUT', url: '/api/v1/admin/service-points/disk-3', headers: { cookie: admin },
    payload: { name: { sv: 'Disk 3', en: 'Counter 3' }, zones: ['lobby', 'floor-2'], services: ['allmant', 'bygglov', 'parkering'], profile },
  });
  assert.equal(put.statusCode, 200, put.body);
  await post(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'bygglov', language: 'sv' });
  clock.advance(60_000);
  const parking = (await post(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'parkering', language: 'sv' })).body;
  clock.advance(6 * 60_000); // parkering has waited 6 min > 5; bygglov longer, so without the profile it would go first
  await available(app, 'maria', 'disk-3');
  const res = await post(app, '/api/v1/agents/maria/call-next', {});
  assert.equal(res.body.called.id, parking.id);
  assert.match(res.body.why.sv, /\S/);
  const bad = await app.http.inject({
    method: 'PUT', url: '/api/v1/admin/service-points/disk-3', headers: { cookie: admin },
    payload: { name: { sv: 'Disk 3' }, zones: ['lobby'], services: ['allmant'], profile: { id: 'x', rules: [{ kind: 'waited_over', service: 'hundskatt', seconds: 300 }] } },
  });
  assert.equal(bad.statusCode, 422, 'a profile naming an unknown service is refused');
});

test('keypad buttons act for the agent signed in at the counter', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const first = (await post(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' })).body;
  const second = (await post(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' })).body;
  await available(app, 'anna', 'disk-1');
  assert.equal(app.agents.keypad('disk-1', 'next')?.id, first.id);
  assert.equal(app.contacts.load(first.id).agent_id, 'anna', 'called as Anna, not as the bare counter');
  assert.equal(app.agents.keypad('disk-1', 'recall')?.recalls, 1);
  assert.equal(app.agents.keypad('disk-1', 'next')?.id, second.id, 'next finishes the first and calls the second');
  assert.equal(app.contacts.load(first.id).state, 'done');
  assert.equal(app.agents.keypad('disk-1', 'noshow')?.state, 'no_show');
  app.agents.keypad('disk-1', 'pause');
  assert.equal(app.agents.get('anna').state, 'paused');
  assert.equal(app.agents.keypad('disk-1', 'recall'), null, 'nothing to recall: nothing happens');
});
