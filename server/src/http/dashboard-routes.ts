/**
 * The manager's live dashboard (manager role; admin holds every role):
 *
 *   GET /api/v1/dashboard    per queue and channel: waiting, longest wait, service level and
 *                            first-contact resolution today; staff by state
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { Dashboard } from '@entre/protocol';
import type { DashboardStore } from '../store/dashboard-store.js';

export function registerDashboardRoutes(app: FastifyInstance, deps: { dashboard: DashboardStore; manager: onRequestHookHandler; site: () => string }): void {
  app.get('/api/v1/dashboard', {
    onRequest: [deps.manager, (_req, reply, done) => { reply.header('cache-control', 'no-store'); done(); }],
    schema: { response: { 200: Dashboard } },
  }, async () => deps.dashboard.dashboard(deps.site()));
}
