/**
 * Fault 4 (issue 9): duplicate requests with one Idempotency-Key, on the real built server
 * with its forked bridge printing on the virtual printer (files in ENTRE_PRINTS_DIR).
 *
 * Verified (each can fail):
 * - 20 parallel identical POST /api/v1/tickets with one key, then 5 sequential retries:
 *   every answer is 201 with the same id and number; the database holds one ticket and one
 *   print job for the key; the broker carried one job message; the virtual printer wrote
 *   one .bin for it and the ticket reads `printed`;
 * - the same key with a DIFFERENT body (another errand, language, priority or follow-up
 *   answer) is refused with 409/422 application/problem+json, and creates nothing;
 * - the same for reception's desk tickets (the key is the staff member's).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import mqtt from 'mqtt';
import type { PrintJob, Ticket } from '@entre/protocol';
import { startLobby, type Lobby } from '../support/lobby.js';
import { waitFor } from '../support/ports.js';
import { signIn } from '../support/staff.js';

let lobby: Lobby;
let watcher: mqtt.MqttClient | undefined;
const jobMessages: string[] = [];

before(async () => {
  lobby = await startLobby({ env: { ENTRE_KIOSK_TICKETS_PER_MINUTE: '100000', ENTRE_PUBLIC_REQUESTS_PER_MINUTE: '1000000' } });
  watcher = await mqtt.connectAsync(lobby.mqtt, { protocolVersion: 4, reconnectPeriod: 0 });
  watcher.on('message', (_t, payload) => {
    try { jobMessages.push((JSON.parse(payload.toString()) as PrintJob).jobId); } catch { /* ignore */ }
  });
  await watcher.subscribeAsync('entre/v1/demo/printers/+/jobs', { qos: 1 });
});
after(async () => {
  await watcher?.endAsync().catch(() => undefined);
  await lobby?.stop();
  lobby?.remove();
});

async function issue(key: string, body: object, headers: Record<string, string> = {}, path = '/api/v1/tickets') {
  const res = await fetch(`${lobby.http}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, ...headers }, body: JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Ticket & { code?: string; status?: number; detail?: string } };
}

function rowsFor(sql: string, ...params: unknown[]): unknown[] {
  const db = new Database(lobby.dbPath, { readonly: true });
  try { return db.prepare(sql).all(...params); } finally { db.close(); }
}

const count = (sql: string): number => (rowsFor(sql)[0] as { n: number }).n;

test('20 parallel and 5 sequential POSTs with one key: one ticket, identical answers, one job message, one print', async (t) => {
  const key = `dup-${randomUUID()}`;
  const body = { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' };
  const parallel = await Promise.all(Array.from({ length: 20 }, () => issue(key, body)));
  const sequential = [];
  for (let i = 0; i < 5; i++) sequential.push(await issue(key, body));
  const all = [...parallel, ...sequential];
  assert.deepEqual(all.map((r) => r.status), all.map(() => 201), 'every duplicate is answered 201');
  const first = all[0]!.body;
  for (const r of all) assert.deepEqual([r.body.id, r.body.number, r.body.print.jobId], [first.id, first.number, first.print.jobId], 'identical answers');

  const contacts = rowsFor(`SELECT c.id FROM contacts c JOIN idempotency_keys k ON k.contact_id = c.id WHERE k.key = ?`, key);
  assert.equal(contacts.length, 1, 'one ticket for the key');
  assert.equal(count(`SELECT count(*) AS n FROM contacts WHERE channel = 'visit'`), 1, 'no other ticket was made');
  assert.equal(rowsFor('SELECT id FROM print_jobs WHERE contact_id = ?', first.id).length, 1, 'one print job');

  const jobId = first.print.jobId!;
  await waitFor('the ticket printed', async () => {
    const res = await fetch(`${lobby.http}/api/v1/tickets/${first.id}`);
    return ((await res.json()) as Ticket).print.state === 'printed' || undefined;
  }, 15_000);
  // Give a late duplicate the time to show up before counting.
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(jobMessages.filter((j) => j === jobId).length, 1, 'one job message on the broker');
  const bins = readdirSync(lobby.printsDir).filter((f) => f.startsWith(jobId) && f.endsWith('.bin'));
  assert.deepEqual(bins, [`${jobId}.bin`], 'the virtual printer printed it once');
  t.diagnostic(`25 answers for one key: ticket ${first.number}, job ${jobId}`);
});

test('the same key with a different body is refused with a problem, and nothing is created', async () => {
  const key = `diff-${randomUUID()}`;
  const body = { kiosk: 'kiosk-1', service: 'bygglov', language: 'sv', option: 'nytt' };
  const made = await issue(key, body);
  assert.equal(made.status, 201);
  const before = count('SELECT count(*) AS n FROM contacts');
  const variants: [string, object][] = [
    ['another errand', { ...body, service: 'parkering', option: undefined }],
    ['another language', { ...body, language: 'en' }],
    ['a priority', { ...body, priority: 'accessibility' }],
    ['another follow-up answer', { ...body, option: 'pagaende' }],
  ];
  for (const [what, other] of variants) {
    const res = await issue(key, other);
    assert.ok(res.status === 409 || res.status === 422, `${what}: ${res.status} ${JSON.stringify(res.body)}`);
    assert.match(res.type, /^application\/problem\+json/, what);
    assert.equal(res.body.status, res.status, what);
    assert.match(res.body.detail ?? '', /idempotency/i, `${what}: the detail says why`);
    assert.notEqual(res.body.id, made.body.id, `${what}: not the first ticket passed off as this one`);
  }
  assert.equal(count('SELECT count(*) AS n FROM contacts'), before, 'nothing was created');
  // The original request still gets its ticket.
  const again = await issue(key, body);
  assert.deepEqual([again.status, again.body.id], [201, made.body.id]);
});

test('reception: the same key with another body is refused; the same body gets the same desk ticket', async () => {
  const cookie = await signIn(lobby.http, 'reception');
  const key = `desk-${randomUUID()}`;
  const body = { service: 'social', language: 'sv' };
  const made = await issue(key, body, { cookie }, '/api/v1/reception/tickets');
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const same = await issue(key, body, { cookie }, '/api/v1/reception/tickets');
  assert.deepEqual([same.status, same.body.id], [201, made.body.id]);
  for (const other of [{ ...body, service: 'aldre' }, { ...body, printer: 'printer-1' }]) {
    const res = await issue(key, other, { cookie }, '/api/v1/reception/tickets');
    assert.ok(res.status === 409 || res.status === 422, `${JSON.stringify(other)}: ${res.status} ${JSON.stringify(res.body)}`);
    assert.match(res.type, /^application\/problem\+json/);
  }
});
