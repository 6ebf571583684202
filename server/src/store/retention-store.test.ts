import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { checker, DEFAULT_RETENTION_SETTINGS, REDACTED, RetentionRun, type RetentionCounts } from '@entre/protocol';
import { manualClock, sequentialIds, tempDemoStore } from '../test-support/fixtures.js';
import { captureLogs } from '../test-support/app.js';
import { createStaffStore } from '../auth/staff-store.js';
import { EntreError } from '../core/errors.js';
import { createCaseStore } from './case-store.js';
import { createSmsStore } from './sms-store.js';
import { createRetentionSchedule, createRetentionStore, RETENTION_INTERVAL_MS } from './retention-store.js';

const who = { actor: 'staff:test' };
const checkRun = checker(RetentionRun);
const zero: RetentionCounts = { smsNumbers: 0, contacts: 0, cases: 0, auditIps: 0 };

/** Monday 2 March 2026, 10:00 in Stockholm (CET, UTC+1); summer time starts on Sunday 29 March. */
const T0 = '2026-03-02T09:00:00.000Z';

function setup(t: TestContext) {
  const clock = manualClock(T0);
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  const staff = createStaffStore(s.db, { clock: clock.now });
  const cases = createCaseStore(s.db, { clock: clock.now, newId: sequentialIds('case'), randomBytes: (n) => randomBytes(n) });
  const sms = createSmsStore(s.db, { clock: clock.now });
  const retention = createRetentionStore(s.db, { clock: clock.now, staff });
  const run = (at: string) => {
    clock.set(at);
    const res = retention.purge();
    assert.ok(checkRun(res).ok, 'the answer matches its schema');
    assert.equal(res.at, at);
    return res.counts;
  };
  const row = <T>(sql: string, ...args: unknown[]) => s.db.prepare(sql).get(...args) as T;
  const rows = <T>(sql: string, ...args: unknown[]) => s.db.prepare(sql).all(...args) as T[];
  return { ...s, clock, staff, cases, sms, retention, run, row, rows };
}

test('each kind goes at its own local midnight (across the change to summer time), and a second run purges nothing', (t) => {
  const s = setup(t);
  const data = (id: string) => s.rows<{ type: string; data_json: string | null }>('SELECT type, data_json FROM contact_events WHERE contact_id = ? ORDER BY id', id)
    .map((e) => ({ type: e.type, ...(e.data_json ? JSON.parse(e.data_json) as object : {}) }));

  // A visit with an SMS number, a mark and a transfer note, served to the end.
  const a = s.store.issueTicket({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' });
  s.sms.register(a.id, '+46701234567');
  s.contacts.call(a.id, { servicePoint: 'disk-1' }, who);
  s.contacts.start(a.id, who);
  s.contacts.addMark(a.id, 'Tolk: Ali Hassan', who);
  s.contacts.transfer(a.id, { service: 'bygglov', note: 'Kalle Anka, ringer om bygglovet' }, who);
  s.contacts.call(a.id, { servicePoint: 'disk-3' }, who);
  s.contacts.start(a.id, who);
  s.contacts.finish(a.id, { outcome: 'resolved', rosaLevel: 2 }, who);
  assert.equal(s.row<{ notify_phone: string | null }>('SELECT notify_phone FROM contacts WHERE id = ?', a.id).notify_phone, null, 'the end of the visit took the number');
  // A visit still waiting with a number (nobody closed the day here): the sweep's case.
  const w = s.store.issueTicket({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' });
  s.sms.register(w.id, '+46709876543');
  // A call the caller ended, with a reason; a call on an open case; a call on a case that closes.
  const p = s.contacts.create('demo', { channel: 'phone', service: 'allmant', language: 'sv', externalRef: 'pbx-46705550000' }, who).row;
  s.contacts.cancel(p.id, who, 'Lisa Svensson lade på');
  const q = s.contacts.create('demo', { channel: 'phone', service: 'allmant', language: 'sv', externalRef: 'pbx-q' }, who).row;
  s.contacts.cancel(q.id, who, 'Q ringer tillbaka');
  const open = s.cases.createCase({ site: 'demo', service: 'bygglov', summary: 'Olle i Skogen', actor: who.actor, contactId: q.id });
  const r = s.contacts.create('demo', { channel: 'phone', service: 'bygglov', language: 'sv', externalRef: 'pbx-r' }, who).row;
  s.contacts.cancel(r.id, who, 'R ringer tillbaka');
  const closed = s.cases.createCase({ site: 'demo', service: 'bygglov', summary: 'Anna Andersson 19800101-2389', actor: who.actor, contactId: r.id });
  s.cases.transition(closed.id, 'withdraw', { actor: who.actor, reason: 'Annas dubblett' });
  s.staff.audit({ staffId: null, ip: '192.0.2.7', action: 'test.signed_in' });

  assert.deepEqual(s.run('2026-03-02T10:00:00.000Z'), zero, 'nothing is due on the day itself');
  assert.equal(s.row<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'retention.purged'").n, 0, 'a run that found nothing leaves no audit row');

  // The SMS sweep: a number older than a day goes, whatever its visit does.
  assert.deepEqual(s.run('2026-03-03T09:00:00.000Z'), zero, 'exactly a day is not older than a day');
  assert.deepEqual(s.run('2026-03-03T09:00:00.001Z'), { ...zero, smsNumbers: 1 });
  assert.equal(s.row<{ notify_phone: string | null }>('SELECT notify_phone FROM contacts WHERE id = ?', w.id).notify_phone, null);
  assert.equal(s.contacts.load(w.id).state, 'waiting', 'the visit itself is untouched');

  // Contacts: ended on local 2 March, 30 days → due at the midnight that begins 2 April,
  // which is summer time: 2026-04-01T22:00Z, not 23:00Z as it would be in winter.
  assert.deepEqual(s.run('2026-04-01T21:59:59.999Z'), zero);
  assert.deepEqual(s.run('2026-04-01T22:00:00.000Z'), { ...zero, contacts: 2 }, 'the visit and the first call; not the calls on cases');
  assert.deepEqual(data(a.id).filter((e) => e.type === 'transfer'), [{
    type: 'transfer', from: 'allmant', to: 'bygglov', note: REDACTED, keepPlace: true,
  }], 'the note is gone; where it went from and to stays (the statistics read it)');
  assert.deepEqual(data(a.id).filter((e) => e.type === 'mark'), [{ type: 'mark', label: REDACTED }]);
  assert.deepEqual(s.rows('SELECT label FROM contact_marks WHERE contact_id = ?', a.id), [{ label: REDACTED }]);
  assert.deepEqual(data(a.id).filter((e) => e.type === 'finish'), [{ type: 'finish', outcome: 'resolved', rosaLevel: 2 }]);
  assert.deepEqual(data(p.id).filter((e) => e.type === 'cancel'), [{ type: 'cancel', reason: REDACTED }]);
  assert.equal(s.contacts.load(p.id).external_ref, null, "the phone system's reference is gone");
  assert.deepEqual(data(q.id).filter((e) => e.type === 'cancel'), [{ type: 'cancel', reason: 'Q ringer tillbaka' }], 'an open case keeps its contacts\' notes');
  assert.deepEqual(data(r.id).filter((e) => e.type === 'cancel'), [{ type: 'cancel', reason: 'R ringer tillbaka' }], 'so does a closed case until it is pseudonymised');
  const a1 = s.contacts.load(a.id);
  assert.deepEqual([a1.state, a1.outcome, a1.rosa_level, a1.number, a1.service_id], ['done', 'resolved', 2, a.number, 'bygglov']);

  // Audit addresses: 90 days from local 2 March → the midnight that begins 1 June.
  assert.deepEqual(s.run('2026-05-31T21:59:59.999Z'), zero);
  assert.deepEqual(s.run('2026-05-31T22:00:00.000Z'), { ...zero, auditIps: 1 });
  assert.deepEqual(s.rows("SELECT action, ip FROM audit_log WHERE action = 'test.signed_in'"), [{ action: 'test.signed_in', ip: null }]);

  // Closed cases: 365 days from local 2 March 2026 → the midnight that begins 3 March 2027 (winter).
  assert.deepEqual(s.run('2027-03-02T22:59:59.999Z'), zero);
  const codeBefore = s.cases.get(closed.id).trackingCode;
  assert.deepEqual(s.run('2027-03-02T23:00:00.000Z'), { ...zero, cases: 1, contacts: 1 }, 'the case, and its call with it');
  const after = s.cases.get(closed.id);
  assert.equal(after.summary, REDACTED);
  assert.equal(after.trackingCode, codeBefore, 'the code is the pseudonym: it stays');
  assert.deepEqual([after.state, after.service, after.createdAt, after.closedAt], ['closed', 'bygglov', closed.createdAt, T0]);
  assert.deepEqual(after.events.map((e) => [e.type, e.reason ?? null, e.to ?? null]), [
    ['created', null, 'registered'], ['contact_attached', null, null], ['withdraw', REDACTED, 'closed'],
  ]);
  assert.equal(s.cases.findByTrackingCode(codeBefore)?.state, 'closed', 'the public page still answers the code');
  assert.deepEqual(data(r.id).filter((e) => e.type === 'cancel'), [{ type: 'cancel', reason: REDACTED }]);
  assert.equal(s.cases.get(open.id).summary, 'Olle i Skogen', 'an open case is never pseudonymised');
  assert.equal(data(q.id).find((e) => e.type === 'cancel')?.['reason' as never], 'Q ringer tillbaka');

  // Idempotent: everything due is done; a second run finds nothing and writes no audit row.
  const audits = s.row<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'retention.purged'").n;
  assert.equal(audits, 4, 'one audit row per run that removed something');
  assert.deepEqual(s.run('2027-03-02T23:00:00.000Z'), zero);
  assert.deepEqual(s.run('2028-01-01T00:00:00.000Z'), zero);
  assert.equal(s.row<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'retention.purged'").n, audits);
  const last = s.row<{ staff_id: string | null; ip: string | null; details_json: string }>(
    "SELECT staff_id, ip, details_json FROM audit_log WHERE action = 'retention.purged' ORDER BY id DESC LIMIT 1");
  assert.deepEqual({ ...last, details_json: JSON.parse(last.details_json) }, { staff_id: null, ip: null, details_json: { counts: { ...zero, cases: 1, contacts: 1 } } });
});

test("a site's own settings move its boundaries; bad settings are refused naming the field, and changes are audited", (t) => {
  const s = setup(t);
  assert.deepEqual(s.retention.settings('demo'), DEFAULT_RETENTION_SETTINGS);
  const p = s.contacts.create('demo', { channel: 'phone', service: 'allmant', language: 'sv', externalRef: 'pbx-1' }, who).row;
  s.contacts.cancel(p.id, who, 'Namn Namnsson');

  /** The issue names the field: by its path, or (a missing one) in the message about the object. */
  const bad = (settings: object, path: string) => assert.throws(() => s.retention.putSettings('demo', settings as never, { staffId: null, ip: null }),
    (err: unknown) => err instanceof EntreError && err.code === 'ENTRE_VALIDATION'
      && (err.details ?? []).some((i) => i.path === path || (i.path === '/' && i.message.includes(path.slice(1)))));
  bad({ ...DEFAULT_RETENTION_SETTINGS, closedCaseDays: 29 }, '/closedCaseDays');
  bad({ ...DEFAULT_RETENTION_SETTINGS, contactNotesDays: 0 }, '/contactNotesDays');
  bad({ ...DEFAULT_RETENTION_SETTINGS, auditIpDays: 1.5 }, '/auditIpDays');
  bad({ contactNotesDays: 1, closedCaseDays: 365 }, '/auditIpDays');
  assert.throws(() => s.retention.putSettings('nowhere', DEFAULT_RETENTION_SETTINGS, { staffId: null, ip: null }), /no site "nowhere"/);
  assert.deepEqual(s.retention.settings('demo'), DEFAULT_RETENTION_SETTINGS, 'nothing was stored');

  const one = { ...DEFAULT_RETENTION_SETTINGS, contactNotesDays: 1 };
  assert.deepEqual(s.retention.putSettings('demo', one, { staffId: null, ip: '192.0.2.1' }), one);
  assert.deepEqual(s.retention.settings('demo'), one);
  const audit = s.row<{ details_json: string }>("SELECT details_json FROM audit_log WHERE action = 'retention.settings.update'");
  assert.deepEqual(JSON.parse(audit.details_json), { before: DEFAULT_RETENTION_SETTINGS, after: one });

  // Ended on local 2 March, 1 day → due at the midnight that begins 4 March (CET).
  assert.deepEqual(s.run('2026-03-03T22:59:59.999Z'), zero);
  assert.deepEqual(s.run('2026-03-03T23:00:00.000Z'), { ...zero, contacts: 1 });
  assert.equal(s.contacts.load(p.id).external_ref, null);
});

test('the audit log stays append-only: an address may be cleared, nothing else changed or removed', (t) => {
  const s = setup(t);
  const id = s.staff.audit({ staffId: null, ip: '192.0.2.9', action: 'test.row', details: { a: 1 } });
  const exec = (sql: string) => () => s.db.prepare(sql).run(id);
  assert.throws(exec("UPDATE audit_log SET ip = '198.51.100.1' WHERE id = ?"), /an ip may only be cleared/);
  assert.throws(exec("UPDATE audit_log SET action = 'other' WHERE id = ?"), /append-only/);
  assert.throws(exec("UPDATE audit_log SET details_json = '{}' WHERE id = ?"), /append-only/);
  assert.throws(exec('DELETE FROM audit_log WHERE id = ?'), /append-only/);
  exec('UPDATE audit_log SET ip = NULL WHERE id = ?')();
  assert.throws(exec("UPDATE audit_log SET ip = '192.0.2.9' WHERE id = ?"), /an ip may only be cleared/, 'and never put back');
  assert.deepEqual(s.row('SELECT action, ip, details_json FROM audit_log WHERE id = ?', id), { action: 'test.row', ip: null, details_json: '{"a":1}' });
});

test('the schedule purges at start and every hour until stopped; a failed run is logged, not thrown', (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  t.after(() => t.mock.timers.reset());
  const s = setup(t);
  let runs = 0;
  const { logger, lines } = captureLogs();
  const counted = { purge: () => { runs++; return s.retention.purge(); } };
  const schedule = createRetentionSchedule(counted, { logger });
  schedule.start();
  assert.equal(runs, 1, 'at start');
  t.mock.timers.tick(RETENTION_INTERVAL_MS - 1);
  assert.equal(runs, 1);
  t.mock.timers.tick(1);
  assert.equal(runs, 2, 'an hour later');
  s.db.close();
  t.mock.timers.tick(RETENTION_INTERVAL_MS);
  assert.equal(runs, 3);
  assert.deepEqual(lines.map((l) => [l['level'], l['msg']]), [[40, 'retention purge failed; tried again within the hour']], 'the failure was logged');
  schedule.stop();
  t.mock.timers.tick(10 * RETENTION_INTERVAL_MS);
  assert.equal(runs, 3, 'stopped');
});

test('a reader on another connection does not hold the purge up: the WAL is emptied at the next run instead', (t) => {
  const s = setup(t);
  const { logger, lines } = captureLogs();
  const retention = createRetentionStore(s.db, { clock: s.clock.now, staff: s.staff, logger });
  const p = s.contacts.create('demo', { channel: 'phone', service: 'allmant', language: 'sv', externalRef: 'pbx-1' }, who).row;
  s.contacts.cancel(p.id, who, 'Namn Namnsson');
  const walSize = () => (existsSync(`${s.path}-wal`) ? statSync(`${s.path}-wal`).size : 0);

  // A backup or a second server reading on its own connection, in the middle of a read.
  const reader = new Database(s.path);
  t.after(() => { if (reader.open) reader.close(); });
  reader.prepare('BEGIN').run();
  reader.prepare('SELECT count(*) FROM contacts').get();

  s.clock.set('2026-06-01T00:00:00.000Z');
  const started = performance.now();
  assert.equal(retention.purge().counts.contacts, 1);
  assert.ok(performance.now() - started < 2000, 'it did not wait for the busy timeout (5 s)');
  assert.ok(walSize() > 0, 'the WAL could not be emptied under the reader');
  assert.ok(lines.some((l) => l['level'] === 40 && String(l['msg']).includes('WAL could not be emptied')));

  reader.prepare('COMMIT').run();
  assert.deepEqual(retention.purge().counts, zero, 'nothing more to purge …');
  assert.equal(walSize(), 0, '… but the WAL is emptied now');
});
