import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import mqtt from 'mqtt';
import mqttPacket from 'mqtt-packet';
import pino from 'pino';
import { topics } from '@entre/protocol';
import { captureLogs, signIn, tempApp } from '../test-support/app.js';
import { attachMqttWebSocket } from './websocket.js';

/** A browser-like MQTT-over-WebSocket client, with the session cookie when given. */
async function browserClient(wsUrl: string, cookie?: string) {
  return mqtt.connectAsync(wsUrl, {
    protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 3000,
    ...(cookie ? { wsOptions: { headers: { cookie } } } : {}),
  });
}

/** The QoS the broker granted for a filter; 128 is a refusal (mqtt.js reports it as an error carrying the SUBACK). */
async function granted(client: mqtt.MqttClient, filter: string): Promise<number> {
  try {
    const res = await client.subscribeAsync(filter, { qos: 1 });
    return res[0]!.qos;
  } catch (err) {
    const suback = (err as { packet?: { granted?: number[] } }).packet;
    if (suback?.granted) return suback.granted[0]!;
    throw err;
  }
}

test('a browser without a session reads what a wall display shows, nothing else, and may not publish', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const ws = `${urls.http.replace(/^http/, 'ws')}/mqtt`;
  const display = await browserClient(ws);
  t.after(() => display.endAsync(true));
  assert.equal(await granted(display, topics.zoneBoard('demo', 'lobby')), 1);
  assert.equal(await granted(display, topics.calls('demo')), 1);
  assert.equal(await granted(display, topics.printerJobs('demo', 'printer-1')), 128, 'print jobs are not for browsers');
  assert.equal(await granted(display, 'entre/v1/demo/#'), 128, 'no wildcard over everything');
  assert.equal(await granted(display, topics.zoneBoard('demo', 'floor-2')), 1, 'still connected after a refusal');

  const closed = new Promise<void>((resolve) => display.once('close', () => resolve()));
  display.publish(topics.calls('demo'), JSON.stringify({ v: 1 }), { qos: 0 });
  await closed;
});

test('signed-in staff read by role: facility gets printer status, a counter account does not', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const ws = `${urls.http.replace(/^http/, 'ws')}/mqtt`;
  const facility = await browserClient(ws, await signIn(app, 'facility'));
  const counter = await browserClient(ws, await signIn(app, 'disk'));
  const admin = await browserClient(ws, await signIn(app, 'admin'));
  t.after(() => Promise.all([facility.endAsync(true), counter.endAsync(true), admin.endAsync(true)]));
  assert.equal(await granted(facility, topics.printerStatus('demo', 'printer-1')), 1);
  assert.equal(await granted(counter, topics.printerStatus('demo', 'printer-1')), 128);
  assert.equal(await granted(counter, topics.deviceAvailability('demo', 'bridge-1')), 128);
  assert.equal(await granted(counter, topics.queueSummary('demo', 'allmant')), 1);
  assert.equal(await granted(admin, topics.printerJobs('demo', 'printer-1')), 1, 'admin reads everything of the site');
  // A forged or ended session is no session at all.
  const forged = await browserClient(ws, 'entre_session=not-a-real-token');
  t.after(() => forged.endAsync(true));
  assert.equal(await granted(forged, topics.printerStatus('demo', 'printer-1')), 128);
});

test("a browser cannot take over another client's persistent session: its client id is its own and its session clean", async (t) => {
  const { logger, lines } = captureLogs();
  const { app, remove } = await tempApp({}, { logger });
  t.after(remove);
  const urls = await app.start();
  const ws = `${urls.http.replace(/^http/, 'ws')}/mqtt`;
  // The server's own id and persistent session (subscribed to every printer's status).
  const impostor = mqtt.connect(ws, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 3000, clientId: 'entre-server-demo', clean: false });
  t.after(() => impostor.endAsync(true));
  const connack = await new Promise<mqtt.IConnackPacket>((resolve, reject) => {
    impostor.once('connect', resolve);
    impostor.once('error', reject);
  });
  assert.equal(connack.sessionPresent, false, 'no stored session handed to a browser');
  const received: string[] = [];
  impostor.on('message', (topic) => received.push(topic));

  const device = await mqtt.connectAsync(urls.mqtt, { protocolVersion: 4 });
  t.after(() => device.endAsync());
  await device.publishAsync(topics.printerStatus('demo', 'printer-1'), JSON.stringify({
    v: 1, at: new Date().toISOString(), printer: 'printer-1', online: true, paper: 'near_end', coverOpen: false, errors: [],
  }), { qos: 1 });
  // The server still gets it (its alert appears), the browser does not.
  const facility = await signIn(app, 'facility');
  const end = Date.now() + 5000;
  while (!((await app.http.inject({ method: 'GET', url: '/api/v1/alerts', headers: { cookie: facility } })).json() as { alerts: unknown[] }).alerts.length) {
    if (Date.now() > end) assert.fail('the server never saw the printer status');
    await new Promise((r) => setTimeout(r, 25));
  }
  await new Promise((r) => setTimeout(r, 1500)); // past the server client's reconnect period
  assert.deepEqual(received, []);
  assert.equal(impostor.connected, true);
  const connects = lines.filter((l) => l['module'] === 'mqtt' && l['msg'] === 'connected to broker').length;
  const drops = lines.filter((l) => l['module'] === 'mqtt' && /unreachable/.test(String(l['msg']))).length;
  assert.deepEqual([connects, drops], [1, 0], "the server's own client was not kicked off");
});

test('behind an external broker too, every browser CONNECT (3.1.1 and 5) gets a fresh client id and a clean session, and no will', async (t) => {
  // A stand-in for the external broker: records each CONNECT that reaches it.
  const seen: mqttPacket.IConnectPacket[] = [];
  const upstream = createServer((socket) => {
    const parser = mqttPacket.parser();
    parser.on('packet', (p) => {
      if (p.cmd !== 'connect') return;
      seen.push(p);
      socket.write(mqttPacket.generate({ cmd: 'connack', returnCode: 0, sessionPresent: false, ...(p.protocolVersion === 5 ? { reasonCode: 0 } : {}) } as mqttPacket.IConnackPacket, { protocolVersion: p.protocolVersion ?? 4 }));
    });
    socket.on('data', (chunk) => parser.parse(chunk));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
  const http = createHttpServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const gateway = attachMqttWebSocket({
    server: http, logger: pino({ level: 'silent' }),
    target: { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port },
  });
  t.after(async () => {
    await gateway.close();
    await new Promise((r) => http.close(r));
    await new Promise((r) => upstream.close(r));
  });
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/mqtt`;
  const ids = ['entre-server-demo', 'entre-bridge-bridge-1'];
  for (const [i, protocolVersion] of ([4, 5] as const).entries()) {
    const c = await mqtt.connectAsync(url, {
      protocolVersion, reconnectPeriod: 0, connectTimeout: 3000, clientId: ids[i]!, clean: false,
      will: { topic: topics.deviceAvailability('demo', 'bridge-1'), payload: Buffer.from('{}'), qos: 1, retain: true },
      ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: 3600 } } : {}),
    });
    await c.endAsync(true);
  }
  assert.equal(seen.length, 2);
  for (const [i, p] of seen.entries()) {
    assert.equal(p.protocolVersion, i === 0 ? 4 : 5);
    assert.match(p.clientId, /^browser-[A-Za-z0-9_-]{12,}$/);
    assert.equal(p.clean, true);
    assert.equal(p.will, undefined);
    assert.equal(p.properties?.sessionExpiryInterval, undefined, 'no session outlives the socket');
  }
  assert.notEqual(seen[0]!.clientId, seen[1]!.clientId);
});

test('each MQTT packet reaches a browser in one WebSocket frame, never in pieces (one frame, one system call, per display)', async (t) => {
  const { default: WebSocket } = await import('ws');
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const ws = new WebSocket(`${urls.http.replace(/^http/, 'ws')}/mqtt`, 'mqtt');
  t.after(() => ws.terminate());
  const frames: Buffer[] = [];
  ws.on('message', (data: Buffer) => frames.push(Buffer.from(data)));
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  const send = (p: mqttPacket.Packet) => ws.send(mqttPacket.generate(p));
  send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: 'frames', keepalive: 30 });
  // Two retained boards and a summary: a PUBLISH each, which the broker writes in several pieces.
  send({ cmd: 'subscribe', messageId: 1, subscriptions: [
    { topic: topics.zoneBoard('demo', 'lobby'), qos: 0 }, { topic: topics.zoneBoard('demo', 'floor-2'), qos: 0 }, { topic: topics.queueSummary('demo', 'allmant'), qos: 0 },
  ] });
  const packets: mqttPacket.Packet['cmd'][] = [];
  const deadline = Date.now() + 5000;
  while (packets.filter((c) => c === 'publish').length < 3 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    packets.length = 0;
    for (const frame of frames) {
      // A fresh parser per frame: a frame must hold whole packets only.
      const parser = mqttPacket.parser({ protocolVersion: 4 });
      parser.on('packet', (p: mqttPacket.Packet) => packets.push(p.cmd));
      let rest: number | Error;
      try { rest = parser.parse(frame); } catch (err) { rest = err as Error; }
      assert.equal(rest, 0, `a frame of ${frame.length} bytes is not whole packets`);
    }
  }
  assert.deepEqual(packets.filter((c) => c === 'publish').length, 3, `packets: ${packets.join(' ')}`);
  assert.ok(frames.length <= packets.length, `${frames.length} frames for ${packets.length} packets`);
});
