import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { CounterQueue, IdParams, type IdParams as IdT } from '@entre/protocol';
import type { CounterQueueStore } from '../store/counter-queue.js';

/** The counter page's live queues: for an agent (their skills) or for a counter without one. */
export function registerCounterRoutes(app: FastifyInstance, deps: { queue: CounterQueueStore; staff: onRequestHookHandler }): void {
  const { queue, staff } = deps;
  app.get<{ Params: IdT }>('/api/v1/agents/:id/queue', { onRequest: staff, schema: { params: IdParams, response: { 200: CounterQueue } } },
    async (req) => queue.forAgent(req.params.id));
  app.get<{ Params: IdT }>('/api/v1/service-points/:id/queue', { onRequest: staff, schema: { params: IdParams, response: { 200: CounterQueue } } },
    async (req) => queue.forPoint(req.params.id));
}
