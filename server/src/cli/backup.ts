/**
 * Backup and restore of the database from the command line:
 *
 *   npm run backup -- [--db PATH] [--out FILE]      a checked copy, taken while the server runs
 *   npm run backup -- --restore FILE [--db PATH]    put a backup in place (server stopped)
 *
 * The database is --db, else ENTRE_DB, else data/entre.db. The work is in store/backup.ts.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BackupError, backupDatabase, restoreDatabase, type BackupReport } from '../store/backup.js';

const USAGE = `usage:
  backup [--db PATH] [--out FILE]       copy the live database (default out: data/backups/entre-<UTC time>.db)
  backup --restore FILE [--db PATH]     replace the database with a backup; the server must be stopped
env: ENTRE_DB (default data/entre.db)`;

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (text: string) => void;
}

function describe(r: BackupReport): string {
  return `${r.file}: ${r.bytes} bytes, schema version ${r.schemaVersion}, integrity ok, ${r.contacts} contacts, ${r.tickets} tickets`;
}

/** Returns the exit code; prints what it did to `out` and problems to `err`. */
export async function main(argv: string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true,
      options: { db: { type: 'string' }, out: { type: 'string' }, restore: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    io.err(`backup: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) { io.out(USAGE); return 0; }
  if (values.restore !== undefined && values.out !== undefined) {
    io.err(`backup: --out and --restore do not go together\n${USAGE}\n`);
    return 2;
  }
  const db = values.db || io.env['ENTRE_DB'] || 'data/entre.db';
  try {
    if (values.restore !== undefined) {
      const r = restoreDatabase({ db, from: values.restore, now: now() });
      io.out(`restored ${describe(r)}`);
      io.out(`  now at ${r.db}; ${r.keptAs ? `the previous database is kept as ${r.keptAs}` : 'there was no previous database'}`);
    } else {
      const r = await backupDatabase({ db, now: now(), ...(values.out !== undefined ? { out: values.out } : {}) });
      io.out(`backed up ${db} to ${describe(r)}`);
    }
    return 0;
  } catch (err) {
    if (err instanceof BackupError) { io.err(`backup: ${err.message}\n`); return 1; }
    io.err(`backup: failed on ${db}: ${(err as Error).message}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2), {
    env: process.env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (text) => process.stderr.write(text),
  });
}
