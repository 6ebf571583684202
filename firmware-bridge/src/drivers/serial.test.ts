/**
 * The serial driver against serialport's own mock binding: the same driver code as in
 * production, only `openPort` builds a `SerialPortMock`. The registry is taken from
 * `SerialPortMock.binding` (not an ESM import of @serialport/binding-mock, which would be a
 * second registry; ESCPOS.md A5).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { SerialPortMock } from 'serialport';
import { PortError } from './port.js';
import { createSerialPrinter, type SerialOpenOptions, type SerialPrinter } from './serial.js';

const MockBinding = SerialPortMock.binding;
const PATH = '/dev/ttyPRN';
const ctx = { jobId: 'job-1', preview: 'A-001' };

/** Every port the driver built, so tests reach the binding (`port.port`). */
let built: SerialPortMock[] = [];
const openPort = (o: SerialOpenOptions) => {
  const p = new SerialPortMock(o);
  built.push(p);
  return p;
};
const current = () => {
  const p = built.at(-1);
  assert.ok(p?.port, 'the driver opened a port');
  return p.port;
};

/**
 * A printer on the mock port: answers each DLE EOT n written to it with `replies[n]`
 * (a prefix of stray bytes allowed), watching what the host writes.
 */
function answerStatus(replies: Partial<Record<number, number[]>>) {
  const binding = current();
  let seen = binding.recording.length;
  const timer = setInterval(() => {
    if (!binding.isOpen) return clearInterval(timer);
    const rec = binding.recording;
    for (; seen + 3 <= rec.length; seen++) {
      if (rec[seen] === 0x10 && rec[seen + 1] === 0x04) {
        const reply = replies[rec[seen + 2]!];
        if (reply) binding.emitData(Buffer.from(reply));
        seen += 2;
      }
    }
  }, 1);
  return () => clearInterval(timer);
}

let printer: SerialPrinter | undefined;
let stopAnswering: (() => void) | undefined;

beforeEach(() => {
  MockBinding.reset();
  built = [];
});

afterEach(async () => {
  stopAnswering?.();
  stopAnswering = undefined;
  await printer?.close().catch(() => {});
  printer = undefined;
  MockBinding.reset();
});

describe('serial driver (mock binding)', () => {
  test('open fails with a clear PortError when the device is missing', async () => {
    printer = createSerialPrinter({ path: '/dev/ttyNOPE', openPort });
    await assert.rejects(printer.open(), (err: unknown) => {
      assert.ok(err instanceof PortError);
      assert.equal(err.code, 'ENTRE_PRINTER_OFFLINE');
      assert.match(err.message, /\/dev\/ttyNOPE could not be opened/);
      assert.match(err.message, /Port does not exist/);
      return true;
    });
    assert.deepEqual(await printer.readStatus(), { online: false, paper: 'unknown', coverOpen: false, errors: ['disconnected'] });
  });

  test('writes exactly the job bytes at the configured baud rate', async () => {
    MockBinding.createPort(PATH, { record: true });
    printer = createSerialPrinter({ path: PATH, baudRate: 19200, openPort });
    await printer.open();
    const job = Buffer.from([0x1b, 0x40, 0x1b, 0x74, 0x13, 0x41, 0x2d, 0x30, 0x30, 0x31, 0x0a, 0x1d, 0x56, 0x42, 0x00]);
    await printer.write(job, ctx);
    assert.deepEqual([...current().recording], [...job]);
    assert.equal(built[0]!.baudRate, 19200);
  });

  test('two jobs go out whole and in order', async () => {
    MockBinding.createPort(PATH, { record: true });
    printer = createSerialPrinter({ path: PATH, openPort });
    await printer.open();
    await Promise.all([printer.write(Buffer.from('first\n'), ctx), printer.write(Buffer.from('second\n'), ctx)]);
    assert.equal(current().recording.toString('latin1'), 'first\nsecond\n');
  });

  const cases: Array<[string, Record<number, number[]>, object]> = [
    ['idle', { 1: [0x12], 2: [0x12], 3: [0x12], 4: [0x12] }, { online: true, paper: 'ok', coverOpen: false, errors: [] }],
    ['paper out', { 1: [0x1a], 2: [0x32], 3: [0x12], 4: [0x72] }, { online: false, paper: 'out', coverOpen: false, errors: [] }],
    ['near end', { 1: [0x12], 2: [0x12], 3: [0x12], 4: [0x1e] }, { online: true, paper: 'near_end', coverOpen: false, errors: [] }],
    ['cover open', { 1: [0x1a], 2: [0x16], 3: [0x12], 4: [0x12] }, { online: false, paper: 'ok', coverOpen: true, errors: [] }],
    ['stray bytes before replies are skipped', { 1: [0x13, 0x11, 0x12], 2: [0x00, 0x12], 3: [0x12], 4: [0x11, 0x72] }, { online: true, paper: 'out', coverOpen: false, errors: [] }],
  ];
  for (const [name, replies, expected] of cases) {
    test(`status: ${name}`, async () => {
      MockBinding.createPort(PATH, { record: true });
      printer = createSerialPrinter({ path: PATH, openPort, statusTimeoutMs: 300 });
      await printer.open();
      stopAnswering = answerStatus(replies);
      assert.deepEqual(await printer.readStatus(), expected);
      assert.deepEqual([...current().recording], [0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x03, 0x10, 0x04, 0x04]);
    });
  }

  test('status fed by hand with emitData, one reply per query', async () => {
    MockBinding.createPort(PATH, { record: true });
    printer = createSerialPrinter({ path: PATH, openPort, statusTimeoutMs: 500 });
    await printer.open();
    const status = printer.readStatus();
    const binding = current();
    for (const [i, reply] of [0x12, 0x32, 0x12, 0x72].entries()) {
      while (binding.recording.length < 3 * (i + 1)) await new Promise((r) => setTimeout(r, 1));
      assert.deepEqual([...binding.recording.subarray(3 * i)], [0x10, 0x04, i + 1], 'one query at a time');
      binding.emitData(Buffer.from([reply]));
    }
    assert.equal((await status).paper, 'out');
  });

  test('stale bytes received before a poll do not count as replies', async () => {
    MockBinding.createPort(PATH, { record: true });
    printer = createSerialPrinter({ path: PATH, openPort, statusTimeoutMs: 300 });
    await printer.open();
    current().emitData(Buffer.from([0x72, 0x72, 0x72, 0x72])); // a late answer to an earlier poll
    await new Promise((r) => setTimeout(r, 10));
    stopAnswering = answerStatus({ 1: [0x12], 2: [0x12], 3: [0x12], 4: [0x12] });
    assert.equal((await printer.readStatus()).paper, 'ok');
  });

  test('no reply → ENTRE_PRINTER_TIMEOUT within the time limit', async () => {
    MockBinding.createPort(PATH, { record: true });
    printer = createSerialPrinter({ path: PATH, openPort, statusTimeoutMs: 100 });
    await printer.open();
    const started = Date.now();
    await assert.rejects(printer.readStatus(), { name: 'PortError', code: 'ENTRE_PRINTER_TIMEOUT', message: /DLE EOT 1 within 100 ms/ });
    const took = Date.now() - started;
    assert.ok(took >= 95 && took < 600, `took ${took} ms`);
    assert.deepEqual([...current().recording], [0x10, 0x04, 0x01], 'no further query after a missing reply');
  });

  test('port closed mid-job → write fails with the reason, status offline', async () => {
    MockBinding.createPort(PATH, { record: true });
    printer = createSerialPrinter({ path: PATH, openPort });
    await printer.open();
    const binding = current();
    // The adapter goes away while the job's bytes are in flight (as a USB-serial unplug does):
    // the device disappears and the binding's write fails on the closed port.
    const write = binding.write.bind(binding);
    let attempted = 0;
    binding.write = async (data: Buffer) => {
      attempted += data.length;
      MockBinding.reset();
      await binding.close();
      return write(data);
    };
    await assert.rejects(printer.write(Buffer.alloc(4096, 0x41), ctx), (err: unknown) => {
      assert.ok(err instanceof PortError);
      assert.equal(err.code, 'ENTRE_PRINTER_WRITE_FAILED');
      assert.equal(err.reason, 'write_failed');
      assert.match(err.message, /\/dev\/ttyPRN: (write failed: Port is not open|port closed)/);
      return true;
    });
    assert.equal(attempted, 4096);
    assert.equal(binding.recording.length, 0, 'nothing reached the printer');
    assert.deepEqual(await printer.readStatus(), { online: false, paper: 'unknown', coverOpen: false, errors: ['disconnected'] });
    await assert.rejects(printer.write(Buffer.from('x'), ctx), { code: 'ENTRE_PRINTER_OFFLINE' });
  });

  test('a re-plugged adapter is opened again on the next operation', async () => {
    MockBinding.createPort(PATH, { record: true });
    printer = createSerialPrinter({ path: PATH, openPort });
    await printer.open();
    await current().close(); // unplugged between jobs
    await new Promise((r) => setTimeout(r, 5));
    await printer.write(Buffer.from('again'), ctx);
    assert.equal(built.length, 2, 'a fresh port object');
    assert.equal(current().recording.toString('latin1'), 'again');
  });

  test('write before open and after close is refused', async () => {
    MockBinding.createPort(PATH, { record: true });
    printer = createSerialPrinter({ path: PATH, openPort });
    await assert.rejects(printer.write(Buffer.from('x'), ctx), { code: 'ENTRE_PRINTER_OFFLINE', message: /not open/ });
    await printer.open();
    await printer.close();
    assert.equal(built[0]!.isOpen, false);
    await assert.rejects(printer.write(Buffer.from('x'), ctx), { code: 'ENTRE_PRINTER_OFFLINE' });
    assert.deepEqual((await printer.readStatus()).errors, ['not_open']);
  });

  test('a write that never drains → timeout, and the queued rest is discarded', async () => {
    // A port whose drain never completes (printer holding flow control).
    let flushed = false;
    let closed = false;
    const stuck = {
      isOpen: true,
      open: (cb: (err: Error | null) => void) => setImmediate(() => cb(null)),
      write: () => true,
      drain: () => {},
      flush: (cb?: (err: Error | null) => void) => {
        flushed = true;
        cb?.(null);
      },
      close(cb?: (err: Error | null) => void) {
        closed = true;
        this.isOpen = false;
        cb?.(null);
      },
      on: () => stuck,
      removeAllListeners: () => stuck,
    };
    printer = createSerialPrinter({ path: PATH, openPort: () => stuck, writeTimeoutMs: 60 });
    await printer.open();
    const started = Date.now();
    await assert.rejects(printer.write(Buffer.from('x'), ctx), { code: 'ENTRE_PRINTER_TIMEOUT' });
    assert.ok(Date.now() - started < 500);
    assert.ok(flushed && closed);
  });
});
