/**
 * The waiting lines counted as they change, not by reading them (issue 9, load). Every call
 * next, every board and every queue summary counts the lines: at 12 000 waiting that was a
 * scan of 12 000 index entries, over a millisecond each time and several times a second,
 * inside the write lock or ahead of the next request. Triggers keep one row per group of
 * waiting contacts (site, errand, channel, language, and whether it is plain as migration
 * 0017 means it: class normal, no pin, no rank) with their count and the sums the queue
 * summaries' line tags are made of (versions, row ids), so each count reads a few rows.
 *
 * The triggers see every insert, update and delete of a contact; a later migration that
 * rebuilds `contacts` must create them again. A group left at 0 stays as a row; readers skip it.
 */
const group = (row: 'NEW' | 'OLD') => `${row}.site_id, ${row}.service_id, ${row}.channel, ${row}.language,
      (${row}.priority = 'normal' AND ${row}.pinned_agent_id IS NULL AND ${row}.pinned_service_point_id IS NULL AND ${row}.rank IS NULL)`;

const join = (row: 'NEW') => `INSERT INTO waiting_groups (site_id, service_id, channel, language, plain, n, versions, rows, weighted)
      VALUES (${group(row)}, 1, ${row}.version, ${row}.rowid, ${row}.rowid * ${row}.version)
      ON CONFLICT (site_id, service_id, channel, language, plain) DO UPDATE SET
        n = n + 1, versions = versions + excluded.versions, rows = rows + excluded.rows, weighted = weighted + excluded.weighted;`;

const leave = (row: 'OLD') => `UPDATE waiting_groups SET
        n = n - 1, versions = versions - ${row}.version, rows = rows - ${row}.rowid, weighted = weighted - ${row}.rowid * ${row}.version
      WHERE (site_id, service_id, channel, language, plain) = (${group(row)});`;

export const migration = {
  version: 18,
  name: 'waiting-groups',
  sql: `
    CREATE TABLE waiting_groups (
      site_id TEXT NOT NULL,
      service_id TEXT NOT NULL,
      channel TEXT NOT NULL,
      language TEXT NOT NULL,
      plain INTEGER NOT NULL,
      n INTEGER NOT NULL,
      versions INTEGER NOT NULL,
      rows INTEGER NOT NULL,
      weighted INTEGER NOT NULL,
      PRIMARY KEY (site_id, service_id, channel, language, plain)
    ) WITHOUT ROWID;
    INSERT INTO waiting_groups (site_id, service_id, channel, language, plain, n, versions, rows, weighted)
      SELECT ${group('NEW').replaceAll('NEW.', '')}, count(*), sum(version), sum(rowid), sum(rowid * version)
      FROM contacts WHERE state = 'waiting' GROUP BY 1, 2, 3, 4, 5;
    CREATE TRIGGER contacts_join_waiting AFTER INSERT ON contacts WHEN NEW.state = 'waiting' BEGIN
      ${join('NEW')}
    END;
    CREATE TRIGGER contacts_leave_waiting AFTER DELETE ON contacts WHEN OLD.state = 'waiting' BEGIN
      ${leave('OLD')}
    END;
    -- An update of a waiting contact leaves its old group and joins its new one (often the same).
    CREATE TRIGGER contacts_update_leaves_waiting AFTER UPDATE ON contacts WHEN OLD.state = 'waiting' BEGIN
      ${leave('OLD')}
    END;
    CREATE TRIGGER contacts_update_joins_waiting AFTER UPDATE ON contacts WHEN NEW.state = 'waiting' BEGIN
      ${join('NEW')}
    END;
  `,
};
