/**
 * Three reads that looked through a site's whole history for its last few rows. A site keeps
 * a year of visits, events and print jobs for its statistics, so each grew with the year:
 *
 * - A ticket's wait estimate averages its errand's last 50 finished visits (lobby-store
 *   `handleTimes`): SQLite read every visit the errand had ever finished and sorted them, for
 *   every ticket issued and every ticket page read. In the soak, 2 ms a ticket for an errand
 *   with 2 200 finished visits (0.06 ms with the index), and the server fell behind after 40
 *   minutes.
 * - Call next weighs an agent's last 12 calls (`recentPicks`): SQLite walked the events back
 *   from the newest until it had found 12 of this agent's calls. For someone with fewer than
 *   12 calls ever (a new colleague, a specialist called on now and then), every event ever.
 * - A printer's recent jobs, and those to print again when its paper is back: every job ever.
 *
 * Each gets an index in the order it is read, so its last rows are the index's last entries.
 */
export const migration = {
  version: 20,
  name: 'history-indexes',
  sql: `
    CREATE INDEX contacts_done ON contacts (site_id, service_id, channel, ended_at) WHERE state = 'done';
    CREATE INDEX contact_events_agent_calls ON contact_events (agent_id, id) WHERE type = 'call';
    CREATE INDEX print_jobs_printer ON print_jobs (printer_id, created_at);
  `,
};
