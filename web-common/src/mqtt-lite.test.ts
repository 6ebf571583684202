/**
 * The client's wire format and its state machine against a scripted socket. The same
 * client against real brokers (aedes behind the server, Mosquitto's WebSocket listener,
 * a broker restart) is tested in tests/display-mqtt-lite.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  connectMqttLite, connectPacket, encodeLength, matches, parsePublish, splitPackets, subscribePacket, unsubscribePacket,
  type MqttLiteOptions, type WebSocketLike,
} from './mqtt-lite.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A socket the test plays the broker on: it sees what the client sends and feeds it bytes. */
class FakeSocket implements WebSocketLike {
  binaryType = 'blob';
  readyState = 0;
  protocol = 'mqtt';
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code?: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  sent: Uint8Array[] = [];
  closed = false;
  constructor(readonly url: string, readonly protocols: string[]) {}
  send(data: Uint8Array) { this.sent.push(Uint8Array.from(data)); }
  close() { this.closed = true; }
  open() { this.readyState = 1; this.onopen?.({}); }
  feed(...bytes: number[][]) { this.onmessage?.({ data: Uint8Array.from(bytes.flat()).buffer }); }
  types() { return this.sent.map((p) => p[0]! >> 4); }
}

function harness(extra: Partial<MqttLiteOptions> = {}) {
  const sockets: FakeSocket[] = [];
  const events: string[] = [];
  const messages: { topic: string; payload: string; retained: boolean }[] = [];
  const warnings: string[] = [];
  const client = connectMqttLite({
    url: 'ws://broker/mqtt', reconnectMinMs: 20, reconnectMaxMs: 80, random: () => 1, warn: (m) => warnings.push(m),
    createSocket: (url, protocols) => { const s = new FakeSocket(url, protocols); sockets.push(s); return s; },
    ...extra,
  }, {
    onConnect: () => events.push('connect'),
    onDisconnect: (why) => events.push(`disconnect: ${why}`),
    onMessage: (topic, payload, retained) => {
      if (topic === 'boom') throw new Error('handler bug');
      messages.push({ topic, payload: new TextDecoder().decode(payload), retained });
    },
  });
  const last = () => sockets[sockets.length - 1]!;
  return { client, sockets, events, messages, warnings, last };
}

const CONNACK_OK = [0x20, 2, 0, 0];
function publish(topic: string, payload: string, o: { qos?: 0 | 1; retain?: boolean; id?: number } = {}): number[] {
  const t = [...new TextEncoder().encode(topic)];
  const body = [t.length >> 8, t.length & 0xff, ...t, ...(o.qos ? [(o.id ?? 1) >> 8, (o.id ?? 1) & 0xff] : []), ...new TextEncoder().encode(payload)];
  return [0x30 | ((o.qos ?? 0) << 1) | (o.retain ? 1 : 0), ...encodeLength(body.length), ...body];
}

test('remaining length uses 1–4 bytes as the standard\'s examples show', () => {
  assert.deepEqual(encodeLength(0), [0]);
  assert.deepEqual(encodeLength(127), [0x7f]);
  assert.deepEqual(encodeLength(128), [0x80, 0x01]);
  assert.deepEqual(encodeLength(16_383), [0xff, 0x7f]);
  assert.deepEqual(encodeLength(16_384), [0x80, 0x80, 0x01]);
  assert.deepEqual(encodeLength(268_435_455), [0xff, 0xff, 0xff, 0x7f]);
  assert.throws(() => encodeLength(268_435_456), RangeError);
});

test('CONNECT, SUBSCRIBE and UNSUBSCRIBE are byte for byte MQTT 3.1.1', () => {
  // Protocol name "MQTT", level 4, clean session, keepalive 30, empty client id.
  assert.equal(hex(connectPacket({ clientId: '', keepalive: 30 })), '100c00044d5154540402001e0000');
  // With username and password: flags 0xC2, then the two strings after the client id.
  assert.equal(hex(connectPacket({ clientId: 'd', keepalive: 60, username: 'u', password: 'p' })), '101300044d51545404c2003c000164000175000170');
  // SUBSCRIBE has flags 0010; each filter asks for QoS 0.
  assert.equal(hex(subscribePacket(10, ['a/b', 'c'])), '820c000a0003612f620000016300');
  assert.equal(hex(unsubscribePacket(11, ['a/b'])), 'a207000b0003612f62');
});

test('frames split anywhere: partial packets wait, several in one frame all come out', () => {
  const a = publish('t', 'x');
  const b = publish('u/v', 'hello', { qos: 1, retain: true, id: 7 });
  const all = Uint8Array.from([...a, ...b]);
  for (let cut = 0; cut <= all.length; cut++) {
    const first = splitPackets(all.subarray(0, cut));
    const second = splitPackets(Uint8Array.from([...first.rest, ...all.subarray(cut)]));
    const packets = [...first.packets, ...second.packets];
    assert.equal(packets.length, 2, `cut at ${cut}`);
    assert.equal(second.rest.length, 0);
    const pub = parsePublish(packets[1]!);
    assert.deepEqual({ ...pub, payload: new TextDecoder().decode(pub.payload) }, { topic: 'u/v', payload: 'hello', qos: 1, retain: true, id: 7 });
  }
  assert.throws(() => splitPackets(Uint8Array.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])), /malformed remaining length/);
});

test('topic filters: + is one level, # the rest', () => {
  assert.ok(matches('a/+/c', 'a/b/c'));
  assert.ok(!matches('a/+/c', 'a/b/d'));
  assert.ok(matches('a/#', 'a/b/c'));
  assert.ok(!matches('a/b', 'a/b/c'));
  assert.ok(!matches('a/b/c', 'a/b'));
});

test('connects with the mqtt subprotocol, subscribes after CONNACK, acks QoS 1 and passes the retain flag', async () => {
  const h = harness();
  h.client.subscribe(['zones/lobby/board', 'calls']);
  const s = h.last();
  assert.deepEqual(s.protocols, ['mqtt']);
  assert.equal(s.binaryType, 'arraybuffer');
  s.open();
  assert.deepEqual(s.types(), [1], 'CONNECT first, nothing else before CONNACK');
  s.feed(CONNACK_OK);
  assert.equal(h.client.connected, true);
  assert.deepEqual(s.types(), [1, 8]);
  assert.equal(hex(s.sent[1]!), hex(subscribePacket(1, ['zones/lobby/board', 'calls'])));
  s.feed(publish('zones/lobby/board', '{"a":1}', { qos: 1, retain: true, id: 300 }), publish('calls', 'not json'));
  assert.equal(hex(s.sent[2]!), '4002012c', 'PUBACK with the packet id');
  assert.deepEqual(h.messages, [
    { topic: 'zones/lobby/board', payload: '{"a":1}', retained: true },
    { topic: 'calls', payload: 'not json', retained: false },
  ]);
  h.client.close();
  assert.equal(s.types().at(-1), 14, 'DISCONNECT on close');
  assert.ok(s.closed);
});

test('a handler that throws is logged and the link stays up', () => {
  const h = harness();
  h.client.subscribe(['boom', 'ok']);
  h.last().open();
  h.last().feed(CONNACK_OK, publish('boom', '1'), publish('ok', '2'));
  assert.equal(h.client.connected, true);
  assert.deepEqual(h.messages.map((m) => m.topic), ['ok']);
  assert.match(h.warnings.join('\n'), /handler failed on boom/);
  h.client.close();
});

test('unsubscribe stops delivery at once; a later subscribe is sent while connected', () => {
  const h = harness();
  h.client.subscribe(['a']);
  h.last().open();
  h.last().feed(CONNACK_OK);
  h.client.unsubscribe(['a']);
  h.client.subscribe(['b']);
  assert.deepEqual(h.last().types(), [1, 8, 10, 8]);
  h.last().feed(publish('a', 'late'), publish('b', 'new'));
  assert.deepEqual(h.messages.map((m) => m.payload), ['new']);
  h.client.close();
});

test('a malformed packet, a refused CONNACK or a closed socket: reconnect with backoff and subscribe again', async () => {
  const h = harness();
  h.client.subscribe(['x']);
  h.last().open();
  h.last().feed(CONNACK_OK);
  h.last().feed([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]);
  assert.equal(h.client.connected, false);
  assert.match(h.events.join('\n'), /disconnect: malformed packet/);
  assert.equal(h.sockets.length, 1, 'waits before the next attempt');
  await sleep(40);
  assert.equal(h.sockets.length, 2);
  h.last().open();
  h.last().feed([0x20, 2, 0, 5]); // not authorized
  assert.equal(h.client.connected, false);
  await sleep(60);
  assert.equal(h.sockets.length, 3);
  h.last().open();
  h.last().feed(CONNACK_OK);
  assert.deepEqual(h.last().types(), [1, 8], 'subscribed again on the new connection');
  h.last().onclose?.({ code: 1006 });
  assert.match(h.events.at(-1)!, /socket closed \(1006\)/);
  await sleep(40);
  assert.equal(h.sockets.length, 4, 'backoff restarts small after a successful connect');
  h.client.close();
  await sleep(100);
  assert.equal(h.sockets.length, 4, 'no attempts after close');
});

test('backoff doubles up to the ceiling, each wait jittered into [½, 1] of it', async () => {
  const draws = [0, 1, 0, 1, 0.5];
  const opened: number[] = [];
  const t0 = Date.now();
  const h = harness({
    reconnectMinMs: 40, reconnectMaxMs: 120, random: () => draws.shift() ?? 0.5,
    createSocket: (url, p) => { opened.push(Date.now() - t0); const s = new FakeSocket(url, p); queueMicrotask(() => s.onclose?.({})); return s; },
  });
  await sleep(400);
  h.client.close();
  const gaps = opened.slice(1).map((t, i) => t - opened[i]!);
  // ceilings 40, 80, 120, 120, 120 → waits 20, 80, 60, 120, 90 (timers fire late, never early)
  const expected = [20, 80, 60, 120, 90];
  for (let i = 0; i < Math.min(gaps.length, expected.length); i++) {
    assert.ok(gaps[i]! >= expected[i]! - 2 && gaps[i]! < expected[i]! + 40, `wait ${i}: ${gaps[i]} ms, expected ~${expected[i]}`);
  }
  assert.ok(gaps.length >= 4, `attempts: ${opened.length}`);
});

test('no CONNACK in time drops the socket and tries again', async () => {
  const h = harness({ connectTimeoutMs: 30 });
  h.last().open();
  await sleep(45);
  assert.ok(h.sockets[0]!.closed, 'dropped without CONNACK');
  await sleep(30);
  assert.ok(h.sockets.length >= 2, 'a new attempt');
  h.client.close();
});

test('PINGREQ every keepalive; a broker silent for 1.5 keepalives is dropped', async () => {
  const h = harness({ keepaliveSeconds: 0.05 });
  const s = h.last();
  s.open();
  s.feed(CONNACK_OK);
  await sleep(60);
  assert.ok(s.types().includes(12), 'PINGREQ sent');
  s.feed([0xd0, 0]); // PINGRESP
  assert.equal(h.client.connected, true);
  await sleep(160);
  assert.equal(h.client.connected, false, 'silence past 1.5 × keepalive');
  assert.match(h.events.join('\n'), /broker silent/);
  h.client.close();
});
