/**
 * Retention of personal data (issue 9, DESIGN §7): the site's settings, and what the purge
 * (store/retention-store.ts) needs to find its work and to do it once.
 *
 * - `sites.retention_json`: protocol `RetentionSettings`; null = the defaults.
 * - `contacts.purged_at`: when the contact's free text and external reference were
 *   removed; null = not yet. The partial index keeps the hourly search to the contacts
 *   still waiting for it.
 * - `cases.pseudonymised_at`: when the closed case's summary and reasons were removed.
 * - The audit log stays append-only, except that an IP address may be cleared (never set
 *   or changed): migration 3's blanket no-update trigger becomes two narrower ones.
 */
export const migration = {
  version: 15,
  name: 'retention',
  sql: `
    ALTER TABLE sites ADD COLUMN retention_json TEXT;

    ALTER TABLE contacts ADD COLUMN purged_at TEXT;
    CREATE INDEX contacts_unpurged ON contacts (ended_at) WHERE purged_at IS NULL;

    ALTER TABLE cases ADD COLUMN pseudonymised_at TEXT;
    CREATE INDEX cases_unpseudonymised ON cases (closed_at) WHERE pseudonymised_at IS NULL;

    DROP TRIGGER IF EXISTS audit_log_no_update;
    CREATE TRIGGER audit_log_immutable BEFORE UPDATE OF id, at, staff_id, action, target, details_json ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_ip_only_cleared BEFORE UPDATE OF ip ON audit_log WHEN NEW.ip IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only; an ip may only be cleared'); END;
    CREATE INDEX audit_log_with_ip ON audit_log (at) WHERE ip IS NOT NULL;
  `,
};
