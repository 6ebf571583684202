/**
 * Work profiles turned into what the hot loop needs: millisecond thresholds, sets, and the
 * take-first rules in order, so `chooseNext` touches no rule object per contact it scans.
 */
import type { PriorityClass, RoutableContact, WorkProfile, WorkProfileRule } from './types.js';

/**
 * When an appointment counts as priority without an `appointments_first` rule: a little early
 * check-in is normal, a long-late one should not jump the queue.
 */
export const DEFAULT_APPOINTMENT_WINDOW = { windowBeforeSeconds: 600, windowAfterSeconds: 900 } as const;

export type TakeFirst =
  | { index: number; kind: 'waited_over'; service: string | undefined; overMs: number }
  | { index: number; kind: 'appointments_first'; beforeMs: number; afterMs: number };

export interface Escalation {
  afterMs: number;
  services: ReadonlySet<string>;
  penalty: number;
}

export interface CompiledProfile {
  id: string | null;
  rules: readonly WorkProfileRule[];
  takeFirst: readonly TakeFirst[];
  interleave: { priority: number; normal: number } | null;
  escalations: readonly Escalation[];
  appointmentBeforeMs: number;
  appointmentAfterMs: number;
}

/** Problems a profile has, for the config edge; `compileProfile` ignores invalid rules rather than throw. */
export function validateWorkProfile(profile: WorkProfile): string[] {
  const errors: string[] = [];
  profile.rules.forEach((rule, i) => {
    const at = `rules[${i}] (${rule.kind})`;
    switch (rule.kind) {
      case 'waited_over':
        if (!(rule.seconds >= 0)) errors.push(`${at}: seconds must be ≥ 0`);
        break;
      case 'interleave':
        if (!(Number.isInteger(rule.priority) && rule.priority >= 1)) errors.push(`${at}: priority must be an integer ≥ 1`);
        if (!(Number.isInteger(rule.normal) && rule.normal >= 1)) errors.push(`${at}: normal must be an integer ≥ 1`);
        break;
      case 'appointments_first':
        if (!(rule.windowBeforeSeconds >= 0 && rule.windowAfterSeconds >= 0)) errors.push(`${at}: windows must be ≥ 0`);
        break;
      case 'escalate':
        if (!(rule.afterSeconds >= 0)) errors.push(`${at}: afterSeconds must be ≥ 0`);
        if (rule.extraSkills.length === 0) errors.push(`${at}: extraSkills is empty`);
        if (rule.penalty !== undefined && !Number.isFinite(rule.penalty)) errors.push(`${at}: penalty must be finite`);
        break;
    }
  });
  return errors;
}

export function compileProfile(profile: WorkProfile | undefined): CompiledProfile {
  const takeFirst: TakeFirst[] = [];
  const escalations: Escalation[] = [];
  let interleave: CompiledProfile['interleave'] = null;
  let window: { before: number; after: number } | null = null;
  const rules = profile?.rules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    switch (rule.kind) {
      case 'waited_over':
        if (rule.seconds >= 0) takeFirst.push({ index, kind: 'waited_over', service: rule.service, overMs: rule.seconds * 1000 });
        break;
      case 'appointments_first':
        if (rule.windowBeforeSeconds >= 0 && rule.windowAfterSeconds >= 0) {
          const beforeMs = rule.windowBeforeSeconds * 1000;
          const afterMs = rule.windowAfterSeconds * 1000;
          takeFirst.push({ index, kind: 'appointments_first', beforeMs, afterMs });
          // The first such rule also defines "within the window" for the class step, so an
          // appointment is never priority by one window and normal by another.
          window ??= { before: beforeMs, after: afterMs };
        }
        break;
      case 'interleave':
        if (interleave === null && Number.isInteger(rule.priority) && rule.priority >= 1 && Number.isInteger(rule.normal) && rule.normal >= 1) {
          interleave = { priority: rule.priority, normal: rule.normal };
        }
        break;
      case 'escalate':
        if (rule.afterSeconds >= 0 && rule.extraSkills.length > 0) {
          escalations.push({ afterMs: rule.afterSeconds * 1000, services: new Set(rule.extraSkills), penalty: Number.isFinite(rule.penalty) ? rule.penalty! : 0 });
        }
        break;
    }
  }
  return {
    id: profile?.id ?? null,
    rules,
    takeFirst,
    interleave,
    escalations,
    appointmentBeforeMs: window?.before ?? DEFAULT_APPOINTMENT_WINDOW.windowBeforeSeconds * 1000,
    appointmentAfterMs: window?.after ?? DEFAULT_APPOINTMENT_WINDOW.windowAfterSeconds * 1000,
  };
}

/**
 * Whether an interleave p:n makes this pick a normal one: the last picks end in a run of at
 * least p priority-side picks followed by fewer than n normal ones. Normal picks made because no
 * priority contact was waiting do not earn priority contacts a longer wait, hence "in a row".
 * `recentPicks` is oldest first; `appointment` counts on the priority side.
 */
export function isNormalTurn(interleave: { priority: number; normal: number } | null, recentPicks: readonly PriorityClass[] | undefined): boolean {
  if (interleave === null || !recentPicks || recentPicks.length === 0) return false;
  let i = recentPicks.length - 1;
  let normals = 0;
  while (i >= 0 && recentPicks[i] === 'normal') { normals++; i--; }
  if (normals >= interleave.normal) return false;
  let priorities = 0;
  while (i >= 0 && recentPicks[i] !== 'normal' && priorities < interleave.priority) { priorities++; i--; }
  return priorities >= interleave.priority;
}

/** The class a contact is ranked as: appointments count as priority only within their window. */
export function effectiveClass(contact: RoutableContact, now: number, profile: CompiledProfile): PriorityClass {
  if (contact.priority !== 'appointment') return contact.priority;
  const at = contact.appointmentAt;
  // A checked-in appointment without a known time was still vouched for by the booking flow.
  if (at === undefined) return 'appointment';
  return now >= at - profile.appointmentBeforeMs && now <= at + profile.appointmentAfterMs ? 'appointment' : 'normal';
}

/** Index into `takeFirst` of the first rule the contact matches, or -1. */
export function takeFirstIndex(contact: RoutableContact, waitedMs: number, now: number, profile: CompiledProfile): number {
  const rules = profile.takeFirst;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (r.kind === 'waited_over') {
      if (waitedMs > r.overMs && (r.service === undefined || r.service === contact.service)) return i;
    } else if (contact.priority === 'appointment' && contact.appointmentAt !== undefined
      && now >= contact.appointmentAt - r.beforeMs && now <= contact.appointmentAt + r.afterMs) {
      return i;
    }
  }
  return -1;
}

/** Every service some escalate rule can widen an agent's skills to. */
export function escalatedServices(profile: CompiledProfile): Set<string> {
  const out = new Set<string>();
  for (const e of profile.escalations) for (const service of e.services) out.add(service);
  return out;
}

/** The lowest penalty among escalate rules that make the service eligible after this wait, or undefined. */
export function escalationPenalty(service: string, waitedMs: number, profile: CompiledProfile): number | undefined {
  let best: number | undefined;
  for (const e of profile.escalations) {
    if (waitedMs > e.afterMs && e.services.has(service) && (best === undefined || e.penalty < best)) best = e.penalty;
  }
  return best;
}
