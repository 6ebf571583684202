/**
 * Backup and restore of the one database file, for `npm run backup` (server/src/cli/backup.ts).
 *
 * A backup is taken with SQLite's online backup API while the server runs: the copy is one
 * consistent snapshot (every transaction committed before it started, none half-written), is
 * switched out of WAL so it is a single self-contained file, and must pass
 * `PRAGMA integrity_check` before it is reported. A restore refuses while anything has the
 * target open, checks the backup the same way plus its schema version, keeps the current file
 * as `<db>.before-restore-<timestamp>` and puts a copy of the backup in its place.
 */
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, constants, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrations } from './migrations/index.js';

/** A failure to report as it is: the message says what is wrong and that nothing was changed. */
export class BackupError extends Error {}

export interface BackupReport {
  file: string;
  bytes: number;
  schemaVersion: number;
  contacts: number;
  tickets: number;
}

export interface RestoreReport extends BackupReport {
  db: string;
  /** Where the replaced database now is; null when there was none. */
  keptAs: string | null;
}

/** `20260314T091500Z`: sorts by time and is safe in every file system. */
export function fileTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export function defaultBackupPath(now: Date, dir = join('data', 'backups')): string {
  return join(dir, `entre-${fileTimestamp(now)}.db`);
}

const latestSchema = migrations.at(-1)?.version ?? 0;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Opens a finished backup read-only and checks it: a readable SQLite file, integrity 'ok',
 * an Entré schema this code knows. Answers what it holds.
 */
export function inspectBackup(file: string): BackupReport {
  if (!existsSync(file)) throw new BackupError(`no backup file at ${file}`);
  // A live WAL beside it would hold transactions the main file lacks; copying the file alone loses them.
  if (existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0) {
    throw new BackupError(`${file} has a -wal file beside it: it is a live database, not a finished backup`);
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const problems = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const verdict = problems.map((p) => p.integrity_check);
    if (verdict.length !== 1 || verdict[0] !== 'ok') {
      throw new BackupError(`${file} fails the integrity check: ${verdict.slice(0, 5).join('; ')}`);
    }
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const hasContacts = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'contacts'").get() !== undefined;
    if (schemaVersion < 2 || !hasContacts) throw new BackupError(`${file} is not an Entré database (schema version ${schemaVersion}, no contacts table)`);
    if (schemaVersion > latestSchema) {
      throw new BackupError(`${file} has schema version ${schemaVersion}, newer than this code knows (${latestSchema}); use the release that wrote it`);
    }
    const { contacts, tickets } = db.prepare(
      "SELECT count(*) AS contacts, count(*) FILTER (WHERE channel = 'visit' AND number IS NOT NULL) AS tickets FROM contacts",
    ).get() as { contacts: number; tickets: number };
    return { file, bytes: statSync(file).size, schemaVersion, contacts, tickets };
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file} cannot be read as a database: ${message(err)}`);
  } finally {
    db?.close();
  }
}

/**
 * Copies the live database `dbPath` to `out` (default data/backups/entre-<UTC time>.db) with the
 * online backup API, then checks the copy. Never overwrites a file; removes its own partial
 * copy on failure.
 */
export async function backupDatabase(opts: { db: string; out?: string; now?: Date }): Promise<BackupReport> {
  const out = opts.out ?? defaultBackupPath(opts.now ?? new Date());
  if (!existsSync(opts.db)) throw new BackupError(`no database at ${opts.db}`);
  let source: Database.Database;
  try {
    source = new Database(opts.db, { fileMustExist: true, timeout: 5000 });
    source.pragma('user_version', { simple: true }); // fails here on a file that is not a database
  } catch (err) {
    throw new BackupError(`cannot open the database ${opts.db}: ${message(err)}`);
  }
  let reserved = false;
  try {
    try {
      mkdirSync(dirname(out), { recursive: true });
      // Reserving the name with O_EXCL is what makes "never overwrite" hold even against a race.
      closeSync(openSync(out, 'wx'));
      reserved = true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new BackupError(code === 'EEXIST' ? `${out} already exists; not overwriting it` : `cannot write the backup to ${out}: ${message(err)}`);
    }
    try {
      // The first step only starts; the second copies every page at once, in one read
      // transaction: a snapshot, which writers on other connections cannot restart (WAL
      // lets them go on meanwhile).
      await source.backup(out, { progress: () => 0x7fffffff });
    } catch (err) {
      throw new BackupError(`the backup of ${opts.db} to ${out} failed: ${message(err)}`);
    }
    const copy = new Database(out, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE'); // one self-contained file, no -wal/-shm to carry along
    } finally {
      copy.close();
    }
    return inspectBackup(out);
  } catch (err) {
    if (reserved) for (const f of [out, `${out}-wal`, `${out}-shm`, `${out}-journal`]) rmSync(f, { force: true });
    throw err;
  } finally {
    source.close();
  }
}

/**
 * Takes the exclusive lock on `dbPath`, folds its WAL into the main file and closes. Throws a
 * BackupError if another connection (the server) has the file open: in WAL mode every open
 * connection holds a shared lock, so the exclusive one is refused.
 */
function quiesce(dbPath: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { fileMustExist: true, timeout: 200 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new BackupError(`the database ${dbPath} is in use (is the server running?); stop it first. Nothing was changed`);
    }
    throw new BackupError(`cannot open the database ${dbPath}: ${message(err)}. Nothing was changed`);
  } finally {
    db?.close(); // the last connection to close removes the (now empty) -wal
  }
}

/**
 * Puts the backup `from` in place of `db` (the server must be stopped). The current file is kept
 * as `<db>.before-restore-<timestamp>` (with its -wal, if one survived); the backup file itself
 * is copied, so it stays where it was.
 */
export function restoreDatabase(opts: { db: string; from: string; now?: Date }): RestoreReport {
  const report = inspectBackup(opts.from);
  const stamp = fileTimestamp(opts.now ?? new Date());
  const keptAs = existsSync(opts.db) ? `${opts.db}.before-restore-${stamp}` : null;
  if (keptAs && existsSync(keptAs)) throw new BackupError(`${keptAs} already exists; not overwriting it. Nothing was changed`);
  if (keptAs) quiesce(opts.db);
  const incoming = `${opts.db}.restoring-${stamp}`;
  try {
    mkdirSync(dirname(opts.db), { recursive: true });
    copyFileSync(opts.from, incoming, constants.COPYFILE_EXCL);
  } catch (err) {
    rmSync(incoming, { force: true });
    throw new BackupError(`cannot copy ${opts.from} next to ${opts.db}: ${message(err)}. Nothing was changed`);
  }
  if (keptAs) {
    renameSync(opts.db, keptAs);
    // After the checkpoint a -wal holds nothing the kept file lacks, but move rather than delete:
    // a -wal left beside the restored file would be replayed into it. The -shm is only an index.
    if (existsSync(`${opts.db}-wal`)) renameSync(`${opts.db}-wal`, `${keptAs}-wal`);
    rmSync(`${opts.db}-shm`, { force: true });
  }
  renameSync(incoming, opts.db);
  return { ...report, db: opts.db, keptAs };
}
