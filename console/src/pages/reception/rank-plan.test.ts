import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRanks, moveOrder, undoOrder, type LineContact, type OrderEntry } from './rank-plan.js';

const line = (...ids: string[]): LineContact[] => ids.map((id) => ({ id, version: 0 }));
const ids = (cs: readonly { id: string }[]) => cs.map((c) => c.id);
/** What the server writes for a reorder: ranks 0, 1, 2 … in the order listed. */
const asRanks = (order: readonly OrderEntry[]) => order.map((o, rank) => ({ id: o.id, rank }));

test('moving up in an unranked line lists the front of the line through the moved contact, with the versions read', () => {
  const l: LineContact[] = [{ id: 'a', version: 3 }, { id: 'b', version: 0 }, { id: 'c', version: 7 }, { id: 'd', version: 1 }];
  const order = moveOrder(l, 2, 'up');
  assert.deepEqual(order, [{ id: 'a', version: 3 }, { id: 'c', version: 7 }, { id: 'b', version: 0 }]);
  assert.deepEqual(ids(applyRanks(l, asRanks(order))), ['a', 'c', 'b', 'd']);
});

test('moving down swaps with the next one; the first and last cannot move out of the line', () => {
  const l = line('a', 'b', 'c');
  assert.deepEqual(ids(applyRanks(l, asRanks(moveOrder(l, 0, 'down')))), ['b', 'a', 'c']);
  assert.deepEqual(moveOrder(l, 0, 'up'), []);
  assert.deepEqual(moveOrder(l, 2, 'down'), []);
  assert.deepEqual(moveOrder(l, 5, 'up'), []);
});

test('every contact already ranked is listed, so none is left ranked among the new front', () => {
  const mixed: LineContact[] = [{ id: 'a', rank: 5, version: 1 }, { id: 'b', rank: 9, version: 1 }, { id: 'c', version: 0 }, { id: 'd', version: 0 }];
  assert.deepEqual(ids(moveOrder(mixed, 1, 'up')), ['b', 'a'], 'through the moved pair');
  const ranked: LineContact[] = [{ id: 'a', rank: 0, version: 1 }, { id: 'b', rank: 1, version: 1 }, { id: 'c', rank: 2, version: 1 }, { id: 'd', version: 0 }];
  assert.deepEqual(ids(moveOrder(ranked, 1, 'up')), ['b', 'a', 'c'], 'through the last ranked one');
  const moved = applyRanks(mixed, asRanks(moveOrder(mixed, 3, 'up')));
  assert.deepEqual(ids(moved), ['a', 'b', 'd', 'c']);
  assert.deepEqual(moved.map((c) => c.rank), [0, 1, 2, 3]);
});

test('whatever the move, the order sent puts the line in the new order as the server sorts it, and its undo puts it back', () => {
  for (let n = 2; n <= 6; n++) {
    for (let ranked = 0; ranked <= n; ranked++) {
      const l: LineContact[] = Array.from({ length: n }, (_, i) => (i < ranked ? { id: `c${i}`, rank: i * 3, version: i } : { id: `c${i}`, version: i }));
      for (let i = 0; i < n; i++) {
        for (const dir of ['up', 'down'] as const) {
          const j = dir === 'up' ? i - 1 : i + 1;
          if (j < 0 || j >= n) continue;
          const want = ids(l);
          [want[i], want[j]] = [want[j]!, want[i]!];
          const order = moveOrder(l, i, dir);
          const after = applyRanks(l, asRanks(order)).map((c) => ({ ...c, version: c.version + 1 }));
          assert.deepEqual(ids(after), want, `n=${n} ranked=${ranked} ${i} ${dir}`);
          const undo = undoOrder(l, order, after);
          assert.deepEqual(undo.map((o) => o.version), undo.map((o) => after.find((c) => c.id === o.id)!.version), 'at the versions after the move');
          assert.deepEqual(ids(applyRanks(after, asRanks(undo))), ids(l), `undo n=${n} ranked=${ranked} ${i} ${dir}`);
        }
      }
    }
  }
});
