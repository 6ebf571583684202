/**
 * What the kiosk needs to guide a visitor (issue 6): opening hours, pictograms and one
 * follow-up question per errand, localized answer-group names, per-kiosk settings, the
 * priority reason and the question's answer on a ticket, and the visitor's 1–5 rating.
 *
 * Privacy (DESIGN §7): nothing here is personal. A rating is tied to a ticket, which
 * carries no name or number.
 */
export const migration = {
  version: 5,
  name: 'kiosk-errands',
  sql: `
    -- Weekly hours as JSON: {"mon":[["08:00","12:00"],["13:00","16:00"]], …}, local time of
    -- the site; NULL = open whenever the center is.
    ALTER TABLE services ADD COLUMN hours_json TEXT;
    ALTER TABLE services ADD COLUMN icon TEXT NOT NULL DEFAULT 'info';
    -- {"text":{…},"options":[{"id":…,"text":{…},"service":…}]}
    ALTER TABLE services ADD COLUMN question_json TEXT;
    ALTER TABLE answer_groups ADD COLUMN name_json TEXT;
    ALTER TABLE answer_groups ADD COLUMN icon TEXT NOT NULL DEFAULT 'info';
    ALTER TABLE answer_groups ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
    -- KioskSettings overrides as JSON; NULL = defaults.
    ALTER TABLE kiosks ADD COLUMN settings_json TEXT;
    ALTER TABLE contacts ADD COLUMN priority_reason TEXT CHECK (priority_reason IN ('accessibility','interpreter','staff'));
    ALTER TABLE contacts ADD COLUMN errand_option TEXT;
    ALTER TABLE contacts ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 5);
    ALTER TABLE contacts ADD COLUMN rated_at TEXT;
  `,
};
