import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postAsReception, receptionCookie, signIn, tempApp } from '../test-support/app.js';

type App = Awaited<ReturnType<typeof tempApp>>['app'];

const post = postAsReception;
const cookieFor = receptionCookie;

async function ticket(app: App, service = 'bygglov') {
  return (await post(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service, language: 'sv' })).body as { id: string; number: string };
}

const tableCounts = (app: App) => app.db.prepare(`SELECT (SELECT count(*) FROM contacts) AS contacts,
  (SELECT count(*) FROM contact_events) AS events, (SELECT count(*) FROM outbox) AS outbox`).get();

test('a visit goes called → recalled → serving → parked → serving → done, every step an event', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const tk = await ticket(app);
  const base = `/api/v1/contacts/${tk.id}`;
  assert.equal((await post(app, `${base}/call`, { servicePoint: 'disk-3' })).body.state, 'called');
  const recalled = await post(app, `${base}/recall`);
  assert.equal(recalled.body.state, 'called');
  assert.equal(recalled.body.recalls, 1);
  assert.equal((await post(app, `${base}/start`)).body.state, 'serving');
  assert.equal((await post(app, `${base}/services`, { service: 'parkering' })).status, 200);
  assert.equal((await post(app, `${base}/marks`, { label: 'ritning granskad' })).status, 200);
  assert.equal((await post(app, `${base}/park`, { reason: 'hämtar handläggare' })).body.state, 'parked');
  assert.equal((await post(app, `${base}/resume`)).body.state, 'serving');
  const done = await post(app, `${base}/finish`, { outcome: 'resolved', rosaLevel: 2 });
  assert.equal(done.body.state, 'done');
  assert.equal(done.body.outcome, 'resolved');
  assert.equal(done.body.rosaLevel, 2);
  assert.deepEqual(done.body.allowed, []);

  const full = (await app.http.inject({ method: 'GET', url: base, headers: { cookie: await cookieFor(app) } })).json() as { events: { type: string; actor: string; servicePoint?: string }[] };
  assert.deepEqual(full.events.map((e) => e.type),
    ['issued', 'call', 'recall', 'start', 'service_delivered', 'mark', 'park', 'resume', 'finish']);
  assert.ok(full.events.every((e) => e.actor.length > 0));
  assert.equal(full.events[1]!.servicePoint, 'disk-3');
});

test('a transition outside the lifecycle is 409 naming the current state, and writes nothing', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const tk = await ticket(app);
  const before = tableCounts(app);
  for (const action of ['start', 'finish', 'recall', 'resume', 'no-show', 'park']) {
    const res = await post(app, `/api/v1/contacts/${tk.id}/${action}`, action === 'finish' ? { outcome: 'resolved', rosaLevel: 1 } : undefined);
    assert.equal(res.status, 409, action);
    assert.equal(res.body.code, 'ENTRE_INVALID_TRANSITION');
    assert.match(res.body.detail!, /it is waiting; allowed now: call, transfer, cancel, abandon/, action);
  }
  assert.deepEqual(tableCounts(app), before);
  const bad = await post(app, `/api/v1/contacts/${tk.id}/finish`, { outcome: 'resolved', rosaLevel: 9 });
  assert.equal(bad.status, 400);
  const missing = await post(app, '/api/v1/contacts/nope/call', {});
  assert.equal(missing.status, 404);
  assert.deepEqual(tableCounts(app), before);
});

test('past the recall limit a recall records a no-show', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const tk = await ticket(app);
  const base = `/api/v1/contacts/${tk.id}`;
  await post(app, `${base}/call`, { servicePoint: 'disk-1' });
  assert.equal((await post(app, `${base}/recall`)).body.recalls, 1);
  assert.equal((await post(app, `${base}/recall`)).body.recalls, 2);
  const third = await post(app, `${base}/recall`);
  assert.equal(third.body.state, 'no_show');
  assert.equal(third.body.outcome, 'no_show');
});

test('a transfer keeps the number and the original place in line unless told otherwise', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const first = await ticket(app, 'bygglov');
  const other = await ticket(app, 'parkering');
  await post(app, `/api/v1/contacts/${first.id}/call`, { servicePoint: 'disk-3' });
  await post(app, `/api/v1/contacts/${first.id}/start`);
  const moved = await post(app, `/api/v1/contacts/${first.id}/transfer`, { service: 'parkering', note: 'gäller p-tillstånd' });
  assert.equal(moved.body.state, 'waiting');
  assert.equal(moved.body.number, first.number);
  assert.equal(moved.body.service, 'parkering');
  const otherNow = (await app.http.inject({ method: 'GET', url: `/api/v1/contacts/${other.id}`, headers: { cookie: await cookieFor(app) } })).json() as { queuedAt: string };
  assert.ok(String(moved.body.queuedAt) < otherNow.queuedAt, 'keeps its earlier place');
  // Ticket view for the visitor says the right number ahead: none.
  const view = (await app.http.inject({ method: 'GET', url: `/api/v1/tickets/${first.id}` })).json() as { waitingAhead: number };
  assert.equal(view.waitingAhead, 0);

  await post(app, `/api/v1/contacts/${first.id}/call`, { servicePoint: 'disk-2' });
  const back = await post(app, `/api/v1/contacts/${first.id}/transfer`, { servicePoint: 'disk-4', keepPlace: false });
  assert.equal(back.body.pinnedServicePoint, 'disk-4');
  assert.ok(String(back.body.queuedAt) > otherNow.queuedAt, 'joins at the back when told');
  assert.equal((await post(app, `/api/v1/contacts/${first.id}/transfer`, {})).status, 400);
});

test('phone, chat and e-mail contacts enter the same queues; a re-sent one is not duplicated', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const call = { channel: 'phone', service: 'social', language: 'ar', externalRef: 'pbx-call-4711' };
  const created = await app.http.inject({ method: 'POST', url: '/api/v1/contacts', headers: { cookie: await cookieFor(app) }, payload: call });
  assert.equal(created.statusCode, 201);
  const again = await app.http.inject({ method: 'POST', url: '/api/v1/contacts', headers: { cookie: await cookieFor(app) }, payload: call });
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().id, created.json().id);
  assert.equal(created.json().channel, 'phone');
  assert.equal(created.json().number, undefined, 'no ticket number outside the lobby');
  const chat = await app.http.inject({ method: 'POST', url: '/api/v1/contacts', headers: { cookie: await cookieFor(app) }, payload: { ...call, channel: 'chat', externalRef: 'chat-1' } });
  assert.equal(chat.statusCode, 201);
  // One queue for staff; the lobby's counts are its own line (visitors), not the callers.
  const queues = (await app.http.inject({ method: 'GET', url: '/api/v1/reception/queues', headers: { cookie: await cookieFor(app) } })).json() as { queues: { service: string; waiting: { channel: string }[] }[] };
  assert.deepEqual(queues.queues.find((q) => q.service === 'social')?.waiting.map((c) => c.channel), ['phone', 'chat']);
  const config = (await app.http.inject({ method: 'GET', url: '/api/v1/kiosks/kiosk-1/config' })).json() as { services: { id: string; waiting: number }[] };
  assert.equal(config.services.find((s) => s.id === 'social')?.waiting, 0, 'no visitor waits in the lobby');
  for (const bad of [{ ...call, channel: 'fax' }, { ...call, service: 'nope' }, { ...call, externalRef: '' }]) {
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/contacts', headers: { cookie: await cookieFor(app) }, payload: bad });
    assert.ok(res.statusCode === 400 || res.statusCode === 422, JSON.stringify(bad));
    assert.match(res.headers['content-type'] as string, /problem\+json/);
  }
  assert.equal((app.db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n, 2);
  // The caller hangs up before anyone answers: recorded as abandoned, not as a cancellation.
  const hungUp = await post(app, `/api/v1/contacts/${created.json().id}/abandon`);
  assert.equal(hungUp.body.state, 'cancelled');
  assert.equal(hungUp.body.outcome, 'abandoned');
});

/** POST as a given session; answers the status, the parsed body and its content type. */
async function postAs(app: App, cookie: string, url: string, payload: object = {}) {
  const res = await app.http.inject({ method: 'POST', url, headers: { cookie }, payload });
  return { status: res.statusCode, body: res.json() as Record<string, any>, type: String(res.headers['content-type']) };
}

/** A refusal: 403 problem+json whose detail says why. */
function forbidden(res: Awaited<ReturnType<typeof postAs>>, detail: RegExp, what: string) {
  assert.equal(res.status, 403, `${what}: ${JSON.stringify(res.body)}`);
  assert.match(res.type, /application\/problem\+json/, what);
  assert.equal(res.body.code, 'ENTRE_FORBIDDEN', what);
  assert.match(res.body.detail, detail, what);
}

test("a counter account works only its own contacts: cancelling, transferring, taking or calling as someone else is reception's", async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const [disk, anna] = [await signIn(app, 'disk'), await signIn(app, 'anna')];
  const rx = await cookieFor(app);
  const waiting = await ticket(app, 'allmant');
  const pinned = await ticket(app, 'allmant');
  assert.equal((await post(app, `/api/v1/contacts/${pinned.id}/pin`, { agent: 'hassan' })).status, 200);
  assert.equal((await postAs(app, anna, '/api/v1/agents/anna/state', { state: 'available', servicePoint: 'disk-1' })).status, 200);
  const before = tableCounts(app);

  // Someone else's waiting contact: neither a bare counter account nor an agent cancels or moves it.
  for (const who of [disk, anna]) {
    forbidden(await postAs(app, who, `/api/v1/contacts/${waiting.id}/cancel`, { reason: 'weg' }), /is waiting: only reception may cancel a waiting contact/, 'cancel');
    forbidden(await postAs(app, who, `/api/v1/contacts/${waiting.id}/transfer`, { service: 'parkering', note: 'x' }), /only reception may transfer/, 'transfer');
    forbidden(await postAs(app, who, `/api/v1/contacts/${waiting.id}/abandon`), /only reception may abandon/, 'abandon');
  }
  // Calling as a colleague (around reception's pin), or taking a contact pinned to one.
  forbidden(await postAs(app, anna, `/api/v1/contacts/${pinned.id}/call`, { agent: 'hassan', servicePoint: 'disk-4' }), /call as themselves: you may not call [A-Z]\d{3} as agent "hassan"/, 'call as hassan');
  forbidden(await postAs(app, disk, `/api/v1/contacts/${pinned.id}/call`, { agent: 'hassan', servicePoint: 'disk-4' }), /as agent "hassan"/, 'disk calls as hassan');
  forbidden(await postAs(app, anna, `/api/v1/contacts/${pinned.id}/call`), /pinned to agent "hassan" by reception/, 'pinned');
  forbidden(await postAs(app, anna, `/api/v1/contacts/${waiting.id}/call`, { servicePoint: 'disk-3' }), /You sit at disk-1: call [A-Z]\d{3} to your own counter/, 'another counter');
  assert.deepEqual(tableCounts(app), before, 'nothing written');

  // Reception may do all of it.
  const called = await postAs(app, rx, `/api/v1/contacts/${pinned.id}/call`, { agent: 'hassan', servicePoint: 'disk-4' });
  assert.equal(called.status, 200);
  assert.deepEqual([called.body.state, called.body.agent, called.body.servicePoint], ['called', 'hassan', 'disk-4']);
  // Hassan's contact in hand is his: not Anna's, not the bare counter account's.
  for (const [action, body] of [['recall', {}], ['start', {}], ['no-show', {}], ['requeue', {}], ['cancel', {}], ['transfer', { service: 'social' }]] as const) {
    forbidden(await postAs(app, anna, `/api/v1/contacts/${pinned.id}/${action}`, body), /is agent "hassan"'s, not yours: counter staff may .* only the contacts they called or serve/, `anna ${action}`);
    forbidden(await postAs(app, disk, `/api/v1/contacts/${pinned.id}/${action}`, body), /agent "hassan"'s, not yours/, `disk ${action}`);
  }
  assert.equal((await postAs(app, rx, `/api/v1/contacts/${pinned.id}/start`)).status, 200);
  forbidden(await postAs(app, anna, `/api/v1/contacts/${pinned.id}/finish`, { outcome: 'resolved', rosaLevel: 1 }), /not yours/, 'finish');
  assert.equal((await postAs(app, rx, `/api/v1/contacts/${pinned.id}/transfer`, { service: 'social', note: 'till socialen' })).status, 200);
  assert.equal((await postAs(app, rx, `/api/v1/contacts/${waiting.id}/transfer`, { service: 'parkering' })).status, 200);
  const cancelled = await postAs(app, rx, `/api/v1/contacts/${waiting.id}/cancel`, { reason: 'gick hem' });
  assert.deepEqual([cancelled.status, cancelled.body.state], [200, 'cancelled']);
});

test("counter staff's own flow: call next, serve, transfer with a note, finish; by hand at their own counter; a bare counter its own visits", async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const [disk, anna] = [await signIn(app, 'disk'), await signIn(app, 'anna')];
  const ok = async (cookie: string, url: string, payload: object = {}) => {
    const res = await postAs(app, cookie, url, payload);
    assert.equal(res.status, 200, `${url}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const [first, second, third] = [await ticket(app, 'allmant'), await ticket(app, 'allmant'), await ticket(app, 'allmant')];
  await ok(anna, '/api/v1/agents/anna/state', { state: 'available', servicePoint: 'disk-1' });

  assert.equal((await ok(anna, '/api/v1/agents/anna/call-next')).called.id, first.id);
  await ok(anna, `/api/v1/contacts/${first.id}/recall`);
  await ok(anna, `/api/v1/contacts/${first.id}/start`);
  const moved = await ok(anna, `/api/v1/contacts/${first.id}/transfer`, { service: 'social', note: 'vill prata om bistånd' });
  assert.deepEqual([moved.state, moved.service, moved.number], ['waiting', 'social', first.number]);

  assert.equal((await ok(anna, '/api/v1/agents/anna/call-next')).called.id, second.id);
  await ok(anna, `/api/v1/contacts/${second.id}/start`);
  await ok(anna, `/api/v1/contacts/${second.id}/park`, { reason: 'hämtar papper' });
  await ok(anna, `/api/v1/contacts/${second.id}/resume`);
  await ok(anna, `/api/v1/contacts/${second.id}/services`, { service: 'parkering' });
  await ok(anna, `/api/v1/contacts/${second.id}/marks`, { label: 'blankett' });
  const done = await ok(anna, `/api/v1/contacts/${second.id}/finish`, { outcome: 'resolved', rosaLevel: 2 });
  assert.deepEqual([done.state, done.rosaLevel], ['done', 2]);

  // By hand: as herself, to her own counter.
  const byHand = await ok(anna, `/api/v1/contacts/${third.id}/call`);
  assert.deepEqual([byHand.agent, byHand.servicePoint], ['anna', 'disk-1']);
  await ok(anna, `/api/v1/contacts/${third.id}/no-show`);

  // A counter account without an agent works the visits it called at a bare counter.
  const fourth = await ticket(app, 'allmant');
  const next = await ok(disk, '/api/v1/service-points/disk-2/call-next');
  assert.equal(next.called.id, fourth.id);
  await ok(disk, `/api/v1/contacts/${fourth.id}/start`);
  await ok(disk, `/api/v1/contacts/${fourth.id}/finish`, { outcome: 'forwarded', rosaLevel: 5 });
});
