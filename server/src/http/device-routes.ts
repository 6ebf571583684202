/**
 * Facility staff's devices and alerts (facility role; admin holds every role):
 *
 *   GET  /api/v1/devices                      kiosks, displays and other devices with their availability
 *                                             (reception reads it too: it looks after the displays)
 *   GET  /api/v1/alerts                       open alerts, then those cleared in the last day
 *   POST /api/v1/alerts/:id/acknowledge       someone is on it (audited; the alert stays listed)
 *
 * and the kiosk's own call (no sign-in: a kiosk has no staff session):
 *
 *   POST /api/v1/kiosks/:id/heartbeat         "still here", every 30 s: facility sees it online
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { AlertList, AlertView, DeviceList, EmptyRequest, IdParams, type IdParams as IdT } from '@entre/protocol';
import { actorOf, signedIn } from '../auth/plugin.js';
import type { DeviceStore } from '../store/device-store.js';
import type { Presence } from '../mqtt/presence.js';
import { EntreError } from '../core/errors.js';

export function registerDeviceRoutes(app: FastifyInstance, deps: {
  devices: DeviceStore; presence: Presence; facility: onRequestHookHandler; readers: onRequestHookHandler; site: () => string;
}): void {
  app.get('/api/v1/devices', { onRequest: deps.readers, schema: { response: { 200: DeviceList } } },
    async () => ({ devices: deps.devices.devices(deps.site()) }));

  app.get('/api/v1/alerts', { onRequest: deps.facility, schema: { response: { 200: AlertList } } },
    async () => ({ alerts: deps.devices.alerts(deps.site()) }));

  app.post<{ Params: IdT }>('/api/v1/alerts/:id/acknowledge', {
    onRequest: deps.facility, bodyLimit: 1024, schema: { params: IdParams, body: EmptyRequest, response: { 200: AlertView } },
  }, async (req) => deps.devices.acknowledge(deps.site(), req.params.id, { ...actorOf(req), staffId: signedIn(req).id }));

  app.post<{ Params: IdT }>('/api/v1/kiosks/:id/heartbeat', {
    bodyLimit: 1024, schema: { params: IdParams, body: EmptyRequest, response: { 204: { type: 'null' } } },
  }, async (req, reply) => {
    const site = deps.devices.siteOf('kiosk', req.params.id);
    if (!site) throw new EntreError('ENTRE_NOT_FOUND', `There is no kiosk "${req.params.id}".`);
    deps.presence.beat(site, req.params.id);
    return reply.code(204).send();
  });
}
