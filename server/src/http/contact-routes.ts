import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import {
  CallContactRequest, CancelRequest, Contact, ContactParams, CreateContactRequest, DeliveredServiceRequest, EmptyRequest,
  FinishRequest, MarkRequest, PinRequest, RankRequest, TransferRequest,
  type CallContactRequest as CallT, type CancelRequest as CancelT, type ContactParams as ParamsT,
  type CreateContactRequest as CreateT, type FinishRequest as FinishT, type TransferRequest as TransferT,
} from '@entre/protocol';
import type { ContactStore, Actor } from '../store/contact-store.js';
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

  const action = <B>(path: string, body: unknown, run: (id: string, body: B, who: Actor) => ReturnType<ContactStore['load']>, onRequest = guard.staff) => {
    app.post<{ Params: ParamsT; Body: B }>(`/api/v1/contacts/:id/${path}`, {
      ...staff, onRequest, schema: { params: ContactParams, body: body as typeof EmptyRequest, response: { 200: Contact } },
    }, async (req) => contacts.view(run(req.params.id, req.body as B, guard.actor(req))));
  };

  action<CallT>('call', CallContactRequest, (id, b, who) => contacts.call(id, { servicePoint: b.servicePoint ?? who.servicePoint, agent: b.agent ?? who.agent }, who));
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
  const reception = requireRole('reception');
  action<{ agent: string | null }>('pin', PinRequest, (id, b, who) => contacts.pin(id, b.agent, who), reception);
  action<{ rank: number | null }>('rank', RankRequest, (id, b, who) => contacts.rank(id, b.rank, who), reception);
}
