/**
 * The HTTP edge of the rate limits (issue 9); the buckets themselves are core/rate-limit.ts.
 *
 * - Tickets per kiosk: `POST /api/v1/tickets` takes a token of the kiosk that asks
 *   (`kioskOf(req)`: today the body's `kiosk`; with enrolled devices, the verified device).
 *   A retry of a ticket already issued (same Idempotency-Key) issues nothing and takes no
 *   token: the route asks `isRetry` first.
 * - Public pages per client address: the visitor-facing routes in PUBLIC_ROUTES (no sign-in:
 *   the ticket's id or the kiosk's is the capability) take a token of `req.ip`: the visitor's
 *   X-Forwarded-For only from a proxy named in ENTRE_TRUST_PROXY (Fastify's trustProxy);
 *   otherwise the connection's address, so behind an unnamed proxy every visitor is the proxy.
 *
 * Over the limit: 429 problem+json ENTRE_RATE_LIMITED with Retry-After. A tripped limit is
 * logged (and for a kiosk, audited) once per key and minute, not per refused request.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EntreError } from '../core/errors.js';
import { createRateLimiter } from '../core/rate-limit.js';

/** "METHOD /route/:pattern" of every public route limited per address (HEAD counts as GET). */
export const PUBLIC_ROUTES: readonly string[] = [
  'GET /t/:id',
  'GET /api/v1/tickets/:id',
  'GET /api/v1/tickets/:id/events',
  'GET /api/v1/tickets/:id/qr.svg',
  'POST /api/v1/tickets/:id/cancel',
  'POST /api/v1/tickets/:id/rating',
  'POST /api/v1/tickets/:id/sms',
  'DELETE /api/v1/tickets/:id/sms',
  'GET /api/v1/kiosks/:id/config',
  'GET /api/v1/kiosks/:id/sign-language-qr.svg',
  // The kiosk's own limit is per kiosk; per address as well, so made-up kiosk ids cannot
  // each get a fresh bucket.
  'POST /api/v1/tickets',
];

export interface TripReport {
  limit: 'kiosk_tickets' | 'public';
  /** The kiosk id, or the client address. */
  key: string;
  /** The route pattern that was refused. */
  route: string;
  /** The client address of the refused request. */
  ip: string;
  retryAfterSeconds: number;
}

export interface RateLimitDeps {
  perMinute: number;
  /** Milliseconds, from the app's clock. */
  now: () => number;
  /** Told once per key and minute when the limit refuses. */
  onTrip: (trip: TripReport) => void;
  maxKeys?: number;
}

function refuse(reply: FastifyReply, retryAfterSeconds: number, message: string): never {
  reply.header('retry-after', String(retryAfterSeconds));
  throw new EntreError('ENTRE_RATE_LIMITED', message);
}

export type TicketLimit = (req: FastifyRequest, reply: FastifyReply) => void;

/** A guard for the ticket route: throws 429 when `kioskOf(req)` has issued too many lately. */
export function createTicketLimit(deps: RateLimitDeps & { kioskOf: (req: FastifyRequest) => string }): TicketLimit {
  const buckets = createRateLimiter({ perMinute: deps.perMinute, ...(deps.maxKeys ? { maxKeys: deps.maxKeys } : {}) });
  return (req, reply) => {
    const kiosk = deps.kioskOf(req);
    const verdict = buckets.take(kiosk, deps.now());
    if (verdict.ok) return;
    if (verdict.report) deps.onTrip({ limit: 'kiosk_tickets', key: kiosk, route: 'POST /api/v1/tickets', ip: req.ip, retryAfterSeconds: verdict.retryAfterSeconds });
    refuse(reply, verdict.retryAfterSeconds,
      `Many tickets were taken at this kiosk in a short time; please wait ${verdict.retryAfterSeconds} seconds.`);
  };
}

/**
 * Call on the root instance before the routes are registered. Every pattern in
 * PUBLIC_ROUTES must exist once the app is ready: a renamed route fails the start rather
 * than silently losing its limit.
 */
export function usePublicRateLimit(app: FastifyInstance, deps: RateLimitDeps): void {
  const routes = new Set(PUBLIC_ROUTES);
  const buckets = createRateLimiter({ perMinute: deps.perMinute, ...(deps.maxKeys ? { maxKeys: deps.maxKeys } : {}) });
  app.addHook('onRequest', async (req, reply) => {
    const route = `${req.method === 'HEAD' ? 'GET' : req.method} ${req.routeOptions.url ?? ''}`;
    if (!routes.has(route)) return;
    const verdict = buckets.take(req.ip, deps.now());
    if (verdict.ok) return;
    if (verdict.report) deps.onTrip({ limit: 'public', key: req.ip, route, ip: req.ip, retryAfterSeconds: verdict.retryAfterSeconds });
    refuse(reply, verdict.retryAfterSeconds, `Too many requests from this address in a short time; please wait ${verdict.retryAfterSeconds} seconds.`);
  });
  app.addHook('onReady', async () => {
    const missing = PUBLIC_ROUTES.filter((r) => {
      const [method, url] = r.split(' ') as [string, string];
      return !app.hasRoute({ method: method as 'GET', url });
    });
    if (missing.length) throw new Error(`rate limit: no such public route ${missing.join(', ')}`);
  });
}
