/**
 * The kiosk's staff screen PIN (issue 6): its scrypt hash, and the count of wrong tries
 * that locks the pad for a while, so a visitor cannot guess their way in.
 */
export const migration = {
  version: 8,
  name: 'kiosk-pin',
  sql: `
    ALTER TABLE kiosks ADD COLUMN pin_hash TEXT;
    ALTER TABLE kiosks ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE kiosks ADD COLUMN pin_locked_until TEXT;
  `,
};
