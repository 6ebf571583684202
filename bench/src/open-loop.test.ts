import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dueUntil, openLoop, slotTime } from './open-loop.js';
import { placeOf, profileSummary } from './cpu-profile.js';

test('the schedule is fixed by the rate, not by when requests ran', () => {
  assert.equal(slotTime(1000, 200, 0), 1000);
  assert.equal(slotTime(1000, 200, 200), 2000);
  // A timer 12 ms late at 200/s owes three requests (due at 0, 5, 10 ms), no more.
  assert.equal(dueUntil(0, 200, 0, 12, 100), 3);
  assert.equal(dueUntil(0, 200, 3, 12, 100), 3);
  assert.equal(dueUntil(0, 200, 0, 1e9, 100), 100);
});

test('a late loop fires the overdue requests at once, each with its own due time', async () => {
  let clock = 0;
  const fired: [number, number][] = [];
  const loop = openLoop({ rate: 100, count: 5, start: 0, now: () => clock, fire: (k, due) => { fired.push([k, due]); } });
  assert.deepEqual(fired, [[0, 0]]);
  clock = 35; // the process was busy for 35 ms
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(fired, [[0, 0], [1, 10], [2, 20], [3, 30]]);
  clock = 40;
  await loop.done;
  assert.deepEqual(fired.at(-1), [4, 40]);
});

test('a CPU profile summary names the places and shares of time', () => {
  assert.equal(placeOf('file:///repo/node_modules/better-sqlite3/lib/methods/transaction.js'), 'better-sqlite3');
  assert.equal(placeOf('file:///repo/node_modules/@fastify/static/index.js'), '@fastify/static');
  assert.equal(placeOf('file:///repo/server/dist/store/lobby-store.js'), 'server/dist/store/lobby-store.js');
  assert.equal(placeOf('node:internal/timers'), 'node');
  const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
  const lines = profileSummary({
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 4] },
      { id: 2, callFrame: frame('issue', 'file:///r/server/dist/store/lobby-store.js'), children: [3] },
      { id: 3, callFrame: frame('all', 'file:///r/node_modules/better-sqlite3/lib/x.js') },
      { id: 4, callFrame: frame('(idle)') },
    ],
    samples: [2, 3, 3, 4], timeDeltas: [1000, 1000, 1000, 1000],
  });
  assert.ok(lines.some((l) => /75\.0%\s+3 ms {2}issue server\/dist\/store\/lobby-store\.js:1/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /50\.0%\s+2 ms {2}better-sqlite3$/.test(l)), lines.join('\n'));
});
