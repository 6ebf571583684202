/**
 * Special days of a site for the arrivals forecast (issue 8): a day that is not like its
 * weekday, either closed or busier/quieter by a factor (1.3 = 30 % more), e.g. the last day
 * to apply for a school place, a staff training day, the day before a long weekend.
 * Sweden's public holidays need no row: the forecast knows them (closed); a row on such a
 * date overrides that (for instance to open). A listed day is left out of the profile the
 * forecast learns from, and its factor applies when it is forecast. Kept in the database, not
 * the server config, because the manager maintains them per site and year, and past ones
 * must be remembered for the history to be read right.
 */
export const migration = {
  version: 12,
  name: 'special days',
  sql: `
    CREATE TABLE special_days (
      site_id TEXT NOT NULL REFERENCES sites(id),
      date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
      factor REAL NOT NULL DEFAULT 1 CHECK (factor >= 0),
      note TEXT,
      closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
      PRIMARY KEY (site_id, date)
    );
  `,
};
