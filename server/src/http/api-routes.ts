import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import Type from 'typebox';
import {
  CallNextResponse, DisplayBootstrap, EmptyRequest, IdParams, IssueTicketRequest, KioskConfig, ServicePointList, Ticket,
  type IdParams as IdParamsT, type IssueTicketRequest as IssueTicketRequestT,
} from '@entre/protocol';
import type { LobbyStore } from '../store/lobby-store.js';
import type { AgentStore } from '../store/agent-store.js';
import type { ContactStore } from '../store/contact-store.js';

const IssueTicketHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{8,100}$', description: 'same key, same ticket: makes a retry safe' })),
});
type IssueTicketHeadersT = Type.Static<typeof IssueTicketHeaders>;

/** Bodies here are a few hundred bytes; anything near this is a mistake or an attack. */
export const TICKET_BODY_LIMIT = 2048;

export function registerApiRoutes(app: FastifyInstance, store: LobbyStore, agents: AgentStore, contacts: ContactStore, counterWork: onRequestHookHandler): void {
  app.get('/api/v1/health', async () => ({ ok: true, outbox: store.outbox.count() }));

  app.get<{ Params: IdParamsT }>('/api/v1/kiosks/:id/config', { schema: { params: IdParams, response: { 200: KioskConfig } } },
    async (req) => store.kioskConfig(req.params.id));

  app.post<{ Body: IssueTicketRequestT; Headers: IssueTicketHeadersT }>('/api/v1/tickets', {
    bodyLimit: TICKET_BODY_LIMIT,
    schema: { body: IssueTicketRequest, headers: IssueTicketHeaders, response: { 201: Ticket } },
  }, async (req, reply) => {
    const ticket = store.issueTicket(req.body, req.headers['idempotency-key']);
    return reply.code(201).header('location', `/api/v1/tickets/${ticket.id}`).send(ticket);
  });

  app.get<{ Params: { id: string } }>('/api/v1/tickets/:id', {
    schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), response: { 200: Ticket } },
  }, async (req) => store.getTicket(req.params.id));

  // The visitor leaves: the ticket's unguessable id is the capability, as for its page.
  app.post<{ Params: { id: string } }>('/api/v1/tickets/:id/cancel', {
    bodyLimit: TICKET_BODY_LIMIT,
    schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), body: EmptyRequest, response: { 200: Ticket } },
  }, async (req) => {
    const ticket = store.getTicket(req.params.id);
    contacts.cancel(ticket.id, { actor: 'visitor' }, 'cancelled by the visitor');
    return store.getTicket(ticket.id);
  });

  app.get('/api/v1/service-points', { schema: { response: { 200: ServicePointList } } },
    async () => ({ servicePoints: store.servicePoints() }));

  app.post<{ Params: IdParamsT }>('/api/v1/service-points/:id/call-next', {
    onRequest: counterWork,
    bodyLimit: TICKET_BODY_LIMIT,
    schema: { params: IdParams, response: { 200: CallNextResponse } },
  }, async (req) => {
    const res = agents.callNextAtPoint(req.params.id, { actor: req.staff ? `staff:${req.staff.username}` : `console:${req.ip}` });
    const c = res.contact;
    return {
      called: c && c.number ? { id: c.id, number: c.number, service: c.service_id, serviceName: store.serviceName(c.service_id), servicePoint: req.params.id, calledAt: c.called_at! } : null,
      waiting: res.waiting,
      why: res.why,
    };
  });

  app.get<{ Params: IdParamsT }>('/api/v1/displays/:id', { schema: { params: IdParams, response: { 200: DisplayBootstrap } } },
    async (req) => store.displayBootstrap(req.params.id));
}
