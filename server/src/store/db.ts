import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations/index.js';

export type Db = Database.Database;

/** Opens the one database file with WAL and a busy timeout, and brings its schema up to date. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // A second process on the same file (tests, a CLI) waits instead of failing with SQLITE_BUSY.
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/**
 * Applies pending migrations, each in its own immediate transaction. Foreign keys are off
 * while migrating (SQLite ignores the pragma inside a transaction) so a table can be
 * rebuilt, and checked before each commit. A second process migrating at the same time
 * waits for the lock and then finds the work done.
 */
export function migrate(db: Db): number {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (version() > latest) {
    throw new Error(`database schema version ${version()} is newer than this server (${latest}); refusing to start`);
  }
  if (version() === latest) return latest;
  db.pragma('foreign_keys = OFF');
  try {
    for (const m of migrations) {
      db.transaction(() => {
        if (m.version <= version()) return;
        db.exec(m.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${m.version} (${m.name}) breaks ${broken.length} foreign key(s)`);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
  return latest;
}
