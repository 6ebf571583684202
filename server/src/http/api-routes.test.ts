import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, tempApp } from '../test-support/app.js';
import { topics, type Board } from '@entre/protocol';

function written(app: Awaited<ReturnType<typeof tempApp>>['app']) {
  return app.db.prepare(`SELECT (SELECT count(*) FROM contacts) AS visits, (SELECT count(*) FROM outbox) AS outbox,
    (SELECT count(*) FROM ticket_counters) AS counters, (SELECT count(*) FROM print_jobs) AS jobs`).get();
}

test('the ticket endpoint refuses bad input with problem+json and writes nothing', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const before = written(app);
  const cases: { name: string; payload: string; contentType?: string; status: number; code: RegExp; detail: RegExp }[] = [
    { name: 'unknown service', payload: JSON.stringify({ kiosk: 'kiosk-1', service: 'hundskatt', language: 'sv' }), status: 422, code: /ENTRE_UNKNOWN_SERVICE/, detail: /no errand "hundskatt"/ },
    { name: 'unknown kiosk', payload: JSON.stringify({ kiosk: 'kiosk-9', service: 'bygglov', language: 'sv' }), status: 422, code: /ENTRE_UNKNOWN_KIOSK/, detail: /kiosk-9/ },
    { name: 'malformed JSON', payload: '{"kiosk": "kiosk-1",', status: 400, code: /ENTRE_MALFORMED_BODY/, detail: /not valid JSON/ },
    { name: 'missing field', payload: JSON.stringify({ kiosk: 'kiosk-1', service: 'bygglov' }), status: 400, code: /ENTRE_VALIDATION/, detail: /language/ },
    { name: 'extra field', payload: JSON.stringify({ kiosk: 'kiosk-1', service: 'bygglov', language: 'sv', name: 'Anna' }), status: 400, code: /ENTRE_VALIDATION/, detail: /additional properties/ },
    { name: 'wrong type', payload: JSON.stringify({ kiosk: 'kiosk-1', service: 42, language: 'sv' }), status: 400, code: /ENTRE_VALIDATION/, detail: /\/service/ },
    { name: 'oversized body', payload: JSON.stringify({ kiosk: 'kiosk-1', service: 'bygglov', language: 'sv', pad: 'x'.repeat(10_000) }), status: 413, code: /ENTRE_BODY_TOO_LARGE/, detail: /larger/ },
    { name: 'not JSON at all', payload: 'kiosk=kiosk-1', contentType: 'application/x-www-form-urlencoded', status: 415, code: /ENTRE_UNSUPPORTED_MEDIA_TYPE/, detail: /application\/json/ },
  ];
  for (const c of cases) {
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: c.payload, headers: { 'content-type': c.contentType ?? 'application/json' } });
    assert.equal(res.statusCode, c.status, `${c.name}: ${res.body}`);
    assert.match(res.headers['content-type'] as string, /^application\/problem\+json/, c.name);
    const body = res.json() as { code: string; detail: string; status: number; title: string };
    assert.match(body.code, c.code, c.name);
    assert.match(body.detail, c.detail, c.name);
    assert.equal(body.status, c.status);
  }
  assert.deepEqual(written(app), before);
});

test('a valid ticket is 201 with a Location, and can be read back', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const res = await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'parkering', language: 'en' } });
  assert.equal(res.statusCode, 201, res.body);
  const ticket = res.json() as { id: string; number: string; serviceName: { en: string } };
  assert.equal(ticket.number, 'P001');
  assert.equal(res.headers.location, `/api/v1/tickets/${ticket.id}`);
  const again = await app.http.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}` });
  assert.equal(again.json().number, 'P001');
  const missing = await app.http.inject({ method: 'GET', url: '/api/v1/tickets/nope' });
  assert.equal(missing.statusCode, 404);
  assert.match(missing.headers['content-type'] as string, /problem\+json/);
});

test('unknown routes and ids answer 404 problem+json; bad ids 400', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const r1 = await app.http.inject({ method: 'GET', url: '/api/v1/nothing-here' });
  assert.equal(r1.statusCode, 404);
  assert.equal(r1.json().code, 'ENTRE_NOT_FOUND');
  const signedOut = await app.http.inject({ method: 'POST', url: '/api/v1/service-points/disk-1/call-next' });
  assert.equal(signedOut.statusCode, 401, 'calling visitors needs a signed-in counter');
  const r2 = await app.http.inject({ method: 'POST', url: '/api/v1/service-points/disk-9/call-next', headers: { cookie: await signIn(app, 'disk') } });
  assert.equal(r2.statusCode, 404);
  const r3 = await app.http.inject({ method: 'GET', url: '/api/v1/kiosks/KIOSK%2F1/config' });
  assert.equal(r3.statusCode, 400);
  assert.equal(r3.json().code, 'ENTRE_VALIDATION');
});

test('a retried ticket request with the same Idempotency-Key gets the same ticket, not a new number', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const send = (key?: string) => app.http.inject({
    method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'bygglov', language: 'sv' },
    headers: key ? { 'idempotency-key': key } : {},
  });
  const first = await send('4f1c0e2a-retry-1');
  const again = await send('4f1c0e2a-retry-1');
  assert.equal(first.statusCode, 201);
  assert.equal(again.statusCode, 201);
  assert.equal(again.json().id, first.json().id);
  assert.equal(again.json().number, 'B001');
  assert.equal((await send('4f1c0e2a-retry-2')).json().number, 'B002');
  assert.equal((await send()).json().number, 'B003');
  const counts = app.db.prepare(`SELECT (SELECT count(*) FROM contacts) AS visits, (SELECT count(*) FROM print_jobs) AS jobs`).get();
  assert.deepEqual(counts, { visits: 3, jobs: 3 });
  const bad = await send('no spaces allowed');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().detail, /headers/);
});

test('a visitor may cancel their own ticket; a served one cannot be', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const issue = async () => (await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'skola', language: 'sv' } })).json() as { id: string };
  const leaving = await issue();
  const staying = await issue();
  const res = await app.http.inject({ method: 'POST', url: `/api/v1/tickets/${leaving.id}/cancel` });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().state, 'cancelled');
  const view = (await app.http.inject({ method: 'GET', url: `/api/v1/tickets/${staying.id}` })).json() as { waitingAhead: number };
  assert.equal(view.waitingAhead, 0, 'the one behind moves up');
  const again = await app.http.inject({ method: 'POST', url: `/api/v1/tickets/${leaving.id}/cancel` });
  assert.equal(again.statusCode, 409);
  assert.match(again.json().detail, /it is cancelled/);
  assert.equal((await app.http.inject({ method: 'POST', url: '/api/v1/tickets/not-a-ticket/cancel' })).statusCode, 404);
});

test('the lobby counts its own line: callers waiting for the same errand are not "ahead" of a visitor', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const call = (ref: string) => app.contacts.create('demo', { channel: 'phone', service: 'skola', language: 'sv', externalRef: ref }, { actor: 'test' });
  call('pbx-1');
  const first = (await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'skola', language: 'sv' } })).json() as { id: string; waitingAhead: number };
  call('pbx-2');
  const second = (await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'skola', language: 'sv' } })).json() as { id: string; waitingAhead: number };
  assert.equal(first.waitingAhead, 0);
  assert.equal(second.waitingAhead, 1, 'one visitor ahead; the two callers are not');
  const config = (await app.http.inject({ method: 'GET', url: '/api/v1/kiosks/kiosk-1/config' })).json() as { services: { id: string; waiting: number }[] };
  assert.equal(config.services.find((s) => s.id === 'skola')?.waiting, 2);
  const board = app.store.derived('demo').find((d) => d.topic === topics.zoneBoard('demo', 'lobby'))!.payload as Board;
  assert.equal(board.queues.find((q) => q.service === 'skola')?.waiting, 2, 'the lobby board too');
});

test("'call next' at a counter where a colleague sits is refused, and never closes a visit someone else has in hand", async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const [disk, anna, hassan, rx] = [await signIn(app, 'disk'), await signIn(app, 'anna'), await signIn(app, 'hassan'), await signIn(app, 'reception')];
  const post = async (cookie: string, url: string, payload: object = {}) => {
    const res = await app.http.inject({ method: 'POST', url, headers: { cookie }, payload });
    return { status: res.statusCode, body: res.json() as Record<string, any>, type: String(res.headers['content-type']) };
  };
  const issue = async () => (await post(rx, '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' })).body as { id: string; number: string };
  const conflict = (res: Awaited<ReturnType<typeof post>>, detail: RegExp, what: string) => {
    assert.equal(res.status, 409, `${what}: ${JSON.stringify(res.body)}`);
    assert.match(res.type, /application\/problem\+json/);
    assert.equal(res.body.code, 'ENTRE_IN_USE');
    assert.match(res.body.detail, detail, what);
  };
  const visit = await issue();
  await issue();
  assert.equal((await post(hassan, '/api/v1/agents/hassan/state', { state: 'available', servicePoint: 'disk-4' })).status, 200);
  assert.equal((await post(hassan, '/api/v1/agents/hassan/call-next')).body.called.id, visit.id);
  assert.equal((await post(hassan, `/api/v1/contacts/${visit.id}/start`)).status, 200);
  const events = () => (app.db.prepare('SELECT count(*) AS n FROM contact_events').get() as { n: number }).n;
  const before = events();

  conflict(await post(disk, '/api/v1/service-points/disk-4/call-next'), /^Hassan Ali sits at Disk 4: only they or reception call next there\.$/, 'disk');
  conflict(await post(anna, '/api/v1/service-points/disk-4/call-next'), /Hassan Ali sits at Disk 4/, 'anna');
  // Reception may call there, but not close Hassan's visit without his outcome and ROSA level.
  conflict(await post(rx, '/api/v1/service-points/disk-4/call-next'), new RegExp(`Hassan Ali has ${visit.number} \\(serving\\) at Disk 4; they finish it with an outcome`), 'reception');
  // Gone offline with the visit still open: still his, still not closed by someone's "next".
  assert.equal((await post(hassan, '/api/v1/agents/hassan/state', { state: 'offline', servicePoint: null })).status, 200);
  conflict(await post(disk, '/api/v1/service-points/disk-4/call-next'), /Hassan Ali has [A-Z]\d{3} \(serving\)/, 'disk, Hassan offline');
  assert.equal(app.contacts.load(visit.id).state, 'serving');
  assert.equal(events(), before, 'nothing written');

  // Hassan back at his desk finishes with an outcome; then he or reception may call next there.
  assert.equal((await post(hassan, '/api/v1/agents/hassan/state', { state: 'available', servicePoint: 'disk-4' })).status, 200);
  assert.equal((await post(hassan, `/api/v1/contacts/${visit.id}/finish`, { outcome: 'resolved', rosaLevel: 3 })).status, 200);
  assert.equal(app.contacts.load(visit.id).rosa_level, 3);
  const his = await post(hassan, '/api/v1/service-points/disk-4/call-next');
  assert.equal(his.status, 200, JSON.stringify(his.body));
  assert.ok(his.body.called);
  conflict(await post(disk, '/api/v1/service-points/disk-4/call-next'), /Hassan Ali sits at Disk 4/, 'disk again');

  // At a counter nobody sits at, "next" still finishes that counter's own visit first.
  const a = await issue();
  const b = await issue();
  assert.equal((await post(disk, '/api/v1/service-points/disk-2/call-next')).body.called.id, a.id);
  assert.equal((await post(disk, '/api/v1/service-points/disk-2/call-next')).body.called.id, b.id);
  assert.equal(app.contacts.load(a.id).state, 'done');
  assert.equal((await post(rx, '/api/v1/service-points/disk-2/call-next')).status, 200, 'reception at a free counter');
});

test("an errand whose numbers for today are all given out answers 409 problem+json saying so, and writes nothing", async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  // Today's counter of parkering (prefix P) at its last number, as after 9 999 tickets.
  const first = await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'parkering', language: 'sv' } });
  assert.equal(first.statusCode, 201);
  app.db.prepare(`UPDATE ticket_counters SET last = 9999 WHERE prefix = 'P'`).run();
  const before = written(app);
  const res = await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'parkering', language: 'sv' } });
  assert.equal(res.statusCode, 409);
  assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
  const problem = res.json() as { code: string; detail: string };
  assert.equal(problem.code, 'ENTRE_TICKET_SEQUENCE_EXHAUSTED');
  assert.match(problem.detail, /P9999.*after local midnight/);
  assert.deepEqual(written(app), before);
  // Other errands go on numbering.
  const other = await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'bygglov', language: 'sv' } });
  assert.equal(other.statusCode, 201);
});
