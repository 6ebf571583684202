import type { Agent, AgentStateRequest, Channel, PriorityClass } from '@entre/protocol';
import type { Db } from './db.js';
import type { SiteRow } from './announcer.js';
import type { StoreDeps } from './lobby-store.js';
import type { ContactRow, ContactStore, Actor } from './contact-store.js';
import { EntreError } from '../core/errors.js';
import {
  chooseNext, explain, validateWorkProfile, waitDecidesFate, type Explanation, type RoutingAgent, type ServiceRule, type WorkProfile,
} from '../core/routing/index.js';
import { createRoutingCandidates } from './routing-candidates.js';

interface AgentRow {
  id: string; site_id: string; staff_id: string | null; display_name: string; channels_json: string; state: Agent['state'];
  pause_reason: string | null; state_since: string | null; service_point_id: string | null; profile_json: string | null;
}

/** How many recent picks an interleaving rule looks back at. */
export const RECENT_PICKS = 12;
/** An agent's last calls, newest first, from migration 20's index of calls (not every event). */
export const RECENT_PICKS_SQL = `SELECT data_json FROM contact_events WHERE agent_id = ? AND type = 'call' ORDER BY id DESC LIMIT ?`;

/**
 * Agents: their state, where they sit, and "call next" through the one routing rule.
 * The choice and the call are one immediate transaction, so two agents calling at the
 * same moment (even from two server processes on one file) never get the same contact.
 */
export function createAgentStore(db: Db, deps: StoreDeps, contacts: ContactStore) {
  // Only contacts this agent could take, folded: the queue can hold thousands (phone
  // included), and this runs inside the write lock.
  const candidatesOf = createRoutingCandidates(db);
  const q = {
    agent: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE id = ?'),
    agents: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE site_id = ? ORDER BY display_name'),
    available: db.prepare<[string, string], AgentRow>(`SELECT * FROM agents WHERE site_id = ? AND id <> ? AND state IN ('available','wrap_up','serving')`),
    skills: db.prepare<[string], { service_id: string; penalty: number }>('SELECT service_id, penalty FROM agent_skills WHERE agent_id = ? ORDER BY service_id'),
    languages: db.prepare<[string], { code: string }>('SELECT code FROM agent_languages WHERE agent_id = ? ORDER BY code'),
    site: db.prepare<[string], SiteRow>('SELECT * FROM sites WHERE id = ?'),
    point: db.prepare<[string], { id: string; site_id: string }>('SELECT id, site_id FROM service_points WHERE id = ?'),
    services: db.prepare<[string], { id: string; sl_target_seconds: number }>('SELECT id, sl_target_seconds FROM services WHERE site_id = ?'),
    // Kept by triggers (migration 0018): the line is not read to count it.
    waitingCount: db.prepare<[string], { n: number }>(`SELECT total(n) AS n FROM waiting_groups WHERE site_id = ?`),
    current: db.prepare<[string], ContactRow>(`SELECT * FROM contacts WHERE agent_id = ? AND state IN ('called','serving','parked') ORDER BY called_at DESC LIMIT 1`),
    recentPicks: db.prepare<[string, number], { data_json: string | null }>(RECENT_PICKS_SQL),
    pointRow: db.prepare<[string], { id: string; site_id: string; name_json: string; profile_json: string | null }>('SELECT id, site_id, name_json, profile_json FROM service_points WHERE id = ?'),
    pointServices: db.prepare<[string], { service_id: string }>('SELECT service_id FROM service_point_services WHERE service_point_id = ?'),
    currentAtPoint: db.prepare<[string], ContactRow>(
      `SELECT * FROM contacts WHERE service_point_id = ? AND state IN ('called','serving','parked') ORDER BY called_at DESC LIMIT 1`),
    seatedAt: db.prepare<[string], AgentRow>(`SELECT * FROM agents WHERE service_point_id = ? AND state <> 'offline' ORDER BY state_since DESC LIMIT 1`),
    ownedBy: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE staff_id = ? ORDER BY id LIMIT 1'),
    setState: db.prepare(`UPDATE agents SET state = @state, pause_reason = @reason, state_since = @at, service_point_id = @point WHERE id = @id`),
  };

  function load(id: string): AgentRow {
    const row = q.agent.get(id);
    if (!row) throw new EntreError('ENTRE_UNKNOWN_AGENT', `There is no agent "${id}".`);
    return row;
  }

  function routingAgent(row: AgentRow): RoutingAgent {
    return {
      id: row.id,
      skills: new Map(q.skills.all(row.id).map((s) => [s.service_id, { penalty: s.penalty }])),
      channels: new Set(JSON.parse(row.channels_json) as Channel[]),
      languages: new Set(q.languages.all(row.id).map((l) => l.code)),
    };
  }

  /** The agent's own work profile, else the one of the counter they sit at (DESIGN §4). */
  function profileOf(row: AgentRow): WorkProfile | undefined {
    const json = row.profile_json ?? (row.service_point_id ? q.pointRow.get(row.service_point_id)?.profile_json : null);
    return json ? (JSON.parse(json) as WorkProfile) : undefined;
  }

  function view(row: AgentRow): Agent {
    return {
      id: row.id, name: row.display_name, ...(row.staff_id ? { staff: row.staff_id } : {}), state: row.state,
      ...(row.pause_reason ? { pauseReason: row.pause_reason } : {}),
      ...(row.service_point_id ? { servicePoint: row.service_point_id } : {}),
      channels: JSON.parse(row.channels_json) as Channel[],
      languages: q.languages.all(row.id).map((l) => l.code),
      skills: q.skills.all(row.id).map((s) => ({ service: s.service_id, penalty: s.penalty })),
    };
  }

  const store = {
    list: (site: string): Agent[] => q.agents.all(site).map(view),
    get: (id: string): Agent => view(load(id)),
    /** Unknown agents answer 404 here, before any permission question. */
    staffIdOf: (id: string): string | null => load(id).staff_id,
    /** The agent a staff account works as, and the counter they sit at (none while offline). */
    agentOfStaff(staffId: string): { id: string; servicePoint: string | null } | null {
      const row = q.ownedBy.get(staffId);
      return row ? { id: row.id, servicePoint: row.state === 'offline' ? null : row.service_point_id } : null;
    },
    /** Who sits at a counter (signed in there, not offline), if anyone. */
    seatedAt(pointId: string): { id: string; name: string } | null {
      const row = q.seatedAt.get(pointId);
      return row ? { id: row.id, name: row.display_name } : null;
    },

    setState(id: string, req: AgentStateRequest): Agent {
      const row = load(id);
      const point = req.servicePoint === undefined ? row.service_point_id : req.servicePoint;
      if (point) {
        const p = q.point.get(point);
        if (!p || p.site_id !== row.site_id) throw new EntreError('ENTRE_NOT_FOUND', `There is no service point "${point}".`);
      }
      if (req.state === 'paused' && !req.reason) throw new EntreError('ENTRE_VALIDATION', 'Say why the pause (e.g. "lunch", "back office").');
      q.setState.run({ id, state: req.state, reason: req.state === 'paused' ? req.reason : null, at: deps.clock().toISOString(), point: point ?? null });
      return view(load(id));
    },

    /**
     * The next contact for this agent by the routing rule, called in the same transaction.
     * An agent still busy with a contact must finish it (outcome and ROSA level) first.
     */
    callNext(id: string, who: Actor): { contact: ContactRow | null; explanation: Explanation; why: { sv: string; en: string }; waiting: number } {
      const next = db.transaction(() => {
        const agent = load(id);
        if (agent.state === 'offline' || agent.state === 'paused') {
          throw new EntreError('ENTRE_AGENT_NOT_READY', `${agent.display_name} is ${agent.state}; sign in as available first.`);
        }
        const busy = q.current.get(agent.id);
        if (busy) {
          throw new EntreError('ENTRE_AGENT_NOT_READY',
            `${agent.display_name} still has ${busy.number ?? 'a contact'} (${busy.state}); finish it with an outcome first.`);
        }
        const site = q.site.get(agent.site_id)!;
        const services = new Map<string, ServiceRule>(q.services.all(site.id).map((s) => [s.id, { id: s.id, slTargetSeconds: s.sl_target_seconds }]));
        const me = routingAgent(agent);
        const profile = profileOf(agent);
        // An escalation rule can widen the skills to any service: then every service is fetched.
        const services_ = profile?.rules.some((r) => r.kind === 'escalate') ? [...services.keys()] : [...me.skills.keys()];
        // A visitor has to be called to a counter: an agent who sits at none takes no visits.
        const channels = [...me.channels].filter((c) => c !== 'visit' || agent.service_point_id);
        const others = q.available.all(site.id, agent.id).map(routingAgent);
        const candidates = candidatesOf.read(site.id, services_, channels, agent, waitDecidesFate({ agent: me, otherAvailableAgents: others, ...(profile ? { profile } : {}) })).contacts;
        const waitingTotal = q.waitingCount.get(site.id)!.n;
        const recent = q.recentPicks.all(agent.id, RECENT_PICKS)
          .map((e) => (e.data_json ? (JSON.parse(e.data_json) as { effectiveClass?: PriorityClass }).effectiveClass : undefined))
          .filter((c): c is PriorityClass => c !== undefined)
          .reverse();
        const result = chooseNext({
          agent: me, contacts: candidates, services, now: deps.clock().getTime(),
          otherAvailableAgents: others, ...(profile ? { profile } : {}),
          interpreterAfterSeconds: site.interpreter_after_seconds, recentPicks: recent,
        });
        const why = { sv: explain(result.explanation, 'sv'), en: explain(result.explanation, 'en') };
        if (!result.contact) return { contact: null, explanation: result.explanation, why, waiting: waitingTotal };
        const called = contacts.call(result.contact.id, { servicePoint: agent.service_point_id ?? undefined, agent: agent.id },
          { ...who, agent: agent.id, servicePoint: agent.service_point_id ?? undefined },
          { effectiveClass: result.explanation.chosen.effectiveClass, decidedBy: result.explanation.decidedBy });
        q.setState.run({ id: agent.id, state: 'serving', reason: null, at: deps.clock().toISOString(), point: agent.service_point_id });
        return { contact: called, explanation: result.explanation, why, waiting: waitingTotal - 1 };
      }).immediate();
      // The call (nested above) is committed only now: the publisher may announce it.
      deps.onOutbox?.();
      return next;
    },

    /**
     * "Next" at a counter with no agent signed in (the skeleton's console, a serial keypad):
     * the counter's services are its skills, every channel a counter takes is 'visit', and
     * "next" also means "done with this one", so the current visitor is finished first.
     *
     * `caller`, for a person asking over HTTP: the agent they work as (null: none) and
     * whether they may act for anyone (reception). Only they, the agent seated here or
     * reception call next here; and "next" closes only a visit of theirs or of the bare
     * counter, never one another agent has in hand (that one needs its outcome and ROSA).
     */
    callNextAtPoint(pointId: string, who: Actor, caller?: { agent: string | null; forAnyone: boolean }): { contact: ContactRow | null; waiting: number; why: { sv: string; en: string } } {
      const next = db.transaction(() => {
        const point = q.pointRow.get(pointId);
        if (!point) throw new EntreError('ENTRE_NOT_FOUND', `There is no service point "${pointId}".`);
        const here = { ...who, servicePoint: point.id };
        const current = q.currentAtPoint.get(point.id);
        if (caller) {
          const pointName = (JSON.parse(point.name_json) as { sv?: string }).sv ?? point.id;
          const seated = q.seatedAt.get(point.id);
          if (seated && seated.id !== caller.agent && !caller.forAnyone) {
            throw new EntreError('ENTRE_IN_USE', `${seated.display_name} sits at ${pointName}: only they or reception call next there.`);
          }
          if (current?.agent_id && current.agent_id !== caller.agent) {
            const holder = load(current.agent_id).display_name;
            throw new EntreError('ENTRE_IN_USE',
              `${holder} has ${current.number ?? 'a contact'} (${current.state}) at ${pointName}; they finish it with an outcome before anyone calls next there.`);
          }
        }
        if (current) store.finishImplicitly(current, here);
        const site = q.site.get(point.site_id)!;
        const skills = q.pointServices.all(point.id).map((r) => [r.service_id, { penalty: 0 }] as const);
        const counter: RoutingAgent = { id: `point:${point.id}`, skills: new Map(skills), channels: new Set(['visit']), languages: new Set() };
        const pseudo = { id: counter.id, service_point_id: point.id };
        // No wait decides a fate here: the counter is offered only its own services, and it
        // "speaks" every language waiting (below); chooseNext would refuse a wrong fold.
        const { contacts: candidates, count: routableCount } = candidatesOf.read(site.id, skills.map(([s]) => s), ['visit'], pseudo, () => false);
        const services = new Map<string, ServiceRule>(q.services.all(site.id).map((s) => [s.id, { id: s.id, slTargetSeconds: s.sl_target_seconds }]));
        // A counter without an agent has no languages of its own: nobody waits for an interpreter here.
        const profile = point.profile_json ? (JSON.parse(point.profile_json) as WorkProfile) : undefined;
        const result = chooseNext({ agent: { ...counter, languages: new Set(candidates.map((c) => c.language)) }, contacts: candidates, services,
          now: deps.clock().getTime(), interpreterAfterSeconds: 0, ...(profile ? { profile } : {}) });
        const why = { sv: explain(result.explanation, 'sv'), en: explain(result.explanation, 'en') };
        // What is left for this counter: the routable candidates less the one just called.
        if (!result.contact) return { contact: null, waiting: routableCount, why };
        const called = contacts.call(result.contact.id, { servicePoint: point.id }, here, { decidedBy: result.explanation.decidedBy });
        return { contact: called, waiting: routableCount - 1, why };
      }).immediate();
      // The finish and the call (nested above) are committed only now.
      deps.onOutbox?.();
      return next;
    },

    /**
     * A button on the counter's keypad, acting for the agent signed in there (or for the
     * counter itself when nobody is): next, recall, no-show, finish, pause.
     */
    keypad(pointId: string, button: 'next' | 'recall' | 'noshow' | 'finish' | 'pause'): ContactRow | null {
      const point = q.pointRow.get(pointId);
      if (!point) throw new EntreError('ENTRE_NOT_FOUND', `There is no service point "${pointId}".`);
      const agent = q.seatedAt.get(point.id);
      const who: Actor = { actor: `keypad:${point.id}`, servicePoint: point.id, ...(agent ? { agent: agent.id } : {}) };
      const current = q.currentAtPoint.get(point.id);
      switch (button) {
        case 'next': {
          if (!agent) return store.callNextAtPoint(point.id, who).contact;
          // A keypad has no outcome keys: "next" finishes the current visitor as resolved.
          if (current) store.finishImplicitly(current, who);
          return store.callNext(agent.id, who).contact;
        }
        case 'recall':
          return current?.state === 'called' ? contacts.recall(current.id, who).row : null;
        case 'noshow':
          return current?.state === 'called' ? contacts.noShow(current.id, who) : null;
        case 'finish':
          if (current) store.finishImplicitly(current, who);
          return null;
        case 'pause':
          if (agent) store.setState(agent.id, { state: 'paused', reason: 'keypad' });
          return null;
      }
    },

    /** "Done with this one" without an outcome form: resolved, ROSA unknown, marked implicit. */
    finishImplicitly(current: ContactRow, who: Actor): void {
      if (current.state === 'called') contacts.start(current.id, who);
      if (current.state === 'parked') contacts.resume(current.id, who);
      contacts.finish(current.id, { outcome: 'resolved', rosaLevel: null, implicit: true }, who);
    },

    validateProfile: validateWorkProfile,
  };
  return store;
}

export type AgentStore = ReturnType<typeof createAgentStore>;
