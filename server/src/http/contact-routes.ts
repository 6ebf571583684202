import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import {
  CallContactRequest, CancelRequest, Contact, ContactParams, CreateContactRequest, DeliveredServiceRequest, EmptyRequest,
  FinishRequest, MarkRequest, PinRequest, RankRequest, TransferRequest,
  type CallContactRequest as CallT, type CancelRequest as CancelT, type ContactParams as ParamsT,
  type CreateContactRequest as CreateT, type FinishRequest as FinishT, type TransferRequest as TransferT,
} from '@entre/protocol';
import type { ContactStore, ContactRow, Actor } from '../store/contact-store.js';
import type { LobbyStore } from '../store/lobby-store.js';
import { EntreError } from '../core/errors.js';
import { requireRole } from '../auth/plugin.js';

export interface RouteGuard {
  /** Runs first on staff endpoints (onRequest): 401/403 before a body is even read. */
  staff: onRequestHookHandler;
  /** Who the request acts as, for the event log. */
  actor(req: FastifyRequest): Actor;
  /** May the signed-in staff member act as the agent linked to this staff id? */
  mayActAs(req: FastifyRequest, agentStaffId: string | null): boolean;
  /** Whose contacts the signed-in member works (see `WorkScope`). */
  scope(req: FastifyRequest): WorkScope;
  /** Who sits at a counter (signed in there, not offline), if anyone. */
  seatedAt(point: string): { id: string; name: string } | null;
}

/**
 * Reception (and admin) act on every contact. Counter staff work their own: the agent
 * they are (null for a counter account without one) at the counter they sit at (null
 * while offline or seated nowhere).
 */
export type WorkScope = { forAnyone: true } | { forAnyone: false; agent: string | null; seat: string | null };

/** The action as the refusal names it ("only reception may … a waiting contact"). */
const VERBS: Record<string, string> = { 'no-show': 'mark as no-show', services: 'register errands on', marks: 'mark', start: 'serve' };

const label = (row: ContactRow) => row.number ?? `this ${row.channel} contact`;

/**
 * Counter staff act only on a contact in their hands: called to, or served by, their own
 * agent; or, when it was called to a counter without an agent, at their counter (a
 * counter account without an agent: at any bare counter, as it sits at none on record).
 * A waiting contact is in nobody's hands: moving, transferring or cancelling it is reception's.
 */
function mayWork(scope: WorkScope, row: ContactRow, action: string): void {
  if (scope.forAnyone) return;
  const own = row.agent_id
    ? row.agent_id === scope.agent
    : row.service_point_id !== null && (scope.agent === null || row.service_point_id === scope.seat);
  if (own) return;
  if (row.state === 'waiting') {
    throw new EntreError('ENTRE_FORBIDDEN', `${label(row)} is waiting: only reception may ${action} a waiting contact; counter staff call it first.`);
  }
  const whose = row.agent_id ? `agent "${row.agent_id}"` : row.service_point_id ? `the counter ${row.service_point_id}` : 'nobody';
  throw new EntreError('ENTRE_FORBIDDEN', `${label(row)} is ${whose}'s, not yours: counter staff may ${action} only the contacts they called or serve.`);
}

const BODY_LIMIT = 4096;

/** The lifecycle over HTTP: one route per action, each answering the contact as it now is. */
export function registerContactRoutes(app: FastifyInstance, deps: { contacts: ContactStore; lobby: LobbyStore; guard: RouteGuard }): void {
  const { contacts, lobby, guard } = deps;
  const staff = { onRequest: guard.staff, bodyLimit: BODY_LIMIT };

  app.post<{ Body: CreateT }>('/api/v1/contacts', {
    ...staff, schema: { body: CreateContactRequest, response: { 200: Contact, 201: Contact } },
  }, async (req, reply) => {
    const sites = lobby.sites();
    const site = req.body.site ?? (sites.length === 1 ? sites[0]! : undefined);
    if (!site) throw new EntreError('ENTRE_VALIDATION', 'This server has several sites: say which one in "site".');
    const { row, created } = contacts.create(site, req.body, guard.actor(req));
    return reply.code(created ? 201 : 200).header('location', `/api/v1/contacts/${row.id}`).send(contacts.view(row));
  });

  app.get<{ Params: ParamsT }>('/api/v1/contacts/:id', { onRequest: guard.staff, schema: { params: ContactParams, response: { 200: Contact } } },
    async (req) => contacts.view(contacts.load(req.params.id), true));

  /**
   * One lifecycle action. Unless `run` takes the scope and checks it itself (call), the
   * contact must be the caller's (`mayWork`). Check and action run synchronously, with no
   * await between them, so nothing in this process changes the contact in between.
   */
  const action = <B>(
    path: string, body: unknown,
    run: (id: string, body: B, who: Actor, scope: WorkScope) => ContactRow,
    opts: { onRequest?: onRequestHookHandler; checksItself?: boolean } = {},
  ) => {
    app.post<{ Params: ParamsT; Body: B }>(`/api/v1/contacts/:id/${path}`, {
      ...staff, onRequest: opts.onRequest ?? guard.staff, schema: { params: ContactParams, body: body as typeof EmptyRequest, response: { 200: Contact } },
    }, async (req) => {
      const scope = guard.scope(req);
      if (!opts.checksItself) mayWork(scope, contacts.load(req.params.id), VERBS[path] ?? path);
      return contacts.view(run(req.params.id, req.body as B, guard.actor(req), scope));
    });
  };

  // Calling by hand: counter staff call as themselves, to their own counter; a contact
  // reception pinned to a colleague or another counter is not theirs to take.
  action<CallT>('call', CallContactRequest, (id, b, who, scope) => {
    if (scope.forAnyone) return contacts.call(id, { servicePoint: b.servicePoint, agent: b.agent }, who);
    const row = contacts.load(id);
    if (b.agent && b.agent !== scope.agent) {
      throw new EntreError('ENTRE_FORBIDDEN', `Counter staff call as themselves: you may not call ${label(row)} as agent "${b.agent}".`);
    }
    const agent = scope.agent ?? undefined;
    const servicePoint = b.servicePoint ?? scope.seat ?? undefined;
    if (agent && servicePoint && servicePoint !== scope.seat) {
      throw new EntreError('ENTRE_FORBIDDEN', `You sit at ${scope.seat ?? 'no counter'}: call ${label(row)} to your own counter, not to ${servicePoint}.`);
    }
    const seated = servicePoint ? guard.seatedAt(servicePoint) : null;
    if (seated && seated.id !== scope.agent) {
      throw new EntreError('ENTRE_IN_USE', `${seated.name} sits at ${servicePoint}: only they or reception call visitors there.`);
    }
    if (row.pinned_agent_id && row.pinned_agent_id !== scope.agent) {
      throw new EntreError('ENTRE_FORBIDDEN', `${label(row)} is pinned to agent "${row.pinned_agent_id}" by reception.`);
    }
    if (row.pinned_service_point_id && row.pinned_service_point_id !== servicePoint) {
      throw new EntreError('ENTRE_FORBIDDEN', `${label(row)} is pinned to the counter ${row.pinned_service_point_id} by reception.`);
    }
    return contacts.call(id, { servicePoint, agent }, { ...who, ...(agent ? { agent } : {}) });
  }, { checksItself: true });
  action('recall', EmptyRequest, (id, _b, who) => contacts.recall(id, who).row);
  action('start', EmptyRequest, (id, _b, who) => contacts.start(id, who));
  action('no-show', EmptyRequest, (id, _b, who) => contacts.noShow(id, who));
  action('requeue', EmptyRequest, (id, _b, who) => contacts.requeue(id, who));
  action<TransferT>('transfer', TransferRequest, (id, b, who) => contacts.transfer(id, b, who));
  action<CancelT>('park', CancelRequest, (id, b, who) => contacts.park(id, who, b.reason));
  action('resume', EmptyRequest, (id, _b, who) => contacts.resume(id, who));
  action<FinishT>('finish', FinishRequest, (id, b, who) => contacts.finish(id, b, who));
  action<CancelT>('cancel', CancelRequest, (id, b, who) => contacts.cancel(id, who, b.reason));
  action('abandon', EmptyRequest, (id, _b, who) => contacts.abandon(id, who));
  action<{ service: string }>('services', DeliveredServiceRequest, (id, b, who) => contacts.addDeliveredService(id, b.service, who));
  action<{ label: string }>('marks', MarkRequest, (id, b, who) => contacts.addMark(id, b.label, who));
  // Reordering the line and pinning a contact to a colleague are reception's (DESIGN §4).
  const reception = { onRequest: requireRole('reception'), checksItself: true };
  action<{ agent: string | null }>('pin', PinRequest, (id, b, who) => contacts.pin(id, b.agent, who), reception);
  action<{ rank: number | null }>('rank', RankRequest, (id, b, who) => contacts.rank(id, b.rank, who), reception);
}
