import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Board, CallEvent, PrintJob, checker, topics } from '@entre/protocol';
import { manualClock, tempDemoStore } from '../test-support/fixtures.js';
import { openDatabase } from './db.js';
import { createLobbyStore, HANDLE_TIMES_SQL } from './lobby-store.js';
import { RECENT_PICKS_SQL } from './agent-store.js';
import { PRINTER_RECENT_SQL } from './printer-store.js';
import { ZONE_CALLS_SQL } from './announcer.js';
import { EntreError } from '../core/errors.js';

const issue = (store: ReturnType<typeof tempDemoStore>['store'], service = 'bygglov', language = 'sv') =>
  store.issueTicket({ kiosk: 'kiosk-1', service, language });

test('numbers run per prefix and restart at local midnight, never repeating within a day', (t) => {
  const clock = manualClock('2026-11-25T22:58:00Z'); // 23:58 in Stockholm
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  assert.equal(issue(s.store).number, 'B001');
  assert.equal(issue(s.store).number, 'B002');
  assert.equal(issue(s.store, 'parkering').number, 'P001');
  clock.set('2026-11-25T22:59:59.999Z');
  const last = issue(s.store);
  assert.equal(last.number, 'B003');
  assert.equal(last.serviceDay, '2026-11-25');
  clock.set('2026-11-25T23:00:00Z'); // local midnight
  const first = issue(s.store);
  assert.equal(first.number, 'B001');
  assert.equal(first.serviceDay, '2026-11-26');
  const rows = s.db.prepare('SELECT service_day, number FROM contacts').all() as { service_day: string; number: string }[];
  const keys = rows.map((r) => `${r.service_day}/${r.number}`);
  assert.equal(new Set(keys).size, keys.length);
});

test('numbering survives both 2026 DST changes in Europe/Stockholm', (t) => {
  const clock = manualClock('2026-03-29T00:30:00Z'); // 01:30 local, before the jump
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  const both = () => { const tk = issue(s.store); return `${tk.serviceDay} ${tk.number}`; };
  assert.equal(both(), '2026-03-29 B001');
  clock.set('2026-03-29T01:30:00Z'); // 03:30 local, after the jump: same day
  assert.equal(both(), '2026-03-29 B002');
  clock.set('2026-03-29T21:59:59Z'); // 23:59:59 local on the 23-hour day
  assert.equal(both(), '2026-03-29 B003');
  clock.set('2026-03-29T22:00:00Z'); // local midnight
  assert.equal(both(), '2026-03-30 B001');
  clock.set('2026-10-25T00:30:00Z'); // 02:30 CEST, first pass
  assert.equal(both(), '2026-10-25 B001');
  clock.set('2026-10-25T01:30:00Z'); // 02:30 CET, the repeated hour
  assert.equal(both(), '2026-10-25 B002');
  clock.set('2026-10-25T22:59:00Z'); // 23:59 CET on the 25-hour day
  assert.equal(both(), '2026-10-25 B003');
  clock.set('2026-10-25T23:00:00Z');
  assert.equal(both(), '2026-10-26 B001');
});

test('a ticket writes the visit, its print job and the announcements in one transaction', (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  const ticket = issue(s.store, 'aldre', 'en');
  assert.equal(ticket.number, 'E001');
  assert.equal(ticket.print.state, 'queued');
  const rows = s.store.outbox.pending();
  const job = rows.find((r) => r.topic === topics.printerJobs('demo', 'printer-1'));
  assert.ok(job, 'print job in the outbox');
  const parsed = checker(PrintJob)(JSON.parse(job.payload));
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.issues));
  assert.equal(parsed.value.ticket.serviceName, 'Elderly care');
  assert.equal(parsed.value.ticket.labels.waitingAhead, 'Ahead of you: 0');
  assert.equal(parsed.value.jobId, ticket.print.jobId);
  assert.equal(job.retain, 0);
  const boards = rows.filter((r) => r.topic.endsWith('/board'));
  assert.deepEqual(boards.map((b) => b.topic).sort(), [topics.zoneBoard('demo', 'floor-2'), topics.zoneBoard('demo', 'lobby')]);
  assert.ok(boards.every((b) => b.retain === 1 && checker(Board)(JSON.parse(b.payload)).ok));
});

test('a refused ticket writes nothing at all', (t) => {
  const s = tempDemoStore(manualClock('2026-11-25T09:00:00Z').now);
  t.after(s.remove);
  const count = () => s.db.prepare(`SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM outbox)
    + (SELECT count(*) FROM ticket_counters) + (SELECT count(*) FROM print_jobs) AS n`).get() as { n: number };
  for (const [req, code] of [
    [{ kiosk: 'kiosk-1', service: 'nope', language: 'sv' }, 'ENTRE_UNKNOWN_SERVICE'],
    [{ kiosk: 'kiosk-9', service: 'bygglov', language: 'sv' }, 'ENTRE_UNKNOWN_KIOSK'],
    [{ kiosk: 'kiosk-1', service: 'bygglov', language: 'zh' }, 'ENTRE_UNKNOWN_LANGUAGE'],
    [{ kiosk: 'kiosk-1', service: 'bygglov', language: 'sv', option: 'nope' }, 'ENTRE_UNKNOWN_OPTION'],
  ] as const) {
    assert.throws(() => s.store.issueTicket(req), (e: unknown) => e instanceof EntreError && e.code === code);
  }
  assert.equal(count().n, 0);
});

test('a failure inside the transaction rolls the number back with the visit', (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  let fail = false;
  let n = 0;
  const store = createLobbyStore(s.db, { clock: clock.now, newId: () => { if (fail) throw new Error('disk full'); return `x-${++n}`; } });
  assert.equal(store.issueTicket({ kiosk: 'kiosk-1', service: 'bygglov', language: 'sv' }).number, 'B001');
  fail = true;
  assert.throws(() => store.issueTicket({ kiosk: 'kiosk-1', service: 'bygglov', language: 'sv' }), /disk full/);
  fail = false;
  assert.equal(store.issueTicket({ kiosk: 'kiosk-1', service: 'bygglov', language: 'sv' }).number, 'B002');
  assert.equal((s.db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n, 2);
});

test('call next takes the longest waiting visitor the counter serves and announces it to its zones', (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  const social = issue(s.store, 'social'); // disk-3 does not serve social
  clock.advance(1000);
  const bygg = issue(s.store, 'bygglov');
  clock.advance(1000);
  issue(s.store, 'parkering');
  s.store.outbox.removeMany(s.store.outbox.pending().map((r) => r.id));

  const res = s.agents.callNextAtPoint('disk-3', { actor: 'test' });
  assert.equal(res.contact?.number, bygg.number);
  assert.equal(res.waiting, 1);
  assert.equal(s.store.getTicket(bygg.id).state, 'called');
  assert.equal(s.store.getTicket(social.id).state, 'waiting');
  const rows = s.store.outbox.pending();
  const call = rows.find((r) => r.topic === topics.calls('demo'));
  const ev = checker(CallEvent)(JSON.parse(call!.payload));
  assert.ok(ev.ok);
  assert.deepEqual(ev.value.zones, ['floor-2', 'lobby']);
  assert.equal(ev.value.servicePointName.sv, 'Disk 3');
  const lobby = JSON.parse(rows.find((r) => r.topic === topics.zoneBoard('demo', 'lobby'))!.payload) as Board;
  assert.equal(lobby.calls[0]?.ticket, 'B001');

  // The next call finishes the current visitor and moves on; an empty queue answers null.
  clock.advance(1000);
  assert.equal(s.agents.callNextAtPoint('disk-3', { actor: 'test' }).contact?.number, 'P001');
  assert.equal(s.store.getTicket(bygg.id).state, 'done');
  const empty = s.agents.callNextAtPoint('disk-3', { actor: 'test' });
  assert.deepEqual([empty.contact, empty.waiting], [null, 0]);
});

test('two stores on one file never hand out the same number', (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  let n = 0;
  const other = createLobbyStore(openDatabase(s.path), { clock: clock.now, newId: () => `o-${++n}` });
  const numbers = new Set<string>();
  for (let i = 0; i < 50; i++) {
    numbers.add(issue(s.store).number);
    numbers.add(other.issueTicket({ kiosk: 'kiosk-1', service: 'bygglov', language: 'sv' }).number);
  }
  assert.equal(numbers.size, 100);
});

test('print results settle a job once; a duplicate or foreign result changes nothing', (t) => {
  const s = tempDemoStore(manualClock('2026-11-25T09:00:00Z').now);
  t.after(s.remove);
  const ticket = issue(s.store);
  const base = { v: 1 as const, at: '2026-11-25T09:00:01Z', jobId: ticket.print.jobId!, printer: 'printer-1' };
  assert.equal(s.store.applyPrintResult('demo', { ...base, printer: 'printer-2', result: 'printed' }), false);
  assert.equal(s.store.applyPrintResult('demo', { ...base, result: 'failed', reason: 'paper_out' }), true);
  assert.equal(s.store.applyPrintResult('demo', { ...base, result: 'printed' }), false);
  assert.deepEqual(s.store.getTicket(ticket.id).print, { jobId: base.jobId, printer: 'printer-1', state: 'failed', reason: 'paper_out' });
});

test('a print job no bridge answers is failed with reason timeout; one answered in time is not', (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  const lost = issue(s.store);
  clock.advance(20_000);
  const answered = issue(s.store);
  s.store.applyPrintResult('demo', { v: 1, at: clock.now().toISOString(), jobId: answered.print.jobId!, printer: 'printer-1', result: 'printed' });
  assert.equal(s.store.expireQueuedJobs(30), 0, 'nothing is 30 s old yet');
  clock.advance(15_000);
  assert.equal(s.store.expireQueuedJobs(30), 1);
  assert.deepEqual(s.store.getTicket(lost.id).print.state, 'failed');
  assert.equal(s.store.getTicket(lost.id).print.reason, 'timeout');
  assert.equal(s.store.getTicket(answered.id).print.state, 'printed');
  const late = { v: 1 as const, at: clock.now().toISOString(), jobId: lost.print.jobId!, printer: 'printer-1', result: 'printed' as const };
  assert.equal(s.store.applyPrintResult('demo', late), true, 'a late printed corrects our timeout');
  assert.equal(s.store.getTicket(lost.id).print.state, 'printed');
  assert.equal(s.store.applyPrintResult('demo', { ...late, result: 'failed', reason: 'paper_out' }), false, 'but nothing flips a printed job');
  // The sweep runs every 5 s for ever: it reads the queued jobs only (migration 19), not every job ever made.
  const plan = s.db.prepare(`EXPLAIN QUERY PLAN UPDATE print_jobs SET state = 'failed', reason = 'timeout', updated_at = ? WHERE state = 'queued' AND created_at < ?`)
    .all('x', 'x') as { detail: string }[];
  assert.match(plan.map((r) => r.detail).join(' | '), /USING INDEX print_jobs_queued/);
});

test('the reads of the last few rows of a year of history take them from an index, not from every row ever', (t) => {
  const s = tempDemoStore(manualClock('2026-11-25T09:00:00Z').now);
  t.after(s.remove);
  const plan = (sql: string, ...args: unknown[]) => (s.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
  // A ticket's wait estimate: its errand's last 50 finished visits, not all of them sorted.
  const estimate = plan(HANDLE_TIMES_SQL, 'demo', 'allmant', 50);
  assert.match(estimate, /USING INDEX contacts_done/);
  assert.doesNotMatch(estimate, /TEMP B-TREE/);
  // Call next: the agent's last 12 calls, not a walk back through every event.
  assert.match(plan(RECENT_PICKS_SQL, 'anna', 12), /USING INDEX contact_events_agent_calls \(agent_id=\?\)/);
  // The facility's list of a printer's last jobs.
  assert.match(plan(PRINTER_RECENT_SQL, 'printer-1', 20), /SEARCH j USING INDEX print_jobs_printer/);
});

test('a board\'s recent calls are each counter\'s last few from its index, not every call of the day sorted', (t) => {
  const s = tempDemoStore(manualClock('2026-11-25T09:00:00Z').now);
  t.after(s.remove);
  const rows = s.db.prepare(`EXPLAIN QUERY PLAN ${ZONE_CALLS_SQL}`)
    .all({ zone: 'lobby', site: 'demo', day: '2026-11-25', since: '2026-11-24T23:00:00.000Z', limit: 7 }) as { id: number; parent: number; detail: string }[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const walk = rows.find((r) => /SEARCH c USING INDEX contacts_point \(service_point_id=\? AND called_at>\?\)/.test(r.detail));
  assert.ok(walk, rows.map((r) => r.detail).join(' | '));
  // Per counter: the walk runs inside a subquery correlated with the zone's counters, so its LIMIT stops each walk.
  assert.match(byId.get(walk.parent)?.detail ?? '', /CORRELATED LIST SUBQUERY/);
  // And in the index's order: only ties in called_at may be sorted, never the counter's whole day.
  const inside = rows.filter((r) => r.parent === walk.parent).map((r) => r.detail);
  assert.ok(inside.every((d) => !/TEMP B-TREE FOR ORDER BY/.test(d)), inside.join(' | '));
});

test('a board shows the newest calls of all its counters and none of another zone\'s or another day\'s', (t) => {
  const clock = manualClock('2026-11-24T15:00:00Z');
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  const called: { number: string; point: string }[] = [];
  const call = (point: string, service: string) => {
    issue(s.store, service);
    clock.advance(1000);
    const c = s.agents.callNextAtPoint(point, { actor: 'test' }).contact!;
    called.push({ number: c.number!, point });
    clock.advance(1000);
  };
  call('disk-4', 'social'); // yesterday: on no board today
  clock.set('2026-11-25T09:00:00Z');
  call('disk-4', 'social'); // floor-2's oldest, outlived on the lobby board by disk-1's many
  for (let i = 0; i < 12; i++) call(i % 4 === 3 ? 'disk-3' : 'disk-1', i % 4 === 3 ? 'bygglov' : 'skola');
  const today = called.slice(1);
  const board = (zone: string) => s.store.derived('demo').find((d) => d.topic === topics.zoneBoard('demo', zone))!.payload as Board;
  const newest = (points: string[]) => today.filter((c) => points.includes(c.point)).reverse().slice(0, 7).map((c) => c.number);
  assert.deepEqual(board('lobby').calls.map((c) => c.ticket), newest(['disk-1', 'disk-2', 'disk-3', 'disk-4']));
  assert.deepEqual(board('floor-2').calls.map((c) => c.ticket), newest(['disk-3', 'disk-4']));
  assert.equal(board('floor-2').calls.length, 4, 'three calls at disk-3 and today\'s one at disk-4');
});

test('tickets that failed for paper print when the paper is back, if their visitors are still waiting and it was moments ago', (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  const status = (paper: 'ok' | 'out') => s.store.applyPrinterStatus('demo', {
    v: 1, at: clock.now().toISOString(), printer: 'printer-1', online: true, paper, coverOpen: false, errors: [],
  });
  const failed = (tk: { print: { jobId?: string } }) => s.store.applyPrintResult('demo', {
    v: 1, at: clock.now().toISOString(), jobId: tk.print.jobId!, printer: 'printer-1', result: 'failed', reason: 'paper_out',
  });
  const old = issue(s.store);
  failed(old);
  clock.advance(90_000);
  const recent = issue(s.store);
  failed(recent);
  const called = issue(s.store);
  failed(called);
  s.contacts.call(called.id, { servicePoint: 'disk-3' }, { actor: 'test' }); // at the counter already: no paper needed
  clock.advance(10_000);
  const jobsOut = () => s.store.outbox.pending().filter((r) => r.topic.endsWith('/jobs')).map((r) => JSON.parse(r.payload) as { jobId: string });
  s.store.outbox.removeMany(s.store.outbox.pending().map((r) => r.id));

  status('out');
  assert.deepEqual(jobsOut(), [], 'nothing while the paper is still out');
  status('ok');
  assert.deepEqual(jobsOut().map((j) => j.jobId), [recent.print.jobId],
    'only the recent one still waiting: not the one from 100 s ago, not the one already called');
  assert.equal(s.store.getTicket(recent.id).print.state, 'queued');
  assert.equal(s.store.getTicket(old.id).print.state, 'failed');
});
