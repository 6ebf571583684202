import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIONS, CONTACT_STATES, FINAL_STATES, allowedActions, transition, type ContactAction, type ContactState } from './machine.js';

const expected: [ContactState, ContactAction, ContactState][] = [
  ['waiting', 'call', 'called'], ['waiting', 'transfer', 'waiting'], ['waiting', 'cancel', 'cancelled'], ['waiting', 'abandon', 'cancelled'],
  ['called', 'abandon', 'cancelled'],
  ['called', 'recall', 'called'], ['called', 'start', 'serving'], ['called', 'no_show', 'no_show'],
  ['called', 'requeue', 'waiting'], ['called', 'transfer', 'waiting'], ['called', 'cancel', 'cancelled'],
  ['serving', 'park', 'parked'], ['serving', 'transfer', 'waiting'], ['serving', 'finish', 'done'],
  ['parked', 'resume', 'serving'], ['parked', 'transfer', 'waiting'], ['parked', 'finish', 'done'], ['parked', 'cancel', 'cancelled'],
];

test('exactly the transitions of the lifecycle are allowed, and every other is refused naming the state', () => {
  let allowed = 0;
  for (const from of CONTACT_STATES) {
    for (const action of ACTIONS) {
      const want = expected.find(([f, a]) => f === from && a === action);
      const got = transition(from, action);
      if (want) {
        allowed++;
        assert.deepEqual(got, { ok: true, from, to: want[2] }, `${from} --${action}->`);
      } else {
        assert.equal(got.ok, false, `${from} --${action}-> must be refused`);
        assert.equal(got.from, from);
        assert.deepEqual(got.ok === false && got.allowed, allowedActions(from));
      }
    }
  }
  assert.equal(allowed, expected.length);
});

test('final states allow nothing; a serving contact cannot be cancelled behind the counter', () => {
  for (const s of FINAL_STATES) assert.deepEqual(allowedActions(s), []);
  assert.equal(transition('serving', 'cancel').ok, false);
  assert.equal(transition('waiting', 'finish').ok, false);
});
