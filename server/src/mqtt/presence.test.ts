import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Availability } from '@entre/protocol';
import { createPresence } from './presence.js';

function harness(ttlMs = 60_000) {
  let now = Date.parse('2026-11-26T08:00:00.000Z');
  const timers = new Map<number, { at: number; fn: () => void }>();
  let next = 0;
  const reports: string[] = [];
  const presence = createPresence({
    clock: () => new Date(now), ttlMs,
    report: (site: string, a: Availability) => reports.push(`${site}/${a.device} ${a.state} ${a.at.slice(11, 19)}`),
    setTimeout: (fn, ms) => { timers.set(++next, { at: now + ms, fn }); return next; },
    clearTimeout: (h) => { timers.delete(h as number); },
  });
  /** Moves the clock, running each timer that falls due on the way, in order. */
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = end;
  };
  return { presence, reports, advance, pending: () => timers.size };
}

test('a held connection is online until its last holder lets go, reported once each way', () => {
  const h = harness();
  const a = h.presence.hold('demo', 'lobby-1');
  const b = h.presence.hold('demo', 'lobby-1'); // the page reloaded before the old socket closed
  h.advance(5_000);
  a();
  a(); // a second release of the same hold changes nothing
  assert.deepEqual(h.reports, ['demo/lobby-1 online 08:00:00']);
  h.advance(10 * 60_000);
  assert.equal(h.reports.length, 1, 'a held device never times out');
  b();
  assert.deepEqual(h.reports, ['demo/lobby-1 online 08:00:00', 'demo/lobby-1 offline 08:10:05']);
});

test('heartbeats keep a kiosk online; the first missed ttl reports it offline', () => {
  const h = harness(75_000);
  h.presence.beat('demo', 'kiosk-1');
  h.advance(30_000);
  h.presence.beat('demo', 'kiosk-1');
  h.advance(30_000);
  h.presence.beat('demo', 'kiosk-1');
  assert.deepEqual(h.reports, ['demo/kiosk-1 online 08:00:00']);
  h.advance(74_999);
  assert.equal(h.reports.length, 1);
  h.advance(1);
  assert.deepEqual(h.reports, ['demo/kiosk-1 online 08:00:00', 'demo/kiosk-1 offline 08:02:15']);
  assert.equal(h.pending(), 0, 'nothing left scheduled for an offline device');
  h.presence.beat('demo', 'kiosk-1');
  assert.equal(h.reports.at(-1), 'demo/kiosk-1 online 08:02:15');
});

test('after a restart a device last known online is reported offline only if it does not come back', () => {
  const h = harness(60_000);
  h.presence.expectBack('demo', 'lobby-1');
  h.presence.expectBack('demo', 'kiosk-1');
  assert.deepEqual(h.reports, [], 'no report while it may still come back');
  h.advance(2_000);
  h.presence.hold('demo', 'lobby-1');
  h.advance(60_000);
  assert.deepEqual(h.reports, ['demo/kiosk-1 offline 08:01:00'], 'the display came back; the kiosk did not');
});

test('devices and sites are kept apart', () => {
  const h = harness();
  const release = h.presence.hold('demo', 'lobby-1');
  h.presence.hold('other', 'lobby-1');
  release();
  assert.deepEqual(h.reports, ['demo/lobby-1 online 08:00:00', 'other/lobby-1 online 08:00:00', 'demo/lobby-1 offline 08:00:00']);
});
