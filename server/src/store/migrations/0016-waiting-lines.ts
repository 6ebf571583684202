/**
 * The waiting lines, indexed on their own (issue 9, load): every ticket counts the people
 * ahead in its errand's line, and the boards and queue summaries count every line several
 * times a second. A partial index over the waiting contacts only (the line, not the day's or
 * the year's contacts) answers those counts, the lines' oldest arrivals and their tags
 * (queue summaries' lineTag: versions and row ids) from the index alone, and finds the few
 * contacts queued after a visitor without reading the line.
 */
export const migration = {
  version: 16,
  name: 'waiting-lines',
  sql: `
    CREATE INDEX contacts_line ON contacts (site_id, service_id, channel, queued_at, version) WHERE state = 'waiting';
  `,
};
