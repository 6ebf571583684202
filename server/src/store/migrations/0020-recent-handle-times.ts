/**
 * A ticket's wait estimate averages the handle times of its errand's last 50 finished visits
 * (lobby-store `handleTimes`). With no index in that order, SQLite read every finished visit
 * of the errand ever kept, and sorted them, for every ticket issued and every ticket page
 * read: 36 ms per ticket after the soak's 24 000, and a real site keeps a year of visits for
 * its statistics. The finished visits get an index in the order of their end, so the last 50
 * are the last 50 entries.
 */
export const migration = {
  version: 20,
  name: 'recent-handle-times',
  sql: `
    CREATE INDEX contacts_done ON contacts (site_id, service_id, channel, ended_at) WHERE state = 'done';
  `,
};
