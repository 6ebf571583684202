/**
 * The network driver against a real TCP server on 127.0.0.1 acting as a 9100 printer:
 * it records every byte, answers DLE EOT n with configured status bytes, and can refuse,
 * stay silent, stop reading, or reset the connection.
 */
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import { PortError } from './port.js';
import { createNetworkPrinter, type NetworkPrinter } from './network.js';

const ctx = { jobId: 'job-1', preview: 'A-001' };
const IDLE = { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 };

interface FakePrinterOptions {
  /** Reply byte per DLE EOT n; a missing n is never answered. */
  status?: Partial<Record<number, number>>;
  /** Bytes sent before each reply (ASB, XON/XOFF noise). */
  noise?: number[];
  /** Stop reading from the socket (printer buffer full / hung). */
  paused?: boolean;
  /** Reset the connection as soon as this many bytes arrived. */
  resetAfter?: number;
}

interface FakePrinter {
  server: Server;
  port: number;
  /** All bytes of each connection, in order of connection. */
  connections: Buffer[];
  /** Most connections open at the same time. */
  maxConcurrent: number;
  /** Resolves when `count` connections have closed. */
  closedCount(count: number): Promise<void>;
}

const servers: Server[] = [];
const printers: NetworkPrinter[] = [];

async function fakePrinter(options: FakePrinterOptions = {}): Promise<FakePrinter> {
  const connections: Buffer[] = [];
  const sockets = new Set<Socket>();
  let closed = 0;
  const waiters: Array<{ count: number; resolve(): void }> = [];
  const fake: FakePrinter = {
    server: undefined as unknown as Server,
    port: 0,
    connections,
    maxConcurrent: 0,
    closedCount: (count) => (closed >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    fake.maxConcurrent = Math.max(fake.maxConcurrent, sockets.size);
    const index = connections.push(Buffer.alloc(0)) - 1;
    let pending: number[] = []; // bytes of a DLE EOT split across chunks
    if (options.paused) socket.pause();
    socket.on('data', (chunk) => {
      connections[index] = Buffer.concat([connections[index]!, chunk]);
      if (options.resetAfter !== undefined && connections[index]!.length >= options.resetAfter) {
        socket.resetAndDestroy();
        return;
      }
      for (const b of chunk) {
        pending.push(b);
        if (pending.length === 1 && pending[0] !== 0x10) pending = [];
        else if (pending.length === 2 && pending[1] !== 0x04) pending = b === 0x10 ? [b] : [];
        else if (pending.length === 3) {
          const reply = options.status?.[b];
          if (reply !== undefined) socket.write(Buffer.from([...(options.noise ?? []), reply]));
          pending = [];
        }
      }
    });
    socket.on('end', () => socket.end());
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      closed++;
      for (const w of waiters.filter((w) => closed >= w.count)) w.resolve();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.server = server;
  fake.port = (server.address() as AddressInfo).port;
  // Close leftovers so `server.close()` in afterEach can finish.
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  (server as Server & { dropAll?: () => void }).dropAll = () => sockets.forEach((s) => s.destroy());
  return fake;
}

function printerFor(port: number, extra: Partial<Parameters<typeof createNetworkPrinter>[0]> = {}): NetworkPrinter {
  const p = createNetworkPrinter({ host: '127.0.0.1', port, connectTimeoutMs: 1000, writeTimeoutMs: 2000, statusTimeoutMs: 200, closeGraceMs: 100, ...extra });
  printers.push(p);
  return p;
}

/** A port nothing listens on: listen, note the port, close. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

afterEach(async () => {
  for (const p of printers.splice(0)) await p.close();
  for (const s of servers.splice(0)) {
    (s as Server & { dropAll?: () => void }).dropAll?.();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

describe('network driver (TCP 9100)', () => {
  test('the printer receives exactly the job bytes, on one connection that is then closed', async () => {
    const fake = await fakePrinter({ status: IDLE });
    const printer = printerFor(fake.port);
    await printer.open();
    const job = Buffer.from([0x1b, 0x40, 0x1b, 0x61, 0x01, 0x41, 0x2d, 0x30, 0x30, 0x37, 0x0a, 0x1d, 0x56, 0x42, 0x00]);
    await printer.write(job, ctx);
    await fake.closedCount(1);
    assert.equal(fake.connections.length, 1);
    assert.deepEqual([...fake.connections[0]!], [...job]);
  });

  test('a large job (1 MB raster) arrives whole', async () => {
    const fake = await fakePrinter();
    const printer = printerFor(fake.port);
    await printer.open();
    const job = Buffer.alloc(1 << 20);
    for (let i = 0; i < job.length; i++) job[i] = (i * 7) & 0xff;
    await printer.write(job, ctx);
    await fake.closedCount(1);
    assert.ok(fake.connections[0]!.equals(job));
  });

  const cases: Array<[string, Partial<Record<number, number>>, object]> = [
    ['idle', IDLE, { online: true, paper: 'ok', coverOpen: false, errors: [] }],
    ['paper out', { 1: 0x1a, 2: 0x32, 3: 0x12, 4: 0x72 }, { online: false, paper: 'out', coverOpen: false, errors: [] }],
    ['near end', { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1e }, { online: true, paper: 'near_end', coverOpen: false, errors: [] }],
    ['cover open', { 1: 0x1a, 2: 0x16, 3: 0x12, 4: 0x12 }, { online: false, paper: 'ok', coverOpen: true, errors: [] }],
    ['autocutter error', { 1: 0x1a, 2: 0x52, 3: 0x1a, 4: 0x12 }, { online: false, paper: 'ok', coverOpen: false, errors: ['error', 'autocutter'] }],
  ];
  for (const [name, status, expected] of cases) {
    test(`status over the same port: ${name}`, async () => {
      const fake = await fakePrinter({ status });
      const printer = printerFor(fake.port);
      await printer.open();
      assert.deepEqual(await printer.readStatus(), expected);
      await fake.closedCount(1);
      assert.deepEqual([...fake.connections[0]!], [0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x03, 0x10, 0x04, 0x04]);
    });
  }

  test('XON/XOFF and ASB noise before each reply is skipped', async () => {
    const fake = await fakePrinter({ status: { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x72 }, noise: [0x13, 0x10, 0x00, 0x0f, 0x00, 0x11] });
    const printer = printerFor(fake.port);
    await printer.open();
    const s = await printer.readStatus();
    assert.equal(s.online, true);
    assert.equal(s.paper, 'out');
  });

  test('refused connection → status offline, write rejects ENTRE_PRINTER_OFFLINE', async () => {
    const printer = printerFor(await closedPort());
    await printer.open(); // does not connect: a printer that is off must not stop the bridge
    assert.deepEqual(await printer.readStatus(), { online: false, paper: 'unknown', coverOpen: false, errors: ['connection_refused'] });
    await assert.rejects(printer.write(Buffer.from('x'), ctx), (err: unknown) => {
      assert.ok(err instanceof PortError);
      assert.equal(err.code, 'ENTRE_PRINTER_OFFLINE');
      assert.equal(err.reason, 'offline');
      assert.match(err.message, /127\.0\.0\.1:\d+ refused the connection/);
      return true;
    });
  });

  test('unknown host → offline with a clear reason', async () => {
    const printer = printerFor(9100, { host: 'printer.invalid' });
    await printer.open();
    const s = await printer.readStatus();
    assert.equal(s.online, false);
    assert.equal(s.errors.length, 1);
    assert.match(s.errors[0]!, /^(host_not_found|connect_failed|connect_timeout)$/);
  });

  test('printer that accepts but never answers DLE EOT → timeout PortError in time', async () => {
    const fake = await fakePrinter({ status: {} });
    const printer = printerFor(fake.port, { statusTimeoutMs: 100 });
    await printer.open();
    const started = Date.now();
    await assert.rejects(printer.readStatus(), { name: 'PortError', code: 'ENTRE_PRINTER_TIMEOUT', message: /DLE EOT 1 within 100 ms/ });
    const took = Date.now() - started;
    assert.ok(took >= 95 && took < 1000, `took ${took} ms`);
    await fake.closedCount(1); // the driver dropped the connection
  });

  test('printer that stops reading mid-job → write times out', async () => {
    const fake = await fakePrinter({ paused: true });
    const printer = printerFor(fake.port, { writeTimeoutMs: 300 });
    await printer.open();
    const started = Date.now();
    await assert.rejects(printer.write(Buffer.alloc(64 << 20), ctx), { name: 'PortError', code: 'ENTRE_PRINTER_TIMEOUT' });
    assert.ok(Date.now() - started < 2000);
    // (The paused printer never reads our FIN, so its side stays open until afterEach drops it.)
    assert.equal(fake.connections.length, 1);
  });

  test('printer resets the connection mid-job → write_failed naming the reset', async () => {
    const fake = await fakePrinter({ resetAfter: 1 });
    const printer = printerFor(fake.port);
    await printer.open();
    await assert.rejects(printer.write(Buffer.alloc(16 << 20), ctx), (err: unknown) => {
      assert.ok(err instanceof PortError);
      assert.equal(err.code, 'ENTRE_PRINTER_WRITE_FAILED');
      assert.match(err.message, /reset|closed/);
      return true;
    });
  });

  test('status with statusQuery: false only checks the printer accepts connections', async () => {
    const fake = await fakePrinter();
    const printer = printerFor(fake.port, { statusQuery: false });
    await printer.open();
    assert.deepEqual(await printer.readStatus(), { online: true, paper: 'unknown', coverOpen: false, errors: [] });
    await fake.closedCount(1);
    assert.equal(fake.connections[0]!.length, 0, 'no query sent');
  });

  test('jobs and polls never hold two connections at once, and stay in order', async () => {
    const fake = await fakePrinter({ status: IDLE });
    const printer = printerFor(fake.port);
    await printer.open();
    const [, s] = await Promise.all([printer.write(Buffer.from('one'), ctx), printer.readStatus(), printer.write(Buffer.from('two'), ctx)]);
    assert.equal(s.online, true);
    await fake.closedCount(3);
    assert.equal(fake.maxConcurrent, 1);
    assert.deepEqual(
      fake.connections.map((c) => c.toString('latin1')),
      ['one', '\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04', 'two'],
    );
  });

  test('after close(), writes are refused and status says not_open', async () => {
    const fake = await fakePrinter({ status: IDLE });
    const printer = printerFor(fake.port);
    await printer.write(Buffer.from('x'), ctx).then(
      () => assert.fail('write before open must fail'),
      (err: unknown) => assert.equal((err as PortError).code, 'ENTRE_PRINTER_OFFLINE'),
    );
    await printer.open();
    await printer.close();
    await assert.rejects(printer.write(Buffer.from('x'), ctx), { code: 'ENTRE_PRINTER_OFFLINE' });
    assert.deepEqual((await printer.readStatus()).errors, ['not_open']);
    assert.equal(fake.connections.length, 0);
  });
});
