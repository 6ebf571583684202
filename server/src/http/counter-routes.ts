import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { CounterQueue, IdParams, type IdParams as IdT } from '@entre/protocol';
import type { CounterQueueStore } from '../store/counter-queue.js';
import { EntreError } from '../core/errors.js';

/**
 * The counter page's live queues: for an agent (their skills) or for a counter without one.
 * An agent's queue (with the contact in their hands) is theirs, and reception's, to read:
 * `mayReadAgent` answers 404 for an unknown agent before it says no.
 */
export function registerCounterRoutes(app: FastifyInstance, deps: {
  queue: CounterQueueStore; staff: onRequestHookHandler; mayReadAgent: (req: FastifyRequest, agent: string) => boolean;
}): void {
  const { queue, staff } = deps;
  app.get<{ Params: IdT }>('/api/v1/agents/:id/queue', { onRequest: staff, schema: { params: IdParams, response: { 200: CounterQueue } } },
    async (req) => {
      if (!deps.mayReadAgent(req, req.params.id)) throw new EntreError('ENTRE_FORBIDDEN', `You may read only your own queue, not agent "${req.params.id}"'s.`);
      return queue.forAgent(req.params.id);
    });
  app.get<{ Params: IdT }>('/api/v1/service-points/:id/queue', { onRequest: staff, schema: { params: IdParams, response: { 200: CounterQueue } } },
    async (req) => queue.forPoint(req.params.id));
}
