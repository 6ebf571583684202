/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Timers } from '@entre/web-common/timers';
import { createPoller } from './poll.js';

/** Timers that run only when told: `fire()` runs the one pending timeout. */
function manualTimers() {
  let pending: { fn: () => void; ms: number } | null = null;
  let id = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => { pending = { fn, ms }; return ++id; },
    clearTimeout: () => { pending = null; },
    setInterval: () => { throw new Error('the poller re-arms a timeout; it never uses an interval'); },
    clearInterval: () => {},
    now: () => 0,
  };
  return {
    timers,
    pendingMs: () => pending?.ms ?? null,
    fire: () => { const p = pending; pending = null; assert.ok(p, 'a timeout is pending'); p.fn(); },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

test('reads at start, then once per period, and nothing after stop', async () => {
  const clock = manualTimers();
  let reads = 0;
  const poller = createPoller(async () => { reads++; }, 15_000, clock.timers);
  poller.start();
  poller.start();
  assert.equal(reads, 1, 'a second start does not read again');
  assert.equal(clock.pendingMs(), 15_000);
  await settle();
  clock.fire();
  await settle();
  assert.equal(reads, 2);
  assert.equal(clock.pendingMs(), 15_000, 're-armed after the read');
  poller.stop();
  assert.equal(clock.pendingMs(), null);
});

test('a slow read is never doubled: callers meanwhile share it, and the next period waits for it', async () => {
  const clock = manualTimers();
  let reads = 0;
  let finish: () => void = () => {};
  const poller = createPoller(() => { reads++; return new Promise<void>((r) => { finish = r; }); }, 1000, clock.timers);
  poller.start();
  const a = poller.refresh();
  const b = poller.refresh();
  assert.equal(reads, 1);
  assert.equal(a, b);
  clock.fire(); // the period ends while the first read still hangs
  assert.equal(reads, 1, 'joined the read in flight');
  assert.equal(clock.pendingMs(), null, 'the next period starts only when that read is done');
  finish();
  await a;
  await settle();
  assert.equal(clock.pendingMs(), 1000);
  const next = poller.refresh();
  assert.equal(reads, 2, 'a new read once the last one is done');
  finish();
  await next;
  poller.stop();
});

test('a failed read does not stop the polling', async () => {
  const clock = manualTimers();
  let reads = 0;
  const poller = createPoller(async () => { reads++; throw new Error('down'); }, 1000, clock.timers);
  poller.start();
  await settle();
  clock.fire();
  await settle();
  assert.equal(reads, 2);
  assert.equal(clock.pendingMs(), 1000);
  poller.stop();
});
