/**
 * The routing core's vocabulary (DESIGN §4 "Routing"). Everything here is plain data so
 * the store can build it from rows and tests can build it by hand; time is epoch ms.
 */

/** One queue for all channels: a visit is a ticket, the others are contacts on the same rule. */
export type Channel = 'visit' | 'phone' | 'chat' | 'email';

/** `priority` covers accessibility needs; `appointment` is a booked visitor checked in at the kiosk. */
export type PriorityClass = 'normal' | 'priority' | 'appointment';

/**
 * A waiting contact as routing sees it. Build every one with all fields present (undefined where
 * absent), as a row mapper does: one object shape keeps `chooseNext`'s loop monomorphic, which
 * measured about a third faster over 10 000 contacts than shapes varying by optional field.
 */
export interface RoutableContact {
  id: string;
  channel: Channel;
  /** Service (errand) id; also the skill an agent needs. */
  service: string;
  /** BCP-47 code as the protocol carries it; compared exactly, so callers normalise once. */
  language: string;
  priority: PriorityClass;
  /** Original arrival; a transfer keeps it, so the visitor keeps their place (DESIGN §4 lifecycle). */
  arrivedAt: number;
  /** When it entered its current queue; shown to staff, not used for ordering (arrival is). */
  queuedAt?: number;
  /** Booked time, for `appointment` contacts. */
  appointmentAt?: number;
  /** Reception pinned it to this agent: only they get it, and they get it first. */
  pinnedAgent?: string;
  /**
   * Reception's manual order within this contact's service, lower first, before the unranked
   * of that service; it never moves the contact ahead of another service's (see choose-next.ts).
   */
  rank?: number;
  /**
   * How many contacts like this one were left out of the list behind it: same service, channel
   * and language, class normal, no pin, no rank, arrived later (or at the same ms with a
   * greater id). They cannot come before it, so call next only counts them (`candidates`,
   * `skipped`), as their fate for this agent is this one's. A queue is folded so only where
   * that holds: `waitDecidesFate` says where it does not (choose-next.ts).
   */
  alike?: number;
}

export interface Skill {
  /**
   * How much less keen this agent is on the service, in units of the service's SL target:
   * urgency (waited ÷ SL target) minus penalty is the score. 0 = primary skill; 0.5 = this
   * agent takes such a contact only when it is half a target more overdue than one of their
   * primary services. Using the target as the unit keeps it comparable across services whose
   * targets differ (3 min phone vs 2 days e-mail), which seconds would not.
   */
  penalty: number;
}

export interface RoutingAgent {
  id: string;
  skills: ReadonlyMap<string, Skill>;
  channels: ReadonlySet<Channel>;
  languages: ReadonlySet<string>;
}

export interface ServiceRule {
  id: string;
  /** The SL target time: "answered within T seconds". */
  slTargetSeconds: number;
}

/**
 * A work profile (after Qmatic's): rules evaluated before the default rule. It belongs to an
 * agent or a service point; the caller passes the one that applies.
 */
export interface WorkProfile {
  id: string;
  rules: readonly WorkProfileRule[];
}

export type WorkProfileRule =
  /** Contacts (of `service`, or any) that waited over `seconds` are taken first, oldest first. */
  | { kind: 'waited_over'; service?: string; seconds: number }
  /** After `priority` priority-side picks in a row, the next `normal` picks prefer normal contacts. */
  | { kind: 'interleave'; priority: number; normal: number }
  /** An appointment within [appointmentAt − before, appointmentAt + after] is taken first; outside it is normal. */
  | { kind: 'appointments_first'; windowBeforeSeconds: number; windowAfterSeconds: number }
  /**
   * Contacts that waited over `afterSeconds` in one of `extraSkills` become eligible for this
   * agent as if the service were a skill with `penalty` (default 0). Channels are not widened.
   */
  | { kind: 'escalate'; afterSeconds: number; extraSkills: readonly string[]; penalty?: number };

/** How the contact's language fits: `interpreter` ranks like `spoken` but needs one booked. */
export type LanguageFit = 'spoken' | 'interpreter' | 'other_agent_speaks';

/** The criterion that separated the chosen contact from the runner-up, in rule order. */
export type DecisiveRule =
  | 'none'
  | 'only_candidate'
  | 'pin'
  | 'language'
  | 'work_profile'
  | 'class'
  | 'urgency'
  | 'rank'
  | 'arrival'
  | 'id';

export interface SkipCounts {
  pinnedElsewhere: number;
  noSkill: number;
  wrongChannel: number;
  /** Nobody available speaks the language and the interpreter wait has not passed yet. */
  languageNotYetOffered: number;
}

export interface ChosenFacts {
  contactId: string;
  service: string;
  channel: Channel;
  language: string;
  languageFit: LanguageFit;
  needsInterpreter: boolean;
  pinned: boolean;
  /** Eligible only through an `escalate` rule, not a skill of the agent. */
  escalated: boolean;
  priority: PriorityClass;
  /** The class it was ranked as: an appointment outside its window is `normal`. Record this in `recentPicks`. */
  effectiveClass: PriorityClass;
  /** An `interleave` rule made this a normal contact's turn. */
  normalTurn: boolean;
  /** The take-first profile rule the contact matched, if any. */
  profileRule: { index: number; rule: WorkProfileRule } | null;
  waitedSeconds: number;
  slTargetSeconds: number;
  /** Waited ÷ SL target: 1 means exactly at target. */
  urgency: number;
  penalty: number;
  /** urgency − penalty, the value compared. */
  score: number;
  rank: number | null;
}

/** What the console shows staff about a decision: plain data, rendered by `explain`. */
export interface Explanation {
  decidedBy: DecisiveRule;
  candidates: number;
  skipped: SkipCounts;
  profileId: string | null;
  chosen: ChosenFacts | null;
  /** The contact that would have come next; `decidedBy` is what separated the two. */
  runnerUpId: string | null;
}

export type RoutingResult =
  | { contact: RoutableContact; explanation: Explanation & { chosen: ChosenFacts } }
  | { contact: null; explanation: Explanation & { chosen: null } };
