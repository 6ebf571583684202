/**
 * Reception issues tickets for visitors at the desk (the `reception` role; admin has every role):
 *
 *   GET  /api/v1/reception/printers   the site's printers to choose from, with their state
 *   POST /api/v1/reception/tickets    a ticket as this staff member: audited, printed where chosen or not at all
 *
 * Not through the kiosk's anonymous `POST /api/v1/tickets`: a staff action is attributed to
 * the staff member (the ticket's event and the audit log), printed where reception wants
 * it rather than at some kiosk, and its idempotency keys are the staff member's own.
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import {
  ReceptionPrinterList, ReceptionTicketRequest, Ticket, type ReceptionTicketRequest as ReceptionTicketRequestT,
} from '@entre/protocol';
import type { LobbyStore } from '../store/lobby-store.js';
import type { PrinterStore } from '../store/printer-store.js';
import { EntreError } from '../core/errors.js';
import { signedIn } from '../auth/plugin.js';
import { IssueTicketHeaders, TICKET_BODY_LIMIT } from './api-routes.js';

export function registerReceptionTicketRoutes(app: FastifyInstance, deps: {
  lobby: LobbyStore; printers: PrinterStore; reception: onRequestHookHandler; sites: () => string[];
}): void {
  /** Staff bound to a site act there; otherwise the server's only site. */
  const siteOf = (req: FastifyRequest): string => {
    const sites = deps.sites();
    const site = req.staff?.siteId ?? (sites.length === 1 ? sites[0] : undefined);
    if (!site) throw new EntreError('ENTRE_VALIDATION', 'This server has several sites and your account is bound to none.');
    return site;
  };

  app.get('/api/v1/reception/printers', {
    onRequest: deps.reception, schema: { response: { 200: ReceptionPrinterList } },
  }, async (req) => ({ printers: deps.printers.forReception(siteOf(req)) }));

  app.post<{ Body: ReceptionTicketRequestT; Headers: { 'idempotency-key'?: string } }>('/api/v1/reception/tickets', {
    onRequest: deps.reception, bodyLimit: TICKET_BODY_LIMIT,
    schema: { body: ReceptionTicketRequest, headers: IssueTicketHeaders, response: { 201: Ticket } },
  }, async (req, reply) => {
    const staff = signedIn(req);
    const ticket = deps.lobby.issueAtReception(siteOf(req), req.body,
      { staffId: staff.id, username: staff.username, ip: req.ip ?? null }, req.headers['idempotency-key']);
    return reply.code(201).header('location', `/api/v1/tickets/${ticket.id}`).send(ticket);
  });
}
