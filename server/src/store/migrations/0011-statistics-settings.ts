/**
 * Statistics (issue 8): how the site counts abandoned contacts in its service level, and
 * the day summaries that let a year of statistics answer at once.
 *
 * - `short_abandon_seconds`: an entry abandoned sooner than this after entering the queue
 *   is a short abandon, counted as never offered (0 = every abandon counts);
 * - `abandoned_in_service_level`: 'counted' (SL = in target ÷ (answered + abandoned)) or
 *   'excluded' (SL = in target ÷ answered). See protocol `StatisticsSettings`.
 *
 * `statistics_days` holds each service day's tallies per service and channel, as computed
 * from the contacts and their events (core/stats/period-stats.ts); `statistics_summaries`
 * records up to which contact event they are current and with which targets and threshold.
 * The event log is append-only and every change to a contact appends to it, so a later
 * event of a day's contact is exactly what makes that day's summary stale. Nothing here is
 * personal data: counts and sums only.
 */
export const migration = {
  version: 11,
  name: 'statistics settings',
  sql: `
    ALTER TABLE sites ADD COLUMN short_abandon_seconds INTEGER NOT NULL DEFAULT 0
      CHECK (short_abandon_seconds BETWEEN 0 AND 3600);
    ALTER TABLE sites ADD COLUMN abandoned_in_service_level TEXT NOT NULL DEFAULT 'counted'
      CHECK (abandoned_in_service_level IN ('counted','excluded'));

    CREATE TABLE statistics_days (
      site_id TEXT NOT NULL REFERENCES sites(id),
      service_day TEXT NOT NULL,
      cells_json TEXT NOT NULL,
      PRIMARY KEY (site_id, service_day)
    ) WITHOUT ROWID;
    CREATE TABLE statistics_summaries (
      site_id TEXT PRIMARY KEY REFERENCES sites(id),
      -- The SL targets and short-abandon threshold the day summaries were counted with.
      rules_json TEXT NOT NULL,
      -- Every contact event up to this id is in the summaries.
      through_event INTEGER NOT NULL
    );
  `,
};
