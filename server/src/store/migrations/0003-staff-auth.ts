/**
 * Staff accounts, their sign-in sessions and the audit log (DESIGN §7).
 *
 * Written with IF NOT EXISTS so that `ensureAuthSchema` (server/src/auth/schema.ts) may
 * apply it before it is registered in the index, and the registered run is then a no-op.
 */
export const migration = {
  version: 3,
  name: 'staff-auth',
  sql: `
      -- Staff are never deleted, only deactivated: the audit log keeps pointing at them.
      -- site_id NULL means every site; it is not a foreign key so that accounts do not
      -- depend on how sites are configured (checked by the application instead).
      CREATE TABLE IF NOT EXISTS staff (
        id TEXT PRIMARY KEY,
        site_id TEXT,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        roles_json TEXT NOT NULL CHECK (json_valid(roles_json) AND json_type(roles_json) = 'array'),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- id is the SHA-256 (hex) of the cookie's token, never the token itself: a copy of
      -- the database does not let anyone sign in. expires_at slides with use, capped at
      -- created_at + 7 days.
      CREATE TABLE IF NOT EXISTS sessions (
        id TEXT PRIMARY KEY,
        staff_id TEXT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS sessions_staff ON sessions (staff_id);
      CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions (expires_at);

      -- Who did what, when and from where. Never passwords, tokens or citizens' personal
      -- data in details_json. Append-only, enforced below; a retention job, when it comes,
      -- drops the triggers in its own migration.
      CREATE TABLE IF NOT EXISTS audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        staff_id TEXT REFERENCES staff(id),
        action TEXT NOT NULL,
        target TEXT,
        details_json TEXT CHECK (details_json IS NULL OR json_valid(details_json)),
        ip TEXT
      );
      CREATE INDEX IF NOT EXISTS audit_log_staff ON audit_log (staff_id, id);
      CREATE INDEX IF NOT EXISTS audit_log_action ON audit_log (action, id);
      CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
};
