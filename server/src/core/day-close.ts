/**
 * The day close (DESIGN §4): a visit is a person in the lobby, and after closing time that
 * person is gone. So a visit still open when its service day has ended is ended, through the
 * lifecycle machine like any other transition, by the actor below. Phone, chat and e-mail
 * contacts are real back-office queues (an e-mail waits across days) and are never closed.
 */
import { CONTACT_STATES, FINAL_STATES, transition, type ContactAction, type ContactState } from './lifecycle/machine.js';

export const DAY_CLOSE_ACTOR = 'system:day-close';

/**
 * How a visit left open is ended, per state:
 *   waiting → `abandon` (cancelled, outcome `abandoned`): the visitor left without being called;
 *   called  → `no_show` (outcome `no_show`): called, never came to the counter, as a counter
 *             records it; not `abandoned`, which statistics read as "gave up waiting";
 *   serving, parked → `finish`, outcome `resolved`, ROSA unknown, marked implicit: the visitor
 *             reached the counter and the clerk did not close it, the same record a keypad's
 *             "next" makes (agent-store `finishImplicitly`); the machine offers no other end
 *             for `serving`, and a `parked` visitor was served too.
 * Final states need nothing (null).
 */
export function dayCloseAction(state: ContactState): Extract<ContactAction, 'abandon' | 'no_show' | 'finish'> | null {
  const action = state === 'waiting' ? 'abandon' : state === 'called' ? 'no_show' : state === 'serving' || state === 'parked' ? 'finish' : null;
  // The table decides what is allowed; this only picks among what it allows.
  return action !== null && transition(state, action).ok ? action : null;
}

/** The states a visit can be left open in: every one but the final ones. */
export const OPEN_STATES: readonly ContactState[] = CONTACT_STATES.filter((s) => !FINAL_STATES.includes(s));
