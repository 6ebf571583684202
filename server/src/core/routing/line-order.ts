/**
 * The waiting line as "call next" takes it: the one order every list of waiting contacts
 * shows (reception's queues, a counter's list, a visitor's "people ahead"), so no page
 * orders the same line its own way.
 *
 * Within one service (a line) the order is choose-next.ts's own, first difference wins:
 *   1. pinned to `agent` first (only when a list is for one agent; a contact pinned to another
 *      agent is then left out, as call next never offers it; without `agent` a pin is no place);
 *   3. reception's rank, lower first, unranked last;
 *   4. work-profile take-first rules (`profile`: an agent's or a counter's; none for lists
 *      that belong to no agent, whose appointment window is then the default one);
 *   5. class: priority and appointments within their window before normal, or the reverse on
 *      an `interleave` normal turn;
 *   6. waited ÷ the service's SL target − the agent's penalty, which within one service is
 *      the arrival order;  7. arrival;  8. id.
 * Given several services' contacts, the lines are merged as call next picks among them: the
 * line whose strongest contact by the same rule without rank (score compared across lines, so
 * each line's SL target and the agent's `penalties` count) is served next, and its first
 * contact in line order is taken. An `interleave` rule's turn is followed from `recentPicks`
 * as each pick is taken. The list is thus the sequence of picks call next would make if
 * nobody arrived and no time passed.
 *
 * What a list cannot know, call next decides on its own: step 2, the agent's languages (a
 * contact in a language this agent speaks before one only a colleague speaks, and the
 * interpreter wait), `escalate` rules (which contacts are eligible; the caller passes the
 * contacts), and the clock moving on. A list is therefore each service's line, and "call
 * next" picks among the lines and says why (explain.ts).
 */
import type { PriorityClass, RoutableContact, ServiceRule, WorkProfile } from './types.js';
import { FALLBACK_SL_TARGET_SECONDS } from './choose-next.js';
import { compileProfile, effectiveClass, isNormalTurn, takeFirstIndex } from './work-profile.js';

export interface LineOrderInput<T extends RoutableContact> {
  contacts: readonly T[];
  /** Epoch ms; the core never reads the clock. */
  now: number;
  /** SL targets, to compare lines; a service without one uses the fallback target. */
  services?: ReadonlyMap<string, ServiceRule>;
  /** The agent's skill penalty per service (0 where absent). */
  penalties?: ReadonlyMap<string, number>;
  profile?: WorkProfile;
  /** Effective classes of the agent's last picks, oldest first (as for `chooseNext`). */
  recentPicks?: readonly PriorityClass[];
  /** The list is this agent's: pinned to them first, pinned to anyone else left out. */
  agent?: string;
  /** Stop after this many. */
  limit?: number;
}

interface Key<T> {
  contact: T;
  pin: number;
  rank: number;
  tier: number;
  tierOrder: number;
  /** 1 on the priority side (priority, appointment within its window), 0 normal. */
  side: number;
  effClass: PriorityClass;
  score: number;
  taken: boolean;
}

/** Rule order between lines (`withRank` false) or line order within one (`withRank` true). */
function compare<T extends RoutableContact>(a: Key<T>, b: Key<T>, normalTurn: boolean, withRank: boolean): number {
  if (a.pin !== b.pin) return a.pin - b.pin;
  if (withRank && a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  if (a.tier !== b.tier) return a.tier - b.tier;
  if (a.tierOrder !== b.tierOrder) return a.tierOrder < b.tierOrder ? -1 : 1;
  // Priority side first, or normal first on a normal turn.
  if (a.side !== b.side) return normalTurn ? a.side - b.side : b.side - a.side;
  if (a.score !== b.score) return a.score > b.score ? -1 : 1;
  if (a.contact.arrivedAt !== b.contact.arrivedAt) return a.contact.arrivedAt < b.contact.arrivedAt ? -1 : 1;
  return a.contact.id < b.contact.id ? -1 : a.contact.id > b.contact.id ? 1 : 0;
}

/** One line sorted both ways for one turn, each with a cursor past the contacts taken. */
interface Sorted<T> { byOrder: Key<T>[]; byRule: Key<T>[]; order: number; rule: number }
interface Line<T> { keys: Key<T>[]; turns: [Sorted<T> | null, Sorted<T> | null] }

function sortedFor<T extends RoutableContact>(line: Line<T>, normalTurn: boolean): Sorted<T> {
  const i = normalTurn ? 1 : 0;
  let s = line.turns[i];
  if (!s) {
    s = {
      byOrder: [...line.keys].sort((a, b) => compare(a, b, normalTurn, true)),
      byRule: [...line.keys].sort((a, b) => compare(a, b, normalTurn, false)),
      order: 0, rule: 0,
    };
    line.turns[i] = s;
  }
  while (s.order < s.byOrder.length && s.byOrder[s.order]!.taken) s.order++;
  while (s.rule < s.byRule.length && s.byRule[s.rule]!.taken) s.rule++;
  return s;
}

/**
 * The contacts in the order call next would take them (see the header): one service's line,
 * or several services' lines merged as call next picks among them.
 */
export function orderLine<T extends RoutableContact>(input: LineOrderInput<T>): T[] {
  const { now, agent } = input;
  const profile = compileProfile(input.profile);
  const noTakeFirst = profile.takeFirst.length;
  const lines = new Map<string, Line<T>>();
  let total = 0;
  for (const c of input.contacts) {
    if (agent !== undefined && c.pinnedAgent !== undefined && c.pinnedAgent !== agent) continue;
    const waitedMs = now - c.arrivedAt;
    const tf = noTakeFirst === 0 ? -1 : takeFirstIndex(c, waitedMs, now, profile);
    const effClass = c.priority === 'appointment' ? effectiveClass(c, now, profile) : c.priority;
    const target = input.services?.get(c.service)?.slTargetSeconds;
    const targetSeconds = target !== undefined && target > 0 ? target : FALLBACK_SL_TARGET_SECONDS;
    const key: Key<T> = {
      contact: c,
      pin: agent !== undefined && c.pinnedAgent === agent ? 0 : 1,
      rank: c.rank ?? Number.POSITIVE_INFINITY,
      tier: tf < 0 ? noTakeFirst : tf,
      tierOrder: tf < 0 ? 0 : profile.takeFirst[tf]!.kind === 'waited_over' ? c.arrivedAt : c.appointmentAt!,
      side: effClass === 'normal' ? 0 : 1,
      effClass,
      score: waitedMs / (targetSeconds * 1000) - (input.penalties?.get(c.service) ?? 0),
      taken: false,
    };
    let line = lines.get(c.service);
    if (!line) { line = { keys: [], turns: [null, null] }; lines.set(c.service, line); }
    line.keys.push(key);
    total++;
  }

  const limit = Math.min(total, input.limit ?? total);
  const picks = [...(input.recentPicks ?? [])];
  const out: T[] = [];
  while (out.length < limit) {
    const normalTurn = isNormalTurn(profile.interleave, picks);
    let served: Sorted<T> | undefined;
    let strongest: Key<T> | undefined;
    for (const line of lines.values()) {
      const s = sortedFor(line, normalTurn);
      const k = s.byRule[s.rule];
      if (k && (!strongest || compare(k, strongest, normalTurn, false) < 0)) { strongest = k; served = s; }
    }
    const next = served!.byOrder[served!.order]!;
    next.taken = true;
    out.push(next.contact);
    if (profile.interleave) picks.push(next.effClass);
  }
  return out;
}
