/**
 * Device enrolment (issue 9):
 *
 *   GET  /api/v1/admin/devices               enrolled, pending and revoked devices (admin)
 *   POST /api/v1/admin/devices               register a kiosk, display or bridge, or give it a new code (admin; audited)
 *   POST /api/v1/admin/devices/:id/revoke    cut it off now: its secret stops working and its connections close (admin; audited)
 *   POST /api/v1/devices/enrol               the device: one-time code → its secret (browsers also get it as a cookie)
 *
 * Wrong codes count against the caller's address like wrong passwords do.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import {
  DeviceCredential, DeviceCredentialList, EnrolRequest, EnrolResult, EnrolmentCode, IdParams, RegisterDeviceRequest, EmptyRequest,
  type EnrolRequest as EnrolT, type IdParams as IdT, type RegisterDeviceRequest as RegisterT,
} from '@entre/protocol';
import { actorOf } from '../auth/plugin.js';
import { EntreError } from '../core/errors.js';
import { createLoginThrottle, type LoginThrottle } from '../core/login-throttle.js';
import type { DeviceCredentialStore } from '../store/device-credential-store.js';
import { deviceCookie } from './device-auth.js';

export function registerEnrolmentRoutes(app: FastifyInstance, deps: {
  credentials: DeviceCredentialStore; admin: onRequestHookHandler; site: () => string; clock: () => Date;
  /** Called after a revocation committed: close the device's connections. */
  onRevoked(deviceId: string): void;
  throttle?: LoginThrottle;
}): void {
  const throttle = deps.throttle ?? createLoginThrottle();

  app.get('/api/v1/admin/devices', { onRequest: deps.admin, schema: { response: { 200: DeviceCredentialList } } },
    async () => ({ devices: deps.credentials.list(deps.site()) }));

  app.post<{ Body: RegisterT }>('/api/v1/admin/devices', {
    onRequest: deps.admin, bodyLimit: 16 * 1024, schema: { body: RegisterDeviceRequest, response: { 201: EnrolmentCode } },
  }, async (req, reply) => reply.code(201).send(deps.credentials.issue({ site: deps.site(), ...req.body }, actorOf(req))));

  app.post<{ Params: IdT }>('/api/v1/admin/devices/:id/revoke', {
    onRequest: deps.admin, bodyLimit: 1024, schema: { params: IdParams, body: EmptyRequest, response: { 200: DeviceCredential } },
  }, async (req) => {
    const device = deps.credentials.revoke(req.params.id, actorOf(req));
    deps.onRevoked(device.id);
    return device;
  });

  app.post<{ Body: EnrolT }>('/api/v1/devices/enrol', {
    bodyLimit: 1024, schema: { body: EnrolRequest, response: { 200: EnrolResult } },
  }, async (req, reply) => {
    // The address is both keys: five wrong codes from one place lock it for a while.
    const key = `enrol:${req.ip}`;
    const now = deps.clock().getTime();
    const verdict = throttle.check(key, req.ip, now);
    if (!verdict.ok) {
      reply.header('retry-after', String(verdict.retryAfterSeconds));
      throw new EntreError('ENTRE_TOO_MANY_ATTEMPTS', `Too many wrong enrolment codes from this address. Try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minutes.`);
    }
    try {
      const { device, scope, token } = deps.credentials.enrol(req.body.code, req.ip);
      throttle.succeeded(key);
      if (scope.kind !== 'bridge') reply.header('set-cookie', deviceCookie(req, token));
      return { device: { id: device.id, site: device.site, kind: device.kind, name: device.name }, token, mqtt: { username: device.id } };
    } catch (err) {
      if (err instanceof EntreError && err.code === 'ENTRE_BAD_ENROLMENT_CODE') throttle.failed(key, req.ip, now);
      throw err;
    }
  });
}
