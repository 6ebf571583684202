/**
 * One core for every channel: visits become contacts (a visit is the contact whose
 * channel is 'visit' and which has a ticket number), with the full lifecycle's columns;
 * agents with skills, languages and channels; answer groups and languages as data.
 * Rebuilds the contacts table (SQLite cannot alter a CHECK) keeping every row.
 */
export const migration = {
  version: 2,
  name: 'contacts and agents',
  sql: `
    -- Renaming first rewrites the references in events, print jobs and idempotency keys.
    ALTER TABLE visits RENAME TO contacts;
    CREATE TABLE contacts_new (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites(id),
      channel TEXT NOT NULL CHECK (channel IN ('visit','phone','chat','email')),
      service_id TEXT NOT NULL REFERENCES services(id),
      number TEXT,
      service_day TEXT NOT NULL,
      language TEXT NOT NULL,
      priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal','priority','appointment')),
      kiosk_id TEXT REFERENCES kiosks(id),
      external_ref TEXT,
      state TEXT NOT NULL CHECK (state IN ('waiting','called','serving','parked','done','no_show','cancelled')),
      issued_at TEXT NOT NULL,
      -- The place in line: the original arrival, kept on a transfer unless reception says
      -- otherwise, when it becomes the time of the transfer.
      queued_at TEXT NOT NULL,
      called_at TEXT,
      served_at TEXT,
      ended_at TEXT,
      recalls INTEGER NOT NULL DEFAULT 0,
      service_point_id TEXT REFERENCES service_points(id),
      agent_id TEXT,
      pinned_agent_id TEXT,
      pinned_service_point_id TEXT REFERENCES service_points(id),
      rank INTEGER,
      appointment_at TEXT,
      outcome TEXT CHECK (outcome IN ('resolved','forwarded','no_show','abandoned','transferred','cancelled')),
      rosa_level INTEGER CHECK (rosa_level BETWEEN 1 AND 8),
      case_id TEXT,
      version INTEGER NOT NULL DEFAULT 0,
      UNIQUE (site_id, service_day, number)
    );
    INSERT INTO contacts_new (id, site_id, channel, service_id, number, service_day, language, kiosk_id, state,
        issued_at, queued_at, called_at, service_point_id, ended_at, outcome)
      SELECT id, site_id, 'visit', service_id, number, service_day, language, kiosk_id, state,
        issued_at, issued_at, called_at, service_point_id,
        CASE WHEN state IN ('done','no_show','cancelled') THEN coalesce(called_at, issued_at) END,
        CASE state WHEN 'done' THEN 'resolved' WHEN 'no_show' THEN 'no_show' WHEN 'cancelled' THEN 'cancelled' END
      FROM contacts;
    DROP TABLE contacts;
    ALTER TABLE contacts_new RENAME TO contacts;
    CREATE INDEX contacts_waiting ON contacts (site_id, state, service_id, issued_at);
    CREATE INDEX contacts_point ON contacts (service_point_id, called_at);
    CREATE INDEX contacts_agent ON contacts (agent_id, state);
    CREATE INDEX contacts_case ON contacts (case_id);
    -- A phone or chat system that re-sends a contact gets the one already queued.
    CREATE UNIQUE INDEX contacts_external ON contacts (site_id, channel, external_ref) WHERE external_ref IS NOT NULL;

    ALTER TABLE visit_events RENAME TO contact_events;
    ALTER TABLE contact_events RENAME COLUMN visit_id TO contact_id;
    ALTER TABLE contact_events ADD COLUMN agent_id TEXT;
    DROP INDEX visit_events_visit;
    CREATE INDEX contact_events_contact ON contact_events (contact_id, id);
    -- Who did what, when and where is the audit trail of counter work: nothing rewrites it
    -- (only data_json may later be blanked, for the retention purge).
    CREATE TRIGGER contact_events_immutable BEFORE UPDATE OF id, contact_id, at, type, actor, service_point_id, agent_id ON contact_events
      BEGIN SELECT RAISE(ABORT, 'contact_events is append-only'); END;
    CREATE TRIGGER contact_events_no_delete BEFORE DELETE ON contact_events
      BEGIN SELECT RAISE(ABORT, 'contact_events is append-only'); END;
    ALTER TABLE print_jobs RENAME COLUMN visit_id TO contact_id;
    ALTER TABLE idempotency_keys RENAME COLUMN visit_id TO contact_id;

    -- A work profile may belong to a counter: whoever sits there works by it (DESIGN §4).
    ALTER TABLE service_points ADD COLUMN profile_json TEXT;
    ALTER TABLE sites ADD COLUMN interpreter_after_seconds INTEGER NOT NULL DEFAULT 300;
    ALTER TABLE sites ADD COLUMN max_recalls INTEGER NOT NULL DEFAULT 2;

    CREATE TABLE answer_groups (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites(id),
      name TEXT NOT NULL
    );
    INSERT INTO answer_groups (id, site_id, name) SELECT DISTINCT answer_group, site_id, answer_group FROM services;

    CREATE TABLE languages (
      code TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      dir TEXT NOT NULL CHECK (dir IN ('ltr','rtl')),
      staffed INTEGER NOT NULL DEFAULT 1
    );

    CREATE TABLE agents (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites(id),
      staff_id TEXT UNIQUE,
      display_name TEXT NOT NULL,
      channels_json TEXT NOT NULL DEFAULT '["visit"]',
      state TEXT NOT NULL DEFAULT 'offline' CHECK (state IN ('available','serving','wrap_up','paused','offline')),
      pause_reason TEXT,
      state_since TEXT,
      service_point_id TEXT REFERENCES service_points(id),
      profile_json TEXT
    );
    CREATE TABLE agent_skills (
      agent_id TEXT NOT NULL REFERENCES agents(id),
      service_id TEXT NOT NULL REFERENCES services(id),
      penalty REAL NOT NULL DEFAULT 0,
      PRIMARY KEY (agent_id, service_id)
    );
    CREATE TABLE agent_languages (
      agent_id TEXT NOT NULL REFERENCES agents(id),
      code TEXT NOT NULL,
      PRIMARY KEY (agent_id, code)
    );

    -- One visit may cover several errands; marks time the parts of a visit.
    CREATE TABLE contact_services (
      id INTEGER PRIMARY KEY,
      contact_id TEXT NOT NULL REFERENCES contacts(id),
      service_id TEXT NOT NULL REFERENCES services(id),
      at TEXT NOT NULL,
      agent_id TEXT
    );
    CREATE TABLE contact_marks (
      id INTEGER PRIMARY KEY,
      contact_id TEXT NOT NULL REFERENCES contacts(id),
      label TEXT NOT NULL,
      at TEXT NOT NULL,
      agent_id TEXT
    );
  `,
};
