/**
 * Sign-in, sign-out, "who am I", staff administration and the audit log. Needs
 * `useStaffAuth` on the same instance first (it sets `request.staff`).
 */
import { createLoginThrottle, type LoginThrottle } from '../core/login-throttle.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AuditList, AuditQuery, CreateStaffRequest, EmptyRequest, IdParams, LoginRequest, SessionResponse, SessionsEnded, StaffAccount, StaffList,
  UpdateStaffRequest, type AuditQuery as AuditQueryT, type CreateStaffRequest as CreateStaffRequestT, type IdParams as IdParamsT,
  type LoginRequest as LoginRequestT, type SessionResponse as SessionResponseT, type StaffAccount as StaffAccountT,
  type UpdateStaffRequest as UpdateStaffRequestT,
} from '@entre/protocol';
import { EntreError } from '../core/errors.js';
import { actorOf, clearedSessionCookie, readCookie, requireRole, sessionCookie, signedIn, SESSION_COOKIE } from '../auth/plugin.js';
import type { StaffRecord, StaffStore } from '../auth/staff-store.js';

/** Auth bodies are tiny; a large one is a mistake or an attack. */
const AUTH_BODY_LIMIT = 4096;

const BAD_CREDENTIALS = 'Wrong username or password.';

function session(staff: StaffRecord): SessionResponseT {
  return { staff: { id: staff.id, username: staff.username, displayName: staff.displayName, roles: staff.roles } };
}

function account(staff: StaffRecord): StaffAccountT {
  return {
    id: staff.id, username: staff.username, displayName: staff.displayName, roles: staff.roles, site: staff.siteId,
    active: staff.active, createdAt: staff.createdAt, updatedAt: staff.updatedAt,
  };
}

/** Answers about who is signed in must never come out of a shared cache. */
function noStore(_req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  reply.header('cache-control', 'no-store');
  done();
}

export function registerAuthRoutes(app: FastifyInstance, deps: { staff: StaffStore; throttle?: LoginThrottle; clock?: () => Date }): void {
  const { staff } = deps;
  const throttle = deps.throttle ?? createLoginThrottle();
  const now = () => (deps.clock ?? (() => new Date()))().getTime();

  app.post<{ Body: LoginRequestT }>('/api/v1/auth/login', {
    bodyLimit: AUTH_BODY_LIMIT,
    onRequest: noStore,
    schema: { body: LoginRequest, response: { 200: SessionResponse } },
  }, async (req, reply) => {
    const verdict = throttle.check(req.body.username, req.ip, now());
    if (!verdict.ok) {
      staff.audit({ staffId: null, ip: req.ip, action: 'auth.login_throttled', target: null, details: { scope: verdict.scope } });
      reply.header('retry-after', String(verdict.retryAfterSeconds));
      throw new EntreError('ENTRE_TOO_MANY_ATTEMPTS',
        `Too many failed sign-ins; try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} min.`);
    }
    const result = await staff.checkCredentials(req.body.username, req.body.password);
    if (!result.ok) {
      throttle.failed(req.body.username, req.ip, now());
      // Not the typed username: people type their password into that field by mistake.
      staff.audit({ staffId: null, ip: req.ip, action: 'auth.login_failed', target: result.staffId, details: { reason: result.reason } });
      throw new EntreError('ENTRE_BAD_CREDENTIALS', BAD_CREDENTIALS);
    }
    throttle.succeeded(req.body.username);
    // A fresh session on every sign-in, and the old one (if any) ends: no session fixation.
    const previous = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (previous) staff.deleteSession(previous, actorOf(req));
    const grant = staff.createSession(result.staff.id, { staffId: result.staff.id, ip: req.ip });
    reply.header('set-cookie', sessionCookie(req, grant.token));
    return session(result.staff);
  });

  app.post('/api/v1/auth/logout', { bodyLimit: AUTH_BODY_LIMIT, onRequest: noStore }, async (req, reply) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token) staff.deleteSession(token, actorOf(req));
    // Always clear: signing out must work even when the session had already expired.
    return reply.code(204).header('set-cookie', clearedSessionCookie(req)).send();
  });

  // Ends every session of the caller, this one included (a lost phone, a desk left signed in).
  app.post('/api/v1/auth/sign-out-everywhere', {
    bodyLimit: AUTH_BODY_LIMIT,
    onRequest: [noStore, requireRole()],
    schema: { body: EmptyRequest, response: { 200: SessionsEnded } },
  }, async (req, reply) => {
    const me = signedIn(req);
    const ended = staff.deleteAllSessionsFor(me.id, { by: actorOf(req), action: 'auth.logout_everywhere' });
    reply.header('set-cookie', clearedSessionCookie(req));
    return { ended };
  });

  app.get('/api/v1/auth/me', {
    onRequest: [noStore, requireRole()],
    schema: { response: { 200: SessionResponse } },
  }, async (req) => session(signedIn(req)));

  app.get('/api/v1/staff', {
    onRequest: [noStore, requireRole('admin')],
    schema: { response: { 200: StaffList } },
  }, async () => ({ staff: staff.list().map(account) }));

  app.post<{ Body: CreateStaffRequestT }>('/api/v1/staff', {
    bodyLimit: AUTH_BODY_LIMIT,
    onRequest: [noStore, requireRole('admin')],
    schema: { body: CreateStaffRequest, response: { 201: StaffAccount } },
  }, async (req, reply) => {
    const created = await staff.createStaff({
      username: req.body.username, displayName: req.body.displayName, roles: req.body.roles,
      password: req.body.password, siteId: req.body.site ?? null,
    }, actorOf(req));
    return reply.code(201).header('location', `/api/v1/staff/${created.id}`).send(account(created));
  });

  app.patch<{ Params: IdParamsT; Body: UpdateStaffRequestT }>('/api/v1/staff/:id', {
    bodyLimit: AUTH_BODY_LIMIT,
    onRequest: [noStore, requireRole('admin')],
    schema: { params: IdParams, body: UpdateStaffRequest, response: { 200: StaffAccount } },
  }, async (req) => {
    const keep = req.staffSessionId ? { keepSessionId: req.staffSessionId } : {};
    return account(await staff.updateStaff(req.params.id, req.body, { ...actorOf(req), ...keep }));
  });

  // An admin signs a staff member out of every browser (a shared account, a lost laptop);
  // their own included, if they name themselves.
  app.post<{ Params: IdParamsT }>('/api/v1/staff/:id/sessions/end', {
    bodyLimit: AUTH_BODY_LIMIT,
    onRequest: [noStore, requireRole('admin')],
    schema: { params: IdParams, body: EmptyRequest, response: { 200: SessionsEnded } },
  }, async (req, reply) => {
    const ended = staff.deleteAllSessionsFor(req.params.id, { by: actorOf(req), action: 'staff.sessions_end' });
    if (req.params.id === req.staff?.id) reply.header('set-cookie', clearedSessionCookie(req));
    return { ended };
  });

  app.get<{ Querystring: AuditQueryT }>('/api/v1/audit', {
    onRequest: [noStore, requireRole('admin', 'manager')],
    schema: { querystring: AuditQuery, response: { 200: AuditList } },
  }, async (req) => {
    const { limit, before, staff: staffId, action } = req.query;
    return {
      entries: staff.listAudit(limit ? Number(limit) : 100, {
        ...(staffId ? { staffId } : {}), ...(action ? { action } : {}), ...(before ? { beforeId: Number(before) } : {}),
      }),
    };
  });
}
