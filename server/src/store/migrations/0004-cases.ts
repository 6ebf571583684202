/**
 * Cases: the errand followed across contacts and channels, with a tracking code a citizen
 * can look up without logging in (DESIGN §4), and its append-only history.
 *
 * Privacy (DESIGN §7): `cases.summary` is staff's free-text note and `case_events.data_json`
 * holds free-text reasons (forward, withdraw); both may contain personal data (a name, a
 * personal identity number). The retention job blanks or pseudonymises them once a closed
 * case passes the retention period; every other column is structural (states, times, ids,
 * the staff member's id) and stays. Nothing here is ever shown on the public page.
 */
export const migration = {
  version: 4,
  name: 'cases',
  sql: `
    CREATE TABLE cases (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites(id),
      -- Canonical form: 11 characters, no dashes (the printed form adds them).
      tracking_code TEXT NOT NULL UNIQUE,
      state TEXT NOT NULL CHECK (state IN ('registered','answered_at_first_contact','forwarded','in_progress','resolved','feedback_sent','closed')),
      service_id TEXT REFERENCES services(id),
      -- Where the case is being handled now: set by forward, null while with the first line.
      answer_group TEXT REFERENCES answer_groups(id),
      rosa_level INTEGER CHECK (rosa_level BETWEEN 1 AND 8),
      -- May hold personal data: purged or pseudonymised on retention (see above).
      summary TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      closed_at TEXT,
      CHECK ((state = 'closed') = (closed_at IS NOT NULL))
    );
    CREATE INDEX cases_site_state ON cases (site_id, state, updated_at);

    -- Append-only: one row per change, with who and when.
    CREATE TABLE case_events (
      id INTEGER PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id),
      at TEXT NOT NULL,
      type TEXT NOT NULL,
      actor TEXT NOT NULL,
      data_json TEXT
    );
    CREATE INDEX case_events_case ON case_events (case_id, id);
    -- History is never rewritten or removed; only data_json may change, so the retention
    -- job can blank free-text reasons without dropping the record of what happened.
    CREATE TRIGGER case_events_immutable BEFORE UPDATE OF id, case_id, at, type, actor ON case_events
      BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
    CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
      BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;

    -- contacts.case_id exists since migration 2 (without a foreign key: contacts is rebuilt
    -- by its own migrations); its index too, but do not rely on that.
    CREATE INDEX IF NOT EXISTS contacts_case ON contacts (case_id);
  `,
};
