import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance, type FastifyRequest, type LightMyRequestResponse } from 'fastify';
import { useProblemErrors, useProtocolValidation } from './problem.js';
import { registerAuthRoutes } from './auth-routes.js';
import { clearedSessionCookie, readCookie, sessionCookie, useStaffAuth } from '../auth/plugin.js';
import { createStaffStore, SESSION_IDLE_MS } from '../auth/staff-store.js';
import type { PasswordHasher } from '../auth/passwords.js';
import { cheapHasher, manualClock, tempAuthDb } from '../auth/test-support/fixtures.js';
import { tempApp } from '../test-support/app.js';

const ADMIN_PW = 'admin-lösenord-1';
const DISK_PW = 'disk-lösenord-1';

async function authApp(t: { after(fn: () => unknown): void }) {
  const { db } = tempAuthDb(t);
  const clock = manualClock();
  let verifications = 0;
  // Counts verifications, to show an unknown user costs the same scrypt work as a known one.
  const passwords: PasswordHasher = { ...cheapHasher, verify: (p, e) => { verifications++; return cheapHasher.verify(p, e); } };
  const staff = createStaffStore(db, { clock: clock.now, passwords });
  const app = Fastify({ logger: false });
  useProtocolValidation(app);
  useProblemErrors(app);
  useStaffAuth(app, { staff });
  registerAuthRoutes(app, { staff });
  t.after(() => app.close());
  const cli = { staffId: null, ip: null };
  const admin = await staff.createStaff({ username: 'admin', displayName: 'Admin', roles: ['admin'], password: ADMIN_PW }, cli);
  const disk = await staff.createStaff({ username: 'disk', displayName: 'Disk Ett', roles: ['counter'], password: DISK_PW }, cli);
  const chef = await staff.createStaff({ username: 'chef', displayName: 'Chef', roles: ['manager'], password: 'chef-lösenord-1' }, cli);
  const counts = () => db.prepare(`SELECT (SELECT count(*) FROM staff) AS staff, (SELECT count(*) FROM sessions) AS sessions,
    (SELECT count(*) FROM audit_log) AS audit`).get() as { staff: number; sessions: number; audit: number };
  const lastAudit = () => staff.listAudit(1)[0]!;
  return { app, db, clock, staff, admin, disk, chef, counts, lastAudit, verifications: () => verifications };
}

function setCookie(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  assert.equal(typeof header, 'string', 'one Set-Cookie header');
  return header as string;
}

/** Signs in and returns the Cookie header value to send back. */
async function signIn(app: FastifyInstance, username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  assert.equal(res.statusCode, 200, res.body);
  return setCookie(res).split(';')[0]!;
}

function assertProblem(res: LightMyRequestResponse, status: number, code: string): { detail: string } {
  assert.equal(res.statusCode, status, res.body);
  assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
  const body = res.json() as { code: string; status: number; detail: string };
  assert.equal(body.code, code);
  assert.equal(body.status, status);
  return body;
}

test('sign-in sets an HttpOnly SameSite=Strict cookie; /me works with it; sign-out ends it', async (t) => {
  const { app, disk, lastAudit } = await authApp(t);
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'DISK', password: DISK_PW }, remoteAddress: '10.1.2.3' });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { staff: { id: disk.id, username: 'disk', displayName: 'Disk Ett', roles: ['counter'] } });
  assert.equal(res.headers['cache-control'], 'no-store');
  const header = setCookie(res);
  assert.match(header, /^entre_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/, 'no Secure over plain http');
  assert.deepEqual({ ...lastAudit(), id: 0, at: '' }, { id: 0, at: '', staff: disk.id, action: 'auth.login', target: disk.id, details: null, ip: '10.1.2.3' });
  const cookie = header.split(';')[0]!;

  const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `theme=dark; ${cookie}` } });
  assert.equal(me.statusCode, 200, me.body);
  assert.equal(me.json().staff.username, 'disk');

  const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
  assert.equal(out.statusCode, 204);
  assert.match(setCookie(out), /^entre_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0/);
  assert.equal(lastAudit().action, 'auth.logout');

  const after = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
  assertProblem(after, 401, 'ENTRE_UNAUTHENTICATED');
  assert.match(setCookie(after), /Max-Age=0/, 'the stale cookie is cleared');
});

test('wrong password and unknown user get the same 401, cost the same hashing, and set no cookie', async (t) => {
  const { app, disk, counts, lastAudit, verifications } = await authApp(t);
  const before = counts();
  const wrong = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'disk', password: 'fel-lösenord' } });
  const afterWrong = verifications();
  const unknown = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'my-secret-password', password: 'fel-lösenord' } });
  assert.equal(verifications() - afterWrong, 1, 'an unknown user is verified against the dummy hash');
  const a = assertProblem(wrong, 401, 'ENTRE_BAD_CREDENTIALS');
  const b = assertProblem(unknown, 401, 'ENTRE_BAD_CREDENTIALS');
  assert.equal(a.detail, b.detail);
  assert.equal(wrong.headers['set-cookie'], undefined);
  assert.equal(unknown.headers['set-cookie'], undefined);
  assert.deepEqual(counts(), { ...before, audit: before.audit + 2 }, 'two failed attempts audited, no session');
  const failed = lastAudit();
  assert.equal(failed.action, 'auth.login_failed');
  assert.equal(failed.target, null);
  assert.ok(!JSON.stringify(failed).includes('my-secret-password'), 'a mistyped username is not stored');
  assert.deepEqual(failed.details, { reason: 'unknown_user' });
  void disk;
});

test('without a session: 401 problem+json everywhere, before the body is even looked at', async (t) => {
  const { app, counts } = await authApp(t);
  const before = counts();
  for (const [method, url] of [['GET', '/api/v1/auth/me'], ['GET', '/api/v1/staff'], ['GET', '/api/v1/audit'], ['PATCH', '/api/v1/staff/x'], ['POST', '/api/v1/staff']] as const) {
    const res = await app.inject({ method, url, headers: { cookie: 'entre_session=not-a-session' }, payload: method === 'GET' ? undefined : '{"bad json' });
    assertProblem(res, 401, 'ENTRE_UNAUTHENTICATED');
  }
  const none = await app.inject({ method: 'GET', url: '/api/v1/auth/me' });
  assertProblem(none, 401, 'ENTRE_UNAUTHENTICATED');
  assert.equal(none.headers['set-cookie'], undefined, 'nothing to clear');
  assert.deepEqual(counts(), before);
});

test('roles: a counter user gets 403 on staff and audit; a manager reads the audit log only; admin has every role', async (t) => {
  const { app } = await authApp(t);
  const disk = await signIn(app, 'disk', DISK_PW);
  assertProblem(await app.inject({ method: 'GET', url: '/api/v1/staff', headers: { cookie: disk } }), 403, 'ENTRE_FORBIDDEN');
  const create = await app.inject({ method: 'POST', url: '/api/v1/staff', headers: { cookie: disk }, payload: { username: 'eva', displayName: 'Eva', roles: ['admin'], password: 'eva-lösenord-1' } });
  assert.match(assertProblem(create, 403, 'ENTRE_FORBIDDEN').detail, /admin/);
  assertProblem(await app.inject({ method: 'GET', url: '/api/v1/audit', headers: { cookie: disk } }), 403, 'ENTRE_FORBIDDEN');

  const chef = await signIn(app, 'chef', 'chef-lösenord-1');
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/audit', headers: { cookie: chef } })).statusCode, 200);
  assertProblem(await app.inject({ method: 'GET', url: '/api/v1/staff', headers: { cookie: chef } }), 403, 'ENTRE_FORBIDDEN');

  const admin = await signIn(app, 'admin', ADMIN_PW);
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/audit', headers: { cookie: admin } })).statusCode, 200);
});

test('an admin creates, changes and deactivates staff; each action is audited with who and where', async (t) => {
  const { app, admin, lastAudit } = await authApp(t);
  const cookie = await signIn(app, 'admin', ADMIN_PW);
  const as = { cookie };

  const created = await app.inject({ method: 'POST', url: '/api/v1/staff', headers: as, remoteAddress: '10.0.0.7',
    payload: { username: 'eva.lund', displayName: 'Eva Lund', roles: ['reception', 'counter'], password: 'eva-lösenord-1' } });
  assert.equal(created.statusCode, 201, created.body);
  const eva = created.json() as { id: string; roles: string[]; active: boolean; site: string | null };
  assert.equal(created.headers.location, `/api/v1/staff/${eva.id}`);
  assert.deepEqual(eva.roles, ['counter', 'reception']);
  assert.equal(eva.site, null);
  assert.ok(!created.body.includes('scrypt') && !created.body.includes('lösenord'));
  assert.deepEqual({ staff: lastAudit().staff, action: lastAudit().action, target: lastAudit().target, ip: lastAudit().ip },
    { staff: admin.id, action: 'staff.create', target: eva.id, ip: '10.0.0.7' });

  const list = await app.inject({ method: 'GET', url: '/api/v1/staff', headers: as });
  assert.deepEqual((list.json() as { staff: { username: string }[] }).staff.map((s) => s.username), ['admin', 'chef', 'disk', 'eva.lund']);

  const evaCookie = await signIn(app, 'eva.lund', 'eva-lösenord-1');
  const patched = await app.inject({ method: 'PATCH', url: `/api/v1/staff/${eva.id}`, headers: as, payload: { roles: ['manager'], password: 'nytt-lösenord-eva' } });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.deepEqual(patched.json().roles, ['manager']);
  assert.equal(lastAudit().action, 'staff.update');
  assert.deepEqual(lastAudit().details, { changed: ['roles', 'password'], roles: ['manager'] });
  assertProblem(await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: evaCookie } }), 401, 'ENTRE_UNAUTHENTICATED');

  const evaAgain = await signIn(app, 'eva.lund', 'nytt-lösenord-eva');
  const off = await app.inject({ method: 'PATCH', url: `/api/v1/staff/${eva.id}`, headers: as, payload: { active: false } });
  assert.equal(off.json().active, false);
  assertProblem(await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: evaAgain } }), 401, 'ENTRE_UNAUTHENTICATED');
  assertProblem(await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'eva.lund', password: 'nytt-lösenord-eva' } }), 401, 'ENTRE_BAD_CREDENTIALS');

  // The admin's own password change keeps the admin's own session.
  await app.inject({ method: 'PATCH', url: `/api/v1/staff/${admin.id}`, headers: as, payload: { password: 'nytt-admin-lösenord' } });
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: as })).statusCode, 200);
  assertProblem(await app.inject({ method: 'PATCH', url: `/api/v1/staff/${admin.id}`, headers: as, payload: { active: false } }), 409, 'ENTRE_LAST_ADMIN');

  const audit = await app.inject({ method: 'GET', url: '/api/v1/audit?limit=50&action=staff.update', headers: as });
  assert.equal(audit.statusCode, 200, audit.body);
  const entries = (audit.json() as { entries: { action: string; staff: string }[] }).entries;
  assert.equal(entries.length, 3);
  assert.ok(entries.every((e) => e.action === 'staff.update' && e.staff === admin.id));
  assert.ok(!audit.body.includes('lösenord'));
});

test('bad bodies and parameters are 400 problem+json and write nothing', async (t) => {
  const { app, disk, counts } = await authApp(t);
  const cookie = await signIn(app, 'admin', ADMIN_PW);
  const before = counts();
  const good = { username: 'eva', displayName: 'Eva', roles: ['counter'], password: 'eva-lösenord-1' };
  const cases: { name: string; method: 'POST' | 'PATCH' | 'GET'; url: string; payload?: unknown; status?: number; code?: string }[] = [
    { name: 'login without password', method: 'POST', url: '/api/v1/auth/login', payload: { username: 'disk' } },
    { name: 'login with extra field', method: 'POST', url: '/api/v1/auth/login', payload: { username: 'disk', password: DISK_PW, remember: true } },
    { name: 'login not JSON', method: 'POST', url: '/api/v1/auth/login', payload: '{"username":', code: 'ENTRE_MALFORMED_BODY' },
    { name: 'unknown role', method: 'POST', url: '/api/v1/staff', payload: { ...good, roles: ['boss'] } },
    { name: 'no roles', method: 'POST', url: '/api/v1/staff', payload: { ...good, roles: [] } },
    { name: 'repeated role', method: 'POST', url: '/api/v1/staff', payload: { ...good, roles: ['counter', 'counter'] } },
    { name: 'short password', method: 'POST', url: '/api/v1/staff', payload: { ...good, password: 'kort' } },
    { name: 'username with a space', method: 'POST', url: '/api/v1/staff', payload: { ...good, username: 'eva lund' } },
    { name: 'missing display name', method: 'POST', url: '/api/v1/staff', payload: { username: 'eva', roles: ['counter'], password: 'eva-lösenord-1' } },
    { name: 'taken username', method: 'POST', url: '/api/v1/staff', payload: { ...good, username: 'Disk' }, status: 409, code: 'ENTRE_USERNAME_TAKEN' },
    { name: 'empty patch', method: 'PATCH', url: `/api/v1/staff/${disk.id}`, payload: {} },
    { name: 'patch with hash', method: 'PATCH', url: `/api/v1/staff/${disk.id}`, payload: { passwordHash: 'scrypt$1$1$1$a$b' } },
    { name: 'patch active as text', method: 'PATCH', url: `/api/v1/staff/${disk.id}`, payload: { active: 'no' } },
    { name: 'patch bad id', method: 'PATCH', url: '/api/v1/staff/NOT%20AN%20ID', payload: { active: false } },
    { name: 'patch unknown id', method: 'PATCH', url: '/api/v1/staff/nobody', payload: { active: false }, status: 404, code: 'ENTRE_NOT_FOUND' },
    { name: 'audit limit not a number', method: 'GET', url: '/api/v1/audit?limit=lots' },
    { name: 'audit unknown filter', method: 'GET', url: '/api/v1/audit?password=x' },
  ];
  for (const c of cases) {
    const res = await app.inject({ method: c.method, url: c.url, headers: { cookie, 'content-type': 'application/json' },
      ...(c.payload === undefined ? {} : { payload: typeof c.payload === 'string' ? c.payload : JSON.stringify(c.payload) }) });
    assert.equal(res.statusCode, c.status ?? 400, `${c.name}: ${res.body}`);
    assert.match(res.headers['content-type'] as string, /^application\/problem\+json/, c.name);
    assert.equal(res.json().code, c.code ?? 'ENTRE_VALIDATION', c.name);
  }
  assert.deepEqual(counts(), before);
});

test('a session past its idle expiry is rejected (injected clock)', async (t) => {
  const { app, clock } = await authApp(t);
  const cookie = await signIn(app, 'disk', DISK_PW);
  clock.advance(SESSION_IDLE_MS - 60_000);
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode, 200);
  clock.advance(SESSION_IDLE_MS + 1);
  assertProblem(await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } }), 401, 'ENTRE_UNAUTHENTICATED');
});

test('signing in again replaces the previous session', async (t) => {
  const { app } = await authApp(t);
  const first = await signIn(app, 'disk', DISK_PW);
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { cookie: first }, payload: { username: 'disk', password: DISK_PW } });
  const second = setCookie(res).split(';')[0]!;
  assert.notEqual(second, first);
  assertProblem(await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: first } }), 401, 'ENTRE_UNAUTHENTICATED');
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: second } })).statusCode, 200);
});

test('cookie helpers: Secure over https, parsing tolerates other cookies and quotes', () => {
  const https = { protocol: 'https' } as FastifyRequest;
  assert.equal(sessionCookie(https, 'abc'), 'entre_session=abc; Path=/; HttpOnly; SameSite=Strict; Secure');
  assert.match(clearedSessionCookie(https), /; Secure$/);
  assert.equal(readCookie('a=1; entre_session=tok; b=2', 'entre_session'), 'tok');
  assert.equal(readCookie('entre_session="tok"', 'entre_session'), 'tok');
  assert.equal(readCookie('xentre_session=tok; other', 'entre_session'), null);
  assert.equal(readCookie(undefined, 'entre_session'), null);
});

test('sign-in is throttled: five wrong passwords lock the account for 15 minutes, whatever is typed next; then it opens', async (t) => {
  const clock = manualClock('2026-11-26T08:00:00.000Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const login = (username: string, password: string) => app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  for (let i = 0; i < 5; i++) assert.equal((await login('anna', `guess-${i}`)).statusCode, 401);
  const locked = await login('anna', 'entre-demo-2026');
  assert.equal(locked.statusCode, 429, 'locked: even the right password is not checked');
  assert.equal(locked.headers['retry-after'], '900');
  assert.match(locked.json().detail, /try again in 15 min/);
  assert.equal(locked.json().code, 'ENTRE_TOO_MANY_ATTEMPTS');
  assert.equal((await login('erik', 'entre-demo-2026')).statusCode, 200, 'another account signs in');
  clock.advance(15 * 60_000);
  assert.equal((await login('anna', 'entre-demo-2026')).statusCode, 200, 'open again after the lock');
  const audit = app.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'auth.login_throttled'").get() as { n: number };
  assert.equal(audit.n, 1);
});
