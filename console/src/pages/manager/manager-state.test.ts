/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttp } from '@entre/web-common/http';
import type { Timers } from '@entre/web-common/timers';
import type { Dashboard } from '@entre/protocol';
import { createManagerState, REFRESH_MS } from './manager-state.js';

const zero = { waiting: 0, longestWaitSeconds: 0, answered: 0, answeredInTarget: 0, abandoned: 0, finished: 0, resolved: 0 };
const dashboard = (waiting: number): Dashboard => ({
  site: 'demo', at: '2026-03-02T09:00:00.000Z', serviceDay: '2026-03-02',
  queues: [{ service: 'allmant', name: 'Allmänna frågor', answerGroup: 'forsta-linjen', slTargetFraction: 0.8, slTargetSeconds: 600, ...zero, waiting }],
  channels: [{ channel: 'visit', ...zero, waiting }],
  total: { ...zero, waiting, answered: 2, answeredInTarget: 1, serviceLevel: 0.5 },
  staff: { byState: { available: 1, serving: 0, wrap_up: 0, paused: 0, offline: 5 }, agents: [{ id: 'anna', name: 'Anna', state: 'available' }] },
});

test('polls the dashboard every 5 s, keeps the last figures when a poll fails, and stops', async () => {
  let waiting = 3;
  let down = false;
  const fetch = (async () => {
    if (down) throw new TypeError('fetch failed');
    return new Response(JSON.stringify(dashboard(waiting)), { headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof globalThis.fetch;
  let tick: (() => void) | null = null;
  const timers: Timers = {
    setTimeout: (fn, ms) => { assert.equal(ms, REFRESH_MS); tick = fn; return 7; },
    clearTimeout: () => { tick = null; }, now: () => 0,
    setInterval: () => { throw new Error('not used'); }, clearInterval: () => {},
  };
  const state = createManagerState(createHttp({ fetch }), timers);
  state.start();
  await state.refresh();
  assert.equal(state.dashboard.value?.total.waiting, 3);
  waiting = 5;
  tick!();
  await state.refresh();
  assert.equal(state.dashboard.value?.queues[0]?.waiting, 5);
  down = true;
  await state.refresh();
  assert.equal(state.loadError.value, 'servern svarar inte');
  assert.equal(state.dashboard.value?.total.waiting, 5, 'the last figures stay');
  state.stop();
  assert.equal(tick, null);
});

test('a figure that breaks the contract is refused, not shown', async () => {
  const fetch = (async () => new Response(JSON.stringify({ ...dashboard(1), total: { waiting: -1 } }), { headers: { 'content-type': 'application/json' } })) as unknown as typeof globalThis.fetch;
  const state = createManagerState(createHttp({ fetch }));
  const warn = console.warn;
  console.warn = () => {};
  try { await state.refresh(); } finally { console.warn = warn; }
  assert.equal(state.dashboard.value, null);
  assert.ok(state.loadError.value);
});
