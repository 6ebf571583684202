/**
 * Displays at work (issue 7): reception's messages to a zone with an expiry, each
 * display's layout and voice, and how to find each service point from the displays.
 * Messages are staff-written notices to the public (never personal data by design; the
 * console says so), removed or expired rather than deleted, so reception can see what ran.
 */
export const migration = {
  version: 10,
  name: 'displays',
  sql: `
    CREATE TABLE zone_messages (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites(id),
      zone_id TEXT NOT NULL,
      text_json TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      removed_at TEXT
    );
    CREATE INDEX zone_messages_live ON zone_messages (site_id, zone_id, expires_at);
    ALTER TABLE displays ADD COLUMN layout TEXT NOT NULL DEFAULT 'landscape' CHECK (layout IN ('landscape','portrait','counter'));
    ALTER TABLE displays ADD COLUMN speech INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE displays ADD COLUMN show_staff_name INTEGER NOT NULL DEFAULT 0;
    -- {"arrow":"left","hint":{"sv":"Plan 2, rum 204"}}
    ALTER TABLE service_points ADD COLUMN wayfinding_json TEXT;
  `,
};
