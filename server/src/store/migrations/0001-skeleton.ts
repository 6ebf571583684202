/** The walking skeleton's schema: sites, services, counters, kiosks, displays, visits, printing, outbox. */
export const migration = {
  version: 1,
  name: 'skeleton',
  sql: `
      CREATE TABLE sites (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        public_url TEXT NOT NULL
      );
      CREATE TABLE site_languages (
        site_id TEXT NOT NULL REFERENCES sites(id),
        code TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (site_id, code)
      );
      CREATE TABLE services (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id),
        prefix TEXT NOT NULL CHECK (prefix GLOB '[A-Z]*' AND length(prefix) BETWEEN 1 AND 2),
        name_json TEXT NOT NULL,
        description_json TEXT,
        answer_group TEXT NOT NULL,
        sl_target_fraction REAL NOT NULL DEFAULT 0.8,
        sl_target_seconds INTEGER NOT NULL DEFAULT 600,
        active INTEGER NOT NULL DEFAULT 1,
        position INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE zones (
        id TEXT NOT NULL,
        site_id TEXT NOT NULL REFERENCES sites(id),
        name TEXT NOT NULL,
        PRIMARY KEY (site_id, id)
      );
      CREATE TABLE service_points (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id),
        name_json TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE service_point_zones (
        service_point_id TEXT NOT NULL REFERENCES service_points(id),
        zone_id TEXT NOT NULL,
        PRIMARY KEY (service_point_id, zone_id)
      );
      CREATE TABLE service_point_services (
        service_point_id TEXT NOT NULL REFERENCES service_points(id),
        service_id TEXT NOT NULL REFERENCES services(id),
        PRIMARY KEY (service_point_id, service_id)
      );
      CREATE TABLE printers (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id),
        name TEXT NOT NULL,
        online INTEGER NOT NULL DEFAULT 0,
        paper TEXT NOT NULL DEFAULT 'unknown',
        cover_open INTEGER NOT NULL DEFAULT 0,
        errors_json TEXT NOT NULL DEFAULT '[]',
        status_at TEXT
      );
      CREATE TABLE kiosks (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id),
        name TEXT NOT NULL,
        printer_id TEXT REFERENCES printers(id)
      );
      CREATE TABLE displays (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id),
        zone_id TEXT NOT NULL,
        name TEXT NOT NULL,
        languages_json TEXT NOT NULL,
        chime INTEGER NOT NULL DEFAULT 1,
        volume REAL NOT NULL DEFAULT 0.8
      );
      -- One row per prefix and local service day; the number is allocated inside the
      -- transaction that inserts the visit, so two kiosks can never get the same one.
      CREATE TABLE ticket_counters (
        site_id TEXT NOT NULL,
        service_day TEXT NOT NULL,
        prefix TEXT NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (site_id, service_day, prefix)
      );
      CREATE TABLE visits (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id),
        service_id TEXT NOT NULL REFERENCES services(id),
        number TEXT NOT NULL,
        service_day TEXT NOT NULL,
        language TEXT NOT NULL,
        kiosk_id TEXT REFERENCES kiosks(id),
        state TEXT NOT NULL CHECK (state IN ('waiting','called','serving','done','no_show','cancelled')),
        issued_at TEXT NOT NULL,
        called_at TEXT,
        service_point_id TEXT REFERENCES service_points(id),
        UNIQUE (site_id, service_day, number)
      );
      CREATE INDEX visits_waiting ON visits (site_id, state, service_id, issued_at);
      CREATE INDEX visits_called ON visits (service_point_id, called_at);
      -- Append-only history of every transition: who, when, where.
      CREATE TABLE visit_events (
        id INTEGER PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        at TEXT NOT NULL,
        type TEXT NOT NULL,
        actor TEXT NOT NULL,
        service_point_id TEXT,
        data_json TEXT
      );
      CREATE INDEX visit_events_visit ON visit_events (visit_id);
      CREATE TABLE print_jobs (
        id TEXT PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        printer_id TEXT NOT NULL REFERENCES printers(id),
        state TEXT NOT NULL CHECK (state IN ('queued','printed','failed')),
        reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX print_jobs_visit ON print_jobs (visit_id);
      -- A kiosk that retries a timed-out request sends the same key and gets the same
      -- ticket back, not a second number.
      CREATE TABLE idempotency_keys (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        created_at TEXT NOT NULL,
        PRIMARY KEY (scope, key)
      );
      -- Transactional outbox: written in the same transaction as the change it announces,
      -- drained to MQTT after commit, deleted once the broker acknowledged it.
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        topic TEXT NOT NULL,
        payload TEXT NOT NULL,
        qos INTEGER NOT NULL,
        retain INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
};
