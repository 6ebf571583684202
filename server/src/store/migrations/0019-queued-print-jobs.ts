/**
 * The print-job timeout sweep (every 5 s) looked at every print job ever made to find the few
 * still queued: a lobby's year is some 50 000 jobs, a load bench's hour 700 000, and the scan
 * grew with them. The queued ones get an index of their own, so the sweep reads only them.
 */
export const migration = {
  version: 19,
  name: 'queued-print-jobs',
  sql: `
    CREATE INDEX print_jobs_queued ON print_jobs (created_at) WHERE state = 'queued';
  `,
};
