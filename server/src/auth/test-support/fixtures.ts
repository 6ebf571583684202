/** Test fixtures for the auth code: a temp SQLite file with migration 3, a cheap hasher, a clock. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../store/db.js';
import { migration } from '../../store/migrations/0003-staff-auth.js';
import { createPasswordHasher } from '../passwords.js';

/** Same code path as production, at a cost that keeps a test run fast (about 1 ms a hash). */
export const cheapHasher = createPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

/** A temp database file holding only the auth tables, removed when the test ends. */
export function tempAuthDb(t: { after(fn: () => void): void }): { db: Db; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'entre-auth-'));
  const path = join(dir, 'auth.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(migration.sql);
  t.after(() => { db.close(); rmSync(dir, { recursive: true, force: true }); });
  return { db, path };
}

/** A clock the test moves by hand. */
export function manualClock(start = '2026-03-02T08:00:00.000Z') {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advance(ms: number) { now += ms; },
  };
}
