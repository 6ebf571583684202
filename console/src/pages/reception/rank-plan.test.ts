import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRanks, rankMoves, type RankedContact } from './rank-plan.js';

const line = (...ids: string[]): RankedContact[] => ids.map((id) => ({ id }));
const ids = (cs: readonly RankedContact[]) => cs.map((c) => c.id);

test('moving up in an unranked line ranks the front of the line through the moved contact', () => {
  const l = line('a', 'b', 'c', 'd');
  const writes = rankMoves(l, 2, 'up');
  assert.deepEqual(writes, [{ id: 'a', rank: 0 }, { id: 'c', rank: 1 }, { id: 'b', rank: 2 }]);
  assert.deepEqual(ids(applyRanks(l, writes)), ['a', 'c', 'b', 'd']);
});

test('moving down swaps with the next one; the first and last cannot move out of the line', () => {
  const l = line('a', 'b', 'c');
  assert.deepEqual(ids(applyRanks(l, rankMoves(l, 0, 'down'))), ['b', 'a', 'c']);
  assert.deepEqual(rankMoves(l, 0, 'up'), []);
  assert.deepEqual(rankMoves(l, 2, 'down'), []);
  assert.deepEqual(rankMoves(l, 5, 'up'), []);
});

test('ranks already in place are not written again, and a later ranked contact stays behind', () => {
  const l: RankedContact[] = [{ id: 'a', rank: 0 }, { id: 'b', rank: 1 }, { id: 'c', rank: 2 }, { id: 'd' }];
  assert.deepEqual(rankMoves(l, 1, 'up'), [{ id: 'b', rank: 0 }, { id: 'a', rank: 1 }]);
  // Moving the unranked first pair keeps the ranked ones behind them ranked, in order.
  const mixed: RankedContact[] = [{ id: 'a', rank: 5 }, { id: 'b', rank: 9 }, { id: 'c' }, { id: 'd' }];
  const writes = rankMoves(mixed, 3, 'up');
  assert.deepEqual(ids(applyRanks(mixed, writes)), ['a', 'b', 'd', 'c']);
  const moved = applyRanks(mixed, writes);
  assert.deepEqual(moved.map((c) => c.rank), [0, 1, 2, 3]);
});

test('whatever the move, the ranks written put the line in the new order as the server sorts it', () => {
  for (let n = 2; n <= 6; n++) {
    for (let ranked = 0; ranked <= n; ranked++) {
      const l: RankedContact[] = Array.from({ length: n }, (_, i) => (i < ranked ? { id: `c${i}`, rank: i * 3 } : { id: `c${i}` }));
      for (let i = 0; i < n; i++) {
        for (const dir of ['up', 'down'] as const) {
          const j = dir === 'up' ? i - 1 : i + 1;
          if (j < 0 || j >= n) continue;
          const want = ids(l);
          [want[i], want[j]] = [want[j]!, want[i]!];
          assert.deepEqual(ids(applyRanks(l, rankMoves(l, i, dir))), want, `n=${n} ranked=${ranked} ${i} ${dir}`);
        }
      }
    }
  }
});
