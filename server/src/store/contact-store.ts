import type { Contact, ContactEvent, CreateContactRequest, Localized, TransferRequest } from '@entre/protocol';
import type { Db } from './db.js';
import type { Announcer, SiteRow } from './announcer.js';
import type { StoreDeps } from './lobby-store.js';
import { EntreError } from '../core/errors.js';
import { allowedActions, transition, type ContactAction, type ContactState } from '../core/lifecycle/machine.js';
import { serviceDay } from '../core/service-day.js';
import { createTicketNumbers } from './ticket-numbers.js';

export interface ContactRow {
  id: string; site_id: string; channel: Contact['channel']; service_id: string; number: string | null; service_day: string;
  language: string; priority: Contact['priority']; kiosk_id: string | null; external_ref: string | null; state: ContactState;
  issued_at: string; queued_at: string; called_at: string | null; served_at: string | null; ended_at: string | null;
  recalls: number; service_point_id: string | null; agent_id: string | null; pinned_agent_id: string | null;
  pinned_service_point_id: string | null; rank: number | null; appointment_at: string | null;
  outcome: Contact['outcome'] | null; rosa_level: number | null; case_id: string | null; version: number;
}

interface EventRow { at: string; type: string; actor: string; service_point_id: string | null; agent_id: string | null; data_json: string | null }

const parse = <T>(json: string | null): T => JSON.parse(json ?? 'null') as T;

/** Who did it, where: every transition records this in the append-only event log. */
export interface Actor { actor: string; agent?: string | undefined; servicePoint?: string | undefined }

/**
 * The lifecycle of one contact on any channel. Each action is one immediate transaction:
 * read, ask the machine, write with a version check, append the event, announce. An
 * action the machine refuses answers ENTRE_INVALID_TRANSITION naming the current state.
 */
export function createContactStore(db: Db, deps: StoreDeps, announce: Announcer) {
  const numbers = createTicketNumbers(db);
  const q = {
    contact: db.prepare<[string], ContactRow>('SELECT * FROM contacts WHERE id = ?'),
    site: db.prepare<[string], SiteRow>('SELECT * FROM sites WHERE id = ?'),
    service: db.prepare<[string], { id: string; site_id: string; name_json: string; active: number }>('SELECT id, site_id, name_json, active FROM services WHERE id = ?'),
    point: db.prepare<[string], { id: string; site_id: string; name_json: string }>('SELECT id, site_id, name_json FROM service_points WHERE id = ?'),
    agent: db.prepare<[string], { id: string; site_id: string; service_point_id: string | null; state: string }>('SELECT id, site_id, service_point_id, state FROM agents WHERE id = ?'),
    events: db.prepare<[string], EventRow>('SELECT at, type, actor, service_point_id, agent_id, data_json FROM contact_events WHERE contact_id = ? ORDER BY id'),
    event: db.prepare(`INSERT INTO contact_events (contact_id, at, type, actor, service_point_id, agent_id, data_json)
      VALUES (@contact, @at, @type, @actor, @point, @agent, @data)`),
    byExternal: db.prepare<[string, string, string], ContactRow>('SELECT * FROM contacts WHERE site_id = ? AND channel = ? AND external_ref = ?'),
    insert: db.prepare(`INSERT INTO contacts (id, site_id, channel, service_id, number, service_day, language, priority, external_ref,
        state, issued_at, queued_at, case_id)
      VALUES (@id, @site, @channel, @service, @number, @day, @language, @priority, @ref, 'waiting', @at, @at, @case)`),
    prefix: db.prepare<[string], { prefix: string }>('SELECT prefix FROM services WHERE id = ?'),
    deliveredService: db.prepare('INSERT INTO contact_services (contact_id, service_id, at, agent_id) VALUES (?, ?, ?, ?)'),
    agentFree: db.prepare(`UPDATE agents SET state = 'available', state_since = @at WHERE id = @id AND state = 'serving'`),
    mark: db.prepare('INSERT INTO contact_marks (contact_id, label, at, agent_id) VALUES (?, ?, ?, ?)'),
    // A contact of the line ranked among the first `below` places but not among those listed.
    rankedFront: db.prepare<[{ site: string; service: string; today: string; below: number; listed: string }], Pick<ContactRow, 'id' | 'number' | 'channel' | 'rank'>>(
      `SELECT id, number, channel, rank FROM contacts WHERE site_id = @site AND service_id = @service AND state = 'waiting'
         AND (channel <> 'visit' OR service_day = @today)
         AND rank IS NOT NULL AND rank < @below AND id NOT IN (SELECT value FROM json_each(@listed)) ORDER BY rank, id LIMIT 1`),
  };

  function load(id: string): ContactRow {
    const row = q.contact.get(id);
    if (!row) throw new EntreError('ENTRE_UNKNOWN_CONTACT', `There is no contact "${id}".`);
    return row;
  }

  function site(id: string): SiteRow {
    return q.site.get(id)!;
  }

  function check(row: ContactRow, action: ContactAction): ContactState {
    const r = transition(row.state, action);
    if (!r.ok) {
      const allowed = r.allowed.length ? r.allowed.join(', ') : 'nothing (it is finished)';
      throw new EntreError('ENTRE_INVALID_TRANSITION',
        `Cannot ${action.replace('_', '-')} ${row.number ?? 'this contact'}: it is ${row.state}; allowed now: ${allowed}.`);
    }
    return r.to;
  }

  /** Writes the changed columns only if nobody changed the row since it was read. */
  // One statement per set of columns an action writes: the actions name a few dozen such sets
  // in code, and preparing one anew cost more than running it.
  const updates = new Map<string, ReturnType<Db['prepare']>>();
  function update(row: ContactRow, changes: Partial<ContactRow>): ContactRow {
    const sets = Object.keys(changes).map((c) => `${c} = @${c}`).join(', ');
    let stmt = updates.get(sets);
    if (!stmt) {
      stmt = db.prepare(`UPDATE contacts SET ${sets}, version = version + 1 WHERE id = @id AND version = @version`);
      updates.set(sets, stmt);
    }
    const res = stmt.run({ ...changes, id: row.id, version: row.version });
    if (res.changes !== 1) throw new EntreError('ENTRE_INVALID_TRANSITION', 'The contact changed meanwhile; reload and try again.');
    return load(row.id);
  }

  function logEvent(row: ContactRow, type: string, who: Actor, at: string, data?: Record<string, unknown>) {
    q.event.run({
      contact: row.id, at, type, actor: who.actor, point: who.servicePoint ?? row.service_point_id ?? null,
      agent: who.agent ?? null, data: data ? JSON.stringify(data) : null,
    });
  }

  /** Boards change when a visit at a counter changes; queue counts when waiting changes. */
  function announceChange(before: ContactRow, after: ContactRow, at: Date, call?: { recall: boolean }) {
    const s = site(after.site_id);
    if (call && after.number && after.service_point_id) {
      const point = q.point.get(after.service_point_id)!;
      announce.call(s, { id: after.id, number: after.number, service: after.service_id, agent: after.agent_id, language: after.language }, { id: point.id, name: parse<Localized>(point.name_json) }, call.recall, at);
    }
    const boardTouched = after.channel === 'visit' && (before.service_point_id || after.service_point_id || before.state === 'waiting' || after.state === 'waiting');
    if (boardTouched) announce.boards(s, at);
    if (before.state === 'waiting' || after.state === 'waiting' || before.service_id !== after.service_id) {
      announce.queues(s, at, before.service_id);
      if (after.service_id !== before.service_id) announce.queues(s, at, after.service_id);
    }
  }

  /** One action: check, write, log, announce, all in one transaction; then wake the publisher. */
  function act(
    id: string, action: ContactAction, who: Actor,
    changes: (row: ContactRow, at: string) => Partial<ContactRow>,
    opts: { data?: Record<string, unknown>; call?: { recall: boolean } } = {},
  ): ContactRow {
    const result = db.transaction(() => {
      const at = deps.clock();
      const iso = at.toISOString();
      const row = load(id);
      const to = check(row, action);
      const after = update(row, { state: to, ...changes(row, iso) });
      logEvent(after, action, who, iso, opts.data);
      // The agent is free again once their contact has left them.
      if (row.agent_id && (after.agent_id !== row.agent_id || after.state === 'waiting' || after.ended_at)) {
        q.agentFree.run({ id: row.agent_id, at: iso });
      }
      announceChange(row, after, at, opts.call);
      return after;
    }).immediate();
    deps.onOutbox?.();
    return result;
  }

  /**
   * Reception's edits of a waiting contact's place: no state change, still one event, and
   * the line announced as changed (its summary's `lineTag` moves with the contact's version),
   * so every console showing it re-reads at once.
   */
  function editWaiting(id: string, type: string, who: Actor, changes: Partial<ContactRow>, data: Record<string, unknown>): ContactRow {
    const result = db.transaction(() => {
      const at = deps.clock();
      const row = load(id);
      if (row.state !== 'waiting') {
        throw new EntreError('ENTRE_INVALID_TRANSITION', `Only a waiting contact can be ${type}; ${row.number ?? 'this contact'} is ${row.state}.`);
      }
      const after = update(row, changes);
      logEvent(after, type, who, at.toISOString(), data);
      announce.queues(site(after.site_id), at, after.service_id);
      return after;
    }).immediate();
    deps.onOutbox?.();
    return result;
  }

  function requireService(siteId: string, serviceId: string) {
    const s = q.service.get(serviceId);
    if (!s || s.site_id !== siteId || !s.active) throw new EntreError('ENTRE_UNKNOWN_SERVICE', `There is no errand "${serviceId}" at this site.`);
    return s;
  }
  function requirePoint(siteId: string, pointId: string) {
    const p = q.point.get(pointId);
    if (!p || p.site_id !== siteId) throw new EntreError('ENTRE_NOT_FOUND', `There is no service point "${pointId}".`);
    return p;
  }
  function requireAgent(siteId: string, agentId: string) {
    const a = q.agent.get(agentId);
    if (!a || a.site_id !== siteId) throw new EntreError('ENTRE_UNKNOWN_AGENT', `There is no agent "${agentId}".`);
    return a;
  }

  const store = {
    load,

    view(row: ContactRow, withEvents = false): Contact {
      const service = q.service.get(row.service_id)!;
      const opt = <K extends string, V>(k: K, v: V | null | undefined) => (v === null || v === undefined ? {} : { [k]: v }) as { [P in K]?: V };
      return {
        id: row.id, channel: row.channel, ...opt('number', row.number), service: row.service_id,
        serviceName: parse<Localized>(service.name_json), language: row.language, priority: row.priority, state: row.state,
        issuedAt: row.issued_at, queuedAt: row.queued_at, ...opt('calledAt', row.called_at), ...opt('servedAt', row.served_at),
        ...opt('endedAt', row.ended_at), recalls: row.recalls, ...opt('servicePoint', row.service_point_id),
        ...opt('agent', row.agent_id), ...opt('pinnedAgent', row.pinned_agent_id), ...opt('pinnedServicePoint', row.pinned_service_point_id),
        ...opt('rank', row.rank), ...opt('outcome', row.outcome), ...opt('rosaLevel', row.rosa_level), ...opt('caseId', row.case_id),
        ...opt('externalRef', row.external_ref), allowed: allowedActions(row.state),
        ...(withEvents ? { events: q.events.all(row.id).map((e): ContactEvent => ({
          at: e.at, type: e.type, actor: e.actor, ...opt('servicePoint', e.service_point_id), ...opt('agent', e.agent_id),
          ...(e.data_json ? { data: parse<Record<string, unknown>>(e.data_json) } : {}),
        })) } : {}),
      };
    },

    /** A phone call, chat or e-mail from another system joins the same queues as visits. */
    create(siteId: string, req: CreateContactRequest, who: Actor): { row: ContactRow; created: boolean } {
      const s = q.site.get(siteId);
      if (!s) throw new EntreError('ENTRE_NOT_FOUND', `There is no site "${siteId}".`);
      requireService(siteId, req.service);
      let created = false;
      const row = db.transaction(() => {
        const existing = q.byExternal.get(siteId, req.channel, req.externalRef);
        if (existing) return existing;
        const at = deps.clock();
        const iso = at.toISOString();
        const id = deps.newId();
        q.insert.run({
          id, site: siteId, channel: req.channel, service: req.service, day: serviceDay(at, s.time_zone), language: req.language,
          priority: req.priority ?? 'normal', ref: req.externalRef, at: iso, case: req.caseId ?? null, number: null,
        });
        const row = load(id);
        logEvent(row, 'queued', who, iso, { channel: req.channel });
        announce.queues(s, at, req.service);
        announce.boards(s, at);
        created = true;
        return row;
      }).immediate();
      if (created) deps.onOutbox?.();
      return { row, created };
    },

    /**
     * A visitor who came to the counter without a ticket: they get a number (so the day's
     * statistics and the board are whole) and are served at once.
     */
    walkIn(siteId: string, req: { service: string; language: string }, where: { servicePoint: string; agent?: string | undefined }, who: Actor): ContactRow {
      const s = q.site.get(siteId);
      if (!s) throw new EntreError('ENTRE_NOT_FOUND', `There is no site "${siteId}".`);
      requireService(siteId, req.service);
      requirePoint(siteId, where.servicePoint);
      if (where.agent) requireAgent(siteId, where.agent);
      const id = db.transaction(() => {
        const at = deps.clock();
        const { number, day } = numbers.next(s, q.prefix.get(req.service)!.prefix, at);
        const id = deps.newId();
        q.insert.run({ id, site: siteId, channel: 'visit', service: req.service, number, day, language: req.language,
          priority: 'normal', ref: null, at: at.toISOString(), case: null });
        logEvent(load(id), 'walk_in', who, at.toISOString());
        store.call(id, where, who);
        store.start(id, who);
        return id;
      }).immediate();
      // The call's outbox row is committed only now (call and start were nested above).
      deps.onOutbox?.();
      return load(id);
    },

    /** Calls this contact (reception or a counter picking a ticket by hand). */
    call(id: string, where: { servicePoint?: string | undefined; agent?: string | undefined }, who: Actor, data?: Record<string, unknown>): ContactRow {
      const row = load(id);
      if (where.servicePoint) requirePoint(row.site_id, where.servicePoint);
      if (where.agent) requireAgent(row.site_id, where.agent);
      return act(id, 'call', { ...who, servicePoint: where.servicePoint, agent: where.agent }, (_r, at) => ({
        // Recalls count per call: a visitor requeued and called again starts afresh.
        called_at: at, recalls: 0, service_point_id: where.servicePoint ?? null, agent_id: where.agent ?? null,
        pinned_agent_id: null, pinned_service_point_id: null, rank: null,
      }), { call: { recall: false }, ...(data ? { data } : {}) });
    },

    /**
     * Calls the visitor again. Past the site's recall limit the visitor is recorded as a
     * no-show instead, which is what counters do by hand today.
     */
    recall(id: string, who: Actor): { row: ContactRow; noShow: boolean } {
      const row = load(id);
      const limit = site(row.site_id).max_recalls;
      if (row.state === 'called' && row.recalls >= limit) {
        return { row: store.noShow(id, { ...who, actor: `${who.actor} (recall limit ${limit})` }), noShow: true };
      }
      return {
        row: act(id, 'recall', who, (r, at) => ({ recalls: r.recalls + 1, called_at: at }), { call: { recall: true }, data: { recall: row.recalls + 1 } }),
        noShow: false,
      };
    },

    start(id: string, who: Actor): ContactRow {
      return act(id, 'start', who, (r, at) => ({ served_at: r.served_at ?? at }));
    },

    noShow(id: string, who: Actor): ContactRow {
      return act(id, 'no_show', who, (_r, at) => ({ ended_at: at, outcome: 'no_show' }));
    },

    /** The visitor was not there yet: back into the queue at the same place. */
    requeue(id: string, who: Actor): ContactRow {
      return act(id, 'requeue', who, () => ({ service_point_id: null, agent_id: null }));
    },

    /**
     * To another errand, a service point or an agent, with a note. It keeps its number
     * and, unless told otherwise, its original place in line.
     */
    transfer(id: string, req: TransferRequest, who: Actor): ContactRow {
      const row = load(id);
      if (!req.service && !req.servicePoint && !req.agent) {
        throw new EntreError('ENTRE_VALIDATION', 'Say where to transfer: a service, a service point or an agent.');
      }
      if (req.service) requireService(row.site_id, req.service);
      if (req.servicePoint) requirePoint(row.site_id, req.servicePoint);
      if (req.agent) requireAgent(row.site_id, req.agent);
      return act(id, 'transfer', who, (r, at) => ({
        service_id: req.service ?? r.service_id,
        pinned_service_point_id: req.servicePoint ?? null,
        pinned_agent_id: req.agent ?? null,
        queued_at: req.keepPlace === false ? at : r.queued_at,
        service_point_id: null, agent_id: null, rank: null,
      }), { data: { from: row.service_id, to: req.service ?? row.service_id, servicePoint: req.servicePoint, agent: req.agent, note: req.note, keepPlace: req.keepPlace !== false } });
    },

    park(id: string, who: Actor, reason?: string): ContactRow {
      return act(id, 'park', who, () => ({}), reason ? { data: { reason } } : {});
    },

    resume(id: string, who: Actor): ContactRow {
      return act(id, 'resume', who, () => ({}));
    },

    /** `rosaLevel: null` only for the implicit finish of a counter's "next", which cannot know it. */
    finish(id: string, req: { outcome: 'resolved' | 'forwarded'; rosaLevel: number | null; caseId?: string | undefined; implicit?: boolean }, who: Actor): ContactRow {
      return act(id, 'finish', who, (r, at) => ({
        ended_at: at, outcome: req.outcome, rosa_level: req.rosaLevel, case_id: req.caseId ?? r.case_id,
      }), { data: { outcome: req.outcome, rosaLevel: req.rosaLevel, ...(req.implicit ? { implicit: true } : {}) } });
    },

    /** The caller hung up (or the chat closed) before being answered: an abandoned contact. */
    abandon(id: string, who: Actor): ContactRow {
      return act(id, 'abandon', who, (_r, at) => ({ ended_at: at, outcome: 'abandoned' }));
    },

    cancel(id: string, who: Actor, reason?: string): ContactRow {
      return act(id, 'cancel', who, (_r, at) => ({ ended_at: at, outcome: 'cancelled' }), reason ? { data: { reason } } : {});
    },

    /** Reception pins a waiting contact to an agent (or unpins with null); routing respects it. */
    pin(id: string, agent: string | null, who: Actor): ContactRow {
      const row = load(id);
      if (agent) requireAgent(row.site_id, agent);
      return editWaiting(id, 'pinned', who, { pinned_agent_id: agent }, { agent });
    },

    /** Reception's manual order: a lower rank goes first among otherwise equal contacts. */
    rank(id: string, rank: number | null, who: Actor): ContactRow {
      return editWaiting(id, 'ranked', who, { rank }, { rank });
    },

    /**
     * Reception puts the front of one errand's line in this order (ranks 0, 1, 2 …), all or
     * nothing, in one transaction: every listed contact must still be waiting in this line at
     * the version the caller saw, and no other contact may have been ranked into this front
     * meanwhile; else ENTRE_VERSION_CONFLICT (409) naming the first such contact, and nothing is
     * written. Only the ranks that change are written (each a `ranked` event), and the line
     * is announced once.
     */
    reorder(siteId: string, service: string, order: readonly { id: string; version: number }[], who: Actor): ContactRow[] {
      requireService(siteId, service);
      const seen = new Set<string>();
      order.forEach((o, i) => {
        if (seen.has(o.id)) throw new EntreError('ENTRE_VALIDATION', `The order names ${o.id} twice.`, [{ path: `/order/${i}/id`, message: 'listed twice' }]);
        seen.add(o.id);
      });
      const result = db.transaction(() => {
        const at = deps.clock();
        const iso = at.toISOString();
        // The detail names the contact as staff know it; the error's entry by its id.
        const conflict = (i: number, row: Pick<ContactRow, 'id' | 'number' | 'channel'>, what: string) => new EntreError('ENTRE_VERSION_CONFLICT',
          `${row.number ?? `The ${row.channel} contact ${row.id}`} ${what}. Nothing was reordered; reload the line and try again.`,
          [{ path: i < 0 ? '/order' : `/order/${i}`, message: `${row.id} ${what}` }]);
        const rows = order.map((o, i) => {
          const row = q.contact.get(o.id);
          if (!row || row.site_id !== siteId) throw new EntreError('ENTRE_UNKNOWN_CONTACT', `There is no contact "${o.id}".`, [{ path: `/order/${i}/id`, message: 'unknown' }]);
          if (row.state !== 'waiting') throw conflict(i, row, `is ${row.state} now, no longer waiting`);
          if (row.version !== o.version) throw conflict(i, row, `changed since you read it (version ${row.version}, you saw ${o.version})`);
          if (row.service_id !== service) throw conflict(i, row, `waits for another errand (${row.service_id}) now`);
          return row;
        });
        const today = serviceDay(at, site(siteId).time_zone);
        const intruder = q.rankedFront.get({ site: siteId, service, today, below: order.length, listed: JSON.stringify(order.map((o) => o.id)) });
        if (intruder) throw conflict(-1, intruder, `was ranked into the front of this line meanwhile (rank ${intruder.rank}) and is not listed`);
        const after = rows.map((row, rank) => {
          if (row.rank === rank) return row;
          const changed = update(row, { rank });
          logEvent(changed, 'ranked', who, iso, { rank, from: row.rank });
          return changed;
        });
        announce.queues(site(siteId), at, service);
        return after;
      }).immediate();
      deps.onOutbox?.();
      return result;
    },

    /** One visit may cover several errands: each delivered one is recorded for statistics. */
    addDeliveredService(id: string, service: string, who: Actor): ContactRow {
      const row = load(id);
      requireService(row.site_id, service);
      if (row.state !== 'serving' && row.state !== 'parked') {
        throw new EntreError('ENTRE_INVALID_TRANSITION', `Errands are registered while serving; ${row.number ?? 'the contact'} is ${row.state}.`);
      }
      db.transaction(() => {
        const at = deps.clock().toISOString();
        q.deliveredService.run(id, service, at, who.agent ?? null);
        logEvent(row, 'service_delivered', who, at, { service });
      }).immediate();
      return load(id);
    },

    addMark(id: string, label: string, who: Actor): ContactRow {
      const row = load(id);
      if (row.state !== 'serving' && row.state !== 'parked') {
        throw new EntreError('ENTRE_INVALID_TRANSITION', `Marks are set while serving; ${row.number ?? 'the contact'} is ${row.state}.`);
      }
      db.transaction(() => {
        const at = deps.clock().toISOString();
        q.mark.run(id, label, at, who.agent ?? null);
        logEvent(row, 'mark', who, at, { label });
      }).immediate();
      return load(id);
    },
  };
  return store;
}

export type ContactStore = ReturnType<typeof createContactStore>;
