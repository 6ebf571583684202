/**
 * The retention purge (rules and the list of what is personal: core/retention.ts), the
 * sites' retention settings, and the schedule that runs the purge at start and every hour.
 *
 * One purge is one immediate transaction, all or nothing: the SMS sweep, every site's
 * closed cases and finished contacts, the audit log's addresses, and its audit row; each
 * step is one statement over the set that is due. It is idempotent: a purged contact or
 * case is marked (migration 15) and not visited again, a cleared address is null. Nothing
 * the statistics read is touched: contacts, events and cases keep their rows, times,
 * states and the events' from/to; only free text and identifiers are replaced, and no
 * event is appended, so the kept day summaries stay current.
 *
 * Removed must mean gone from the file: the database runs with `secure_delete` (db.ts), so
 * SQLite zeroes what it frees instead of leaving it in free space, and after a purge that
 * removed something the WAL is checkpointed and truncated, so no older copy of a page
 * lingers in the `-wal` file. Backups taken before keep their copy (see README).
 */
import type { Logger } from 'pino';
import {
  checker, DEFAULT_RETENTION_SETTINGS, REDACTED, RetentionSettings,
  type RetentionCounts, type RetentionRun, type RetentionSettings as Settings,
} from '@entre/protocol';
import type { Db } from './db.js';
import type { Actor, StaffStore } from '../auth/staff-store.js';
import { EntreError } from '../core/errors.js';
import { auditIpCutoff, CASE_FREE_TEXT, CONTACT_FREE_TEXT, siteCutoffs, smsSweepCutoff } from '../core/retention.js';

/** How often the purge runs after the one at start. */
export const RETENTION_INTERVAL_MS = 3600_000;

const checkSettings = checker(RetentionSettings);

interface SiteRow { id: string; time_zone: string; retention_json: string | null }

/** The stored settings over the defaults, so a setting added later has its default. */
function settingsOf(json: string | null): Settings {
  if (json === null) return { ...DEFAULT_RETENTION_SETTINGS };
  const merged = { ...DEFAULT_RETENTION_SETTINGS, ...(JSON.parse(json) as Partial<Settings>) };
  // A stored value the schema no longer accepts falls back to the defaults rather than purge by it.
  return checkSettings(merged).ok ? merged : { ...DEFAULT_RETENTION_SETTINGS };
}

const none = (): RetentionCounts => ({ smsNumbers: 0, contacts: 0, cases: 0, auditIps: 0 });

/** SQL that replaces the free text under `keys` of a JSON column, and the condition that there is some. */
function freeText(column: string, keys: readonly string[]) {
  return {
    replace: `json_replace(${column}, ${keys.map((k) => `'$.${k}', @redacted`).join(', ')})`,
    present: `(${keys.map((k) => `json_type(${column}, '$.${k}') = 'text'`).join(' OR ')})`,
  };
}
const contactText = freeText('data_json', CONTACT_FREE_TEXT);
const caseText = freeText('data_json', CASE_FREE_TEXT);

/**
 * A site's contacts due now, ended and not yet purged: those past the contact retention on no
 * case (or on one already pseudonymised), and every contact of a case pseudonymised in this
 * run (`@at`). `+site_id` keeps the planner on the partial indexes of migration 15, which
 * hold only what is still to do, instead of every contact or case of the site.
 */
const DUE_CONTACTS = `SELECT c.id FROM contacts c
    WHERE +c.site_id = @site AND c.purged_at IS NULL AND c.ended_at < @before
      AND (c.case_id IS NULL OR NOT EXISTS (SELECT 1 FROM cases k WHERE k.id = c.case_id AND k.pseudonymised_at IS NULL))
  UNION
  SELECT c.id FROM cases k JOIN contacts c ON c.case_id = k.id
    WHERE k.site_id = @site AND k.pseudonymised_at = @at AND c.purged_at IS NULL AND c.ended_at IS NOT NULL`;
const DUE_CASES = 'SELECT id FROM cases WHERE +site_id = @site AND pseudonymised_at IS NULL AND closed_at < @before';

export function createRetentionStore(db: Db, deps: { clock: () => Date; staff: Pick<StaffStore, 'audit'>; logger?: Pick<Logger, 'info' | 'warn'> }) {
  // Set-based, so that a first purge of a year's record takes a moment, not minutes.
  const q = {
    sites: db.prepare<[], SiteRow>('SELECT id, time_zone, retention_json FROM sites ORDER BY id'),
    site: db.prepare<[string], SiteRow>('SELECT id, time_zone, retention_json FROM sites WHERE id = ?'),
    putSettings: db.prepare<[string, string]>('UPDATE sites SET retention_json = ? WHERE id = ?'),

    sweepSms: db.prepare<[string]>('UPDATE contacts SET notify_phone = NULL WHERE notify_phone IS NOT NULL AND issued_at < ?'),

    // A closed case: its events' reasons, then its summary, and it is marked.
    redactCaseEvents: db.prepare<{ site: string; before: string; redacted: string }>(
      `UPDATE case_events SET data_json = ${caseText.replace} WHERE case_id IN (${DUE_CASES}) AND ${caseText.present}`),
    pseudonymiseCases: db.prepare<{ site: string; before: string; redacted: string; at: string }>(
      `UPDATE cases SET summary = CASE WHEN summary IS NULL THEN NULL ELSE @redacted END, pseudonymised_at = @at WHERE id IN (${DUE_CASES})`),

    // A finished contact: its events' free text, its marks' labels, then its reference, and it is marked.
    redactContactEvents: db.prepare<{ site: string; before: string; at: string; redacted: string }>(
      `UPDATE contact_events SET data_json = ${contactText.replace} WHERE contact_id IN (${DUE_CONTACTS}) AND ${contactText.present}`),
    redactMarks: db.prepare<{ site: string; before: string; at: string; redacted: string }>(
      `UPDATE contact_marks SET label = @redacted WHERE contact_id IN (${DUE_CONTACTS}) AND label <> @redacted`),
    purgeContacts: db.prepare<{ site: string; before: string; at: string }>(
      `UPDATE contacts SET external_ref = NULL, purged_at = @at WHERE id IN (${DUE_CONTACTS})`),

    clearIps: db.prepare<[string]>('UPDATE audit_log SET ip = NULL WHERE ip IS NOT NULL AND at < ?'),
  };

  function requireSite(siteId: string): SiteRow {
    const site = q.site.get(siteId);
    if (!site) throw new EntreError('ENTRE_NOT_FOUND', `There is no site "${siteId}".`);
    return site;
  }

  /** A purge whose WAL could not be emptied leaves the next run to do it. */
  let walPending = false;

  function purge(by?: Actor): RetentionRun {
    const now = deps.clock();
    const at = now.toISOString();
    const counts = db.transaction(() => {
      const counts = none();
      counts.smsNumbers = q.sweepSms.run(smsSweepCutoff(now)).changes;
      const perSite = q.sites.all().map((site) => {
        const cut = siteCutoffs(settingsOf(site.retention_json), now, site.time_zone);
        const cases = { site: site.id, before: cut.cases, redacted: REDACTED };
        q.redactCaseEvents.run(cases);
        counts.cases += q.pseudonymiseCases.run({ ...cases, at }).changes;
        // After the cases: the contacts of a case pseudonymised just now go with it.
        const contacts = { site: site.id, before: cut.contacts, at };
        q.redactContactEvents.run({ ...contacts, redacted: REDACTED });
        q.redactMarks.run({ ...contacts, redacted: REDACTED });
        counts.contacts += q.purgeContacts.run(contacts).changes;
        return cut;
      });
      const ipCutoff = auditIpCutoff(perSite);
      if (ipCutoff !== null) counts.auditIps = q.clearIps.run(ipCutoff).changes;
      // A run that found nothing is not worth a line every hour; one a person asked for is.
      if (by || Object.values(counts).some((n) => n > 0)) {
        deps.staff.audit({ staffId: by?.staffId ?? null, ip: by?.ip ?? null, action: 'retention.purged', target: null, details: { counts } });
      }
      return counts;
    }).immediate();
    const removed = Object.values(counts).some((n) => n > 0);
    if (removed) deps.logger?.info({ counts }, 'retention purge removed personal data past its retention');
    if (removed || walPending) emptyWal();
    return { at, counts };
  }

  /**
   * Old copies of the purged pages must not wait in the WAL: write them back and truncate it.
   * Without waiting: with another connection reading (a backup, a second server) the event
   * loop is not held for the busy timeout; the WAL is then emptied at the next run instead.
   */
  function emptyWal(): void {
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0');
    try {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      walPending = (result?.busy ?? 0) !== 0;
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
    if (walPending) deps.logger?.warn('retention purge: the WAL could not be emptied now (another connection is reading); tried again at the next run');
  }

  return {
    settings(siteId: string): Settings {
      return settingsOf(requireSite(siteId).retention_json);
    },

    /** Replaces the site's settings; audited with before and after. */
    putSettings(siteId: string, settings: Settings, by: Actor): Settings {
      const checked = checkSettings(settings);
      if (!checked.ok) {
        throw new EntreError('ENTRE_VALIDATION', `Retention settings: ${checked.issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, checked.issues);
      }
      return db.transaction(() => {
        const before = settingsOf(requireSite(siteId).retention_json);
        const after: Settings = { contactNotesDays: settings.contactNotesDays, closedCaseDays: settings.closedCaseDays, auditIpDays: settings.auditIpDays };
        q.putSettings.run(JSON.stringify(after), siteId);
        deps.staff.audit({ staffId: by.staffId, ip: by.ip, action: 'retention.settings.update', target: siteId, details: { before, after } });
        return after;
      }).immediate();
    },

    /** Removes what is past its retention now, in one transaction; answers the counts per kind. */
    purge,
  };
}

export type RetentionStore = ReturnType<typeof createRetentionStore>;

/**
 * The purge as a unit with start and stop: `start` purges at once (a server that was down
 * catches up) and then every `intervalMs`. A failed run is logged and tried at the next one.
 */
export function createRetentionSchedule(store: Pick<RetentionStore, 'purge'>, opts: { intervalMs?: number; logger?: Pick<Logger, 'warn'> } = {}) {
  let timer: NodeJS.Timeout | undefined;
  const runOnce = () => {
    try { store.purge(); } catch (err) { opts.logger?.warn({ err: (err as Error).message }, 'retention purge failed; tried again within the hour'); }
  };
  return {
    start(): void {
      clearInterval(timer);
      runOnce();
      timer = setInterval(runOnce, opts.intervalMs ?? RETENTION_INTERVAL_MS);
      timer.unref();
    },
    stop(): void { clearInterval(timer); timer = undefined; },
  };
}

export type RetentionSchedule = ReturnType<typeof createRetentionSchedule>;

/** Creates the schedule and starts it: what app.ts calls. */
export function startRetention(...args: Parameters<typeof createRetentionSchedule>): RetentionSchedule {
  const unit = createRetentionSchedule(...args);
  unit.start();
  return unit;
}
