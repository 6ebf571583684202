/**
 * Call next without reading the whole line (issue 9, load). Most of a long line is "plain":
 * class normal, no pin, no rank. Of those, within one errand, channel and language, only the
 * first two by arrival can be called or named next; the rest are only counted. One index
 * keeps the plain ones in that order, so the first two of each group and the group's size
 * come from the index; the other holds the few that are not plain, which are read whole.
 * routing-candidates.ts repeats these WHERE clauses word for word, as SQLite uses a partial
 * index only for a query whose WHERE contains the index's.
 */
export const migration = {
  version: 17,
  name: 'plain-lines',
  sql: `
    CREATE INDEX contacts_plain_line ON contacts (site_id, service_id, channel, language, queued_at, id)
      WHERE state = 'waiting' AND priority = 'normal' AND pinned_agent_id IS NULL AND pinned_service_point_id IS NULL AND rank IS NULL;
    CREATE INDEX contacts_unplain_line ON contacts (site_id, service_id, channel)
      WHERE state = 'waiting' AND (priority <> 'normal' OR pinned_agent_id IS NOT NULL OR pinned_service_point_id IS NOT NULL OR rank IS NOT NULL);
  `,
};
