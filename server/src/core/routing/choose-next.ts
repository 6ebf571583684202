/**
 * "Call next" (DESIGN §4): for one agent, the waiting contact that comes next, on any channel.
 *
 * Eligibility: the agent has the service as a skill (or an `escalate` rule widens it) and
 * serves the channel; a contact pinned to another agent is never offered; a contact in a
 * language nobody available speaks waits `interpreterAfterSeconds` before it is offered
 * (unless it is pinned to this agent: reception has then decided who serves it).
 *
 * The rule, first difference wins:
 *   1. pinned to this agent first;
 *   2. language: spoken by this agent (or past the interpreter wait) before spoken only by
 *      another available agent;
 *   4. work-profile take-first rules, in the profile's order (waited_over: oldest arrival
 *      first; appointments_first: earliest appointment first); unmatched contacts after;
 *   5. class: priority and appointments within their window before normal, or the reverse
 *      on an `interleave` normal turn;
 *   6. score = waited ÷ SL target − the agent's penalty for the skill, higher first;
 *   7. arrival, earlier first;  8. id, so the order is total and input order never matters.
 * Language sits above the profile on purpose: a profile reorders what this agent can serve
 * well; it does not send a visitor to a clerk without their language while one with it is free.
 *
 * 3. Reception's rank (lower first, unranked last) orders one service's line only: reception
 * reorders the line of one errand (console rank-plan.ts ranks the front of that line), so a
 * rank must not pre-empt the other errands. Each service is a line; the line whose strongest
 * contact by the rule above comes first is served, and within it the contact first in the
 * line's own order (1, 2, then rank, then 4–8) is called. Moving someone up in a line thus
 * decides who of that line is next, never whether that line is next: with every rank removed
 * the same service is served. (A rank compared across services would not even be an order:
 * ranked A before priority B of its line, B before C of another, C before A by urgency.)
 * Every list of a waiting line (reception's queues, a counter's list, a visitor's "people
 * ahead") is ordered by line-order.ts, which restates this rule for lists; its property test
 * holds the two together, so change them together.
 *
 * One pass, no sort, no allocation per contact: each candidate's key is written into a
 * scratch record and kept, by copy, if it is among the two strongest of its line by the rule
 * or the two first in the line's own order.
 */
import type {
  ChosenFacts, DecisiveRule, Explanation, LanguageFit, PriorityClass, RoutableContact, RoutingAgent,
  RoutingResult, ServiceRule, SkipCounts, WorkProfile,
} from './types.js';
import { compileProfile, effectiveClass, escalatedServices, escalationPenalty, isNormalTurn, takeFirstIndex } from './work-profile.js';

/** Used for a service without a usable SL target, so a config slip never strands its visitors. */
export const FALLBACK_SL_TARGET_SECONDS = 600;

export interface ChooseNextInput {
  agent: RoutingAgent;
  contacts: readonly RoutableContact[];
  services: ReadonlyMap<string, ServiceRule>;
  /** Epoch ms; the core never reads the clock. */
  now: number;
  /** Other agents available now, to know whether anyone speaks a contact's language. */
  otherAvailableAgents?: readonly RoutingAgent[];
  profile?: WorkProfile;
  interpreterAfterSeconds: number;
  /** Effective classes of the last picks, oldest first (`explanation.chosen.effectiveClass`). */
  recentPicks?: readonly PriorityClass[];
}

interface Key {
  contact: RoutableContact | null;
  pin: number;
  lang: number;
  tier: number;
  tierOrder: number;
  cls: number;
  score: number;
  rank: number;
  // Facts kept for the explanation of whichever key wins.
  fit: LanguageFit;
  escalated: boolean;
  effClass: PriorityClass;
  takeFirst: number;
  waitedMs: number;
  slTargetSeconds: number;
  urgency: number;
  penalty: number;
}

function emptyKey(): Key {
  return {
    contact: null, pin: 0, lang: 0, tier: 0, tierOrder: 0, cls: 0, score: 0, rank: 0,
    fit: 'spoken', escalated: false, effClass: 'normal', takeFirst: -1, waitedMs: 0, slTargetSeconds: 0, urgency: 0, penalty: 0,
  };
}

function copyKey(to: Key, from: Key): void {
  to.contact = from.contact; to.pin = from.pin; to.lang = from.lang; to.tier = from.tier; to.tierOrder = from.tierOrder;
  to.cls = from.cls; to.score = from.score; to.rank = from.rank; to.fit = from.fit; to.escalated = from.escalated;
  to.effClass = from.effClass; to.takeFirst = from.takeFirst; to.waitedMs = from.waitedMs; to.slTargetSeconds = from.slTargetSeconds;
  to.urgency = from.urgency; to.penalty = from.penalty;
}

/**
 * One service's waiting contacts as far as the decision needs them: the two strongest by the
 * rule (which line is served) and the two first in the line's own order, rank included (who
 * of the line is called).
 */
interface Line { byRule1: Key; byRule2: Key; byOrder1: Key; byOrder2: Key }

function emptyLine(): Line {
  return { byRule1: emptyKey(), byRule2: emptyKey(), byOrder1: emptyKey(), byOrder2: emptyKey() };
}

/** Keeps `k` (by copy) if it is among the line's two strongest by the rule or two first by its order. */
function offer(line: Line, k: Key): void {
  if (line.byRule1.contact === null || compareKeys(k, line.byRule1, false) < 0) { copyKey(line.byRule2, line.byRule1); copyKey(line.byRule1, k); }
  else if (line.byRule2.contact === null || compareKeys(k, line.byRule2, false) < 0) copyKey(line.byRule2, k);
  if (line.byOrder1.contact === null || compareKeys(k, line.byOrder1, true) < 0) { copyKey(line.byOrder2, line.byOrder1); copyKey(line.byOrder1, k); }
  else if (line.byOrder2.contact === null || compareKeys(k, line.byOrder2, true) < 0) copyKey(line.byOrder2, k);
}

const DECIDED_BY: readonly DecisiveRule[] = ['none', 'pin', 'language', 'rank', 'work_profile', 'work_profile', 'class', 'urgency', 'arrival', 'id'];

/**
 * Negative if `a` comes first, positive if `b` does; the magnitude is the deciding criterion
 * (DECIDED_BY). Reception's rank counts only `withinLine`: between contacts of one service.
 */
function compareKeys(a: Key, b: Key, withinLine: boolean): number {
  if (a.pin !== b.pin) return a.pin < b.pin ? -1 : 1;
  if (a.lang !== b.lang) return a.lang < b.lang ? -2 : 2;
  if (withinLine && a.rank !== b.rank) return a.rank < b.rank ? -3 : 3;
  if (a.tier !== b.tier) return a.tier < b.tier ? -4 : 4;
  if (a.tierOrder !== b.tierOrder) return a.tierOrder < b.tierOrder ? -5 : 5;
  if (a.cls !== b.cls) return a.cls < b.cls ? -6 : 6;
  if (a.score !== b.score) return a.score > b.score ? -7 : 7;
  const ca = a.contact!, cb = b.contact!;
  if (ca.arrivedAt !== cb.arrivedAt) return ca.arrivedAt < cb.arrivedAt ? -8 : 8;
  if (ca.id !== cb.id) return ca.id < cb.id ? -9 : 9;
  return 0;
}

function targetSecondsOf(services: ReadonlyMap<string, ServiceRule>, service: string): number {
  const t = services.get(service)?.slTargetSeconds;
  return t !== undefined && t > 0 ? t : FALLBACK_SL_TARGET_SECONDS;
}

/**
 * Where folding a queue (RoutableContact.alike) would change the counts: for this agent, a
 * plain contact of this service and language is eligible or not by how long it has waited
 * (an escalate rule takes the service after a wait; nobody available speaks the language, so
 * it waits for the interpreter limit). Such groups must be given whole.
 */
export function waitDecidesFate(input: Pick<ChooseNextInput, 'agent' | 'otherAvailableAgents' | 'profile'>): (service: string, language: string) => boolean {
  const escalated = escalatedServices(compileProfile(input.profile));
  const { agent } = input;
  const others = input.otherAvailableAgents ?? [];
  return (service, language) => (!agent.skills.has(service) && escalated.has(service))
    || !(agent.languages.has(language) || others.some((o) => o.languages.has(language)));
}

function foldedWrongly(c: RoutableContact): Error {
  return new Error(`Contact ${c.id} carries ${c.alike} alike, but their wait decides their fate for this agent: give that group whole (waitDecidesFate).`);
}

export function chooseNext(input: ChooseNextInput): RoutingResult {
  const { agent, contacts, services, now } = input;
  const profile = compileProfile(input.profile);
  const normalTurn = isNormalTurn(profile.interleave, input.recentPicks);
  const interpreterMs = input.interpreterAfterSeconds * 1000;
  const agentId = agent.id;
  // Four booleans instead of a Set lookup for each of the (up to 10 000) contacts per call.
  const servesVisit = agent.channels.has('visit'), servesPhone = agent.channels.has('phone');
  const servesChat = agent.channels.has('chat'), servesEmail = agent.channels.has('email');
  const noTakeFirst = profile.takeFirst.length;
  // Below the shortest escalation wait no rule can apply; saves the lookup for most contacts.
  let escalateAfterMs = Number.POSITIVE_INFINITY;
  for (const e of profile.escalations) escalateAfterMs = Math.min(escalateAfterMs, e.afterMs);

  // An agent has a handful of skills and languages: scanning short arrays with === measured
  // about a quarter faster per decision than a Map/Set lookup for each contact.
  const skillServices: string[] = [], skillPenalties: number[] = [], skillTargets: number[] = [];
  for (const [service, skill] of agent.skills) { skillServices.push(service); skillPenalties.push(skill.penalty); skillTargets.push(targetSecondsOf(services, service)); }
  const skillCount = skillServices.length;
  const spoken = [...agent.languages];
  const spokenCount = spoken.length;
  const othersSpeak = new Set<string>();
  for (const other of input.otherAvailableAgents ?? []) for (const l of other.languages) othersSpeak.add(l);

  const skipped: SkipCounts = { pinnedElsewhere: 0, noSkill: 0, wrongChannel: 0, languageNotYetOffered: 0 };
  const escalatable = escalatedServices(profile);
  let candidates = 0;
  const scratch = emptyKey();
  // One line per service: by skill index for the agent's skills, by id for escalated services.
  const skillLines: (Line | undefined)[] = new Array<Line | undefined>(skillCount).fill(undefined);
  const escalatedLines = new Map<string, Line>();
  const lines: Line[] = [];

  for (let i = 0; i < contacts.length; i++) {
    const c = contacts[i]!;
    // This contact and those folded behind it (RoutableContact.alike), who share its fate.
    const n = 1 + (c.alike ?? 0);
    const pinnedAgent = c.pinnedAgent;
    if (pinnedAgent !== undefined && pinnedAgent !== agentId) { skipped.pinnedElsewhere += n; continue; }
    // Not clamped: an arrival stamped a little in the future (clock skew) still orders FIFO.
    const waitedMs = now - c.arrivedAt;

    let penalty: number;
    let targetSeconds: number;
    let escalated = false;
    const service = c.service;
    let s = 0;
    while (s < skillCount && skillServices[s] !== service) s++;
    if (s < skillCount) {
      penalty = skillPenalties[s]!;
      targetSeconds = skillTargets[s]!;
    } else {
      if (n > 1 && escalatable.has(service)) throw foldedWrongly(c);
      const p = waitedMs > escalateAfterMs ? escalationPenalty(service, waitedMs, profile) : undefined;
      if (p === undefined) { skipped.noSkill += n; continue; }
      penalty = p;
      targetSeconds = targetSecondsOf(services, service);
      escalated = true;
    }
    const ch = c.channel;
    if (!(ch === 'visit' ? servesVisit : ch === 'phone' ? servesPhone : ch === 'chat' ? servesChat : ch === 'email' && servesEmail)) { skipped.wrongChannel += n; continue; }

    const pin = pinnedAgent === undefined ? 1 : 0;
    const language = c.language;
    let l = 0;
    while (l < spokenCount && spoken[l] !== language) l++;
    // 0: this agent speaks it; 1: only another available agent does; 2: nobody does.
    let lang = l < spokenCount ? 0 : othersSpeak.has(language) ? 1 : undefined;
    if (lang === undefined) {
      if (n > 1) throw foldedWrongly(c);
      if (pin === 1 && waitedMs < interpreterMs) { skipped.languageNotYetOffered++; continue; }
      lang = 2; // nobody speaks it: ranks as a match (tier 0), flagged for an interpreter
    }

    candidates += n;
    const tf = noTakeFirst === 0 ? -1 : takeFirstIndex(c, waitedMs, now, profile);
    const tier = tf < 0 ? noTakeFirst : tf;
    const tierOrder = tf < 0 ? 0 : profile.takeFirst[tf]!.kind === 'waited_over' ? c.arrivedAt : c.appointmentAt!;
    const effClass = c.priority === 'appointment' ? effectiveClass(c, now, profile) : c.priority;
    const prioritySide = effClass === 'normal' ? 0 : 1;
    const cls = normalTurn ? prioritySide : 1 - prioritySide;
    const urgency = waitedMs / (targetSeconds * 1000);
    const score = urgency - penalty;
    const langRank = lang === 1 ? 1 : 0;
    const rank = c.rank ?? Number.POSITIVE_INFINITY;

    let line = s < skillCount ? skillLines[s] : escalatedLines.get(service);
    if (line === undefined) {
      line = emptyLine();
      if (s < skillCount) skillLines[s] = line; else escalatedLines.set(service, line);
      lines.push(line);
    }

    // Most candidates lose to both runners-up of their line on the leading criteria: reject
    // them before writing the key (compareKeys in short, on the fields that usually decide).
    const r2 = line.byRule2, o2 = line.byOrder2;
    if (r2.contact !== null && o2.contact !== null) {
      const byRule = pin - r2.pin || langRank - r2.lang || tier - r2.tier || tierOrder - r2.tierOrder || cls - r2.cls;
      if (byRule > 0 || (byRule === 0 && score < r2.score)) {
        const byRank = rank === o2.rank ? 0 : rank < o2.rank ? -1 : 1;
        const byOrder = pin - o2.pin || langRank - o2.lang || byRank || tier - o2.tier || tierOrder - o2.tierOrder || cls - o2.cls;
        if (byOrder > 0 || (byOrder === 0 && score < o2.score)) continue;
      }
    }

    const k = scratch;
    k.contact = c;
    k.pin = pin;
    k.lang = langRank;
    k.tier = tier;
    k.tierOrder = tierOrder;
    k.cls = cls;
    k.score = score;
    k.rank = rank;
    k.fit = lang === 0 ? 'spoken' : lang === 1 ? 'other_agent_speaks' : 'interpreter';
    k.escalated = escalated;
    k.effClass = effClass;
    k.takeFirst = tf;
    k.waitedMs = waitedMs;
    k.slTargetSeconds = targetSeconds;
    k.urgency = urgency;
    k.penalty = penalty;
    offer(line, k);
  }

  // The line served: the one whose strongest contact by the rule comes first; w2 the next line.
  let w: Line | undefined, w2: Line | undefined;
  for (const line of lines) {
    if (w === undefined || compareKeys(line.byRule1, w.byRule1, false) < 0) { w2 = w; w = line; }
    else if (w2 === undefined || compareKeys(line.byRule1, w2.byRule1, false) < 0) w2 = line;
  }

  const base = { candidates, skipped, profileId: profile.id };
  if (w === undefined) {
    return { contact: null, explanation: { ...base, decidedBy: 'none', chosen: null, runnerUpId: null } };
  }
  const best = w.byOrder1;
  // The runner-up is who would be called were the chosen one gone. Its line keeps its turn
  // unless the chosen one was also the line's strongest by the rule and the line's next
  // strongest loses to another line; then that line's first is next, and the rule between
  // the two lines' strongest is what decided.
  let second: Key | null = null;
  let decisive = 0;
  const ownNext = w.byOrder2.contact !== null ? w.byOrder2 : null;
  if (ownNext !== null && (best.contact !== w.byRule1.contact || w2 === undefined || compareKeys(w.byRule2, w2.byRule1, false) < 0)) {
    second = ownNext;
    decisive = compareKeys(best, ownNext, true);
  } else if (w2 !== undefined) {
    second = w2.byOrder1;
    decisive = compareKeys(w.byRule1, w2.byRule1, false);
  }
  const decidedBy: DecisiveRule = second === null ? 'only_candidate' : DECIDED_BY[Math.abs(decisive) || 9] ?? 'id';
  const c = best.contact!;
  const takeFirst = best.takeFirst >= 0 ? profile.takeFirst[best.takeFirst]! : undefined;
  const chosen: ChosenFacts = {
    contactId: c.id,
    service: c.service,
    channel: c.channel,
    language: c.language,
    languageFit: best.fit,
    needsInterpreter: best.fit === 'interpreter',
    pinned: best.pin === 0,
    escalated: best.escalated,
    priority: c.priority,
    effectiveClass: best.effClass,
    normalTurn,
    profileRule: takeFirst ? { index: takeFirst.index, rule: profile.rules[takeFirst.index]! } : null,
    waitedSeconds: Math.max(0, best.waitedMs) / 1000,
    slTargetSeconds: best.slTargetSeconds,
    urgency: best.urgency,
    penalty: best.penalty,
    score: best.score,
    rank: c.rank ?? null,
  };
  const explanation: Explanation & { chosen: ChosenFacts } = { ...base, decidedBy, chosen, runnerUpId: second?.contact?.id ?? null };
  return { contact: c, explanation };
}
