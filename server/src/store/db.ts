import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { migrations } from './migrations/index.js';

export type Db = Database.Database;

/** The page cache of the server's connection, in KiB (SQLite's own default is 2 000). */
export const PAGE_CACHE_KIB = 4000;

/** Opens the one database file with WAL and a busy timeout, and brings its schema up to date. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Freed space is zeroed, so a blanked SMS number or a purged note is gone from the file,
  // not left in free space (DESIGN §7; store/retention-store.ts).
  db.pragma('secure_delete = ON');
  // A second process on the same file (tests, a CLI) waits instead of failing with SQLITE_BUSY.
  db.pragma('busy_timeout = 5000');
  // better-sqlite3 builds SQLite with a 16 MB page cache per connection, which fills as the day's
  // rows grow and is held for good: 16 MB of the server's resident memory (issue 9, RSS). What
  // the lobby reads again is the tail of a few indexes and today's rows; the rest comes from
  // the operating system's file cache in microseconds.
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
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

/** SQLite's own default: what the server's connection returns to when the worker stops. */
const AUTOCHECKPOINT_PAGES = 1000;

/** Where the server's connection checkpoints by itself while the worker runs (see checkpointInBackground). */
const FALLBACK_PAGES = 4_000;

/** The worker's whole program: its own connection to the file, a passive checkpoint now and then. */
const CHECKPOINT_WORKER = `
  const { parentPort, workerData } = require('node:worker_threads');
  const Database = require(workerData.module);
  const db = new Database(workerData.path, { fileMustExist: true });
  // Syncs as the server's connection does: the checkpoint is where WAL mode writes to disk.
  db.pragma('synchronous = NORMAL');
  // A checkpoint copies from the WAL to the file and reads no page twice: no cache to keep.
  db.pragma('cache_size = -64');
  const timer = setInterval(() => {
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err && err.message || err)); }
  }, workerData.intervalMs);
  parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Moves the WAL checkpoints of the server's connection to a worker thread with a connection
 * of its own. SQLite checkpoints inside whichever commit fills the WAL past
 * `wal_autocheckpoint` pages: the event loop then copies the pages into the database file and
 * waits for the disk's sync. At 200 tickets/s (about 18 pages each) that was a 10–20 ms stall
 * several times a second, the largest share of the ticket's p99 (issue 9). A passive
 * checkpoint from another connection runs beside the commits and never blocks them.
 *
 * Durability is unchanged: commits are what they were (WAL, synchronous = NORMAL) and the
 * worker's checkpoints sync like the server's own. The server's own automatic checkpoint stays,
 * `fallbackPages` away, for a worker that falls behind or dies; stop() puts it back.
 *
 * Under steady writes the server's own checkpoint is also what empties the WAL: SQLite starts
 * the WAL over only at a write that finds every frame copied, and a passive checkpoint beside
 * a write every few milliseconds never ends in such a moment, so the WAL grows to
 * `fallbackPages`. There the server's checkpoint copies what the worker has not yet, which a
 * worker checkpointing every `intervalMs` (100) keeps to a tenth of a second of writes, then
 * syncs the file and the WAL on the event loop, and the next write starts the WAL over. A
 * longer WAL makes those checkpoints rarer, but not for free: every page a statement reads is
 * first looked up in the WAL's index, one hash table per 4 096 frames, and a longer WAL means
 * more tables to search. `FALLBACK_PAGES` stays, with a commit to spare, in the first table
 * (4 062 frames). Measured in the soak (npm run bench -- load --soak, 400 writes/s; `perf
 * trace -e fsync` on the server for 120 s):
 *
 *   pages   the event loop's checkpoints   its fsync time, the WAL's included
 *   2 000   485                            2.9 s
 *   4 000   239                            2.5 s
 *  10 000    97                            0.8 s
 *
 * Half the checkpoints did not halve the time: each sync took longer (8.5 ms against 3.9 ms
 * on average). Not explained yet: the 4 000 row was measured 10 minutes into the hour's soak,
 * on a larger database, the others 2 minutes into short soaks. 10 000 cost CPU: back to back
 * at 200 tickets/s (npm run bench -- load), 56 % against 52 % for 4 000, ticket p99 12.7
 * against 10.0 ms.
 */
export function checkpointInBackground(db: Db, opts: { intervalMs?: number; fallbackPages?: number; onError?: (message: string) => void } = {}): { stop(): Promise<void> } {
  if (db.memory) return { stop: async () => undefined };
  const worker = new Worker(CHECKPOINT_WORKER, {
    eval: true,
    workerData: { module: createRequire(import.meta.url).resolve('better-sqlite3'), path: resolve(db.name), intervalMs: opts.intervalMs ?? 100 },
  });
  let running = true;
  const giveBack = () => {
    running = false;
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  worker.on('message', (m: string) => opts.onError?.(m));
  worker.on('error', (err) => { opts.onError?.(err.message); giveBack(); });
  worker.on('exit', giveBack);
  // After the listeners: the checkpoints must never keep the process alive.
  worker.unref();
  db.pragma(`wal_autocheckpoint = ${opts.fallbackPages ?? FALLBACK_PAGES}`);
  return {
    async stop() {
      if (!running) return;
      const exited = new Promise<void>((r) => worker.once('exit', () => r()));
      worker.ref(); // until it has closed its connection
      worker.postMessage('stop');
      await exited;
    },
  };
}
