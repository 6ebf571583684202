/**
 * Booked visits (issue 6): a time for an errand and the six-digit code the visitor types
 * at the kiosk. Privacy (DESIGN §7): no name or personal number is stored, only the code,
 * the errand, the time and the language; the code is reused only after the booking ends.
 */
export const migration = {
  version: 7,
  name: 'appointments',
  sql: `
    CREATE TABLE appointments (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites(id),
      code TEXT NOT NULL CHECK (length(code) = 6 AND code GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]'),
      service_id TEXT NOT NULL REFERENCES services(id),
      starts_at TEXT NOT NULL,
      language TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('booked','checked_in','cancelled')),
      contact_id TEXT REFERENCES contacts(id),
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      CHECK ((state = 'checked_in') = (contact_id IS NOT NULL))
    );
    -- A code names one open booking per site; ended ones free it.
    CREATE UNIQUE INDEX appointments_open_code ON appointments (site_id, code) WHERE state = 'booked';
    CREATE INDEX appointments_day ON appointments (site_id, starts_at);
  `,
};
