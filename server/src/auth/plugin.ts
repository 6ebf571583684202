/**
 * Who is asking: reads the `entre_session` cookie on every request, puts the signed-in
 * staff member on `request.staff`, and offers the role guard and the audit helper routes use.
 *
 * The cookie is parsed and written here rather than with @fastify/cookie: we read one
 * cookie whose value is base64url (nothing to decode) and write one fixed shape, and
 * @fastify/cookie 11 pulls in `cookie` 2, which declares Node >= 22 while we support 20.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasRole, type Role } from '@entre/protocol';
import { EntreError } from '../core/errors.js';
import type { Actor, AuditInput, StaffRecord, StaffStore } from './staff-store.js';

export const SESSION_COOKIE = 'entre_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, or null. Set by `useStaffAuth` before any route hook. */
    staff: StaffRecord | null;
    /** The current session's id (the SHA-256 of its token), or null. */
    staffSessionId: string | null;
  }
}

/** The value of one cookie from a Cookie header; the first wins if a name repeats. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  }
  return null;
}

/**
 * The session cookie: a browser-session cookie (no Max-Age), so closing the browser on a
 * shared desk signs out; the server ends it anyway after 12 h idle or 7 days. `Secure`
 * only when this request came over TLS, as seen without trusting proxy headers.
 */
export function sessionCookie(req: FastifyRequest, token: string): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (req.protocol === 'https') parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(req: FastifyRequest): string {
  const parts = [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT'];
  if (req.protocol === 'https') parts.push('Secure');
  return parts.join('; ');
}

/** For store calls that audit inside their own transaction. */
export function actorOf(req: FastifyRequest): Actor {
  return { staffId: req.staff?.id ?? null, ip: req.ip ?? null };
}

/**
 * A route hook: 401 ENTRE_UNAUTHENTICATED without a live session, 403 ENTRE_FORBIDDEN
 * without one of `roles` (admin has them all). No roles: any signed-in staff member.
 * Use it as `onRequest`, so nobody unauthenticated gets as far as body parsing and
 * validation (whose messages would describe the endpoint to them).
 */
export function requireRole(...roles: Role[]) {
  return async function checkRole(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!req.staff) {
      // A stale cookie would be sent with every request; tell the browser to drop it.
      if (readCookie(req.headers.cookie, SESSION_COOKIE) !== null) reply.header('set-cookie', clearedSessionCookie(req));
      throw new EntreError('ENTRE_UNAUTHENTICATED', 'Sign in to use this.');
    }
    if (!hasRole(req.staff.roles, roles)) {
      throw new EntreError('ENTRE_FORBIDDEN', `This needs the role ${roles.join(' or ')}.`);
    }
  };
}

/** The signed-in staff member of a route behind `requireRole`. */
export function signedIn(req: FastifyRequest): StaffRecord {
  if (!req.staff) throw new EntreError('ENTRE_UNAUTHENTICATED', 'Sign in to use this.');
  return req.staff;
}

export interface StaffAuth {
  /** `auditFor(req)('ticket.call_next', ticketId, { point })`: records who (or null), the action and the ip. */
  auditFor(req: FastifyRequest): (action: string, target?: string | null, details?: AuditInput['details']) => number;
}

/**
 * Call on the root instance before any route is registered, so the cookie is read for
 * every route (hooks of a Fastify instance apply to the routes added after them).
 */
export function useStaffAuth(app: FastifyInstance, deps: { staff: StaffStore }): StaffAuth {
  app.decorateRequest('staff', null);
  app.decorateRequest('staffSessionId', null);
  app.addHook('onRequest', async (req) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!token) return;
    const session = deps.staff.getSessionByToken(token);
    if (!session) return;
    req.staff = session.staff;
    req.staffSessionId = session.sessionId;
  });
  return {
    auditFor: (req) => (action, target = null, details = null) =>
      deps.staff.audit({ ...actorOf(req), action, target, details }),
  };
}
