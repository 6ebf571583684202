/**
 * The real server process for fault tests: `node server/dist/main.js` as `npm start` runs it
 * (demo site, embedded broker), on free ports and a temp data folder, without the forked
 * bridge (a test plays the devices itself). Optionally with the test-only SQLite preload
 * (sqlite-control-preload.mjs) that can shrink the database's page limit to make a real
 * SQLITE_FULL. Also: a read-only view of the database file to count and compare rows.
 */
import Database, { type Database as SqliteDatabase } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './ports.js';
import { groupAlive, run, type Running } from './processes.js';
import { repoRoot } from './lobby.js';

export interface FaultServer {
  http: string;
  mqtt: string;
  dir: string;
  dbPath: string;
  server: Running;
  /** True while the process has not exited. */
  alive(): boolean;
  /** Sets `max_page_count` on the server's own connection (needs `sqliteControl`). */
  limitPages(pages: 'current' | 'lift' | number): Promise<{ pageCount: number; maxPageCount: number }>;
  /** Ctrl-C, then SIGKILL after 15 s; resolves with the exit code. */
  stop(): Promise<number | string>;
  remove(): void;
}

export async function startFaultServer(opts: { sqliteControl?: boolean; env?: Record<string, string> } = {}): Promise<FaultServer> {
  const dir = mkdtempSync(join(tmpdir(), 'entre-fault-'));
  const port = await freePort();
  const mqttPort = await freePort();
  const dbPath = join(dir, 'entre.db');
  const args = [
    ...(opts.sqliteControl ? ['--import', join(repoRoot, 'tests', 'support', 'sqlite-control-preload.mjs')] : []),
    join(repoRoot, 'server', 'dist', 'main.js'),
  ];
  const server = run(process.execPath, args, {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', ...(opts.sqliteControl ? ['ipc' as const] : [])],
    env: {
      ...process.env, HOST: '127.0.0.1', PORT: String(port), MQTT_PORT: String(mqttPort), ENTRE_DB: dbPath,
      ENTRE_PRINTS_DIR: join(dir, 'prints'), LOG_LEVEL: 'warn', ENTRE_DEMO_HISTORY_WEEKS: '0', ENTRE_BRIDGE: 'none',
      // Fault tests send many requests from one address and one kiosk on purpose.
      ENTRE_KIOSK_TICKETS_PER_MINUTE: '100000', ENTRE_PUBLIC_REQUESTS_PER_MINUTE: '1000000',
      ...opts.env,
    },
  });
  const pgid = server.child.pid!;
  const stop = async () => {
    if (server.child.exitCode === null && groupAlive(pgid)) process.kill(-pgid, 'SIGINT');
    const code = await Promise.race([server.exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 15_000))]);
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    await waitFor('process group gone', () => !groupAlive(pgid) || undefined, 5000).catch(() => undefined);
    return code;
  };
  let m: RegExpMatchArray;
  try {
    m = await server.waitForOutput(/Kiosk:\s+(http:\/\/\S+)\/kiosk\//);
  } catch (err) {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    http: m[1]!,
    mqtt: `mqtt://127.0.0.1:${mqttPort}`,
    dir, dbPath, server,
    alive: () => server.child.exitCode === null && server.child.signalCode === null,
    limitPages(pages) {
      const child = server.child;
      if (!child.send) throw new Error('started without sqliteControl');
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { child.off('message', on); reject(new Error('no answer from the SQLite control preload')); }, 5000);
        const on = (msg: unknown) => {
          const a = msg as { type?: string; error?: string; pageCount: number; maxPageCount: number };
          if (a?.type !== 'sqlite:limit') return;
          clearTimeout(timer);
          child.off('message', on);
          if (a.error) reject(new Error(a.error)); else resolve({ pageCount: a.pageCount, maxPageCount: a.maxPageCount });
        };
        child.on('message', on);
        child.send!({ type: 'sqlite:limit', pages });
      });
    },
    stop,
    remove() { rmSync(dir, { recursive: true, force: true }); },
  };
}

/** A read-only connection to a running server's database, for row counts and before/after comparisons. */
export interface ReadOnlyDb {
  db: SqliteDatabase;
  count(sql: string, ...params: unknown[]): number;
  snapshot(except?: string[]): Record<string, string>;
  close(): void;
}

export function openReadOnly(dbPath: string): ReadOnlyDb {
  const db: SqliteDatabase = new Database(dbPath, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const tables = () => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
    .map((t) => t.name);
  return {
    db,
    count(sql: string, ...params: unknown[]): number {
      return (db.prepare(sql).pluck().get(...params) as number | undefined) ?? 0;
    },
    /** Every table's row count and a digest of its rows (in a stable order), except those named. */
    snapshot(except: string[] = []): Record<string, string> {
      const out: Record<string, string> = {};
      // One read transaction: the tables are seen at one instant.
      db.transaction(() => {
        for (const t of tables()) {
          if (except.includes(t)) continue;
          const rows = db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][];
          const lines = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : Buffer.isBuffer(v) ? v.toString('hex') : v))).sort();
          out[t] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
        }
      })();
      return out;
    },
    close() { db.close(); },
  };
}

/** The tables whose digest differs between two snapshots. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}
