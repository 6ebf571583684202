import type { Db } from '../store/db.js';
import { migration } from '../store/migrations/0003-staff-auth.js';

/**
 * Makes sure the staff, sessions and audit_log tables exist. Once migration 3 is in
 * store/migrations/index.ts, `openDatabase` has already created them and this does
 * nothing; until then it lets the auth code, its CLI and its tests run on any database.
 * The migration's SQL is idempotent (IF NOT EXISTS), so the later registered run is safe.
 */
export function ensureAuthSchema(db: Db): void {
  const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'staff'`).get();
  if (has) return;
  db.transaction(() => db.exec(migration.sql)).immediate();
}
