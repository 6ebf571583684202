import type {
  CaseAction, Channel, CaseContact, Outcome, CaseDetail, CaseEvent, CaseState, Localized, PublicCase, VisitState,
} from '@entre/protocol';
import type { Db } from './db.js';
import { allowedActions, progressSteps, transition as decide } from '../core/cases/case-machine.js';
import { format, generate, normalize, RANDOM_BYTES } from '../core/cases/tracking-code.js';
import { EntreError } from '../core/errors.js';

export interface CaseStoreDeps {
  clock: () => Date;
  newId: () => string;
  /** Cryptographically random bytes (node:crypto randomBytes); tests pass a fake to force collisions. */
  randomBytes: (n: number) => Uint8Array;
  /** Base URL of the public pages when known only at run time; else the site's public_url. */
  publicUrl?: () => string | undefined;
}

interface CaseRow {
  id: string; site_id: string; tracking_code: string; state: CaseState; service_id: string | null; answer_group: string | null;
  rosa_level: number | null; summary: string | null; created_at: string; updated_at: string; closed_at: string | null;
}
interface ContactRow {
  id: string; channel: Channel; number: string | null; state: VisitState; issued_at: string; outcome: Outcome | null;
}
interface EventRow { id: number; case_id: string; at: string; type: string; actor: string; data_json: string | null }
interface EventData { from?: CaseState; to?: CaseState; reason?: string; answerGroup?: string; contact?: string; channel?: Channel; service?: string }

/** A fresh 50-bit code colliding is a one-in-10¹⁵ event; more than a few in a row means a broken random source. */
const CODE_ATTEMPTS = 8;

const parse = <T>(json: string | null): T => JSON.parse(json ?? 'null') as T;

/**
 * Cases and their history. Every change is one immediate transaction that also writes its
 * event row, so the history never misses a change and a failure leaves nothing behind.
 * No outbox yet: nothing outside the server follows cases live.
 */
export function createCaseStore(db: Db, deps: CaseStoreDeps) {
  const q = {
    site: db.prepare<[string], { id: string; time_zone: string; public_url: string }>('SELECT id, time_zone, public_url FROM sites WHERE id = ?'),
    service: db.prepare<[string], { id: string; site_id: string; name_json: string }>('SELECT id, site_id, name_json FROM services WHERE id = ?'),
    answerGroup: db.prepare<[string], { id: string; site_id: string }>('SELECT id, site_id FROM answer_groups WHERE id = ?'),
    codeTaken: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM cases WHERE tracking_code = ?'),
    insertCase: db.prepare(`INSERT INTO cases (id, site_id, tracking_code, state, service_id, summary, created_at, updated_at)
      VALUES (@id, @site, @code, 'registered', @service, @summary, @at, @at)`),
    byId: db.prepare<[string], CaseRow>('SELECT * FROM cases WHERE id = ?'),
    byCode: db.prepare<[string], CaseRow>('SELECT * FROM cases WHERE tracking_code = ?'),
    // `state = @from` makes the write conditional on what the decision was based on.
    move: db.prepare(`UPDATE cases SET state = @to, answer_group = coalesce(@group, answer_group), updated_at = @at,
      closed_at = CASE WHEN @to = 'closed' THEN @at END WHERE id = @id AND state = @from`),
    touch: db.prepare('UPDATE cases SET updated_at = @at WHERE id = @id'),
    contact: db.prepare<[string], { id: string; site_id: string; channel: Channel; case_id: string | null }>(
      'SELECT id, site_id, channel, case_id FROM contacts WHERE id = ?'),
    // Bumps the row version so a writer holding an older copy of the contact notices.
    attach: db.prepare('UPDATE contacts SET case_id = @case, version = version + 1 WHERE id = @contact AND case_id IS NULL'),
    contactsOf: db.prepare<[string], ContactRow>(
      'SELECT id, channel, number, state, issued_at, outcome FROM contacts WHERE case_id = ? ORDER BY issued_at, id'),
    channelsOf: db.prepare<[string], { channel: Channel }>(
      'SELECT channel FROM contacts WHERE case_id = ? GROUP BY channel ORDER BY min(issued_at), channel'),
    event: db.prepare('INSERT INTO case_events (case_id, at, type, actor, data_json) VALUES (@case, @at, @type, @actor, @data)'),
    eventsOf: db.prepare<[string], EventRow>('SELECT * FROM case_events WHERE case_id = ? ORDER BY id'),
  };

  /** By id, or by the tracking code staff read off a receipt or hear on the phone. */
  function requireCase(id: string): CaseRow {
    let row = q.byId.get(id);
    const code = row ? null : normalize(id);
    if (code) row = q.byCode.get(code);
    if (!row) throw new EntreError('ENTRE_UNKNOWN_CASE', `There is no case "${id}".`);
    return row;
  }

  function event(caseId: string, at: string, type: string, actor: string, data: EventData) {
    q.event.run({ case: caseId, at, type, actor, data: JSON.stringify(data) });
  }

  function freshCode(): string {
    for (let i = 0; i < CODE_ATTEMPTS; i++) {
      const code = generate(deps.randomBytes(RANDOM_BYTES));
      if (!q.codeTaken.get(code)) return code;
    }
    throw new Error(`no unused tracking code after ${CODE_ATTEMPTS} attempts: is the random source broken?`);
  }

  /** Inside a transaction: links a contact; false when it was already on this case. */
  function attachInTx(c: CaseRow, contactId: string, actor: string, at: string): boolean {
    if (c.state === 'closed') {
      throw new EntreError('ENTRE_CASE_CLOSED', 'The case is closed; a new contact about it starts a new case.');
    }
    const contact = q.contact.get(contactId);
    if (!contact || contact.site_id !== c.site_id) {
      throw new EntreError('ENTRE_UNKNOWN_CONTACT', `There is no contact "${contactId}" at this case's site.`);
    }
    if (contact.case_id === c.id) return false;
    if (contact.case_id !== null) {
      throw new EntreError('ENTRE_CONTACT_ON_OTHER_CASE', `The contact "${contactId}" already belongs to case "${contact.case_id}".`);
    }
    if (q.attach.run({ case: c.id, contact: contact.id }).changes !== 1) throw new Error('contact changed inside the write lock');
    event(c.id, at, 'contact_attached', actor, { contact: contact.id, channel: contact.channel });
    return true;
  }

  function siteOf(c: CaseRow) {
    const site = q.site.get(c.site_id);
    if (!site) throw new Error(`case ${c.id} refers to a missing site`);
    return site;
  }

  const serviceName = (id: string | null): Localized | undefined => {
    const s = id ? q.service.get(id) : undefined;
    return s ? parse<Localized>(s.name_json) : undefined;
  };

  function toEvent(e: EventRow): CaseEvent {
    const d = parse<EventData | null>(e.data_json) ?? {};
    return {
      at: e.at, type: e.type, actor: e.actor,
      ...(d.from ? { from: d.from } : {}), ...(d.to ? { to: d.to } : {}),
      ...(d.reason ? { reason: d.reason } : {}), ...(d.answerGroup ? { answerGroup: d.answerGroup } : {}),
      ...(d.contact ? { contact: d.contact } : {}), ...(d.channel ? { channel: d.channel } : {}),
    };
  }

  function toContact(r: ContactRow): CaseContact {
    return {
      id: r.id, channel: r.channel, state: r.state, issuedAt: r.issued_at,
      ...(r.number ? { number: r.number } : {}), ...(r.outcome ? { outcome: r.outcome } : {}),
    };
  }

  function toDetail(c: CaseRow): CaseDetail {
    const site = siteOf(c);
    const name = serviceName(c.service_id);
    return {
      id: c.id, site: c.site_id, trackingCode: format(c.tracking_code),
      trackingUrl: `${deps.publicUrl?.() ?? site.public_url}/c/${format(c.tracking_code)}`,
      state: c.state, allowedActions: allowedActions(c.state),
      ...(c.service_id ? { service: c.service_id } : {}), ...(name ? { serviceName: name } : {}),
      ...(c.answer_group ? { answerGroup: c.answer_group } : {}),
      ...(c.rosa_level !== null ? { rosaLevel: c.rosa_level } : {}),
      ...(c.summary !== null ? { summary: c.summary } : {}),
      createdAt: c.created_at, updatedAt: c.updated_at, ...(c.closed_at ? { closedAt: c.closed_at } : {}),
      contacts: q.contactsOf.all(c.id).map(toContact),
      events: q.eventsOf.all(c.id).map(toEvent),
    };
  }

  /**
   * Built field by field from structural columns only: the summary and the events' free
   * text are never read here, so no later change to the staff view can leak them.
   */
  function toPublic(c: CaseRow): PublicCase {
    const history = q.eventsOf.all(c.id).flatMap((e): { state: CaseState; at: string }[] => {
      if (e.type === 'created') return [{ state: 'registered', at: e.at }];
      const to = parse<EventData | null>(e.data_json)?.to;
      return to ? [{ state: to, at: e.at }] : [];
    });
    const name = serviceName(c.service_id);
    return {
      code: format(c.tracking_code), state: c.state,
      ...(name ? { serviceName: name } : {}),
      channels: q.channelsOf.all(c.id).map((r) => r.channel),
      steps: progressSteps(c.state, history),
      createdAt: c.created_at, updatedAt: c.updated_at, ...(c.closed_at ? { closedAt: c.closed_at } : {}),
      timeZone: siteOf(c).time_zone,
    };
  }

  return {
    /** Registers a case with a fresh tracking code, optionally with the contact it came from. */
    createCase(req: { site: string; service?: string | undefined; summary?: string | undefined; actor: string; contactId?: string | undefined }): CaseDetail {
      if (!q.site.get(req.site)) throw new EntreError('ENTRE_UNKNOWN_SITE', `There is no site "${req.site}".`);
      if (req.service !== undefined) {
        const service = q.service.get(req.service);
        if (!service || service.site_id !== req.site) {
          throw new EntreError('ENTRE_UNKNOWN_SERVICE', `There is no errand "${req.service}" at site "${req.site}".`);
        }
      }
      const row = db.transaction(() => {
        const at = deps.clock().toISOString();
        const id = deps.newId();
        q.insertCase.run({ id, site: req.site, code: freshCode(), service: req.service ?? null, summary: req.summary ?? null, at });
        event(id, at, 'created', req.actor, req.service ? { to: 'registered', service: req.service } : { to: 'registered' });
        if (req.contactId !== undefined) attachInTx(requireCase(id), req.contactId, req.actor, at);
        return requireCase(id);
      }).immediate();
      return toDetail(row);
    },

    /**
     * Adds a contact of any channel to the case: a call yesterday and a visit today are one
     * errand. Repeating the same request changes nothing, so a retry is safe.
     */
    attachContact(caseId: string, contactId: string, actor: string): CaseDetail {
      const row = db.transaction(() => {
        const c = requireCase(caseId);
        const at = deps.clock().toISOString();
        if (attachInTx(c, contactId, actor, at)) q.touch.run({ id: c.id, at });
        return requireCase(caseId);
      }).immediate();
      return toDetail(row);
    },

    /** Moves the case by the state machine; 409 naming the current state when not allowed. */
    transition(caseId: string, action: CaseAction, opts: { actor: string; reason?: string | undefined; answerGroup?: string | undefined }): CaseDetail {
      const row = db.transaction(() => {
        // Read inside the write lock, so the decision and the write see the same state.
        const c = requireCase(caseId);
        const result = decide(c.state, { action, reason: opts.reason, answerGroup: opts.answerGroup });
        if (!result.ok) {
          if (result.error === 'forbidden') throw new EntreError('ENTRE_CASE_TRANSITION', result.message);
          throw new EntreError('ENTRE_VALIDATION', result.message, result.issues);
        }
        if (opts.answerGroup !== undefined) {
          const group = q.answerGroup.get(opts.answerGroup);
          if (!group || group.site_id !== c.site_id) {
            throw new EntreError('ENTRE_UNKNOWN_ANSWER_GROUP', `There is no answer group "${opts.answerGroup}" at this case's site.`);
          }
        }
        const at = deps.clock().toISOString();
        const moved = q.move.run({ id: c.id, from: result.from, to: result.to, group: opts.answerGroup ?? null, at }).changes;
        if (moved !== 1) throw new Error('case changed state inside the write lock');
        event(c.id, at, action, opts.actor, {
          from: result.from, to: result.to,
          ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
          ...(opts.answerGroup !== undefined ? { answerGroup: opts.answerGroup } : {}),
        });
        return requireCase(caseId);
      }).immediate();
      return toDetail(row);
    },

    /** The staff view, with contacts and history; 404 when there is no such case. */
    get(caseId: string): CaseDetail {
      return toDetail(requireCase(caseId));
    },

    /**
     * The public view for whoever holds the code, or null. A code that fails its check
     * character is refused here without a query, so a typo costs nothing and tells nothing.
     */
    findByTrackingCode(input: string): PublicCase | null {
      const code = normalize(input);
      if (code === null) return null;
      const row = q.byCode.get(code);
      return row ? toPublic(row) : null;
    },
  };
}

export type CaseStore = ReturnType<typeof createCaseStore>;
