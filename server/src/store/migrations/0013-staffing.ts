/**
 * Staffing (issue 8): the weekly rota the plan compares its need with, and the site's
 * planning assumptions.
 *
 * - `agent_shifts`: who works when, as a recurring week (ISO weekday 1 = Monday), in the
 *   site's local wall-clock time; `channels_json` narrows what the agent works in that shift
 *   (the counter in the morning, the phone after lunch), or is null for all their channels.
 * - `sites.staffing_json`: shrinkage, callers' and chatters' mean patience, and the handle
 *   times to assume where history has none (protocol `StaffingSettings`); null = defaults.
 */
export const migration = {
  version: 13,
  name: 'staffing',
  sql: `
    CREATE TABLE agent_shifts (
      agent_id TEXT NOT NULL REFERENCES agents(id),
      weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
      starts TEXT NOT NULL CHECK (length(starts) = 5 AND starts GLOB '[0-2][0-9]:[0-5][0-9]' AND starts <= '23:59'),
      ends TEXT NOT NULL CHECK (length(ends) = 5 AND ends GLOB '[0-2][0-9]:[0-5][0-9]' AND ends <= '24:00' AND ends > starts),
      channels_json TEXT,
      PRIMARY KEY (agent_id, weekday, starts)
    );
    ALTER TABLE sites ADD COLUMN staffing_json TEXT;
  `,
};
