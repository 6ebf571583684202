import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checker, Dashboard, type Dashboard as DashboardT } from '@entre/protocol';
import { postAsReception, signIn, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';

type App = Awaited<ReturnType<typeof tempApp>>['app'];
const checkDashboard = checker(Dashboard);

async function ok(app: App, url: string, payload?: unknown): Promise<Record<string, any>> {
  const res = await postAsReception(app, url, payload);
  assert.ok(res.status < 300, `${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
const visit = (app: App, service: string) => ok(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service, language: 'sv' });
const queued = (app: App, channel: string, service: string, ref: string) => ok(app, '/api/v1/contacts', { channel, service, language: 'sv', externalRef: ref });
const call = (app: App, id: string) => ok(app, `/api/v1/contacts/${id}/call`, { servicePoint: 'disk-1' });
async function serve(app: App, id: string, outcome: 'resolved' | 'forwarded') {
  await ok(app, `/api/v1/contacts/${id}/start`);
  await ok(app, `/api/v1/contacts/${id}/finish`, { outcome, rosaLevel: 2 });
}

test('the dashboard counts service level and first-contact resolution of the service day exactly', async (t) => {
  // Yesterday afternoon a phone call was answered: it must not count today.
  const clock = manualClock('2026-11-24T15:00:00.000Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const old = app.contacts.create('demo', { channel: 'phone', service: 'allmant', language: 'sv', externalRef: 'pbx-old' }, { actor: 'test' }).row;
  clock.advance(5000);
  app.contacts.call(old.id, { servicePoint: 'disk-1' }, { actor: 'test' });
  // Bygglov answers within 120 s; everything else keeps the default 600 s.
  app.db.prepare("UPDATE services SET sl_target_seconds = 120, sl_target_fraction = 0.9 WHERE id = 'bygglov'").run();

  clock.set('2026-11-25T09:00:00.000Z');
  const a1 = await visit(app, 'allmant');
  const p1 = await queued(app, 'phone', 'allmant', 'pbx-1');
  const b1 = await visit(app, 'bygglov');
  clock.advance(100_000); // +100 s
  await call(app, a1.id); // 100 s ≤ 600: within the target
  await serve(app, a1.id, 'resolved');
  clock.advance(100_000); // +200 s
  await ok(app, `/api/v1/contacts/${p1.id}/abandon`); // hung up before an answer
  clock.advance(500_000); // +700 s
  await call(app, b1.id); // 700 s > 120: late
  await serve(app, b1.id, 'forwarded');
  const a2 = await visit(app, 'allmant');
  clock.advance(700_000); // +1400 s
  await call(app, a2.id); // 700 s > 600: late
  await ok(app, `/api/v1/contacts/${a2.id}/start`);
  // Transferred after the answer: it waits anew in bygglov, and is answered there in 50 s.
  await ok(app, `/api/v1/contacts/${a2.id}/transfer`, { service: 'bygglov', note: 'bygglovsfråga' });
  const chat = await queued(app, 'chat', 'skola', 'chat-1');
  const cancelled = await visit(app, 'allmant');
  clock.advance(10_000); // +1410 s
  await ok(app, `/api/v1/contacts/${cancelled.id}/cancel`, { reason: 'dubblett' }); // never offered
  clock.advance(40_000); // +1450 s
  await call(app, a2.id);
  await serve(app, a2.id, 'resolved');
  await ok(app, '/api/v1/agents/anna/state', { state: 'available', servicePoint: 'disk-1' });
  await ok(app, '/api/v1/agents/hassan/state', { state: 'paused', reason: 'lunch', servicePoint: 'disk-4' });
  clock.advance(50_000); // +1500 s

  const chef = await signIn(app, 'chef');
  const res = await app.http.inject({ method: 'GET', url: '/api/v1/dashboard', headers: { cookie: chef } });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['cache-control'], 'no-store');
  const d = res.json() as DashboardT;
  assert.ok(checkDashboard(d).ok, 'the answer matches its schema');
  assert.equal(d.serviceDay, '2026-11-25');
  assert.equal(d.at, '2026-11-25T09:25:00.000Z');

  const queue = (id: string) => d.queues.find((q) => q.service === id)!;
  const pick = ({ waiting, longestWaitSeconds, answered, answeredInTarget, abandoned, serviceLevel, finished, resolved, firstContactResolution }: DashboardT['total']) =>
    ({ waiting, longestWaitSeconds, answered, answeredInTarget, abandoned, serviceLevel, finished, resolved, firstContactResolution });
  // allmant: a1 in target, a2 late, p1 abandoned → 1/3; a1 resolved here (a2 finished in bygglov).
  assert.deepEqual(pick(queue('allmant')), {
    waiting: 0, longestWaitSeconds: 0, answered: 2, answeredInTarget: 1, abandoned: 1, serviceLevel: 1 / 3, finished: 1, resolved: 1, firstContactResolution: 1,
  });
  // bygglov: b1 late, a2's second wait in target → 1/2; b1 forwarded, a2 resolved → 1/2.
  assert.deepEqual(pick(queue('bygglov')), {
    waiting: 0, longestWaitSeconds: 0, answered: 2, answeredInTarget: 1, abandoned: 0, serviceLevel: 0.5, finished: 2, resolved: 1, firstContactResolution: 0.5,
  });
  assert.equal(queue('bygglov').slTargetSeconds, 120);
  assert.equal(queue('bygglov').slTargetFraction, 0.9);
  assert.equal(queue('bygglov').name, 'Bygglov');
  // skola: one chat waiting since +1400 s, nothing decided yet: no ratios, not 0 %.
  assert.deepEqual(pick(queue('skola')), {
    waiting: 1, longestWaitSeconds: 100, answered: 0, answeredInTarget: 0, abandoned: 0, serviceLevel: undefined, finished: 0, resolved: 0, firstContactResolution: undefined,
  });

  const channel = (c: string) => pick(d.channels.find((x) => x.channel === c)!);
  assert.deepEqual(d.channels.map((c) => c.channel), ['visit', 'phone', 'chat', 'email']);
  assert.deepEqual(channel('visit'), {
    waiting: 0, longestWaitSeconds: 0, answered: 4, answeredInTarget: 2, abandoned: 0, serviceLevel: 0.5, finished: 3, resolved: 2, firstContactResolution: 2 / 3,
  });
  assert.deepEqual(channel('phone'), {
    waiting: 0, longestWaitSeconds: 0, answered: 0, answeredInTarget: 0, abandoned: 1, serviceLevel: 0, finished: 0, resolved: 0, firstContactResolution: undefined,
  });
  assert.equal(channel('chat').waiting, 1);
  assert.deepEqual(pick(d.total), {
    waiting: 1, longestWaitSeconds: 100, answered: 4, answeredInTarget: 2, abandoned: 1, serviceLevel: 0.4, finished: 3, resolved: 2, firstContactResolution: 2 / 3,
  });

  assert.deepEqual(d.staff.byState, { available: 1, serving: 0, wrap_up: 0, paused: 1, offline: 4 });
  const hassan = d.staff.agents.find((a) => a.id === 'hassan')!;
  assert.deepEqual([hassan.state, hassan.pauseReason, hassan.servicePoint], ['paused', 'lunch', 'disk-4']);
  assert.equal(d.staff.agents.length, 6);
  assert.ok(chat.id && cancelled.id);
});

test('only managers (and admins) see the dashboard', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const get = async (cookie?: string) => (await app.http.inject({ method: 'GET', url: '/api/v1/dashboard', headers: cookie ? { cookie } : {} })).statusCode;
  assert.equal(await get(), 401);
  for (const who of ['disk', 'reception', 'facility', 'anna']) assert.equal(await get(await signIn(app, who)), 403, who);
  assert.equal(await get(await signIn(app, 'chef')), 200);
  assert.equal(await get(await signIn(app, 'admin')), 200);
});
