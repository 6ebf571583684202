/**
 * Four indexes of contacts held every contact from its ticket on, though their column is
 * empty until later: the counter and the agent until the call, the case until one is opened,
 * the end until the visit ends. Each new ticket wrote an entry into all four, four of the
 * some 27 pages a ticket writes to the WAL. Only contacts with a value are ever looked up in
 * them (`service_point_id = ?`, `agent_id = ?`, `case_id = ?`, `ended_at < ?`, each of which
 * SQLite knows implies IS NOT NULL), so each now holds only those: a ticket writes 22 pages,
 * and the entry is made when the value is set.
 */
export const migration = {
  version: 21,
  name: 'partial-contact-indexes',
  sql: `
    DROP INDEX contacts_point;
    CREATE INDEX contacts_point ON contacts (service_point_id, called_at) WHERE service_point_id IS NOT NULL;
    DROP INDEX contacts_agent;
    CREATE INDEX contacts_agent ON contacts (agent_id, state) WHERE agent_id IS NOT NULL;
    DROP INDEX contacts_case;
    CREATE INDEX contacts_case ON contacts (case_id) WHERE case_id IS NOT NULL;
    DROP INDEX contacts_unpurged;
    CREATE INDEX contacts_unpurged ON contacts (ended_at) WHERE purged_at IS NULL AND ended_at IS NOT NULL;
  `,
};
