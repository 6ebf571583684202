import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { checker, Board, CallEvent, DisplayConfig, topics, type DisplayStatus, type ZoneMessage } from '@entre/protocol';
import { signIn, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';

test('reception posts a message to one zone; it is on that zone\'s board only, and leaves at its expiry', async (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const reception = await signIn(app, 'reception');
  const post = (zone: string, payload: object, cookie = reception) => app.http.inject({ method: 'POST', url: `/api/v1/zones/${zone}/messages`, payload, headers: { cookie } });

  assert.equal((await post('lobby', { text: { sv: 'Hej' }, minutes: 10 }, await signIn(app, 'disk'))).statusCode, 403);
  assert.equal((await post('vind', { text: { sv: 'Hej' }, minutes: 10 })).statusCode, 422);
  assert.equal((await post('lobby', { text: { en: 'Hello' }, minutes: 10 })).statusCode, 400, 'Swedish first');
  assert.equal((await post('lobby', { text: { sv: 'Hej' }, minutes: 0 })).statusCode, 400);

  const res = await post('lobby', { text: { sv: 'Kassan stänger 15.00', en: 'The cash desk closes at 3 pm' }, minutes: 30 });
  assert.equal(res.statusCode, 201);
  const message = res.json() as ZoneMessage;
  assert.equal(message.expiresAt, '2026-11-25T09:30:00.000Z');
  const board = (zone: string) => app.store.derived('demo').find((m) => m.topic === topics.zoneBoard('demo', zone))!.payload as Board;
  assert.deepEqual(board('lobby').messages, [{ id: message.id, text: message.text }]);
  assert.ok(checker(Board)(board('lobby')).ok);
  assert.deepEqual(board('floor-2').messages, [], 'other zones do not show it');

  clock.set('2026-11-25T09:30:00Z');
  assert.deepEqual(board('lobby').messages, [], 'gone at its expiry');
  const live = await app.http.inject({ url: '/api/v1/messages', headers: { cookie: reception } });
  assert.deepEqual(live.json(), { messages: [] });

  clock.set('2026-11-25T09:31:00Z');
  const again = (await post('lobby', { text: { sv: 'Nytt' }, minutes: 5 })).json() as ZoneMessage;
  assert.equal((await app.http.inject({ method: 'DELETE', url: `/api/v1/messages/${again.id}`, headers: { cookie: reception } })).statusCode, 204);
  assert.deepEqual(board('lobby').messages, [], 'taken down early');
});

test('reception moves a display to another zone and changes its layout; the display hears it on its retained config', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const client = await mqtt.connectAsync(urls.mqtt, { reconnectPeriod: 0 });
  t.after(() => client.endAsync());
  const configs: DisplayConfig[] = [];
  client.on('message', (_t, payload) => configs.push(JSON.parse(payload.toString()) as DisplayConfig));
  await client.subscribeAsync(topics.displayConfig('demo', 'lobby-1'), { qos: 1 });
  const reception = await signIn(app, 'reception');
  const res = await app.http.inject({ method: 'PUT', url: '/api/v1/displays/lobby-1/settings', payload: { zone: 'floor-2', layout: 'portrait', volume: 0.3 }, headers: { cookie: reception } });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual((res.json() as DisplayStatus), {
    id: 'lobby-1', name: 'Skärm entréhallen', zone: 'floor-2', layout: 'portrait', volume: 0.3, chime: true, speech: true, showStaffName: false,
    languages: ['sv', 'en', 'ar', 'so', 'fa'],
  });
  const deadline = Date.now() + 3000;
  while (!configs.some((c) => c.zone === 'floor-2') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const last = configs.at(-1)!;
  assert.ok(checker(DisplayConfig)(last).ok);
  assert.deepEqual([last.zone, last.layout, last.volume], ['floor-2', 'portrait', 0.3]);
  assert.equal((await app.http.inject({ method: 'PUT', url: '/api/v1/displays/lobby-1/settings', payload: { zone: 'vind' }, headers: { cookie: reception } })).statusCode, 422);
  assert.equal((await app.http.inject({ method: 'PUT', url: '/api/v1/displays/lobby-1/settings', payload: { zone: 'lobby' }, headers: { cookie: await signIn(app, 'disk') } })).statusCode, 403);
});

test('a test call reaches the display\'s zone as a call event marked test, and never the board', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const client = await mqtt.connectAsync(urls.mqtt, { reconnectPeriod: 0 });
  t.after(() => client.endAsync());
  const calls: CallEvent[] = [];
  client.on('message', (_t, payload) => calls.push(JSON.parse(payload.toString()) as CallEvent));
  await client.subscribeAsync(topics.calls('demo'), { qos: 1 });
  const res = await app.http.inject({ method: 'POST', url: '/api/v1/displays/floor2-1/test-call', payload: {}, headers: { cookie: await signIn(app, 'reception') } });
  assert.equal(res.statusCode, 202);
  const deadline = Date.now() + 3000;
  while (calls.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(calls.length, 1);
  assert.ok(checker(CallEvent)(calls[0]).ok);
  assert.deepEqual([calls[0]!.test, calls[0]!.zones], [true, ['floor-2']]);
  const board = app.store.derived('demo').find((m) => m.topic === topics.zoneBoard('demo', 'floor-2'))!.payload as Board;
  assert.deepEqual(board.calls, []);
});

test('a call carries the counter\'s wayfinding arrow and the calling staff member\'s name', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const anna = await signIn(app, 'anna');
  await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } });
  assert.equal((await app.http.inject({ method: 'POST', url: '/api/v1/agents/anna/state', payload: { state: 'available', servicePoint: 'disk-3' }, headers: { cookie: anna } })).statusCode, 200);
  assert.equal((await app.http.inject({ method: 'POST', url: '/api/v1/agents/anna/call-next', payload: {}, headers: { cookie: anna } })).statusCode, 200);
  const board = app.store.derived('demo').find((m) => m.topic === topics.zoneBoard('demo', 'lobby'))!.payload as Board;
  assert.deepEqual([board.calls[0]?.wayfinding, board.calls[0]?.staffName], [{ arrow: 'right' }, 'Anna Lindqvist']);
  const event = app.db.prepare(`SELECT payload FROM outbox WHERE topic = ? ORDER BY id DESC LIMIT 1`).get(topics.calls('demo')) as { payload: string } | undefined;
  // Not started: nothing drains the outbox, so the call event is still there to read.
  assert.ok(event, 'the call event was queued');
  assert.deepEqual((JSON.parse(event.payload) as CallEvent).wayfinding, { arrow: 'right' });
});

test('posting and taking down a message and a test call are audited with who, what and where; refused ones are not', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const reception = await signIn(app, 'reception');
  const receptionId = app.staff.findByUsername('reception')!.id;
  const audit = (action: string) => app.staff.listAudit(10, { action });

  // Refused (a counter account): no change, no audit row.
  const refused = await app.http.inject({ method: 'POST', url: '/api/v1/zones/lobby/messages', payload: { text: { sv: 'Hej' }, minutes: 10 }, headers: { cookie: await signIn(app, 'disk') } });
  assert.equal(refused.statusCode, 403);
  assert.equal(audit('display.message.post').length, 0);

  const posted = await app.http.inject({ method: 'POST', url: '/api/v1/zones/floor-2/messages', payload: { text: { sv: 'Hissen står still' }, minutes: 15 }, headers: { cookie: reception } });
  assert.equal(posted.statusCode, 201, posted.body);
  const message = posted.json() as ZoneMessage;
  const [post] = audit('display.message.post');
  assert.ok(post, 'the post is audited');
  assert.deepEqual([post.staff, post.target, post.details?.['zone'], post.details?.['site'], post.details?.['text']],
    [receptionId, message.id, 'floor-2', 'demo', { sv: 'Hissen står still' }]);

  const del = () => app.http.inject({ method: 'DELETE', url: `/api/v1/messages/${message.id}`, headers: { cookie: reception } });
  assert.equal((await del()).statusCode, 204);
  assert.equal((await del()).statusCode, 204, 'taking it down twice is harmless');
  const removed = audit('display.message.remove');
  assert.equal(removed.length, 1, 'audited once: the second changed nothing');
  assert.deepEqual([removed[0]!.staff, removed[0]!.target, removed[0]!.details?.['zone']], [receptionId, message.id, 'floor-2']);

  const call = await app.http.inject({ method: 'POST', url: '/api/v1/displays/floor2-1/test-call', payload: {}, headers: { cookie: reception } });
  assert.equal(call.statusCode, 202);
  const [test] = audit('display.test_call');
  assert.ok(test, 'the test call is audited');
  assert.deepEqual([test.staff, test.target, test.details?.['zone'], test.details?.['call']], [receptionId, 'floor2-1', 'floor-2', (call.json() as CallEvent).id]);
  // Each audit row committed with its change: the message row and the call event are there too.
  assert.equal((app.db.prepare('SELECT count(*) AS n FROM zone_messages WHERE id = ? AND removed_at IS NOT NULL').get(message.id) as { n: number }).n, 1);
});
