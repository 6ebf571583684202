/**
 * A counter's keypad and LED sign through the bridge, on a mock serial port: a key press
 * on the wire becomes a KeypadEvent on MQTT, and a call to that counter blinks on the sign.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPortMock } from 'serialport';
import { encodeFrame, topics, type KeypadEvent } from '@entre/protocol';
import { createBridge } from './bridge.js';
import { createCounterDevice } from './devices/counter-device.js';
import { createVirtualPrinter } from './drivers/virtual.js';
import type { SerialOpenOptions } from './drivers/serial.js';
import { startBroker } from './test-support/broker.js';
import { recorder } from './test-support/mqtt-client.js';
import { captureLogger } from './test-support/log.js';

const MockBinding = SerialPortMock.binding;

test('a key press on the wire is published for its counter, and a call there blinks on its sign', async (t) => {
  MockBinding.reset();
  MockBinding.createPort('/dev/ttyDISK1', { echo: false, record: true });
  const broker = await startBroker();
  const dir = await mkdtemp(join(tmpdir(), 'entre-counter-'));
  let mock: SerialPortMock | undefined;
  let press: (b: KeypadEvent['button']) => void = () => undefined;
  const device = createCounterDevice({
    path: '/dev/ttyDISK1', openPort: (o: SerialOpenOptions) => (mock = new SerialPortMock(o)),
    onKey: (b) => press(b), onFault: () => undefined, ackTimeoutMs: 30,
  });
  await device.ready;
  const bridge = createBridge({
    mqttUrl: broker.url, site: 'demo', device: 'bridge-disk', logger: captureLogger('warn').logger,
    printers: [{ id: 'printer-1', driver: createVirtualPrinter({ dir }), profile: { widthDots: 576, codePage: 'cp858' } }],
    counters: [{ point: 'disk-1', sign: device }], blinkMs: 100,
  });
  press = (b) => { void bridge.keypad('disk-1', b); };
  const server = await recorder(broker.url, [topics.counterKeypad('demo', 'disk-1')]);
  t.after(async () => {
    await bridge.stop();
    await device.close();
    await server.close();
    await broker.close();
    MockBinding.reset();
    await rm(dir, { recursive: true, force: true });
  });
  await bridge.start();

  // The keypad sends "next" (sequence 3); the bridge acks it on the wire and publishes it.
  mock!.port!.emitData(Buffer.from(encodeFrame({ seq: 3, type: 'K', button: 'next' })));
  const event = await server.waitFor(() => true, 5000, 'keypad event');
  assert.equal((event.json() as KeypadEvent).button, 'next');
  assert.equal((event.json() as KeypadEvent).point, 'disk-1');
  const ack = Buffer.from(encodeFrame({ seq: 3, type: 'A' }));
  const until = Date.now() + 2000;
  while (!mock!.port!.recording.includes(ack) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  assert.ok(mock!.port!.recording.includes(ack), 'the press is acked by its sequence');

  // The server calls B042 to disk-1: the sign blinks it, then shows it steadily.
  await server.client.publishAsync(topics.calls('demo'), JSON.stringify({
    v: 1, at: new Date().toISOString(), id: 'c1', ticket: 'B042', service: 'bygglov', servicePoint: 'disk-1',
    servicePointName: { sv: 'Disk 1' }, zones: ['lobby'], recall: false,
  }), { qos: 1 });
  const blink = Buffer.from(encodeFrame({ seq: 0, type: 'D', text: 'B042', blink: true }));
  const end = Date.now() + 3000;
  while (!mock!.port!.recording.includes(blink) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  assert.ok(mock!.port!.recording.includes(blink), `blinking B042 on the sign: ${mock!.port!.recording.toString('latin1')}`);
});
