/**
 * Counter keypad + LED sign over a mock serial port. The registry is `SerialPortMock.binding`
 * (an ESM import of @serialport/binding-mock would be a second registry). Real timers with
 * short intervals; every test closes its device and resets the mock.
 */
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { SerialPortMock } from 'serialport';
import { createCounterDevice, type CounterDevice, type CounterDeviceOptions, type CounterFault } from './counter-device.js';
import type { SerialOpenOptions } from '../drivers/serial.js';

const MockBinding = SerialPortMock.binding;
const PATH = '/dev/ttyCOUNTER';

/** Literal frame bytes: STX + ascii + ETX. */
const f = (ascii: string): Buffer => Buffer.from(`\x02${ascii}\x03`, 'latin1');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(cond: () => boolean, ms = 1000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('waitFor timed out');
    await sleep(2);
  }
}

let device: CounterDevice | undefined;
let mock: SerialPortMock | undefined;
let keys: string[];
let faults: { reason: CounterFault; detail?: string }[];

const recording = (): Buffer => mock?.port?.recording ?? Buffer.alloc(0);
const emit = (bytes: Buffer | string) => mock!.port!.emitData(bytes);

async function open(extra: Partial<CounterDeviceOptions> = {}): Promise<CounterDevice> {
  device = createCounterDevice({
    path: PATH,
    baudRate: 9600,
    openPort: (o: SerialOpenOptions) => (mock = new SerialPortMock(o)),
    onKey: (b) => keys.push(b),
    onFault: (reason, detail) => faults.push({ reason, detail }),
    ackTimeoutMs: 20,
    heartbeatTimeoutMs: 5000,
    ...extra,
  });
  await device.ready;
  return device;
}

beforeEach(() => {
  MockBinding.reset();
  MockBinding.createPort(PATH, { echo: false, record: true });
  keys = [];
  faults = [];
});

afterEach(async () => {
  await device?.close();
  device = undefined;
  mock = undefined;
  MockBinding.reset();
});

test('key press is acked with the exact bytes and reported once, even when re-sent with the same seq', async () => {
  await open();
  emit(f('0K:next*46'));
  await waitFor(() => recording().length === 8);
  assert.deepEqual(recording(), f('0A:*4B'));
  assert.deepEqual(keys, ['next']);

  emit(f('0K:next*46')); // our ack was "lost": device re-sends seq 0
  await waitFor(() => recording().length === 16);
  assert.deepEqual(recording(), Buffer.concat([f('0A:*4B'), f('0A:*4B')]));
  assert.deepEqual(keys, ['next']);

  emit(f('1K:recall*55')); // next seq is a new press
  await waitFor(() => keys.length === 2);
  assert.deepEqual(keys, ['next', 'recall']);
  await waitFor(() => recording().length === 24);
  assert.deepEqual(recording().subarray(16), f('1A:*4A'));
  assert.deepEqual(faults, []);
});

test('a key press split across chunks, after a heartbeat, is still acked and reported', async () => {
  await open();
  emit(Buffer.concat([f('5H:*47'), f('6K:noshow*45').subarray(0, 5)]));
  emit(f('6K:noshow*45').subarray(5));
  await waitFor(() => keys.length === 1 && recording().length === 16);
  assert.deepEqual(keys, ['noshow']);
  assert.deepEqual(recording(), Buffer.concat([f('5A:*4E'), f('6A:*4D')]));
});

test('a garbled frame is reported, not acked and not acted on', async () => {
  await open();
  emit(f('0K:next*47')); // wrong checksum
  await waitFor(() => faults.length === 1);
  assert.equal(faults[0]!.reason, 'garbled');
  assert.match(faults[0]!.detail!, /^checksum: /);
  emit(Buffer.from([0xff, 0xfe])); // line noise
  await waitFor(() => faults.length === 2);
  assert.match(faults[1]!.detail!, /^junk: fffe$/);
  await sleep(20);
  assert.deepEqual(keys, []);
  assert.equal(recording().length, 0);
});

test("show('B042', true) writes the exact frame, retries 3 times without an ack, then reports missing_ack", async () => {
  await open();
  const result = await device!.show('B042', true);
  assert.equal(result, 'missing_ack');
  const frame = f('0D:1B042*0B');
  assert.deepEqual(recording(), Buffer.concat([frame, frame, frame, frame]));
  assert.deepEqual(faults.map((x) => x.reason), ['missing_ack']);
  await sleep(50); // no more sends after giving up
  assert.equal(recording().length, 4 * frame.length);
});

test('an ack stops the retries; the next show uses the next seq', async () => {
  await open({ ackTimeoutMs: 80 });
  const shown = device!.show('B042', true);
  await waitFor(() => recording().length === 13);
  emit(f('0A:*4B'));
  assert.equal(await shown, 'acked');
  await sleep(200); // well past the retry interval
  assert.deepEqual(recording(), f('0D:1B042*0B'));

  const next = device!.show('A117', false);
  await waitFor(() => recording().length === 26);
  assert.deepEqual(recording().subarray(13), f('1D:0A117*09'));
  emit(f('1A:*4A'));
  assert.equal(await next, 'acked');
  assert.deepEqual(faults, []);
});

test('an ack for another seq does not stop the retries; a newer show supersedes', async () => {
  await open({ ackTimeoutMs: 80 });
  const first = device!.show('B042', true);
  await waitFor(() => recording().length === 13);
  emit(f('7A:*4C')); // stale ack
  await waitFor(() => recording().length === 26); // retried
  const second = device!.show('', false);
  assert.equal(await first, 'superseded');
  await waitFor(() => recording().length === 26 + 9);
  assert.deepEqual(recording().subarray(26), f('1D:0*7F'));
  emit(f('1A:*4A'));
  assert.equal(await second, 'acked');
  assert.deepEqual(faults, []);
});

test('heartbeat_lost after silence, reported once; a heartbeat re-arms it', async () => {
  await open({ heartbeatTimeoutMs: 40 });
  await waitFor(() => faults.length === 1);
  assert.equal(faults[0]!.reason, 'heartbeat_lost');
  await sleep(60);
  assert.equal(faults.length, 1); // once per outage
  emit(f('2H:*40'));
  await waitFor(() => recording().length === 8);
  assert.deepEqual(recording(), f('2A:*49'));
  await waitFor(() => faults.length === 2);
  assert.equal(faults[1]!.reason, 'heartbeat_lost');
});

test('show rejects invalid text before writing anything', async () => {
  await open();
  await assert.rejects(device!.show('TOO-LONG-1', false), RangeError);
  assert.equal(recording().length, 0);
});
