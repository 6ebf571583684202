/**
 * Reception's "move up / move down" as rank writes (`POST /api/v1/contacts/:id/rank`).
 * A ranked contact goes before every unranked one (lower rank first), so moving one
 * place means ranking everyone from the front of the line down to the moved contact (or
 * to the last one already ranked, whichever is further), in the new order. Only the
 * ranks that change are written.
 */
export interface RankedContact { id: string; rank?: number | undefined }
export interface RankWrite { id: string; rank: number }

export function rankMoves(line: readonly RankedContact[], index: number, direction: 'up' | 'down'): RankWrite[] {
  const other = direction === 'up' ? index - 1 : index + 1;
  if (index < 0 || index >= line.length || other < 0 || other >= line.length) return [];
  const order = [...line];
  [order[index], order[other]] = [order[other]!, order[index]!];
  let lastRanked = -1;
  line.forEach((c, i) => { if (c.rank !== undefined) lastRanked = i; });
  const through = Math.max(index, other, lastRanked);
  const writes: RankWrite[] = [];
  for (let p = 0; p <= through; p++) {
    const c = order[p]!;
    if (c.rank !== p) writes.push({ id: c.id, rank: p });
  }
  return writes;
}

/** The line as the server will order it after `writes`: ranked first by rank, the rest as they were. */
export function applyRanks<T extends RankedContact>(line: readonly T[], writes: readonly RankWrite[]): T[] {
  const ranks = new Map(writes.map((w) => [w.id, w.rank]));
  const withRank = line.map((c, i) => ({ c, i, rank: ranks.get(c.id) ?? c.rank }));
  withRank.sort((a, b) => {
    if (a.rank !== undefined && b.rank !== undefined && a.rank !== b.rank) return a.rank - b.rank;
    if ((a.rank === undefined) !== (b.rank === undefined)) return a.rank === undefined ? 1 : -1;
    return a.i - b.i;
  });
  return withRank.map((x) => (ranks.has(x.c.id) ? { ...x.c, rank: ranks.get(x.c.id)! } : x.c));
}
