import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import Type from 'typebox';
import {
  hasRole, CallNextResponse, DisplayBootstrap, EmptyRequest, IdParams, IssueTicketRequest, KioskConfig, RatingRequest, ServicePointList, Ticket,
  type IdParams as IdParamsT, type IssueTicketRequest as IssueTicketRequestT, type RatingRequest as RatingRequestT,
} from '@entre/protocol';
import QRCode from 'qrcode';
import type { TicketStreams } from './ticket-streams.js';
import { EntreError } from '../core/errors.js';
import type { LobbyStore } from '../store/lobby-store.js';
import type { AgentStore } from '../store/agent-store.js';
import type { ContactStore } from '../store/contact-store.js';
import type { TicketLimit } from './rate-limits.js';

export const IssueTicketHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{8,100}$', description: 'same key, same ticket: makes a retry safe' })),
});
type IssueTicketHeadersT = Type.Static<typeof IssueTicketHeaders>;

/** Bodies here are a few hundred bytes; anything near this is a mistake or an attack. */
export const TICKET_BODY_LIMIT = 2048;

const TicketParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export function registerApiRoutes(
  app: FastifyInstance, store: LobbyStore, agents: AgentStore, contacts: ContactStore, counterWork: onRequestHookHandler, streams: TicketStreams,
  /** Tickets per kiosk (http/rate-limits.ts); none: unlimited. */
  ticketLimit?: TicketLimit,
): void {
  app.get('/api/v1/health', async () => ({ ok: true, outbox: store.outbox.count() }));

  app.get<{ Params: IdParamsT }>('/api/v1/kiosks/:id/config', { schema: { params: IdParams, response: { 200: KioskConfig } } },
    async (req) => store.kioskConfig(req.params.id));

  app.post<{ Body: IssueTicketRequestT; Headers: IssueTicketHeadersT }>('/api/v1/tickets', {
    bodyLimit: TICKET_BODY_LIMIT,
    schema: { body: IssueTicketRequest, headers: IssueTicketHeaders, response: { 201: Ticket } },
  }, async (req, reply) => {
    const key = req.headers['idempotency-key'];
    // A retry of a ticket already issued gets it back and issues nothing: no token.
    if (ticketLimit && !(key && store.issuedWithKey(req.body.kiosk, key))) ticketLimit(req, reply);
    const ticket = store.issueTicket(req.body, key);
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

  // After the visit, one 1–5 answer per ticket; no login, nothing personal.
  app.post<{ Params: { id: string }; Body: RatingRequestT }>('/api/v1/tickets/:id/rating', {
    bodyLimit: TICKET_BODY_LIMIT,
    schema: { params: TicketParams, body: RatingRequest, response: { 200: Ticket } },
  }, async (req) => store.rateVisit(req.params.id, req.body.score));

  // The mobile page's live feed (Server-Sent Events): the ticket now, then on every change.
  app.get<{ Params: { id: string } }>('/api/v1/tickets/:id/events', { schema: { params: TicketParams } }, async (req, reply) => {
    store.getTicket(req.params.id); // 404 problem+json before the stream starts
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // nginx and friends would otherwise buffer the stream until it ends.
      'x-accel-buffering': 'no',
    });
    // Tell EventSource how soon to come back after a drop.
    res.write('retry: 2000\n\n');
    const remove = streams.add(req.params.id, {
      send: (ticket) => { res.write(ticket ? `event: ticket\ndata: ${JSON.stringify(ticket)}\n\n` : 'event: gone\ndata: null\n\n'); },
      ping: () => { res.write(': keep-alive\n\n'); },
      end: () => { res.end(); },
    });
    req.raw.on('close', remove);
  });

  // The ticket's QR code as SVG, for the kiosk screen: the same URL the paper ticket carries.
  app.get<{ Params: { id: string } }>('/api/v1/tickets/:id/qr.svg', { schema: { params: TicketParams } }, async (req, reply) => {
    const ticket = store.getTicket(req.params.id);
    const svg = await QRCode.toString(ticket.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
    return reply.type('image/svg+xml').header('cache-control', 'private, max-age=86400').send(svg);
  });

  // The kiosk's sign-language video contact as a QR code (the address is the site's own setting).
  app.get<{ Params: IdParamsT }>('/api/v1/kiosks/:id/sign-language-qr.svg', { schema: { params: IdParams } }, async (req, reply) => {
    const url = store.kioskConfig(req.params.id).settings.signLanguageUrl;
    if (!url) throw new EntreError('ENTRE_NOT_FOUND', 'This kiosk has no sign-language contact configured.');
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    return reply.type('image/svg+xml').header('cache-control', 'no-cache').send(svg);
  });

  app.get('/api/v1/service-points', { schema: { response: { 200: ServicePointList } } },
    async () => ({ servicePoints: store.servicePoints() }));

  app.post<{ Params: IdParamsT }>('/api/v1/service-points/:id/call-next', {
    onRequest: counterWork,
    bodyLimit: TICKET_BODY_LIMIT,
    // No body, or `{}`: anything else is refused (400), not silently ignored while a visitor is called.
    schema: { params: IdParams, body: EmptyRequest, response: { 200: CallNextResponse } },
  }, async (req) => {
    // Behind counterWork there is always a signed-in member: they work as their agent, if any.
    const caller = req.staff
      ? { agent: agents.agentOfStaff(req.staff.id)?.id ?? null, forAnyone: hasRole(req.staff.roles, ['reception']) }
      : { agent: null, forAnyone: false };
    const res = agents.callNextAtPoint(req.params.id, { actor: req.staff ? `staff:${req.staff.username}` : `console:${req.ip}` }, caller);
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
