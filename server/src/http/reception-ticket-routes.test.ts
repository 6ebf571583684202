import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checker, ReceptionPrinterList, Ticket, topics } from '@entre/protocol';
import { signIn, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';

/** A weekday morning: every demo errand is open. */
const MORNING = '2026-11-25T09:00:00Z';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const clock = manualClock(MORNING);
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const reception = await signIn(app, 'reception');
  const issue = (payload: object, opts: { key?: string; cookie?: string } = {}) => app.http.inject({
    method: 'POST', url: '/api/v1/reception/tickets', payload,
    headers: { cookie: opts.cookie ?? reception, ...(opts.key ? { 'idempotency-key': opts.key } : {}) },
  });
  const row = <T>(sql: string, ...args: unknown[]) => app.db.prepare(sql).get(...args) as T;
  const jobsFor = (contact: string) => app.db.prepare('SELECT printer_id FROM print_jobs WHERE contact_id = ?').all(contact) as { printer_id: string }[];
  const jobMessages = (printer: string) => (app.db.prepare('SELECT payload FROM outbox WHERE topic = ? ORDER BY id').all(topics.printerJobs('demo', printer)) as { payload: string }[])
    .map((r) => JSON.parse(r.payload) as { jobId: string; ticket: { number: string } });
  return { app, clock, reception, issue, row, jobsFor, jobMessages, receptionId: app.staff.findByUsername('reception')!.id };
}

test('reception issues a ticket as itself: the event names the staff member, the audit row commits with it, no paper unless asked', async (t) => {
  const h = await setup(t);
  const res = await h.issue({ service: 'allmant', language: 'ar', priority: 'interpreter' }, { key: 'desk-key-0001' });
  assert.equal(res.statusCode, 201, res.body);
  const ticket = res.json() as Ticket;
  assert.ok(checker(Ticket)(ticket).ok);
  assert.equal(res.headers.location, `/api/v1/tickets/${ticket.id}`);
  assert.deepEqual([ticket.service, ticket.language, ticket.priority, ticket.print], ['allmant', 'ar', 'interpreter', { state: 'none' }]);

  // Attributed to the staff member, at no kiosk, printed nowhere.
  const contact = h.row<{ kiosk_id: string | null; priority: string }>('SELECT kiosk_id, priority FROM contacts WHERE id = ?', ticket.id);
  assert.deepEqual(contact, { kiosk_id: null, priority: 'priority' });
  const event = h.row<{ type: string; actor: string }>('SELECT type, actor FROM contact_events WHERE contact_id = ? ORDER BY id LIMIT 1', ticket.id);
  assert.deepEqual(event, { type: 'issued', actor: 'staff:reception' });
  assert.deepEqual(h.jobsFor(ticket.id), [], 'no print job');
  assert.deepEqual(h.jobMessages('printer-1'), [], 'nothing sent to the kiosk printer');

  const audit = h.app.staff.listAudit(10, { action: 'ticket.issue' });
  assert.equal(audit.length, 1);
  assert.deepEqual([audit[0]!.staff, audit[0]!.target], [h.receptionId, ticket.id]);
  assert.deepEqual(audit[0]!.details, { site: 'demo', number: ticket.number, service: 'allmant', language: 'ar', priority: 'interpreter', printer: null });

  // A retry (a lost answer) with the same key: the same ticket, no second number, no second audit row.
  const again = await h.issue({ service: 'allmant', language: 'ar', priority: 'interpreter' }, { key: 'desk-key-0001' });
  assert.equal(again.statusCode, 201, again.body);
  assert.equal((again.json() as Ticket).id, ticket.id);
  assert.equal(h.row<{ n: number }>('SELECT count(*) AS n FROM contacts').n, 1);
  assert.equal(h.app.staff.listAudit(10, { action: 'ticket.issue' }).length, 1);

  // The key is reception's own: a kiosk using the same key gets its own ticket.
  const kiosk = await h.app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' }, headers: { 'idempotency-key': 'desk-key-0001' } });
  assert.equal(kiosk.statusCode, 201, kiosk.body);
  assert.notEqual((kiosk.json() as Ticket).id, ticket.id);
  assert.equal(h.row<{ actor: string }>(`SELECT actor FROM contact_events WHERE contact_id = ? AND type = 'issued'`, (kiosk.json() as Ticket).id).actor, 'kiosk:kiosk-1');
});

test('reception prints at the printer it chooses; the job goes to that printer only', async (t) => {
  const h = await setup(t);
  const printers = await h.app.http.inject({ url: '/api/v1/reception/printers', headers: { cookie: h.reception } });
  assert.equal(printers.statusCode, 200, printers.body);
  const list = printers.json() as ReceptionPrinterList;
  assert.ok(checker(ReceptionPrinterList)(list).ok);
  assert.deepEqual(list.printers.map((p) => [p.id, p.kiosks]), [['printer-1', ['kiosk-1']]]);

  const res = await h.issue({ service: 'bygglov', language: 'sv', printer: 'printer-1' }, { key: 'desk-key-0002' });
  assert.equal(res.statusCode, 201, res.body);
  const ticket = res.json() as Ticket;
  assert.equal(ticket.print.state, 'queued');
  assert.equal(ticket.print.printer, 'printer-1');
  assert.deepEqual(h.jobsFor(ticket.id), [{ printer_id: 'printer-1' }]);
  const jobs = h.jobMessages('printer-1');
  assert.equal(jobs.length, 1);
  assert.deepEqual([jobs[0]!.jobId, jobs[0]!.ticket.number], [ticket.print.jobId, ticket.number]);
  assert.equal(h.app.staff.listAudit(10, { action: 'ticket.issue' })[0]!.details?.['printer'], 'printer-1');
});

test('refusals: no session 401, a counter account 403, unknown errand, printer or language 4xx problem+json, and nothing issued', async (t) => {
  const h = await setup(t);
  const disk = await signIn(h.app, 'disk');
  const problem = (res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, code: string) => {
    assert.equal(res.statusCode, status);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal((res.json() as { code: string }).code, code);
  };
  problem(await h.app.http.inject({ method: 'POST', url: '/api/v1/reception/tickets', payload: { service: 'allmant', language: 'sv' } }), 401, 'ENTRE_UNAUTHENTICATED');
  problem(await h.issue({ service: 'allmant', language: 'sv' }, { cookie: disk }), 403, 'ENTRE_FORBIDDEN');
  problem(await h.app.http.inject({ url: '/api/v1/reception/printers', headers: { cookie: disk } }), 403, 'ENTRE_FORBIDDEN');
  problem(await h.issue({ service: 'nope', language: 'sv' }), 422, 'ENTRE_UNKNOWN_SERVICE');
  problem(await h.issue({ service: 'allmant', language: 'sv', printer: 'printer-9' }), 400, 'ENTRE_VALIDATION');
  problem(await h.issue({ service: 'allmant', language: 'xx' }), 422, 'ENTRE_UNKNOWN_LANGUAGE');
  problem(await h.issue({ service: 'allmant', language: 'sv', kiosk: 'kiosk-1' }), 400, 'ENTRE_VALIDATION');
  problem(await h.issue({ service: 'allmant', language: 'sv' }, { key: 'bad key!' }), 400, 'ENTRE_VALIDATION');
  assert.equal(h.row<{ n: number }>('SELECT count(*) AS n FROM contacts').n, 0);
  assert.equal(h.app.staff.listAudit(10, { action: 'ticket.issue' }).length, 0);
  // Admin has every role.
  assert.equal((await h.issue({ service: 'allmant', language: 'sv' }, { cookie: await signIn(h.app, 'admin') })).statusCode, 201);
});
