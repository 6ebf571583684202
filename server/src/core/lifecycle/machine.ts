/**
 * The contact lifecycle of DESIGN §4, for every channel:
 *   waiting → called (→ recalled)* → serving (⇄ parked) → done(outcome)
 *   called → no_show; waiting | called | serving | parked → transferred (= waiting again);
 *   waiting | called | parked → cancelled; waiting | called → abandoned (hung up, recorded as
 *   cancelled with the outcome 'abandoned').
 * Pure: the store asks it before writing, so no transition outside this table is ever stored.
 */
export const CONTACT_STATES = ['waiting', 'called', 'serving', 'parked', 'done', 'no_show', 'cancelled'] as const;
export type ContactState = (typeof CONTACT_STATES)[number];

export const ACTIONS = ['call', 'recall', 'start', 'no_show', 'requeue', 'transfer', 'park', 'resume', 'finish', 'cancel', 'abandon'] as const;
export type ContactAction = (typeof ACTIONS)[number];

const table: Record<ContactState, Partial<Record<ContactAction, ContactState>>> = {
  // `abandon`: the caller hung up or the chat closed before anyone answered.
  waiting: { call: 'called', transfer: 'waiting', cancel: 'cancelled', abandon: 'cancelled' },
  // `start` is "the visitor arrived at the counter": confirming the call starts the service.
  called: { recall: 'called', start: 'serving', no_show: 'no_show', requeue: 'waiting', transfer: 'waiting', cancel: 'cancelled', abandon: 'cancelled' },
  serving: { park: 'parked', transfer: 'waiting', finish: 'done' },
  parked: { resume: 'serving', transfer: 'waiting', finish: 'done', cancel: 'cancelled' },
  done: {},
  no_show: {},
  cancelled: {},
};

export const FINAL_STATES: readonly ContactState[] = ['done', 'no_show', 'cancelled'];

export type TransitionResult =
  | { ok: true; from: ContactState; to: ContactState }
  | { ok: false; from: ContactState; allowed: ContactAction[] };

export function transition(from: ContactState, action: ContactAction): TransitionResult {
  const to = table[from][action];
  if (to) return { ok: true, from, to };
  return { ok: false, from, allowed: allowedActions(from) };
}

export function allowedActions(from: ContactState): ContactAction[] {
  return ACTIONS.filter((a) => table[from][a] !== undefined);
}

/** Outcomes a finished contact is recorded with (DESIGN §4); ROSA 1–4 first line, 5–8 specialist. */
export const OUTCOMES = ['resolved', 'forwarded', 'no_show', 'abandoned', 'transferred', 'cancelled'] as const;
export type Outcome = (typeof OUTCOMES)[number];
