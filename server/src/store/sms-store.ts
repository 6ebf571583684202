import type { Db } from './db.js';
import { EntreError } from '../core/errors.js';
import { serviceDay } from '../core/service-day.js';

/**
 * A visitor's SMS number and the bookkeeping of the texts sent to it (migration 0006).
 *
 * The number is personal data: it is written only while the ticket waits, blanked by a
 * trigger the moment the visit ends, and never copied into events, the outbox or logs.
 * A text is *claimed* in a transaction before it is sent (compare-and-set on the columns
 * below), so two notifier rounds, or two servers on one file, never send it twice; a
 * failed send releases its claim for a later retry, up to `maxAttempts`.
 */
export interface NotifyRow {
  id: string;
  state: 'waiting' | 'called';
  recalls: number;
  notify_phone: string;
  notify_soon_at: string | null;
  notify_called_recalls: number;
  notify_attempts: number;
}

export type SmsKind = 'soon' | 'called';

/** One text this process now owns the right to send. */
export interface SmsClaim {
  id: string;
  kind: SmsKind;
  to: string;
  text: string;
  /** soon: the claim's notify_soon_at; called: the notify_called_recalls it set and the one before. */
  marker: { at: string } | { called: number; before: number };
}

const ACTOR = 'system:sms';

export function createSmsStore(db: Db, deps: { clock: () => Date }) {
  const q = {
    contact: db.prepare<[string], { id: string; channel: string; number: string | null; state: string; notify_phone: string | null }>(
      'SELECT id, channel, number, state, notify_phone FROM contacts WHERE id = ?'),
    register: db.prepare(`UPDATE contacts SET notify_phone = @phone, notify_called_recalls = 0, notify_attempts = 0,
        notify_soon_at = CASE WHEN notify_phone IS @phone THEN notify_soon_at ELSE NULL END
      WHERE id = @id AND state = 'waiting'`),
    forget: db.prepare('UPDATE contacts SET notify_phone = NULL WHERE id = ? AND notify_phone IS NOT NULL'),
    pending: db.prepare<[], NotifyRow>(`SELECT id, state, recalls, notify_phone, notify_soon_at, notify_called_recalls, notify_attempts
      FROM contacts WHERE notify_phone IS NOT NULL AND state IN ('waiting','called') ORDER BY queued_at, id`),
    row: db.prepare<[string], NotifyRow>(`SELECT id, state, recalls, notify_phone, notify_soon_at, notify_called_recalls, notify_attempts
      FROM contacts WHERE id = ?`),
    claimSoon: db.prepare(`UPDATE contacts SET notify_soon_at = @at
      WHERE id = @id AND state = 'waiting' AND notify_phone IS NOT NULL AND notify_soon_at IS NULL`),
    claimCalled: db.prepare(`UPDATE contacts SET notify_called_recalls = @called
      WHERE id = @id AND state = 'called' AND recalls = @recalls AND notify_phone IS NOT NULL AND notify_called_recalls = @before`),
    releaseSoon: db.prepare(`UPDATE contacts SET notify_soon_at = NULL, notify_attempts = notify_attempts + 1
      WHERE id = @id AND notify_soon_at = @at`),
    releaseCalled: db.prepare(`UPDATE contacts SET notify_called_recalls = @before, notify_attempts = notify_attempts + 1
      WHERE id = @id AND notify_called_recalls = @called`),
    giveUp: db.prepare('UPDATE contacts SET notify_attempts = notify_attempts + 1 WHERE id = ?'),
    succeeded: db.prepare('UPDATE contacts SET notify_attempts = 0 WHERE id = ?'),
    event: db.prepare(`INSERT INTO contact_events (contact_id, at, type, actor, service_point_id, agent_id, data_json)
      VALUES (@contact, @at, @type, @actor, NULL, NULL, @data)`),
    sites: db.prepare<[], { id: string; time_zone: string }>('SELECT id, time_zone FROM sites'),
    stale: db.prepare('UPDATE contacts SET notify_phone = NULL WHERE site_id = ? AND notify_phone IS NOT NULL AND service_day < ?'),
  };

  const now = () => deps.clock().toISOString();
  const log = (contact: string, type: string, actor: string, data?: Record<string, unknown>) =>
    q.event.run({ contact, at: now(), type, actor, data: data ? JSON.stringify(data) : null });

  /** A visit's ticket (not a phone call or chat): the id is the visitor's capability. */
  function requireTicket(id: string) {
    const c = q.contact.get(id);
    if (!c || c.channel !== 'visit' || c.number === null) throw new EntreError('ENTRE_NOT_FOUND', 'There is no such ticket.');
    return c;
  }

  return {
    /** Keeps `phone` (already normalized) for this waiting ticket; a new number gets its texts afresh. */
    register(id: string, phone: string): void {
      db.transaction(() => {
        const c = requireTicket(id);
        if (c.state !== 'waiting') {
          throw new EntreError('ENTRE_SMS_NOT_WAITING', `Texts can be asked for while the ticket waits; ${c.number} is ${c.state}.`);
        }
        q.register.run({ id, phone });
        // The event says that a number was left, never which.
        log(id, 'sms_registered', 'visitor');
      }).immediate();
    },

    /** The visitor changed their mind: the number is gone at once, whatever the state. */
    forget(id: string): void {
      db.transaction(() => {
        requireTicket(id);
        if (q.forget.run(id).changes) log(id, 'sms_removed', 'visitor');
      }).immediate();
    },

    /** Contacts that may be due a text: a number, and waiting or called. */
    pending(): NotifyRow[] {
      return q.pending.all();
    },

    /**
     * Claims the texts `decide` says are due, all in one immediate transaction: each claim
     * is a compare-and-set, so a text another round claimed meanwhile is not claimed again.
     */
    claim(decide: (row: NotifyRow) => { kind: SmsKind; text: string } | null): SmsClaim[] {
      return db.transaction(() => {
        const claims: SmsClaim[] = [];
        for (const row of q.pending.all()) {
          const due = decide(row);
          if (!due) continue;
          if (due.kind === 'soon') {
            const at = now();
            if (q.claimSoon.run({ id: row.id, at }).changes === 1) {
              claims.push({ id: row.id, kind: 'soon', to: row.notify_phone, text: due.text, marker: { at } });
            }
          } else {
            const before = row.notify_called_recalls;
            const called = row.recalls + 1;
            if (called > before && q.claimCalled.run({ id: row.id, called, recalls: row.recalls, before }).changes === 1) {
              claims.push({ id: row.id, kind: 'called', to: row.notify_phone, text: due.text, marker: { called, before } });
            }
          }
        }
        return claims;
      }).immediate();
    },

    /**
     * After the send: success keeps the claim; a failure releases it for a retry, unless
     * this was attempt `maxAttempts`, when the text is given up (the claim stays).
     */
    settle(claim: SmsClaim, ok: boolean, maxAttempts: number): { attempt: number; gaveUp: boolean } {
      return db.transaction(() => {
        const row = q.row.get(claim.id);
        const attempt = (row?.notify_attempts ?? 0) + 1;
        if (ok) {
          q.succeeded.run(claim.id);
          log(claim.id, 'sms_sent', ACTOR, { kind: claim.kind });
          return { attempt, gaveUp: false };
        }
        const gaveUp = attempt >= maxAttempts;
        if (gaveUp) q.giveUp.run(claim.id);
        else if ('at' in claim.marker) q.releaseSoon.run({ id: claim.id, at: claim.marker.at });
        else q.releaseCalled.run({ id: claim.id, called: claim.marker.called, before: claim.marker.before });
        log(claim.id, 'sms_failed', ACTOR, { kind: claim.kind, attempt, ...(gaveUp ? { gaveUp: true } : {}) });
        return { attempt, gaveUp };
      }).immediate();
    },

    /**
     * Blanks numbers left on contacts of an earlier service day (a ticket nobody closed):
     * whatever happens at the counters, no number outlives its day. Returns how many.
     */
    forgetStale(): number {
      return db.transaction(() => {
        let n = 0;
        for (const s of q.sites.all()) n += q.stale.run(s.id, serviceDay(deps.clock(), s.time_zone)).changes;
        return n;
      }).immediate();
    },
  };
}

export type SmsStore = ReturnType<typeof createSmsStore>;
