/**
 * Issue 9 fault suite, part B, case 2: the disk full (and the database locked), on the real
 * server process (`node server/dist/main.js`, demo site, embedded broker, its SQLite file).
 *
 * A real SQLITE_FULL is made without filling a disk: the test-only preload
 * tests/support/sqlite-control-preload.mjs sets `PRAGMA max_page_count` on the server's own
 * connection to the file's current page count, so the first write that needs a new page
 * fails inside SQLite exactly as on a full disk. A real SQLITE_BUSY is made by holding the
 * file's write lock from this test's own connection past the server's busy timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { PrintJob, checker, decodePayload, topics } from '@entre/protocol';
import { openReadOnly, startFaultServer, type FaultServer } from '../support/fault-server.js';
import { waitFor } from '../support/ports.js';

const TICKET = { kiosk: 'kiosk-1', service: 'skola', language: 'sv' };

async function issue(base: string, key?: string) {
  const res = await fetch(`${base}/api/v1/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(TICKET),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', retryAfter: res.headers.get('retry-after'), body: JSON.parse(text) as Record<string, any> };
}

/** The F-tickets of the database: numbers, counter, and whether each visit is whole. */
function ledger(ro: ReturnType<typeof openReadOnly>) {
  const visits = ro.db.prepare(`SELECT id, number, service_day FROM contacts WHERE channel = 'visit' AND number LIKE 'F%' ORDER BY number`).all() as { id: string; number: string; service_day: string }[];
  const days = [...new Set(visits.map((v) => v.service_day))];
  assert.ok(days.length <= 1, `the test's tickets fall in one service day: ${days.join(', ')}`);
  const counter = ro.count(`SELECT last FROM ticket_counters WHERE site_id = 'demo' AND prefix = 'F' AND service_day = ?`, days[0] ?? '');
  const halfWritten = ro.db.prepare(`
    SELECT c.number FROM contacts c
    WHERE c.channel = 'visit' AND c.number LIKE 'F%' AND (
      (SELECT count(*) FROM contact_events e WHERE e.contact_id = c.id AND e.type = 'issued') <> 1
      OR (SELECT count(*) FROM print_jobs j WHERE j.contact_id = c.id) <> 1)`).pluck().all() as string[];
  const orphans = ro.count(`SELECT count(*) FROM contact_events WHERE contact_id NOT IN (SELECT id FROM contacts)`)
    + ro.count(`SELECT count(*) FROM print_jobs WHERE contact_id NOT IN (SELECT id FROM contacts)`)
    + ro.count(`SELECT count(*) FROM idempotency_keys WHERE contact_id NOT IN (SELECT id FROM contacts)`);
  return { numbers: visits.map((v) => v.number), counter, halfWritten, orphans };
}

function expectedNumbers(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `F${String(i + 1).padStart(3, '0')}`);
}

async function startWithJobWatch(t: { after(fn: () => Promise<void>): void }): Promise<{ srv: FaultServer; jobs: Map<string, number>; ro: ReturnType<typeof openReadOnly> }> {
  const srv = await startFaultServer({ sqliteControl: true });
  const ro = openReadOnly(srv.dbPath);
  // Plays the bridge: every print job the server publishes, by ticket number.
  const bridge = await mqtt.connectAsync(srv.mqtt, { protocolVersion: 4, clientId: `fault-bridge-${process.pid}`, reconnectPeriod: 0 });
  const jobs = new Map<string, number>();
  bridge.on('message', (_topic, payload) => {
    const job = decodePayload(checker(PrintJob), payload);
    if (job.ok) jobs.set(job.value.ticket.number, (jobs.get(job.value.ticket.number) ?? 0) + 1);
  });
  await bridge.subscribeAsync(topics.printerJobs('demo', 'printer-1'), { qos: 1 });
  t.after(async () => {
    await bridge.endAsync(true).catch(() => undefined);
    ro.close();
    await srv.stop();
    srv.remove();
  });
  return { srv, jobs, ro };
}

test('disk full: POST /api/v1/tickets answers 503 problem+json "the server\'s disk is full", the process keeps running, nothing is half-written, the counter does not advance, and once space is back the next number is contiguous and the retried key gets exactly one ticket', async (t) => {
  const { srv, jobs, ro } = await startWithJobWatch(t);
  for (let i = 0; i < 3; i++) assert.equal((await issue(srv.http)).status, 201);

  const limit = await srv.limitPages('current');
  assert.equal(limit.maxPageCount, limit.pageCount, 'the page limit is the current size: the next new page is "disk full"');

  // Fill what room the existing pages still have, until SQLite refuses a write.
  let full: Awaited<ReturnType<typeof issue>> | undefined;
  let issuedWhileFilling = 0;
  for (let i = 0; i < 3000 && !full; i++) {
    const res = await issue(srv.http, `fill-key-${i}`);
    if (res.status === 201) { issuedWhileFilling++; continue; }
    full = res;
  }
  assert.ok(full, 'a write hit the page limit');
  const failedKey = `fill-key-${issuedWhileFilling}`;
  assert.equal(full.status, 503, `disk full is "service unavailable", not a crash or a 500: ${JSON.stringify(full.body)}`);
  assert.match(full.type, /^application\/problem\+json/);
  assert.equal(full.body.code, 'ENTRE_STORAGE_FULL');
  assert.equal(full.body.status, 503);
  assert.match(full.body.detail, /the server's disk is full/i);
  assert.match(full.body.detail, /nothing was saved/i);
  assert.ok(Number(full.retryAfter) > 0, 'Retry-After tells the kiosk when to try again');

  // Still full: further tries get the same clear answer (or, where the drained outbox freed
  // a page, a whole ticket), never anything else, and the process stays up.
  let issuedAfter = 0;
  for (let i = 0; i < 5; i++) {
    const res = await issue(srv.http);
    assert.ok(res.status === 503 || res.status === 201, `${res.status} ${JSON.stringify(res.body)}`);
    if (res.status === 201) issuedAfter++;
  }
  await new Promise((r) => setTimeout(r, 1500)); // the outbox publisher and timers run against the full file meanwhile
  assert.ok(srv.alive(), `the server is still running:\n${srv.server.output()}`);
  const health = await fetch(`${srv.http}/api/v1/health`);
  assert.equal(health.status, 200, 'reads still work');

  const issued = 3 + issuedWhileFilling + issuedAfter;
  const during = ledger(ro);
  assert.deepEqual(during.numbers, expectedNumbers(issued), 'only the committed tickets exist, numbered without gaps');
  assert.equal(during.counter, issued, 'the refused writes did not advance the ticket counter');
  assert.deepEqual(during.halfWritten, [], 'every visit has its issued event and its print job');
  assert.equal(during.orphans, 0, 'no event, print job or idempotency key without its visit');

  // Space is back: the next ticket continues the sequence, and the failed request's retry
  // (same Idempotency-Key) makes one ticket, which a second retry returns again.
  await srv.limitPages('lift');
  const retried = await issue(srv.http, failedKey);
  assert.equal(retried.status, 201, JSON.stringify(retried.body));
  assert.equal(retried.body.number, expectedNumbers(issued + 1).at(-1));
  const again = await issue(srv.http, failedKey);
  assert.equal(again.body.id, retried.body.id, 'the same key returns the same ticket');
  const next = await issue(srv.http);
  assert.equal(next.body.number, expectedNumbers(issued + 2).at(-1));

  const after = ledger(ro);
  assert.deepEqual(after.numbers, expectedNumbers(issued + 2));
  assert.equal(after.counter, issued + 2);
  assert.deepEqual(after.halfWritten, []);
  assert.equal(after.orphans, 0);
  // Each committed ticket's print job reached the broker exactly once; refused ones sent none.
  await waitFor('every print job published', () => after.numbers.every((n) => jobs.has(n)) || undefined, 15_000);
  assert.deepEqual([...jobs.keys()].sort(), after.numbers);
  assert.ok([...jobs.values()].every((n) => n === 1), `each job once: ${JSON.stringify([...jobs])}`);
  await waitFor('outbox drained', () => ro.count('SELECT count(*) FROM outbox') === 0 || undefined, 10_000);
  assert.ok(srv.alive());
});

test('database locked past the busy timeout: POST /api/v1/tickets answers 503 problem+json ENTRE_STORAGE_BUSY with Retry-After, writes nothing, the background print-job sweep meeting the lock does not end the process, and the next contiguous number is issued once the lock is gone', async (t) => {
  const { srv, ro } = await startWithJobWatch(t);
  assert.equal((await issue(srv.http)).status, 201);
  const locker = new Database(srv.dbPath);
  t.after(() => { if (locker.inTransaction) locker.exec('ROLLBACK'); locker.close(); });
  locker.exec('BEGIN IMMEDIATE'); // the write lock, held longer than the server's 5 s busy timeout
  const busy = await issue(srv.http);
  // Held on: the print-job timeout sweep (every 5 s, due while the request blocked the
  // server) now runs into the lock too and waits out its own busy timeout. Its SQLITE_BUSY
  // used to be thrown from a timer, uncaught, and ended the process.
  await new Promise((r) => setTimeout(r, 5500));
  locker.exec('ROLLBACK');
  assert.equal(busy.status, 503, JSON.stringify(busy.body));
  assert.match(busy.type, /^application\/problem\+json/);
  assert.equal(busy.body.code, 'ENTRE_STORAGE_BUSY');
  assert.match(busy.body.detail, /busy/i);
  assert.equal(busy.retryAfter, '1');
  assert.ok(srv.alive(), `the server survived the lock:\n${srv.server.output().slice(-3000)}`);
  assert.match(srv.server.output(), /print job timeout sweep failed/, 'the sweep met the lock, and only logged it');
  assert.deepEqual(ledger(ro).numbers, ['F001'], 'nothing written while locked');
  const next = await issue(srv.http);
  assert.equal(next.status, 201);
  assert.equal(next.body.number, 'F002');
  const l = ledger(ro);
  assert.equal(l.counter, 2);
  assert.deepEqual(l.halfWritten, []);
});
