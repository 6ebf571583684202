import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReceptionQueues } from '@entre/protocol';
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
  assert.equal(first.kiosk, 'kiosk-1');
  assert.ok(first.languages.some((l) => l.code === 'ar'));
  const allmant = () => first.queues.find((q) => q.service === 'allmant')!;
  assert.deepEqual(allmant().waiting.map((c) => c.id), [a3.id, a1.id, a2.id, phone.id], 'priority first, then by place');
  assert.equal(allmant().total, 4);
  assert.deepEqual(allmant().waiting[0]!, {
    id: a3.id, channel: 'visit', number: a3.number, language: 'sv', priority: 'priority', priorityReason: 'accessibility',
    issuedAt: '2026-11-25T09:03:00.000Z', queuedAt: '2026-11-25T09:03:00.000Z',
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
