/**
 * Reception's overview over HTTP (the `reception` role; admin has every role):
 *
 *   GET  /api/v1/reception/queues                    every errand's waiting contacts in line order, polled by the console
 *   POST /api/v1/reception/queues/:service/order     the front of one errand's line in a new order, all or nothing
 *
 * Reception acts on a contact through the contact routes (`/api/v1/contacts/:id/rank`,
 * `pin`, `transfer`, `cancel`), issues a ticket as itself through `POST /api/v1/reception/tickets`
 * (reception-ticket-routes.ts), and books through `/api/v1/appointments`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import {
  ReceptionQueue, ReceptionQueueParams, ReceptionQueues, ReorderRequest,
  type ReceptionQueueParams as QueueParamsT, type ReorderRequest as ReorderT,
} from '@entre/protocol';
import type { ReceptionStore } from '../store/reception-store.js';
import type { Actor, ContactStore } from '../store/contact-store.js';
import { EntreError } from '../core/errors.js';

/** Queues change by the second: never from a cache. */
function noStore(_req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  reply.header('cache-control', 'no-store');
  done();
}

export function registerReceptionRoutes(app: FastifyInstance, deps: {
  reception: ReceptionStore; contacts: ContactStore; guard: onRequestHookHandler; sites: () => string[];
  actor: (req: FastifyRequest) => Actor;
}): void {
  /** Staff bound to a site work that site; otherwise the server's only site. */
  const siteOf = (req: FastifyRequest): string => {
    const sites = deps.sites();
    const site = req.staff?.siteId ?? (sites.length === 1 ? sites[0] : undefined);
    if (!site) throw new EntreError('ENTRE_VALIDATION', 'This server has several sites and your account is bound to none.');
    return site;
  };

  app.get('/api/v1/reception/queues', {
    onRequest: [deps.guard, noStore], schema: { response: { 200: ReceptionQueues } },
  }, async (req) => deps.reception.queues(siteOf(req)));

  // A move is one request, not one rank write per contact: all or nothing, and refused (409,
  // naming the contact) when the line changed since reception read it.
  app.post<{ Params: QueueParamsT; Body: ReorderT }>('/api/v1/reception/queues/:service/order', {
    onRequest: [deps.guard, noStore], schema: { params: ReceptionQueueParams, body: ReorderRequest, response: { 200: ReceptionQueue } },
  }, async (req) => {
    const site = siteOf(req);
    deps.contacts.reorder(site, req.params.service, req.body.order, deps.actor(req));
    return deps.reception.queue(site, req.params.service);
  });
}
