import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointInBackground, openDatabase } from './db.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the worker checkpoints the WAL beside the commits, and stop() hands checkpoints back', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-checkpoint-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'entre.db');
  const db = openDatabase(path);
  t.after(() => { if (db.open) db.close(); });
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
  // The server's own checkpoint out of reach: only the worker can keep the WAL short.
  const errors: string[] = [];
  const checkpoints = checkpointInBackground(db, { intervalMs: 10, fallbackPages: 1_000_000, onError: (m) => errors.push(m) });
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1_000_000);
  const insert = db.prepare('INSERT INTO notes (body) VALUES (?)');
  for (let i = 0; i < 300; i++) insert.run('x'.repeat(2000)); // a page or more a commit
  // NOOP only reports: frames in the WAL, and how many of them are in the database file.
  const progress = () => (db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[])[0]!;
  assert.ok(progress().log > 0, 'the last writes are in the WAL');
  const until = Date.now() + 20_000;
  while (progress().checkpointed < progress().log && Date.now() < until) await sleep(20);
  const { log, checkpointed } = progress();
  await checkpoints.stop();
  assert.equal(checkpointed, log, 'the worker copied every frame into the database file');
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
  assert.deepEqual(errors, []);
  assert.equal((db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n, 300);
});

test('a database in memory has no WAL to checkpoint', async () => {
  const db = openDatabase(':memory:');
  await checkpointInBackground(db).stop();
  db.close();
});
