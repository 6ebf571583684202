/**
 * The site's zones, read-only, for the staff who place displays and send them messages:
 *
 *   GET /api/v1/zones    every zone with its name (the admin edits them under /admin)
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { ZoneList, type ZoneView } from '@entre/protocol';

export function registerZoneRoutes(app: FastifyInstance, deps: { zones: (site: string) => ZoneView[]; readers: onRequestHookHandler; site: () => string }): void {
  app.get('/api/v1/zones', { onRequest: deps.readers, schema: { response: { 200: ZoneList } } },
    async () => ({ zones: deps.zones(deps.site()) }));
}
