/**
 * The display's own small MQTT client (web-common/src/mqtt-lite.ts) against real brokers:
 * the server's embedded aedes over its WebSocket endpoint, and Mosquitto's own WebSocket
 * listener, stopped and started again (reconnect, subscribe again, retained state again).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import mqtt from 'mqtt';
import { Board, decodePayload, lightChecker, topics } from '@entre/protocol';
import { connectMqttLite, type MqttLite, type WebSocketLike } from '../web-common/src/mqtt-lite.js';
import { signIn, tempApp } from '../server/src/test-support/app.js';
import { freePort, waitFor } from './support/ports.js';
import { run, type Running } from './support/processes.js';

const checkBoard = lightChecker(Board);

interface Heard { topic: string; text: string; retained: boolean; at: number }

/** The client as the display runs it, on Node's `ws` instead of the browser's WebSocket. */
function listen(url: string, extra: { reconnectMaxMs?: number } = {}) {
  const heard: Heard[] = [];
  const events: string[] = [];
  const warnings: string[] = [];
  const client: MqttLite = connectMqttLite({
    url, reconnectMinMs: 100, reconnectMaxMs: extra.reconnectMaxMs ?? 500, keepaliveSeconds: 5, warn: (m) => warnings.push(m),
    createSocket: (u, protocols) => new WebSocket(u, protocols) as unknown as WebSocketLike,
  }, {
    onConnect: () => events.push('connect'),
    onDisconnect: (why) => events.push(`down: ${why}`),
    onMessage: (topic, payload, retained) => {
      heard.push({ topic, text: new TextDecoder().decode(payload), retained, at: Date.now() });
    },
  });
  return { client, heard, events, warnings };
}

test('against aedes behind the server: retained board on subscribe, live calls, acks, unsubscribe, garbage passed through', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } });
  await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } });
  const disk = await signIn(app, 'disk');
  await app.http.inject({ method: 'POST', url: '/api/v1/service-points/disk-1/call-next', headers: { cookie: disk } });
  await app.flushed();

  const l = listen(`${urls.http.replace(/^http/, 'ws')}/mqtt`);
  t.after(() => l.client.close());
  const board = topics.zoneBoard('demo', 'lobby');
  const calls = topics.calls('demo');
  l.client.subscribe([board, calls, topics.displayConfig('demo', 'lobby-1')]);
  await waitFor('connected', () => l.client.connected || undefined);
  const retained = await waitFor('retained board', () => l.heard.find((h) => h.topic === board));
  assert.equal(retained.retained, true);
  const first = decodePayload(checkBoard, retained.text);
  assert.ok(first.ok);
  assert.equal(first.value.calls[0]?.ticket, 'A001');
  assert.ok(l.heard.some((h) => h.topic === topics.displayConfig('demo', 'lobby-1') && h.retained), 'retained config too');

  await app.http.inject({ method: 'POST', url: '/api/v1/service-points/disk-2/call-next', headers: { cookie: disk } });
  const live = await waitFor('call event', () => l.heard.find((h) => h.topic === calls));
  assert.equal(live.retained, false);
  assert.match(live.text, /"ticket":"A002"/);
  const update = await waitFor('live board', () => l.heard.find((h) => h.topic === board && !h.retained));
  assert.match(update.text, /A002/);

  // A device publishes garbage at QoS 1: the client hands over the bytes and stays up.
  const device = await mqtt.connectAsync(urls.mqtt, { protocolVersion: 4 });
  t.after(() => device.endAsync());
  await device.publishAsync(calls, 'garbage{', { qos: 1 });
  await waitFor('garbage delivered', () => l.heard.find((h) => h.text === 'garbage{'));
  assert.ok(l.client.connected);

  l.client.unsubscribe([calls]);
  await new Promise((r) => setTimeout(r, 200));
  const before = l.heard.length;
  await device.publishAsync(calls, 'after unsubscribe', { qos: 1 });
  await device.publishAsync(board, JSON.stringify(first.value), { qos: 1 });
  await waitFor('still hearing the board', () => l.heard.length > before || undefined);
  assert.ok(!l.heard.some((h) => h.text === 'after unsubscribe'));
  assert.deepEqual(l.warnings, []);
  assert.deepEqual(l.events, ['connect'], 'one connection all along');
});

/** Mosquitto with a TCP listener (for publishers) and a WebSocket one (for the client). */
async function mosquittoWithWebSockets() {
  const dir = mkdtempSync(join(tmpdir(), 'entre-mosquitto-ws-'));
  const tcp = await freePort();
  const ws = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  // Mosquitto 2.0.11 will not start with a WebSocket listener alone: the TCP one comes first.
  writeFileSync(conf, [`listener ${tcp} 127.0.0.1`, `listener ${ws} 127.0.0.1`, 'protocol websockets',
    'allow_anonymous true', 'persistence false', 'log_dest stderr', ''].join('\n'));
  let proc: Running;
  const start = async () => {
    proc = run('mosquitto', ['-c', conf]);
    await proc.waitForOutput(/mosquitto version [\d.]+ running/, 10_000);
  };
  await start();
  return {
    tcpUrl: `mqtt://127.0.0.1:${tcp}`,
    wsUrl: `ws://127.0.0.1:${ws}/mqtt`,
    start,
    async stopOnly() { if (proc.child.exitCode === null) proc.child.kill('SIGTERM'); await proc.exited; },
    async stop() { await this.stopOnly(); rmSync(dir, { recursive: true, force: true }); },
  };
}

async function publishRetained(url: string, topic: string, payload: string): Promise<void> {
  const c = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });
  try { await c.publishAsync(topic, payload, { qos: 1, retain: true }); } finally { await c.endAsync(); }
}

test('against Mosquitto\'s WebSocket listener: a broker restart means reconnect, subscribe again, retained state again', async (t) => {
  const broker = await mosquittoWithWebSockets();
  t.after(() => broker.stop());
  const topic = topics.zoneBoard('demo', 'lobby');
  await publishRetained(broker.tcpUrl, topic, '{"board":1}');

  const l = listen(broker.wsUrl);
  t.after(() => l.client.close());
  l.client.subscribe([topic]);
  const one = await waitFor('retained board', () => l.heard.find((h) => h.text === '{"board":1}'));
  assert.equal(one.retained, true);

  // Garbage and an empty payload are bytes like any other.
  await publishRetained(broker.tcpUrl, topic, '\u0000not json');
  await waitFor('garbage', () => l.heard.find((h) => h.text === '\u0000not json'));
  assert.ok(l.client.connected);

  await broker.stopOnly();
  await waitFor('down', () => !l.client.connected || undefined);
  assert.match(l.events.join('\n'), /down: socket closed/);

  await broker.start(); // no persistence: the retained board is gone until someone publishes it again
  const back = Date.now();
  await waitFor('reconnected', () => l.client.connected || undefined, 5000);
  const reconnectMs = Date.now() - back;
  await publishRetained(broker.tcpUrl, topic, '{"board":2}');
  const two = await waitFor('board after the restart', () => l.heard.find((h) => h.text === '{"board":2}'));
  assert.equal(two.retained, false, 'subscribed again: a live publish to the new subscription');
  assert.ok(reconnectMs < 1500, `reconnected ${reconnectMs} ms after the broker was back`);

  // A second client connecting now gets it as retained state, as a reloaded display would.
  const fresh = listen(broker.wsUrl);
  t.after(() => fresh.client.close());
  fresh.client.subscribe([topic]);
  const replay = await waitFor('retained after restart', () => fresh.heard.find((h) => h.text === '{"board":2}'));
  assert.equal(replay.retained, true);
  assert.deepEqual([...l.warnings, ...fresh.warnings], []);
  assert.equal(l.events.filter((e) => e === 'connect').length, 2);
});
