import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CASE_ACTIONS, CASE_STATES, allowedActions, progressSteps, transition, type CaseAction, type CaseState } from './case-machine.js';

/** The allowed moves, written out again independently of the implementation's table. */
const ALLOWED: [CaseState, CaseAction, CaseState][] = [
  ['registered', 'answer', 'answered_at_first_contact'],
  ['registered', 'forward', 'forwarded'],
  ['registered', 'withdraw', 'closed'],
  ['answered_at_first_contact', 'close', 'closed'],
  ['forwarded', 'forward', 'forwarded'],
  ['forwarded', 'start', 'in_progress'],
  ['forwarded', 'withdraw', 'closed'],
  ['in_progress', 'forward', 'forwarded'],
  ['in_progress', 'resolve', 'resolved'],
  ['in_progress', 'withdraw', 'closed'],
  ['resolved', 'send_feedback', 'feedback_sent'],
  ['feedback_sent', 'close', 'closed'],
];

const complete = (action: CaseAction) => ({
  action,
  ...(action === 'forward' ? { reason: 'needs a building inspector', answerGroup: 'samhallsbyggnad' } : {}),
  ...(action === 'withdraw' ? { reason: 'citizen withdrew' } : {}),
});

test('every allowed transition leads where the table says', () => {
  for (const [from, action, to] of ALLOWED) {
    assert.deepEqual(transition(from, complete(action)), { ok: true, from, to }, `${from} --${action}-->`);
  }
});

test('every other state × action is refused, naming the current state and what is allowed', () => {
  let refused = 0;
  for (const state of CASE_STATES) {
    for (const action of CASE_ACTIONS) {
      if (ALLOWED.some(([f, a]) => f === state && a === action)) continue;
      const r = transition(state, complete(action));
      assert.equal(r.ok, false, `${state} --${action}--> must be refused`);
      if (r.ok || r.error !== 'forbidden') throw new Error('expected forbidden');
      const expected = ALLOWED.filter(([f]) => f === state).map(([, a]) => a);
      assert.deepEqual(r.allowed, expected);
      assert.match(r.message, new RegExp(`The case is ${state};`));
      for (const a of expected) assert.match(r.message, new RegExp(a));
      refused++;
    }
  }
  assert.equal(refused, CASE_STATES.length * CASE_ACTIONS.length - ALLOWED.length);
});

test('a sample of forbidden moves a console might try', () => {
  const cases: [CaseState, CaseAction][] = [
    ['registered', 'close'], ['registered', 'resolve'], ['answered_at_first_contact', 'forward'],
    ['resolved', 'close'], ['resolved', 'withdraw'], ['closed', 'start'], ['closed', 'forward'], ['feedback_sent', 'resolve'],
  ];
  for (const [s, a] of cases) assert.equal(transition(s, complete(a)).ok, false, `${s} ${a}`);
  const final = transition('closed', { action: 'answer' });
  assert.ok(!final.ok && /final/.test(final.message), 'closed says it is final');
});

test('forward needs a reason and a target; withdraw needs a reason; only forward takes a target', () => {
  const f = transition('registered', { action: 'forward' });
  assert.ok(!f.ok && f.error === 'incomplete');
  assert.deepEqual(f.issues.map((i) => i.path), ['/reason', '/answerGroup']);
  const blank = transition('forwarded', { action: 'forward', reason: '   ', answerGroup: 'social-valfard' });
  assert.ok(!blank.ok && blank.error === 'incomplete' && blank.issues[0]!.path === '/reason');
  const w = transition('in_progress', { action: 'withdraw' });
  assert.ok(!w.ok && w.error === 'incomplete' && w.issues[0]!.path === '/reason');
  const stray = transition('forwarded', { action: 'start', answerGroup: 'social-valfard' });
  assert.ok(!stray.ok && stray.error === 'incomplete' && stray.issues[0]!.path === '/answerGroup');
  assert.ok(transition('in_progress', { action: 'resolve', reason: 'beslut fattat' }).ok, 'a reason is an optional note elsewhere');
  const forbiddenFirst = transition('closed', { action: 'forward' });
  assert.ok(!forbiddenFirst.ok && forbiddenFirst.error === 'forbidden', 'a forbidden move is reported as such, not as incomplete');
});

test('no dead ends: every state is reachable from registered and every open state can reach closed', () => {
  const reach = (from: CaseState) => {
    const seen = new Set<CaseState>([from]);
    const todo = [from];
    while (todo.length) {
      const s = todo.pop()!;
      for (const a of allowedActions(s)) {
        const r = transition(s, complete(a));
        if (r.ok && !seen.has(r.to)) { seen.add(r.to); todo.push(r.to); }
      }
    }
    return seen;
  };
  assert.deepEqual([...reach('registered')].sort(), [...CASE_STATES].sort());
  for (const s of CASE_STATES) assert.ok(reach(s).has('closed'), s);
  assert.deepEqual(allowedActions('closed'), []);
});

test('progress steps: the main route with dates so far and the steps ahead', () => {
  const steps = progressSteps('in_progress', [
    { state: 'registered', at: '2026-11-24T09:00:00.000Z' },
    { state: 'forwarded', at: '2026-11-24T09:10:00.000Z' },
    { state: 'in_progress', at: '2026-11-25T08:00:00.000Z' },
  ]);
  assert.deepEqual(steps, [
    { state: 'registered', status: 'done', at: '2026-11-24T09:00:00.000Z' },
    { state: 'forwarded', status: 'done', at: '2026-11-24T09:10:00.000Z' },
    { state: 'in_progress', status: 'current', at: '2026-11-25T08:00:00.000Z' },
    { state: 'resolved', status: 'upcoming' },
    { state: 'feedback_sent', status: 'upcoming' },
    { state: 'closed', status: 'upcoming' },
  ]);
});

test('progress steps: answered at first contact, withdrawn, and a re-forward that winds back', () => {
  assert.deepEqual(progressSteps('closed', [
    { state: 'registered', at: 'a' }, { state: 'answered_at_first_contact', at: 'b' }, { state: 'closed', at: 'c' },
  ]).map((s) => `${s.state}:${s.status}`), ['registered:done', 'answered_at_first_contact:done', 'closed:done']);
  assert.deepEqual(progressSteps('closed', [{ state: 'registered', at: 'a' }, { state: 'closed', at: 'b' }])
    .map((s) => s.state), ['registered', 'closed']);
  const reforwarded = progressSteps('forwarded', [
    { state: 'registered', at: 'a' }, { state: 'forwarded', at: 'b' }, { state: 'in_progress', at: 'c' }, { state: 'forwarded', at: 'd' },
  ]);
  assert.deepEqual(reforwarded.slice(0, 3), [
    { state: 'registered', status: 'done', at: 'a' },
    { state: 'forwarded', status: 'current', at: 'd' },
    { state: 'in_progress', status: 'upcoming' },
  ]);
});
