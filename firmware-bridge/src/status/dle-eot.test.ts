import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PortError } from '../drivers/port.js';
import { createReplyBuffer, DLE_EOT, isStatusByte, parseStatus, pollStatus, type StatusIo } from './dle-eot.js';

describe('DLE_EOT', () => {
  test('is 10 04 n', () => {
    assert.deepEqual([...DLE_EOT(1)], [0x10, 0x04, 0x01]);
    assert.deepEqual([...DLE_EOT(4)], [0x10, 0x04, 0x04]);
  });
});

describe('isStatusByte', () => {
  test('accepts the fixed pattern 0xx1xx10', () => {
    for (const b of [0x12, 0x16, 0x1a, 0x1e, 0x32, 0x72, 0x7e, 0x52]) assert.equal(isStatusByte(b), true, b.toString(16));
  });
  test('rejects XON/XOFF, ASB bytes, high-bit bytes and non-bytes', () => {
    for (const b of [0x11, 0x13, 0x10, 0x14, 0x00, 0x0f, 0x02, 0x92, 0xff, 0x13, 0x03, -1, 256, 1.5]) {
      assert.equal(isStatusByte(b), false, String(b));
    }
  });
});

describe('parseStatus', () => {
  test('idle 0x12 ×4 → online, paper ok, no errors', () => {
    assert.deepEqual(parseStatus({ printer: 0x12, offline: 0x12, error: 0x12, paper: 0x12 }), {
      online: true,
      paper: 'ok',
      coverOpen: false,
      errors: [],
    });
  });
  test('drawer pin 3 high (n=1 0x16) is still healthy', () => {
    assert.deepEqual(parseStatus({ printer: 0x16, offline: 0x12, error: 0x12, paper: 0x12 }), {
      online: true,
      paper: 'ok',
      coverOpen: false,
      errors: [],
    });
  });
  test('paper out: n=4 0x72 + n=2 0x32 → out', () => {
    const s = parseStatus({ printer: 0x1a, offline: 0x32, error: 0x12, paper: 0x72 });
    assert.equal(s.paper, 'out');
    assert.equal(s.online, false);
    assert.equal(s.coverOpen, false);
    assert.deepEqual(s.errors, []);
  });
  test('paper out with the error bit (n=2 0x72) adds `error`', () => {
    const s = parseStatus({ printer: 0x1a, offline: 0x72, error: 0x12, paper: 0x72 });
    assert.equal(s.paper, 'out');
    assert.deepEqual(s.errors, ['error']);
  });
  test('n=2 paper-end stop alone → out even without n=4', () => {
    assert.equal(parseStatus({ printer: 0x12, offline: 0x32 }).paper, 'out');
  });
  test('near end: n=4 0x1E → near_end', () => {
    const s = parseStatus({ printer: 0x12, offline: 0x12, error: 0x12, paper: 0x1e });
    assert.deepEqual(s, { online: true, paper: 'near_end', coverOpen: false, errors: [] });
  });
  test('one near-end bit alone (0x16 / 0x1A on n=4) still counts', () => {
    assert.equal(parseStatus({ printer: 0x12, paper: 0x16 }).paper, 'near_end');
    assert.equal(parseStatus({ printer: 0x12, paper: 0x1a }).paper, 'near_end');
  });
  test('near end and end together → out', () => {
    assert.equal(parseStatus({ printer: 0x12, paper: 0x7e }).paper, 'out');
  });
  test('cover open: n=2 0x16', () => {
    const s = parseStatus({ printer: 0x1a, offline: 0x16, error: 0x12, paper: 0x12 });
    assert.equal(s.coverOpen, true);
    assert.equal(s.paper, 'ok');
    assert.equal(s.online, false);
  });
  test('offline: n=1 0x1A', () => {
    const s = parseStatus({ printer: 0x1a, offline: 0x12, error: 0x12, paper: 0x12 });
    assert.deepEqual(s, { online: false, paper: 'ok', coverOpen: false, errors: [] });
  });
  test('error causes on n=3 get stable codes', () => {
    assert.deepEqual(parseStatus({ printer: 0x1a, offline: 0x52, error: 0x1a, paper: 0x12 }).errors, ['error', 'autocutter']);
    assert.deepEqual(parseStatus({ printer: 0x12, error: 0x32 }).errors, ['unrecoverable']);
    assert.deepEqual(parseStatus({ printer: 0x12, error: 0x52 }).errors, ['auto_recoverable']);
    assert.deepEqual(parseStatus({ printer: 0x12, error: 0x16 }).errors, ['recoverable']);
    assert.deepEqual(parseStatus({ printer: 0x12, error: 0x7e }).errors, ['recoverable', 'autocutter', 'unrecoverable', 'auto_recoverable']);
  });
  test('missing groups are unknown, not healthy', () => {
    assert.deepEqual(parseStatus({}), { online: false, paper: 'unknown', coverOpen: false, errors: [] });
    assert.equal(parseStatus({ printer: 0x12 }).paper, 'unknown');
  });
  test('a byte that is not a status byte is ignored and reported', () => {
    const s = parseStatus({ printer: 0x13, offline: 0x12, error: 0x12, paper: 0x80 });
    assert.equal(s.online, false);
    assert.equal(s.paper, 'unknown');
    assert.deepEqual(s.errors, ['invalid_reply']);
  });
});

/** A scripted printer: for each query n, the bytes it sends back (or nothing). */
function scriptedIo(replies: Partial<Record<1 | 2 | 3 | 4, number[]>>) {
  const buffer = createReplyBuffer();
  const written: number[][] = [];
  const io: StatusIo = {
    async write(bytes) {
      written.push([...bytes]);
      const n = bytes[2] as 1 | 2 | 3 | 4;
      const reply = replies[n];
      if (reply) setTimeout(() => buffer.push(Uint8Array.from(reply)), 2);
    },
    readByte: (ms) => buffer.readByte(ms),
  };
  return { io, written, buffer };
}

describe('pollStatus', () => {
  test('asks n=1,2,3,4 one at a time and parses idle', async () => {
    const { io, written } = scriptedIo({ 1: [0x12], 2: [0x12], 3: [0x12], 4: [0x12] });
    assert.deepEqual(await pollStatus(io, 200), { online: true, paper: 'ok', coverOpen: false, errors: [] });
    assert.deepEqual(written, [
      [0x10, 0x04, 0x01],
      [0x10, 0x04, 0x02],
      [0x10, 0x04, 0x03],
      [0x10, 0x04, 0x04],
    ]);
  });

  test('sends the next query only after the previous reply arrived', async () => {
    const buffer = createReplyBuffer();
    const events: string[] = [];
    const io: StatusIo = {
      async write(bytes) {
        events.push(`q${bytes[2]}`);
        setTimeout(() => {
          events.push(`r${bytes[2]}`);
          buffer.push([0x12]);
        }, 5);
      },
      readByte: (ms) => buffer.readByte(ms),
    };
    await pollStatus(io, 200);
    assert.deepEqual(events, ['q1', 'r1', 'q2', 'r2', 'q3', 'r3', 'q4', 'r4']);
  });

  test('paper out', async () => {
    const { io } = scriptedIo({ 1: [0x1a], 2: [0x32], 3: [0x12], 4: [0x72] });
    const s = await pollStatus(io, 200);
    assert.equal(s.paper, 'out');
    assert.equal(s.online, false);
  });

  test('skips XON/XOFF and an ASB packet before a reply', async () => {
    // XOFF, XON, then an ASB 4-byte packet (0x10 …), then the real n=1 reply.
    const { io } = scriptedIo({ 1: [0x13, 0x11, 0x10, 0x00, 0x0f, 0x00, 0x1a], 2: [0x12], 3: [0x12], 4: [0x1e] });
    assert.deepEqual(await pollStatus(io, 200), { online: false, paper: 'near_end', coverOpen: false, errors: [] });
  });

  test('no reply → ENTRE_PRINTER_TIMEOUT within about the timeout', async () => {
    const { io, written } = scriptedIo({ 1: [0x12], 2: [0x12] });
    const started = Date.now();
    await assert.rejects(pollStatus(io, 80), (err: unknown) => {
      assert.ok(err instanceof PortError);
      assert.equal(err.code, 'ENTRE_PRINTER_TIMEOUT');
      assert.match(err.message, /DLE EOT 3/);
      return true;
    });
    const took = Date.now() - started;
    assert.ok(took >= 75 && took < 400, `took ${took} ms`);
    assert.equal(written.length, 3, 'stops after the unanswered query');
  });

  test('only garbage within the timeout → timeout, not a wrong status', async () => {
    const { io } = scriptedIo({ 1: [0x11, 0x13, 0x11] });
    await assert.rejects(pollStatus(io, 60), { name: 'PortError', code: 'ENTRE_PRINTER_TIMEOUT' });
  });

  test('a transport failure passes through as its PortError', async () => {
    const buffer = createReplyBuffer();
    const io: StatusIo = {
      async write() {
        setTimeout(() => buffer.fail(new PortError('ENTRE_PRINTER_OFFLINE', 'port closed')), 2);
      },
      readByte: (ms) => buffer.readByte(ms),
    };
    await assert.rejects(pollStatus(io, 200), { code: 'ENTRE_PRINTER_OFFLINE', message: 'port closed' });
  });

  test('a write that hangs → timeout', async () => {
    const io: StatusIo = { write: () => new Promise(() => {}), readByte: () => new Promise(() => {}) };
    await assert.rejects(pollStatus(io, 40), { code: 'ENTRE_PRINTER_TIMEOUT' });
  });
});

describe('createReplyBuffer', () => {
  test('serves buffered bytes in order, then waits for the next', async () => {
    const b = createReplyBuffer();
    b.push([1, 2]);
    assert.equal(await b.readByte(10), 1);
    assert.equal(await b.readByte(10), 2);
    const next = b.readByte(100);
    b.push([3]);
    assert.equal(await next, 3);
    assert.equal(b.length, 0);
  });
  test('times out with a PortError', async () => {
    await assert.rejects(createReplyBuffer().readByte(10), { code: 'ENTRE_PRINTER_TIMEOUT' });
  });
  test('clear() drops stale bytes and a failure', async () => {
    const b = createReplyBuffer();
    b.push([9]);
    b.fail(new Error('gone'));
    await assert.rejects(b.readByte(10), /gone/);
    b.clear();
    b.push([7]);
    assert.equal(await b.readByte(10), 7);
  });
});
