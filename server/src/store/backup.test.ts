import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from './db.js';
import { migrations } from './migrations/index.js';
import { BackupError, backupDatabase, inspectBackup, restoreDatabase } from './backup.js';
import { repoRoot, tempApp } from '../test-support/app.js';

const ISSUE = { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' };

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'entre-backup-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A migrated, empty Entré database on disk, closed. */
function emptyDb(path: string): string {
  openDatabase(path).close();
  return path;
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function rows<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try { return db.prepare(sql).all() as T[]; } finally { db.close(); }
}

async function issue(base: string): Promise<{ status: number; id?: string }> {
  const res = await fetch(`${base}/api/v1/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ISSUE) });
  const body = await res.json() as { id?: string };
  return { status: res.status, ...(res.status === 201 && body.id ? { id: body.id } : {}) };
}

test('a backup taken while tickets are issued over HTTP passes the integrity check and holds every ticket committed before it', async (t) => {
  const out = join(tempDir(t), 'nested', 'under-load.db');
  // Tickets as fast as four clients can ask: far above the rate limits, which are not what this tests.
  const { app, dir, remove } = await tempApp({ kioskTicketsPerMinute: 100_000, publicRequestsPerMinute: 1_000_000 });
  t.after(remove);
  const { http } = await app.start();

  const committed: string[] = []; // 201 answers, in order of arrival
  let stop = false;
  const workers = Array.from({ length: 4 }, async () => {
    while (!stop) {
      const r = await issue(http);
      if (r.id) committed.push(r.id);
    }
  });
  while (committed.length < 40) await new Promise((r) => setTimeout(r, 5));

  const before = [...committed]; // every one of these had its 201 before the backup started
  const report = await backupDatabase({ db: join(dir, 'entre.db'), out });
  const duringOrAfter = committed.length - before.length;
  while (committed.length < before.length + duringOrAfter + 10) await new Promise((r) => setTimeout(r, 5));
  stop = true;
  await Promise.all(workers);

  assert.equal(report.file, out);
  assert.ok(report.bytes > 0);
  assert.equal(report.schemaVersion, migrations.at(-1)!.version);
  assert.ok(report.tickets >= before.length, `${report.tickets} tickets in the backup, ${before.length} committed before it`);
  assert.ok(report.tickets < committed.length, 'the load went on after the backup, so the copy is a snapshot, not the final state');
  assert.deepEqual(inspectBackup(out), report, 'the copy reads back the same');
  assert.deepEqual(readdirSync(join(out, '..')), ['under-load.db'], 'one self-contained file: no -wal or -shm beside it');

  const inBackup = new Set(rows<{ id: string }>(out, "SELECT id FROM contacts WHERE channel = 'visit'").map((r) => r.id));
  const missing = before.filter((id) => !inBackup.has(id));
  assert.deepEqual(missing, [], 'every ticket answered 201 before the backup is in it');

  // No half-written ticket: each one has its number, its state, and its 'issued' event.
  const incomplete = rows<{ id: string }>(out, `
    SELECT c.id FROM contacts c
    WHERE c.channel = 'visit' AND (c.number IS NULL OR c.state IS NULL OR c.issued_at IS NULL
      OR NOT EXISTS (SELECT 1 FROM contact_events e WHERE e.contact_id = c.id AND e.type = 'issued'))`);
  assert.deepEqual(incomplete, []);
  const issuedNotAnswered = [...inBackup].filter((id) => !committed.includes(id));
  assert.ok(issuedNotAnswered.length <= 4, 'at most the requests in flight when the copy started are in it without a 201 seen yet');
});

test('restore is refused while the server has the database open; once stopped it puts the backup in place, keeps the old file, and a new server serves the restored tickets', async (t) => {
  const dir = tempDir(t);
  const server = await tempApp();
  t.after(server.remove);
  const { app } = server;
  const { http } = await app.start();
  const dbPath = join(server.dir, 'entre.db');

  const kept = [(await issue(http)).id!, (await issue(http)).id!];
  const backup = join(dir, 'before-lunch.db');
  await backupDatabase({ db: dbPath, out: backup });
  const lost = (await issue(http)).id!; // after the backup: gone once it is restored

  const backupDigest = digest(backup);
  assert.throws(() => restoreDatabase({ db: dbPath, from: backup }), (err: unknown) =>
    err instanceof BackupError && /in use \(is the server running\?\); stop it first\. Nothing was changed/.test(err.message));
  assert.equal((await fetch(`${http}/api/v1/tickets/${lost}`)).status, 200, 'the running server did not notice');
  assert.deepEqual(readdirSync(join(dbPath, '..')).filter((f) => f.includes('restor')), [], 'nothing was moved');

  await app.stop();
  const now = new Date('2026-03-14T09:15:00Z');
  const restored = restoreDatabase({ db: dbPath, from: backup, now });
  assert.equal(restored.keptAs, `${dbPath}.before-restore-20260314T091500Z`);
  assert.equal(restored.tickets, 2);
  assert.ok(!existsSync(`${dbPath}-wal`) || readFileSync(`${dbPath}-wal`).length === 0, 'no stale WAL is replayed into the restored file');
  assert.ok(!existsSync(`${dbPath}-shm`));
  assert.equal(digest(dbPath), backupDigest, 'the backup itself is in place');
  assert.equal(digest(backup), backupDigest, 'and is still where it was');
  const old = rows<{ id: string }>(restored.keptAs!, "SELECT id FROM contacts WHERE channel = 'visit'").map((r) => r.id);
  assert.deepEqual(new Set(old), new Set([...kept, lost]), 'the kept file has everything the server had committed, its WAL folded in');

  const again = await tempApp({ dbPath });
  t.after(again.remove);
  const urls = await again.app.start();
  for (const id of kept) {
    const res = await fetch(`${urls.http}/api/v1/tickets/${id}`);
    assert.equal(res.status, 200, `restored ticket ${id}`);
    assert.equal(((await res.json()) as { id: string }).id, id);
  }
  assert.equal((await fetch(`${urls.http}/api/v1/tickets/${lost}`)).status, 404);
  assert.equal((await issue(urls.http)).status, 201, 'and it issues new tickets');
});

test('errors are refused with a clear message and change nothing', async (t) => {
  const dir = tempDir(t);
  const db = emptyDb(join(dir, 'entre.db'));
  const dbDigest = digest(db);
  const listing = () => readdirSync(dir).sort();
  const refused = (re: RegExp) => (err: unknown) => err instanceof BackupError && re.test(err.message);

  // No source database: no output either.
  await assert.rejects(backupDatabase({ db: join(dir, 'nope.db'), out: join(dir, 'x.db') }), refused(/^no database at .*nope\.db$/));
  assert.ok(!existsSync(join(dir, 'x.db')));

  // An existing output file is never overwritten.
  const taken = join(dir, 'taken.db');
  writeFileSync(taken, 'keep me');
  await assert.rejects(backupDatabase({ db, out: taken }), refused(/taken\.db already exists; not overwriting it/));
  assert.equal(readFileSync(taken, 'utf8'), 'keep me');

  // A source that is not a database.
  const junkSource = join(dir, 'junk-source.db');
  writeFileSync(junkSource, 'this is not sqlite '.repeat(300));
  await assert.rejects(backupDatabase({ db: junkSource, out: join(dir, 'y.db') }), refused(/cannot open the database .*junk-source\.db/));
  assert.ok(!existsSync(join(dir, 'y.db')));

  // A corrupt backup, a missing one, one from a newer schema, one that is not Entré's: refused, target untouched.
  const garbage = join(dir, 'garbage.db');
  writeFileSync(garbage, Buffer.alloc(8192, 0xab));
  assert.throws(() => restoreDatabase({ db, from: garbage }), refused(/garbage\.db cannot be read as a database/));
  const good = join(dir, 'good.db');
  await backupDatabase({ db, out: good });
  const torn = join(dir, 'torn.db');
  const bytes = readFileSync(good);
  bytes.fill(0x5a, 4096 * 2, 4096 * 6); // pages of tables scribbled over, header intact
  writeFileSync(torn, bytes);
  assert.throws(() => restoreDatabase({ db, from: torn }), refused(/torn\.db (fails the integrity check|cannot be read as a database)/));
  assert.throws(() => restoreDatabase({ db, from: join(dir, 'absent.db') }), refused(/^no backup file at/));
  const newer = join(dir, 'newer.db');
  await backupDatabase({ db, out: newer });
  const n = new Database(newer);
  n.pragma(`user_version = ${migrations.at(-1)!.version + 1}`);
  n.close();
  assert.throws(() => restoreDatabase({ db, from: newer }), refused(/newer than this code knows/));
  const foreign = join(dir, 'foreign.db');
  const f = new Database(foreign);
  f.exec('CREATE TABLE notes (x)');
  f.close();
  assert.throws(() => restoreDatabase({ db, from: foreign }), refused(/not an Entré database/));

  assert.equal(digest(db), dbDigest, 'the target database is untouched');
  assert.deepEqual(listing().filter((name) => /restor/.test(name)), [], 'no kept or half-copied file was left');
});

test('npm run backup: prints the copy and its counts, and exits non-zero with a message on failure', (t) => {
  const dir = tempDir(t);
  const db = emptyDb(join(dir, 'entre.db'));
  const run = (args: string[]) => {
    // cwd is the temp folder (the default output is relative to it), so tsx is named by its file.
    const res = spawnSync(process.execPath, ['--conditions=source', '--import', import.meta.resolve('tsx'), join(repoRoot, 'server', 'src', 'cli', 'backup.ts'), ...args], {
      cwd: dir, env: { ...process.env, ENTRE_DB: db }, encoding: 'utf8', timeout: 60_000,
    });
    return { code: res.status, out: res.stdout, err: res.stderr };
  };
  const ok = run([]);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /^backed up .*entre\.db to data\/backups\/entre-\d{8}T\d{6}Z\.db: \d+ bytes, schema version \d+, integrity ok, 0 contacts, 0 tickets$/m);
  const file = join(dir, ok.out.match(/to (data\/backups\/\S+\.db):/)![1]!);
  assert.ok(existsSync(file));

  const again = run(['--out', file]);
  assert.equal(again.code, 1);
  assert.match(again.err, /^backup: .* already exists; not overwriting it$/m);
  const missing = run(['--db', join(dir, 'nope.db')]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /^backup: no database at .*nope\.db$/m);

  const restored = run(['--restore', file]);
  assert.equal(restored.code, 0, restored.err);
  assert.match(restored.out, /^restored .*: \d+ bytes, schema version \d+, integrity ok, 0 contacts, 0 tickets\n {2}now at .*entre\.db; the previous database is kept as .*entre\.db\.before-restore-\d{8}T\d{6}Z$/m);
});
