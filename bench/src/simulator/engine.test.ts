/**
 * Tiny days worked out by hand: every wait below follows from the arrival times, handle
 * times and the policy's rule, written out in the comments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateDay, type SimOptions } from './engine.js';
import { corePolicy, fifoPolicy, POLICIES } from './policies.js';
import { summarize, estimateError, occupancy } from './metrics.js';
import { agent, arrival, center } from './fixtures.js';
import type { ContactRecord, SimResult } from './types.js';

const run = (o: Omit<SimOptions, 'start' | 'end'> & { start?: number; end?: number }): SimResult =>
  simulateDay({ start: 0, end: 60, ...o });
const bySeq = (r: SimResult, seq: number): ContactRecord => r.contacts.find((c) => c.seq === seq)!;
const close = (actual: number | null | undefined, expected: number) => {
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-6, `${actual} ≠ ${expected}`);
};

test('one agent, three calls at 0, 1, 2 min of 5 min each: waits 0, 4 and 8 min, under both policies', () => {
  const c = center([agent('a')]);
  const arrivals = [arrival(0, 0), arrival(1, 1), arrival(2, 2)];
  for (const policy of POLICIES) {
    const r = run({ center: c, arrivals, policy, end: 10 });
    assert.deepEqual(r.contacts.map((x) => x.waitMinutes), [0, 4, 8], r.policy);
    assert.deepEqual(r.contacts.map((x) => x.outcome), ['answered', 'answered', 'answered']);
    assert.equal(r.decisions, 3);
    // Busy 0–15, counted inside the staffed window [0, 10] only.
    assert.equal(r.busyMinutes.get('a'), 10);
    assert.equal(occupancy([r]), 1);
    const [phone, total] = summarize(r.contacts);
    assert.equal(phone!.channel, 'phone');
    assert.equal(total!.meanWait, 4);
    assert.equal(total!.p90Wait, 8);
    assert.equal(total!.serviceLevel, 1, 'all within 10 min');
  }
  // With a 5-minute target the 8-minute wait misses it: SL 2/3.
  const r = run({ center: center([agent('a')], { targets: { allmant: 300 } }), arrivals, policy: fifoPolicy, end: 10 });
  assert.equal(summarize(r.contacts).at(-1)!.serviceLevel, 2 / 3);
});

test('a caller whose patience runs out abandons and the next in line moves up', () => {
  // 0: served 0–10. 1: gives up at 1 + 3 = 4. 2: answered at 10 (wait 8).
  const arrivals = [arrival(0, 0, { handleMinutes: 10 }), arrival(1, 1, { patienceMinutes: 3 }), arrival(2, 2, { handleMinutes: 1 })];
  for (const policy of POLICIES) {
    const r = run({ center: center([agent('a')]), arrivals, policy });
    assert.equal(bySeq(r, 1).outcome, 'abandoned');
    close(bySeq(r, 1).waitMinutes, 3);
    assert.equal(bySeq(r, 1).agent, null);
    assert.equal(bySeq(r, 2).waitMinutes, 8);
    const total = summarize(r.contacts).at(-1)!;
    assert.deepEqual([total.answered, total.abandoned, total.withinTarget], [2, 1, 2]);
    assert.equal(total.serviceLevel, 2 / 3, 'the abandoned call counts against the service level');
    assert.equal(total.meanWait, 4, 'waits are of answered calls: (0 + 8) / 2');
  }
});

test('language: FIFO gives the older Arabic call to the agent without Arabic; the core keeps it for the colleague who has it', () => {
  // A (sv) takes call 0 at 0 until 10; B (sv, ar) call 1 at 0.5 until 10.5. Waiting: 2 (ar, at 1), 3 (sv, at 2).
  const c = center([agent('A', { languages: ['sv'] }), agent('B', { languages: ['sv', 'ar'] })]);
  const arrivals = [
    arrival(0, 0, { handleMinutes: 10 }), arrival(1, 0.5, { handleMinutes: 10 }),
    arrival(2, 1, { language: 'ar', handleMinutes: 1 }), arrival(3, 2, { handleMinutes: 1 }),
  ];
  const fifo = run({ center: c, arrivals, policy: fifoPolicy });
  // A is free at 10 and takes the oldest, the Arabic call (wait 9); B takes call 3 at 10.5 (wait 8.5).
  assert.deepEqual([bySeq(fifo, 2).agent, bySeq(fifo, 2).waitMinutes, bySeq(fifo, 2).languageFit], ['A', 9, 'colleague_speaks']);
  assert.deepEqual([bySeq(fifo, 3).agent, bySeq(fifo, 3).waitMinutes], ['B', 8.5]);
  const core = run({ center: c, arrivals, policy: corePolicy });
  // The core ranks a language A speaks before one only B speaks: A takes call 3 (wait 8), B the Arabic one at 10.5 (9.5).
  assert.deepEqual([bySeq(core, 3).agent, bySeq(core, 3).waitMinutes], ['A', 8]);
  assert.deepEqual([bySeq(core, 2).agent, bySeq(core, 2).waitMinutes, bySeq(core, 2).languageFit], ['B', 9.5, 'spoken']);
  assert.equal(summarize(fifo.contacts).at(-1)!.byNonSpeaker, 1);
  assert.equal(summarize(core.contacts).at(-1)!.byNonSpeaker, 0);
});

test('a language nobody on staff speaks: the core offers it after the interpreter wait, FIFO at once', () => {
  const c = center([agent('a')], { interpreterAfterSeconds: 300 });
  const calls = [arrival(0, 1, { language: 'ti', handleMinutes: 1 })];
  const fifo = run({ center: c, arrivals: calls, policy: fifoPolicy });
  assert.deepEqual([bySeq(fifo, 0).waitMinutes, bySeq(fifo, 0).languageFit], [0, 'nobody_speaks']);
  const core = run({ center: c, arrivals: calls, policy: corePolicy });
  close(bySeq(core, 0).waitMinutes, 5);
  assert.equal(summarize(core.contacts).at(-1)!.interpreter, 1);
  // With 3 minutes of patience the caller is gone before the core would offer the call.
  const impatient = [arrival(0, 1, { language: 'ti', patienceMinutes: 3 })];
  assert.equal(bySeq(run({ center: c, arrivals: impatient, policy: corePolicy }), 0).outcome, 'abandoned');
  assert.equal(bySeq(run({ center: c, arrivals: impatient, policy: fifoPolicy }), 0).outcome, 'answered');
});

test('urgency: the core takes the contact furthest past its own SL target, FIFO the oldest', () => {
  // Busy until 10. Waiting: 1 "slow" (target 10 min) since 1 → 0.9 of target; 2 "fast" (1 min) since 5 → 5×.
  const c = center([agent('a', { skills: { slow: 0, fast: 0 } })], { targets: { slow: 600, fast: 60 } });
  const arrivals = [arrival(0, 0, { service: 'slow', handleMinutes: 10 }), arrival(1, 1, { service: 'slow', handleMinutes: 1 }), arrival(2, 5, { service: 'fast', handleMinutes: 1 })];
  assert.deepEqual([bySeq(run({ center: c, arrivals, policy: fifoPolicy }), 1).waitMinutes, bySeq(run({ center: c, arrivals, policy: fifoPolicy }), 2).waitMinutes], [9, 6]);
  const core = run({ center: c, arrivals, policy: corePolicy });
  assert.deepEqual([bySeq(core, 2).waitMinutes, bySeq(core, 1).waitMinutes], [5, 10]);
});

test('penalty: the core prefers the primary skill unless the other errand is half a target more overdue', () => {
  // At 10: bygglov since 1 → 0.9 − 0.5 = 0.4; allmant since 3 → 0.7. The core takes allmant, FIFO bygglov.
  const c = center([agent('a', { skills: { allmant: 0, bygglov: 0.5 } })], { targets: { allmant: 600, bygglov: 600 } });
  const arrivals = [arrival(0, 0, { handleMinutes: 10 }), arrival(1, 1, { service: 'bygglov', handleMinutes: 1 }), arrival(2, 3, { handleMinutes: 1 })];
  assert.equal(bySeq(run({ center: c, arrivals, policy: fifoPolicy }), 1).waitMinutes, 9);
  const core = run({ center: c, arrivals, policy: corePolicy });
  assert.deepEqual([bySeq(core, 2).waitMinutes, bySeq(core, 1).waitMinutes], [7, 10]);
});

test('visits go only to an agent at a counter; a no-show costs the agent the recall time', () => {
  // "back" serves visits on paper but sits at no counter, so stays idle. "desk" calls visitor 0 at 0,
  // who never comes: free again at 2, calls visitor 1 (arrived 0.5) → wait 1.5.
  const c = center([agent('back', { channels: ['visit', 'phone'] }), agent('desk', { channels: ['visit'], servicePoint: 'disk-1' })], { points: { 'disk-1': ['allmant'] } });
  const arrivals = [arrival(0, 0, { channel: 'visit', noShow: true }), arrival(1, 0.5, { channel: 'visit', handleMinutes: 4 })];
  for (const policy of POLICIES) {
    const r = run({ center: c, arrivals, policy, noShowMinutes: 2 });
    assert.deepEqual([bySeq(r, 0).outcome, bySeq(r, 0).agent, bySeq(r, 0).waitMinutes], ['no_show', 'desk', 0]);
    assert.deepEqual([bySeq(r, 1).outcome, bySeq(r, 1).agent, bySeq(r, 1).waitMinutes], ['answered', 'desk', 1.5]);
    assert.equal(r.busyMinutes.get('back'), 0);
    assert.equal(r.busyMinutes.get('desk'), 6);
    const visit = summarize(r.contacts)[0]!;
    assert.deepEqual([visit.answered, visit.noShow, visit.serviceLevel], [1, 1, 1], 'a no-show is in neither part of the service level');
  }
});

test('the kiosk estimate: visitors ahead, counters that list the errand, the default handle time', () => {
  // desk (visit + phone, counter lists allmant) takes call 0 at 0 until 10. Call 1 waits from 1.
  // Visit 2 at 2: no visitor ahead → 0 min (the kiosk counts its own line). The old rule counted
  // the call too: ahead = 1, servers = 1, 360 s (fewer than 5 samples) → ceil((1 − 0.5) × 360 / 60) = 3.
  // FIFO: call 1 at 10 until 12, then visit 2 at 12: waited 10. |0 − 10| = 10; |3 − 10| = 7.
  // (A desk that also takes calls is where the visitors-only rule is optimistic.)
  const c = center([agent('desk', { channels: ['visit', 'phone'], servicePoint: 'disk-1' })], { points: { 'disk-1': ['allmant'] } });
  const arrivals = [arrival(0, 0, { handleMinutes: 10 }), arrival(1, 1, { handleMinutes: 2 }), arrival(2, 2, { channel: 'visit', handleMinutes: 1 })];
  const r = run({ center: c, arrivals, policy: fifoPolicy });
  assert.deepEqual([bySeq(r, 2).estimateMinutes, bySeq(r, 2).estimateAllChannelsMinutes, bySeq(r, 2).waitMinutes], [0, 3, 10]);
  const e = estimateError(r.contacts);
  assert.deepEqual([e.n, e.unknown, e.mae, e.maeAllChannels, e.bias, e.meanActual], [1, 0, 10, 7, -10, 10]);
  assert.equal(bySeq(r, 0).estimateMinutes, undefined, 'calls get no kiosk estimate');
});

test('the kiosk says "unknown" for an errand its counter does not list, though the agent there serves it', () => {
  // As Leyla at disk-2: skilled in social, but disk-2 lists only allmant, so the estimate has no servers.
  const c = center([agent('leyla', { skills: { social: 0, allmant: 0.3 }, channels: ['visit'], servicePoint: 'disk-2' })],
    { points: { 'disk-2': ['allmant'] }, targets: { social: 600, allmant: 600 } });
  const r = run({ center: c, arrivals: [arrival(0, 0, { channel: 'visit', service: 'social' })], policy: corePolicy });
  assert.deepEqual([bySeq(r, 0).estimateMinutes, bySeq(r, 0).outcome, bySeq(r, 0).agent], [null, 'answered', 'leyla']);
  assert.deepEqual([estimateError(r.contacts).n, estimateError(r.contacts).unknown], [0, 1]);
});

test('the estimate learns the errand\'s handle time from the visits finished so far (5 or more)', () => {
  // Five 2-minute visits back to back from 0 end at 2, 4, …, 10. Visit 6 (10.05) is called at once,
  // visit 7 (10.1) waits, visit 5 arrives at 10.5 with one ahead: 5 samples of 120 s → ceil(0.5 × 120 / 60) = 1.
  // With only four earlier visits there are 4 samples, so the default 360 s applies → ceil(0.5 × 360 / 60) = 3.
  const c = center([agent('desk', { channels: ['visit'], servicePoint: 'd' })], { points: { d: ['allmant'] } });
  const visits = [0, 1, 2, 3, 4].map((i) => arrival(i, i * 0.01, { channel: 'visit', handleMinutes: 2 }));
  const later = [arrival(5, 10.5, { channel: 'visit' }), arrival(6, 10.05, { channel: 'visit' }), arrival(7, 10.1, { channel: 'visit' })];
  const r = run({ center: c, arrivals: [...visits, ...later], policy: fifoPolicy });
  assert.equal(bySeq(r, 5).estimateMinutes, 1);
  const four = run({ center: c, arrivals: [...visits.slice(0, 4), ...later], policy: fifoPolicy });
  assert.equal(bySeq(four, 5).estimateMinutes, 3);
});

test('whoever is still in line when overtime ends stays open; arrivals outside the window are refused', () => {
  const arrivals = [arrival(0, 0, { handleMinutes: 50 }), arrival(1, 5), arrival(2, 9, { channel: 'email' })];
  const c = center([agent('a', { channels: ['phone', 'email'] })]);
  const r = simulateDay({ center: c, arrivals, policy: corePolicy, start: 0, end: 10, overtimeMinutes: 30 });
  assert.deepEqual(r.contacts.map((x) => x.outcome), ['answered', 'open', 'open']);
  assert.equal(r.stoppedAt, 40);
  assert.deepEqual(summarize(r.contacts).map((x) => [x.channel, x.open]), [['phone', 1], ['email', 1], ['total', 2]]);
  assert.throws(() => simulateDay({ center: c, arrivals: [arrival(0, 10)], policy: fifoPolicy, start: 0, end: 10 }), /outside/);
});

test('simultaneous arrivals are taken in plan order, whatever order the array has', () => {
  const c = center([agent('a')]);
  const arrivals = [arrival(1, 0), arrival(0, 0), arrival(2, 0)];
  for (const policy of POLICIES) {
    const r = run({ center: c, arrivals, policy });
    assert.deepEqual(r.contacts.map((x) => [x.seq, x.waitMinutes]), [[0, 0], [1, 5], [2, 10]]);
  }
});
