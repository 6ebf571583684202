/**
 * Enrolled devices (issue 9): a kiosk, display or bridge proves who it is with a secret of
 * its own, obtained once by exchanging a one-time enrolment code an admin handed out.
 *
 * - Only hashes are stored (SHA-256: both secrets are long random strings, so a slow hash
 *   buys nothing and would cost every MQTT connect and kiosk request).
 * - `code_hash` is cleared when the code is used; `token_hash` when the device is revoked
 *   or enrolled anew, which is what cuts the old secret off.
 * - `mosquitto_hash` is the same secret in Mosquitto's password-file form (PBKDF2-SHA512),
 *   so `npm run mosquitto-config` can write the external broker's files without the secret.
 * - `scope_json` is what a bridge drives: `{ "printers": [...], "counters": [...] }`; its
 *   broker ACL follows from it. Kiosks and displays take their scope from their own rows.
 */
export const migration = {
  version: 14,
  name: 'device-credentials',
  sql: `
    CREATE TABLE device_credentials (
      device_id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites(id),
      kind TEXT NOT NULL CHECK (kind IN ('kiosk', 'display', 'bridge')),
      name TEXT NOT NULL,
      scope_json TEXT NOT NULL DEFAULT '{}',
      code_hash TEXT UNIQUE,
      code_expires_at TEXT,
      token_hash TEXT UNIQUE,
      mosquitto_hash TEXT,
      enrolled_at TEXT,
      revoked_at TEXT,
      created_at TEXT NOT NULL,
      created_by TEXT REFERENCES staff(id)
    );
  `,
};
