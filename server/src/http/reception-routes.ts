/**
 * Reception's overview over HTTP (the `reception` role; admin has every role):
 *
 *   GET /api/v1/reception/queues     every errand's waiting contacts in line order, polled by the console
 *
 * Reception acts on a contact through the contact routes (`/api/v1/contacts/:id/rank`,
 * `pin`, `transfer`, `cancel`), issues a ticket through `POST /api/v1/tickets` with the
 * kiosk named here, and books through `/api/v1/appointments`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { ReceptionQueues } from '@entre/protocol';
import type { ReceptionStore } from '../store/reception-store.js';
import { EntreError } from '../core/errors.js';

/** Queues change by the second: never from a cache. */
function noStore(_req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  reply.header('cache-control', 'no-store');
  done();
}

export function registerReceptionRoutes(app: FastifyInstance, deps: {
  reception: ReceptionStore; guard: onRequestHookHandler; sites: () => string[];
}): void {
  app.get('/api/v1/reception/queues', {
    onRequest: [deps.guard, noStore], schema: { response: { 200: ReceptionQueues } },
  }, async (req) => {
    // Staff bound to a site see that site; otherwise the server's only site.
    const sites = deps.sites();
    const site = req.staff?.siteId ?? (sites.length === 1 ? sites[0] : undefined);
    if (!site) throw new EntreError('ENTRE_VALIDATION', 'This server has several sites and your account is bound to none.');
    return deps.reception.queues(site);
  });
}
