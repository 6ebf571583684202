/**
 * The life of a case (DESIGN §4), as one table:
 *
 * | from \ action              | answer                    | forward   | start       | resolve  | send_feedback | close  | withdraw |
 * |----------------------------|---------------------------|-----------|-------------|----------|---------------|--------|----------|
 * | registered                 | answered_at_first_contact | forwarded |             |          |               |        | closed   |
 * | answered_at_first_contact  |                           |           |             |          |               | closed |          |
 * | forwarded                  |                           | forwarded | in_progress |          |               |        | closed   |
 * | in_progress                |                           | forwarded |             | resolved |               |        | closed   |
 * | resolved                   |                           |           |             |          | feedback_sent |        |          |
 * | feedback_sent              |                           |           |             |          |               | closed |          |
 * | closed                     |                           |           |             |          |               |        |          |
 *
 * Decisions beyond the design's arrow chain:
 * - `withdraw` (reason required) closes a case that never got an answer: the citizen
 *   withdrew it, it duplicates another, it was registered by mistake. Without it such a
 *   case would sit in a queue forever; with a plain `close` from `registered` the reason
 *   would be lost. Not from `resolved`: once decided, the citizen is owed the feedback.
 * - `forward` from `forwarded` or `in_progress` re-routes a case that reached the wrong
 *   answer group or back office; the reason says why, the history keeps both.
 * - `close` only after an answer at first contact or after feedback was sent: "one way
 *   in" promises the citizen a reply, so a case cannot skip it.
 * - No reopening: `closed` is final. A citizen who comes back about a closed errand gets a
 *   new case (its summary can refer to the old code); this keeps the closed case's
 *   retention clock (DESIGN §7) simple.
 *
 * Pure: no clock, no ids, no I/O.
 */
import type { CaseAction, CaseState, CaseStep } from '@entre/protocol';
import { CASE_ACTIONS, CASE_STATES } from '@entre/protocol';

export { CASE_ACTIONS, CASE_STATES };
export type { CaseAction, CaseState };

/** The table above; a missing cell is a forbidden action. */
export const CASE_TRANSITIONS: { readonly [S in CaseState]: { readonly [A in CaseAction]?: CaseState } } = {
  registered: { answer: 'answered_at_first_contact', forward: 'forwarded', withdraw: 'closed' },
  answered_at_first_contact: { close: 'closed' },
  forwarded: { forward: 'forwarded', start: 'in_progress', withdraw: 'closed' },
  in_progress: { forward: 'forwarded', resolve: 'resolved', withdraw: 'closed' },
  resolved: { send_feedback: 'feedback_sent' },
  feedback_sent: { close: 'closed' },
  closed: {},
};

/** What each action must carry; anything else is optional (a `reason` is kept as a note). */
const REQUIRES: { readonly [A in CaseAction]: readonly ('reason' | 'answerGroup')[] } = {
  answer: [], forward: ['reason', 'answerGroup'], start: [], resolve: [], send_feedback: [], close: [], withdraw: ['reason'],
};

export interface CaseCommand {
  action: CaseAction;
  reason?: string | undefined;
  answerGroup?: string | undefined;
}

export type TransitionResult =
  | { ok: true; from: CaseState; to: CaseState }
  | { ok: false; error: 'forbidden'; from: CaseState; action: CaseAction; allowed: CaseAction[]; message: string }
  | { ok: false; error: 'incomplete'; from: CaseState; action: CaseAction; issues: { path: string; message: string }[]; message: string };

/** Actions allowed in a state, in the table's column order. */
export function allowedActions(state: CaseState): CaseAction[] {
  const row = CASE_TRANSITIONS[state];
  return CASE_ACTIONS.filter((a) => row[a] !== undefined);
}

const blank = (s: string | undefined) => s === undefined || s.trim() === '';

/**
 * The next state for a command, or why not. A forbidden action is checked first, so the
 * caller can say "the case is X; allowed now: …" whatever the body held.
 */
export function transition(state: CaseState, command: CaseCommand): TransitionResult {
  const { action } = command;
  const to = CASE_TRANSITIONS[state][action];
  if (to === undefined) {
    const allowed = allowedActions(state);
    const message = `The case is ${state}; "${action}" is not possible now. ` +
      (allowed.length ? `Allowed: ${allowed.join(', ')}.` : 'It is final; nothing more can be done.');
    return { ok: false, error: 'forbidden', from: state, action, allowed, message };
  }
  const issues: { path: string; message: string }[] = [];
  for (const field of REQUIRES[action]) {
    if (blank(command[field])) issues.push({ path: `/${field}`, message: `"${action}" needs ${field === 'reason' ? 'a reason' : 'a target answer group'}` });
  }
  // A target on anything but a forward is a client mistake, not something to ignore silently.
  if (action !== 'forward' && command.answerGroup !== undefined) {
    issues.push({ path: '/answerGroup', message: 'only "forward" takes an answer group' });
  }
  if (issues.length) {
    return { ok: false, error: 'incomplete', from: state, action, issues, message: issues.map((i) => i.message).join('; ') };
  }
  return { ok: true, from: state, to };
}

/** The states still ahead on the usual route from each state, for a tracker's "next steps". */
const AHEAD: { readonly [S in CaseState]: readonly CaseState[] } = {
  registered: ['forwarded', 'in_progress', 'resolved', 'feedback_sent', 'closed'],
  answered_at_first_contact: ['closed'],
  forwarded: ['in_progress', 'resolved', 'feedback_sent', 'closed'],
  in_progress: ['resolved', 'feedback_sent', 'closed'],
  resolved: ['feedback_sent', 'closed'],
  feedback_sent: ['closed'],
  closed: [],
};

/**
 * The progress list a citizen sees, like a parcel tracker: the states the case went
 * through with when, then the steps still ahead without a date. A re-forward winds the
 * list back to `forwarded` (with its new date), so a later step never shows as done
 * before an earlier one. `history` is in time order and starts with `registered`.
 */
export function progressSteps(state: CaseState, history: readonly { state: CaseState; at: string }[]): CaseStep[] {
  const path: { state: CaseState; at: string }[] = [];
  for (const h of history) {
    const seen = path.findIndex((p) => p.state === h.state);
    if (seen >= 0) path.splice(seen);
    path.push({ state: h.state, at: h.at });
  }
  const steps: CaseStep[] = path.map((p, i) => ({
    state: p.state,
    status: i === path.length - 1 && state !== 'closed' ? 'current' : 'done',
    at: p.at,
  }));
  for (const next of AHEAD[state]) steps.push({ state: next, status: 'upcoming' });
  return steps;
}
