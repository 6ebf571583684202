import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '@entre/server/simulate/random';
import { EventQueue } from './event-queue.js';

test('events come out by time, equal times in insertion order', () => {
  const q = new EventQueue<string>();
  q.push(5, 'e');
  q.push(1, 'a');
  q.push(3, 'c1');
  q.push(3, 'c2');
  q.push(0.5, 'first');
  q.push(3, 'c3');
  assert.equal(q.peekTime(), 0.5);
  const out: string[] = [];
  for (let e = q.pop(); e; e = q.pop()) out.push(e.event);
  assert.deepEqual(out, ['first', 'a', 'c1', 'c2', 'c3', 'e']);
  assert.equal(q.size, 0);
  assert.equal(q.peekTime(), undefined);
  assert.throws(() => q.push(Number.NaN, 'x'), /finite/);
});

test('random pushes pop as a stable sort by time (200 seeded cases)', () => {
  const rand = mulberry32(8);
  for (let round = 0; round < 200; round++) {
    const times = Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 20));
    const q = new EventQueue<number>();
    times.forEach((t, i) => q.push(t, i));
    const popped: number[] = [];
    for (let e = q.pop(); e; e = q.pop()) popped.push(e.event);
    const expected = times.map((t, i) => [t, i] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]).map(([, i]) => i);
    assert.deepEqual(popped, expected);
  }
});
