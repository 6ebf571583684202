/**
 * Retention of personal data (DESIGN §7): what is due for removal, given the site's
 * settings and the time. Pure; store/retention-store.ts does the removing.
 *
 * Where personal data is kept, and the rule for each:
 *
 * | where                                         | what                                   | rule |
 * |-----------------------------------------------|----------------------------------------|------|
 * | contacts.notify_phone (0006)                  | a visitor's mobile number for the SMS   | blanked by a trigger when the visit ends; the purge blanks any left on a contact issued more than `SMS_SWEEP_MS` ago |
 * | contact_events.data_json: note, reason, label | staff's free text (transfer note, park and cancel reason, mark label) | replaced by `REDACTED` `contactNotesDays` after the contact ended, or with its case (below) |
 * | contact_marks.label (0002)                    | the same label, kept per mark           | as above |
 * | contacts.external_ref (0002)                  | the phone/chat/e-mail system's id: leads back to a caller there | set null as above |
 * | cases.summary (0004)                          | staff's note: may name the citizen, a personal identity number | replaced by `REDACTED` `closedCaseDays` after the case closed (pseudonymised) |
 * | case_events.data_json: reason (0004)          | why a case was forwarded or withdrawn   | as the summary |
 * | audit_log.ip (0003)                           | the address staff (or a failed sign-in) came from | set null after `auditIpDays` |
 * | sessions (0003)                               | a staff member's sign-in and last use (no address, no browser) | deleted at expiry by the staff store's own sweep, not here |
 *
 * Kept, because they are not personal: tickets and contacts themselves (number, errand,
 * language, times, outcome, ROSA level, rating: DESIGN §4 "tickets carry no personal data"),
 * the events' structure (type, time, actor, service point, agent, transfer from/to: what the
 * statistics count), appointments (0007: a code, an errand, a time and a language; no name or
 * number by design), idempotency keys (random keys of a kiosk), the outbox (boards and calls,
 * deleted once published), zone messages (public notices), print jobs, statistics summaries
 * (counts), and staff accounts and agents (employees, kept while the account exists so the
 * audit log keeps pointing at them). A case's tracking code stays: it is the pseudonym, held
 * only by the citizen, and shows nothing but the errand and its progress.
 *
 * Days are the site's local calendar days, so a boundary is always a local midnight and a
 * DST change neither shortens nor lengthens a retention: something that ended on local day D
 * with N days of retention is due from the midnight that begins day D + N + 1.
 */
import type { RetentionSettings } from '@entre/protocol';
import { addDays } from './forecast/calendar.js';
import { serviceDay, serviceDayStart } from './service-day.js';

/** An SMS number on a contact issued longer ago than this is removed whatever the visit's state. */
export const SMS_SWEEP_MS = 24 * 3600_000;

/** Keys of contact event data that hold staff's free text (contact-store: transfer, park, cancel, mark). */
export const CONTACT_FREE_TEXT = ['note', 'reason', 'label'] as const;
/** Keys of case event data that hold staff's free text (case-store: forward, withdraw). */
export const CASE_FREE_TEXT = ['reason'] as const;

/**
 * The instant before which something that ended is due, for `days` days of retention in
 * `timeZone`: the local midnight that began the day `days` days before today.
 */
export function retentionCutoff(now: Date, days: number, timeZone: string): Date {
  return serviceDayStart(addDays(serviceDay(now, timeZone), -days), timeZone);
}

/** Whether something that ended at `endedAt` is past a retention of `days` days now. */
export function isDue(endedAt: Date, now: Date, days: number, timeZone: string): boolean {
  return endedAt.getTime() < retentionCutoff(now, days, timeZone).getTime();
}

/** One site's boundaries as ISO instants, comparable with the stored times. */
export interface SiteCutoffs { contacts: string; cases: string; auditIps: string }

export function siteCutoffs(settings: RetentionSettings, now: Date, timeZone: string): SiteCutoffs {
  return {
    contacts: retentionCutoff(now, settings.contactNotesDays, timeZone).toISOString(),
    cases: retentionCutoff(now, settings.closedCaseDays, timeZone).toISOString(),
    auditIps: retentionCutoff(now, settings.auditIpDays, timeZone).toISOString(),
  };
}

/** The SMS sweep's boundary, which is not the site's to set: contacts issued before it lose their number. */
export function smsSweepCutoff(now: Date): string {
  return new Date(now.getTime() - SMS_SWEEP_MS).toISOString();
}

/**
 * The audit log is one for the whole server: its addresses go by the shortest retention of
 * any site (the latest boundary), so no site keeps them longer than it asked for.
 */
export function auditIpCutoff(sites: readonly SiteCutoffs[]): string | null {
  return sites.reduce<string | null>((latest, s) => (latest === null || s.auditIps > latest ? s.auditIps : latest), null);
}
