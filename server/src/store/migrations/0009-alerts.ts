/**
 * What facility staff need to keep the devices going (issue 7): the availability each
 * device last reported on MQTT, and the alerts that send someone to a printer or device.
 *
 * Alerts are kept here, not computed on the fly, because an acknowledgement must outlive a
 * restart and say who gave it, and an alert that cleared (new paper) should stay listed for
 * a while. Nothing here is personal: device ids, states, times and a staff id.
 */
export const migration = {
  version: 9,
  name: 'alerts',
  sql: `
    -- The retained availability of each device (kiosk, display, bridge), as last reported.
    -- Not a foreign key: any enrolled device may report, whether or not a table lists it.
    CREATE TABLE device_availability (
      site_id TEXT NOT NULL REFERENCES sites(id),
      device_id TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('online','offline')),
      reported_at TEXT NOT NULL,
      received_at TEXT NOT NULL,
      PRIMARY KEY (site_id, device_id)
    );

    CREATE TABLE alerts (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites(id),
      kind TEXT NOT NULL CHECK (kind IN ('paper_near_end','paper_out','cover_open','printer_offline','device_offline')),
      subject TEXT NOT NULL,
      raised_at TEXT NOT NULL,
      cleared_at TEXT,
      acknowledged_at TEXT,
      acknowledged_by TEXT REFERENCES staff(id),
      CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
    );
    -- At most one open alert per condition: a repeated status report raises nothing new.
    CREATE UNIQUE INDEX alerts_open ON alerts (site_id, kind, subject) WHERE cleared_at IS NULL;
    CREATE INDEX alerts_site ON alerts (site_id, raised_at);
  `,
};
