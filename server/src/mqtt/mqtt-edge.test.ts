import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { createRequire } from 'node:module';
import { Board, checker, decodePayload, topics } from '@entre/protocol';
import { captureLogs, signIn, tempApp } from '../test-support/app.js';

// mqtt-packet's own table of numbers, from the copy the broker (aedes) loads.
const fromAedes = createRequire(createRequire(import.meta.url).resolve('aedes'));
const { cache: numberCache } = fromAedes('mqtt-packet/numbers.js') as { cache: Record<number, Buffer> };

const until = async (what: string, ok: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('a new subscriber gets the retained board at once, and calls as events', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const issued = await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'bygglov', language: 'sv' } });
  assert.equal(issued.statusCode, 201);
  await app.http.inject({ method: 'POST', url: '/api/v1/service-points/disk-1/call-next', headers: { cookie: await signIn(app, 'disk') } });
  await app.flushed();

  const client = await mqtt.connectAsync(urls.mqtt, { protocolVersion: 4 });
  t.after(() => client.endAsync());
  const got: Board[] = [];
  client.on('message', (topic, payload, packet) => {
    if (topic !== topics.zoneBoard('demo', 'lobby')) return;
    const res = decodePayload(checker(Board), payload);
    assert.ok(res.ok, 'board matches the schema');
    assert.equal(packet.retain, true);
    got.push(res.value);
  });
  await client.subscribeAsync(topics.zoneBoard('demo', 'lobby'), { qos: 1 });
  await until('retained board', () => got.length > 0);
  assert.equal(got.at(-1)!.calls[0]?.ticket, 'B001');
  assert.equal(got.at(-1)!.calls[0]?.servicePointName.sv, 'Disk 1');
});

test('malformed device payloads are logged and dropped; the server keeps working', async (t) => {
  const { logger, lines } = captureLogs();
  const { app, remove } = await tempApp({ logLevel: 'debug' }, { logger });
  t.after(remove);
  const urls = await app.start();
  const device = await mqtt.connectAsync(urls.mqtt, { protocolVersion: 4 });
  t.after(() => device.endAsync());
  const bad: [string, string][] = [
    [topics.printerResults('demo', 'printer-1'), 'not json at all'],
    [topics.printerResults('demo', 'printer-1'), JSON.stringify({ v: 1, at: 'yesterday', jobId: 'x', printer: 'printer-1', result: 'printed' })],
    [topics.printerResults('demo', 'printer-1'), JSON.stringify({ v: 1, at: new Date().toISOString(), jobId: 'x', printer: 'printer-2', result: 'printed' })],
    [topics.printerStatus('demo', 'printer-1'), JSON.stringify({ v: 2 })],
    [topics.counterKeypad('demo', 'disk-1'), JSON.stringify({ v: 1, at: new Date().toISOString(), point: 'disk-1', button: 'explode' })],
    [topics.deviceAvailability('demo', 'bridge-1'), '[]'],
  ];
  for (const [topic, payload] of bad) await device.publishAsync(topic, payload, { qos: 1 });
  await until('six warnings', () => lines.filter((l) => /dropped/.test(String(l.msg))).length >= bad.length);
  const warned = lines.filter((l) => /dropped/.test(String(l.msg)));
  assert.ok(warned.every((l) => l.level === 40), 'logged as warnings');
  assert.ok(warned.some((l) => /not JSON/.test(String(l.issues))));
  assert.ok(warned.some((l) => /date-time|format/.test(String(l.issues))), JSON.stringify(warned));

  // Still alive: a good keypad press calls the next visitor.
  const ticket = (await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } })).json() as { id: string };
  await device.publishAsync(topics.counterKeypad('demo', 'disk-1'), JSON.stringify({ v: 1, at: new Date().toISOString(), point: 'disk-1', button: 'next' }), { qos: 1 });
  await until('keypad call', () => app.store.getTicket(ticket.id).state === 'called');
});

test('a display subscribed before the call gets the new board live, and the call event', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  await app.flushed();
  const display = await mqtt.connectAsync(urls.http.replace(/^http/, 'ws') + '/mqtt', { protocolVersion: 4 });
  t.after(() => display.endAsync());
  const boards: Board[] = [];
  const calls: string[] = [];
  display.on('message', (topic, payload) => {
    if (topic === topics.calls('demo')) calls.push(JSON.parse(String(payload)).ticket as string);
    const res = decodePayload(checker(Board), payload);
    if (topic === topics.zoneBoard('demo', 'lobby') && res.ok) boards.push(res.value);
  });
  await display.subscribeAsync([topics.zoneBoard('demo', 'lobby'), topics.calls('demo')], { qos: 1 });
  for (let i = 0; i < 5; i++) {
    await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } });
  }
  for (let i = 1; i <= 5; i++) {
    await app.http.inject({ method: 'POST', url: '/api/v1/service-points/disk-1/call-next', headers: { cookie: await signIn(app, 'disk') } });
    const want = `A00${i}`;
    await until(`live board with ${want}`, () => boards.at(-1)?.calls[0]?.ticket === want);
    await until(`call event ${want}`, () => calls.includes(want));
  }
});

test('a burst of tickets becomes a few boards, and the last one is right', async (t) => {
  // 50 tickets at once from one kiosk: above its default rate limit, which is not what this tests.
  const { app, remove } = await tempApp({ kioskTicketsPerMinute: 1000 });
  t.after(remove);
  const urls = await app.start();
  await app.flushed();
  const display = await mqtt.connectAsync(urls.mqtt, { protocolVersion: 4 });
  t.after(() => display.endAsync());
  const boards: Board[] = [];
  display.on('message', (topic, payload, packet) => {
    const res = decodePayload(checker(Board), payload);
    if (topic === topics.zoneBoard('demo', 'lobby') && res.ok && !packet.retain) boards.push(res.value);
  });
  await display.subscribeAsync(topics.zoneBoard('demo', 'lobby'), { qos: 1 });
  await new Promise((r) => setTimeout(r, 200));
  for (let i = 0; i < 50; i++) {
    await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } });
  }
  await app.flushed();
  await until('the final board', () => boards.at(-1)?.queues.find((q) => q.service === 'allmant')?.waiting === 50);
  assert.ok(boards.length < 50, `coalesced: ${boards.length} boards for 50 tickets`);
});

test('the broker writes its packets without a table of all 65 536 two-byte numbers in the heap', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const client = await mqtt.connectAsync(urls.mqtt, { protocolVersion: 4 });
  t.after(() => client.endAsync());
  let boards = 0;
  client.on('message', () => { boards++; });
  // QoS 1 both ways: message ids, topic lengths and the retained board are all two-byte numbers.
  await client.subscribeAsync(topics.zoneBoard('demo', 'lobby'), { qos: 1 });
  await until('retained board', () => boards > 0);
  // mqtt-packet fills this at its first packet unless told not to (broker.ts); 6 MB when full.
  assert.equal(Object.keys(numberCache).length, 0);
});
