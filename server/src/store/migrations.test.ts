import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase } from './db.js';
import { migrations } from './migrations/index.js';

function tempPath(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'entre-migrate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'entre.db');
}

test('migrations run from an empty database to the latest version, with foreign keys intact', (t) => {
  const db = openDatabase(tempPath(t));
  t.after(() => db.close());
  assert.equal(db.pragma('user_version', { simple: true }), migrations.at(-1)!.version);
  assert.deepEqual(db.pragma('foreign_key_check'), []);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(migrate(db), migrations.at(-1)!.version, 'running again is a no-op');
});

test("the skeleton's database keeps its tickets, events, print jobs and keys through the upgrade", (t) => {
  const path = tempPath(t);
  // Build a version-1 database exactly as the skeleton shipped it, with data in it.
  const v1 = new Database(path);
  v1.pragma('journal_mode = WAL');
  v1.exec(migrations[0]!.sql);
  v1.pragma('user_version = 1');
  // Rows as version 1 wrote them (not today's seed, which knows later tables).
  v1.exec(`
    INSERT INTO sites VALUES ('demo', 'Demo', 'Europe/Stockholm', 'http://skeleton.test');
    INSERT INTO services (id, site_id, prefix, name_json, answer_group) VALUES ('bygglov', 'demo', 'B', '{"sv":"Bygglov"}', 'samhallsbyggnad');
    INSERT INTO service_points (id, site_id, name_json) VALUES ('disk-3', 'demo', '{"sv":"Disk 3"}');
    INSERT INTO printers (id, site_id, name) VALUES ('printer-1', 'demo', 'P');
    INSERT INTO kiosks (id, site_id, name, printer_id) VALUES ('kiosk-1', 'demo', 'K', 'printer-1');
    INSERT INTO ticket_counters VALUES ('demo', '2026-11-25', 'B', 2);
    INSERT INTO visits (id, site_id, service_id, number, service_day, language, kiosk_id, state, issued_at, called_at, service_point_id)
      VALUES ('v1', 'demo', 'bygglov', 'B001', '2026-11-25', 'sv', 'kiosk-1', 'done', '2026-11-25T09:00:00.000Z', '2026-11-25T09:05:00.000Z', 'disk-3'),
             ('v2', 'demo', 'bygglov', 'B002', '2026-11-25', 'en', 'kiosk-1', 'waiting', '2026-11-25T09:01:00.000Z', NULL, NULL);
    INSERT INTO visit_events (visit_id, at, type, actor) VALUES ('v1', '2026-11-25T09:00:00.000Z', 'issued', 'kiosk:kiosk-1'),
      ('v1', '2026-11-25T09:05:00.000Z', 'called', 'console'), ('v2', '2026-11-25T09:01:00.000Z', 'issued', 'kiosk:kiosk-1');
    INSERT INTO print_jobs VALUES ('j1', 'v1', 'printer-1', 'printed', NULL, '2026-11-25T09:00:00.000Z', '2026-11-25T09:00:01.000Z');
    INSERT INTO idempotency_keys VALUES ('kiosk:kiosk-1', 'key-00000001', 'v2', '2026-11-25T09:01:00.000Z');
    INSERT INTO outbox (topic, payload, qos, retain, created_at) VALUES ('entre/v1/demo/calls', '{}', 1, 0, '2026-11-25T09:05:00.000Z');
  `);
  v1.close();

  const db = openDatabase(path);
  t.after(() => db.close());
  assert.equal(db.pragma('user_version', { simple: true }), migrations.at(-1)!.version);
  assert.deepEqual(db.pragma('foreign_key_check'), []);
  const contacts = db.prepare('SELECT id, channel, number, state, issued_at, queued_at, outcome, ended_at, service_point_id FROM contacts ORDER BY id').all();
  assert.deepEqual(contacts, [
    { id: 'v1', channel: 'visit', number: 'B001', state: 'done', issued_at: '2026-11-25T09:00:00.000Z', queued_at: '2026-11-25T09:00:00.000Z', outcome: 'resolved', ended_at: '2026-11-25T09:05:00.000Z', service_point_id: 'disk-3' },
    { id: 'v2', channel: 'visit', number: 'B002', state: 'waiting', issued_at: '2026-11-25T09:01:00.000Z', queued_at: '2026-11-25T09:01:00.000Z', outcome: null, ended_at: null, service_point_id: null },
  ]);
  assert.equal((db.prepare('SELECT count(*) AS n FROM contact_events').get() as { n: number }).n, 3);
  // The waiting line is counted from what was there (migration 18), then kept by its triggers.
  assert.deepEqual(db.prepare('SELECT service_id, channel, language, plain, n FROM waiting_groups').all(),
    [{ service_id: 'bygglov', channel: 'visit', language: 'en', plain: 1, n: 1 }]);
  assert.deepEqual(db.prepare('SELECT contact_id FROM print_jobs').all(), [{ contact_id: 'v1' }]);
  assert.deepEqual(db.prepare('SELECT contact_id FROM idempotency_keys').all(), [{ contact_id: 'v2' }]);
  assert.equal((db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n, 1);
  assert.deepEqual(db.prepare("SELECT last FROM ticket_counters WHERE prefix = 'B'").get(), { last: 2 });
  // The event log is append-only.
  assert.throws(() => db.prepare("UPDATE contact_events SET actor = 'someone else'").run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM contact_events').run(), /append-only/);
  // The references follow the renamed table: deleting a referenced contact is refused.
  assert.throws(() => db.prepare("DELETE FROM contacts WHERE id = 'v1'").run(), /FOREIGN KEY/);
});

test('a database from a newer server is refused, not damaged', (t) => {
  const path = tempPath(t);
  const db = new Database(path);
  db.pragma(`user_version = ${migrations.at(-1)!.version + 1}`);
  db.close();
  assert.throws(() => openDatabase(path), /newer than this server/);
});

test('migration versions run 1, 2, 3 … without a gap or a repeat, so none is ever skipped', () => {
  // migrate() applies every version above the database's: a number skipped now and added
  // later would never run on a database that had already passed it.
  assert.deepEqual(migrations.map((m) => m.version), migrations.map((_, i) => i + 1));
  assert.equal(new Set(migrations.map((m) => m.name)).size, migrations.length);
});
