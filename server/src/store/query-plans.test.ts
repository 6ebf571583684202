import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { tempApp } from '../test-support/app.js';

/**
 * Tables that grow with every visit, call, print or sign-in, and keep growing for the months
 * a site keeps its history. A read that walks one of them whole is fast on a fresh database
 * and slow a year on, or by the afternoon of a busy day: the soak of issue 9 found four
 * (a ticket's wait estimate, call next's look back, a printer's recent jobs, a board's
 * recent calls), each a few milliseconds more every hour.
 */
const GROWING = new Set([
  'contacts', 'contact_events', 'contact_marks', 'contact_services', 'print_jobs', 'idempotency_keys',
  'audit_log', 'cases', 'case_events', 'appointments', 'sessions',
]);

/**
 * The walks of a whole growing table that are allowed, each for its reason: none of them runs
 * for a visitor, a call or a device. A statement named here that no longer walks fails the
 * test too, so the list cannot outlive its reasons.
 */
const ALLOWED: { sql: RegExp; table: string; why: string }[] = [
  { sql: /^SELECT \* FROM audit_log WHERE \(@staffId IS NULL/, table: 'audit_log', why: 'the admin\'s audit page: newest first by rowid, stopped by its LIMIT unless filtered' },
  { sql: /^DELETE FROM idempotency_keys WHERE created_at </, table: 'idempotency_keys', why: 'the day close, once a night: an index would cost a write per ticket' },
  { sql: /^UPDATE contacts SET notify_phone = NULL/, table: 'contacts', why: 'walks partial index contacts_notify: only the rows that still hold a phone number' },
  { sql: /^SELECT count\(\*\) AS n FROM cases WHERE answer_group = \?/, table: 'cases', why: 'the admin\'s "still in use?" before deleting an answer group' },
  { sql: /^SELECT EXISTS \(SELECT 1 FROM contacts WHERE language = \?\)/, table: 'contacts', why: 'the admin\'s "still in use?" before deleting a language' },
  { sql: /^SELECT (number, state|EXISTS \(SELECT 1) FROM contacts WHERE \(?service_point_id = \?/, table: 'contacts', why: 'the admin\'s "still in use?" before deleting a counter' },
  { sql: /^SELECT EXISTS \(SELECT 1 FROM contacts WHERE service_point_id = \? OR/, table: 'contact_events', why: 'the admin\'s "still in use?" before deleting a counter' },
  { sql: /^SELECT (number, state|EXISTS \(SELECT 1) FROM contacts WHERE \(?agent_id = \?/, table: 'contacts', why: 'the admin\'s "still in use?" before deleting an agent' },
  { sql: /^SELECT EXISTS \(SELECT 1 FROM contacts WHERE agent_id = \? OR/, table: 'contact_events', why: 'the admin\'s "still in use?" before deleting an agent' },
  { sql: /^SELECT EXISTS \(SELECT 1 FROM contacts WHERE agent_id = \? OR/, table: 'contact_services', why: 'the admin\'s "still in use?" before deleting an agent' },
  { sql: /^SELECT EXISTS \(SELECT 1 FROM contacts WHERE agent_id = \? OR/, table: 'contact_marks', why: 'the admin\'s "still in use?" before deleting an agent' },
  { sql: /^DELETE FROM answer_groups WHERE id = \?/, table: 'cases', why: 'the foreign-key check of the admin\'s delete of an answer group, after its "still in use?"' },
  { sql: /^DELETE FROM service_points WHERE id = \?/, table: 'contacts', why: 'the foreign-key check (pinned_service_point_id) of the admin\'s delete of a counter, after its "still in use?"' },
  { sql: /^UPDATE contact_marks SET label = @redacted/, table: 'contact_marks', why: 'the retention purge, hourly: marks are few, one per marked visit' },
  // SQLite lists the child tables of every foreign key to contacts in an INSERT's plan, for
  // deferred constraints; it runs those scans only while a deferred violation is outstanding
  // (OP_FkIfZero), which the server never leaves behind.
  ...['appointments', 'contact_marks', 'contact_services', 'idempotency_keys'].map((table) => ({
    sql: /^INSERT INTO contacts \(/, table, why: 'foreign-key bookkeeping of an insert, skipped at run time (see above)',
  })),
];

/** The tables a statement names, by their alias in it: the plan says "SCAN c", not "SCAN contacts". */
function aliases(sql: string): Map<string, string> {
  const names = new Map<string, string>();
  const clause = /\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi;
  const keyword = /^(WHERE|ON|JOIN|LEFT|INNER|CROSS|INDEXED|NOT|ORDER|GROUP|LIMIT|USING|SET|VALUES|UNION|HAVING|WINDOW|AND|OR|SELECT|DEFAULT)$/i;
  for (const m of sql.matchAll(clause)) {
    names.set(m[1]!, m[1]!);
    if (m[2] && !keyword.test(m[2])) names.set(m[2], m[1]!);
  }
  return names;
}

function paramsOf(sql: string): unknown[] {
  const named = [...new Set(sql.match(/[@:$]\w+/g) ?? [])];
  if (named.length) return [Object.fromEntries(named.map((n) => [n.slice(1), null]))];
  return new Array((sql.match(/\?/g) ?? []).length).fill(null);
}

test('no statement the server prepares walks a whole table that grows with the days, but the few named with their reason', async (t) => {
  const seen = new Set<string>();
  const prepare = Database.prototype.prepare;
  // Records what the server prepares; the statement itself is prepared as always.
  Database.prototype.prepare = function (this: Database.Database, sql: string) {
    seen.add(sql);
    return prepare.call(this, sql);
  } as typeof prepare;
  let env: Awaited<ReturnType<typeof tempApp>>;
  try {
    env = await tempApp();
    // Statements some stores prepare at first use: a ticket, a call, a finish.
    const ticket = env.app.store.issueTicket({ kiosk: 'kiosk-1', service: 'bygglov', language: 'sv' });
    env.app.agents.callNextAtPoint('disk-3', { actor: 'test' });
    env.app.agents.callNextAtPoint('disk-3', { actor: 'test' });
    assert.ok(ticket.id);
  } finally {
    Database.prototype.prepare = prepare;
  }
  t.after(() => env.remove());
  assert.ok(seen.size > 200, `only ${seen.size} statements seen: the recording missed the server's`);

  const walks: { sql: string; table: string; plan: string }[] = [];
  for (const raw of seen) {
    const sql = raw.replace(/\s+/g, ' ').trim();
    if (!/^(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(sql)) continue;
    const rows = env.app.db.prepare(`EXPLAIN QUERY PLAN ${raw}`).all(...paramsOf(raw)) as { detail: string }[];
    const names = aliases(sql);
    for (const { detail } of rows) {
      const scan = /^SCAN (\w+)/.exec(detail);
      const table = scan && (names.get(scan[1]!) ?? scan[1]!);
      if (table && GROWING.has(table)) walks.push({ sql, table, plan: rows.map((r) => r.detail).join(' | ') });
    }
  }
  const unexplained = walks.filter((w) => !ALLOWED.some((a) => a.table === w.table && a.sql.test(w.sql)));
  assert.deepEqual(unexplained.map((w) => `${w.table}: ${w.sql.slice(0, 160)}\n    ${w.plan.slice(0, 240)}`), [],
    'each walks a whole table that grows: give it an index, or name it in ALLOWED with why it may');
  const stale = ALLOWED.filter((a) => !walks.some((w) => w.table === a.table && a.sql.test(w.sql)));
  assert.deepEqual(stale.map((a) => `${a.table}: ${a.sql.source}`), [], 'no longer walks its table: take it off ALLOWED');
});
