/**
 * How long the site keeps personal data (`/api/v1/admin/retention`, admin role), and what
 * a purge removed (`POST /api/v1/admin/retention/run`). DESIGN §7: a visitor's SMS number is
 * purged after the visit, closed cases are pseudonymised after the retention period.
 *
 * Days are the site's local calendar days: data is due at the local midnight that begins
 * the (N+1)th day after the day it ended, whatever DST does to the length of those days.
 * The SMS number is not a setting: it goes when the visit ends (a database trigger), and a
 * sweep removes any number older than a day that is left.
 */
import Type from 'typebox';
import { IsoTime } from './common.js';

const strict = { additionalProperties: false } as const;
const count = Type.Integer({ minimum: 0 });

export const RetentionSettings = Type.Object({
  contactNotesDays: Type.Integer({
    minimum: 1, maximum: 3650,
    description: 'free text on a finished contact (transfer notes, park and cancel reasons, mark labels) and the phone or chat system\'s reference are removed this many days after the contact ended; a contact on a case keeps them until its case is pseudonymised',
  }),
  closedCaseDays: Type.Integer({
    minimum: 30, maximum: 3650,
    description: 'a closed case\'s summary and free-text reasons are removed this many days after it closed; states, times, errand and ROSA level stay',
  }),
  auditIpDays: Type.Integer({
    minimum: 7, maximum: 3650,
    description: 'IP addresses in the audit log are removed after this many days; the entries themselves stay',
  }),
}, strict);
export type RetentionSettings = Type.Static<typeof RetentionSettings>;

/**
 * - contact notes 30 days: they serve the visit and the follow-up of a complaint about it;
 *   statistics need none of them;
 * - closed cases 365 days: a citizen may come back about the same errand within the year
 *   (yearly applications, a follow-up, a complaint), and staff then read the old summary;
 *   the authoritative record lives in the municipality's case management system under its
 *   own records plan, so Entré's working note need not outlive that year;
 * - audit IPs 90 days: long enough to investigate a misuse noticed at the next quarterly
 *   review, short enough not to become a record of where staff work from.
 */
export const DEFAULT_RETENTION_SETTINGS: RetentionSettings = { contactNotesDays: 30, closedCaseDays: 365, auditIpDays: 90 };

/** What one purge removed, per kind. */
export const RetentionCounts = Type.Object({
  /** Visitors' SMS numbers blanked by the safety sweep (the visit's end blanks the others). */
  smsNumbers: count,
  /** Finished contacts cleared of free text and of the other system's reference. */
  contacts: count,
  /** Closed cases pseudonymised. */
  cases: count,
  /** Audit log entries whose IP address was removed. */
  auditIps: count,
}, strict);
export type RetentionCounts = Type.Static<typeof RetentionCounts>;

export const RetentionRun = Type.Object({ at: IsoTime, counts: RetentionCounts }, strict);
export type RetentionRun = Type.Static<typeof RetentionRun>;

/** The text that stands where personal free text was. */
export const REDACTED = '[borttaget]';
