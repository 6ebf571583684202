/**
 * Which device is asking: reads the enrolled device's secret (an `entre_device` cookie for
 * browser devices, `Authorization: Bearer` for others) on every request and puts the
 * device on `request.device`. On an enrolled site the lobby's device endpoints, listed
 * here in one place, answer only the device they name (or staff who look after it); on an
 * open (demo) site anyone may still name a device.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasRole, type Role } from '@entre/protocol';
import { readCookie } from '../auth/plugin.js';
import { EntreError } from '../core/errors.js';
import type { DeviceKind, DeviceScope } from '../mqtt/topic-access.js';

export const DEVICE_COOKIE = 'entre_device';
/** Ten years: a kiosk is enrolled once; revocation, not expiry, ends it. */
const DEVICE_COOKIE_SECONDS = 10 * 365 * 86_400;

declare module 'fastify' {
  interface FastifyRequest {
    /** The enrolled device whose secret came with the request, or null. */
    device: DeviceScope | null;
  }
}

interface DeviceRoute {
  kind: DeviceKind;
  /** The device the request speaks for. */
  id(req: FastifyRequest): string | undefined;
  /** Staff who may call it too (the console's previews and tests). */
  staff: Role[];
}

const param = (req: FastifyRequest) => (req.params as { id?: string }).id;
/** Every endpoint a kiosk or display calls, by route. */
const DEVICE_ROUTES: Record<string, DeviceRoute> = {
  'GET /api/v1/kiosks/:id/config': { kind: 'kiosk', id: param, staff: ['reception', 'facility'] },
  'POST /api/v1/tickets': { kind: 'kiosk', id: (req) => (req.body as { kiosk?: string } | undefined)?.kiosk, staff: [] },
  'POST /api/v1/kiosks/:id/heartbeat': { kind: 'kiosk', id: param, staff: [] },
  'POST /api/v1/kiosks/:id/check-in': { kind: 'kiosk', id: param, staff: [] },
  'POST /api/v1/kiosks/:id/unlock': { kind: 'kiosk', id: param, staff: [] },
  'POST /api/v1/kiosks/:id/test-print': { kind: 'kiosk', id: param, staff: [] },
  'GET /api/v1/displays/:id': { kind: 'display', id: param, staff: ['reception', 'facility'] },
};

export function deviceCookie(req: FastifyRequest, token: string): string {
  const parts = [`${DEVICE_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${DEVICE_COOKIE_SECONDS}`];
  if (req.protocol === 'https') parts.push('Secure');
  return parts.join('; ');
}

/** The device secret of a request: bearer first (bridges, scripts), else the cookie. */
export function deviceToken(headers: { authorization?: string | undefined; cookie?: string | undefined }): string | null {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return readCookie(headers.cookie, DEVICE_COOKIE);
}

/** Call on the root instance after `useStaffAuth` and before any route is registered. */
export function useDeviceAuth(app: FastifyInstance, deps: { mode: 'open' | 'enrolled'; identify(token: string | null): DeviceScope | null }): void {
  app.decorateRequest('device', null);
  const routeOf = (req: FastifyRequest) => DEVICE_ROUTES[`${req.method} ${req.routeOptions.url ?? ''}`];
  const staffMay = (req: FastifyRequest, route: DeviceRoute) => !!req.staff && route.staff.length > 0 && hasRole(req.staff.roles, route.staff);

  app.addHook('onRequest', async (req) => {
    const token = deviceToken(req.headers);
    if (token) req.device = deps.identify(token);
    const route = routeOf(req);
    if (!route || deps.mode === 'open' || staffMay(req, route)) return;
    // Before the body is read, so an unenrolled caller learns nothing about the endpoint.
    if (req.device?.kind !== route.kind) {
      if (token) throw new EntreError('ENTRE_DEVICE_REVOKED', `This ${route.kind}'s enrolment is no longer valid (revoked or replaced). Ask an administrator for a new enrolment code.`);
      throw new EntreError('ENTRE_DEVICE_UNENROLLED', `Only an enrolled ${route.kind} may do this. Enrol it with the code an administrator gives you.`);
    }
  });
  app.addHook('preHandler', async (req: FastifyRequest, _reply: FastifyReply) => {
    const route = routeOf(req);
    if (!route || deps.mode === 'open' || staffMay(req, route)) return;
    const claimed = route.id(req);
    if (req.device && claimed !== req.device.id) {
      throw new EntreError('ENTRE_DEVICE_MISMATCH', `This device is enrolled as ${req.device.kind} "${req.device.id}", not "${claimed ?? '?'}".`);
    }
  });
}
