import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { signIn, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';
import { hashToken, SESSION_IDLE_MS } from '../auth/staff-store.js';
import type { EntreApp } from '../app.js';

/** The session id the server keeps for a Cookie header (the SHA-256 of its token). */
const idOf = (cookie: string) => hashToken(cookie.split('=')[1]!);

async function setup(t: { after(fn: () => unknown): void }, clock?: ReturnType<typeof manualClock>) {
  const ended: string[][] = [];
  const { app, remove } = await tempApp({}, { onSessionsEnded: (ids) => ended.push([...ids].sort()), ...(clock ? { clock: clock.now } : {}) });
  t.after(remove);
  const as = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.http.inject({ method, url, headers: { cookie }, remoteAddress: '10.1.2.3', ...(payload ? { payload } : {}) });
  const alive = async (cookie: string) => (await as(cookie, 'GET', '/api/v1/auth/me')).statusCode === 200;
  return { app, ended, as, alive };
}

function lastAudit(app: EntreApp, action: string) {
  return app.staff.listAudit(1, { action })[0];
}

function clearsCookie(res: LightMyRequestResponse): void {
  assert.match(String(res.headers['set-cookie']), /^entre_session=;.*Max-Age=0/);
}

test('sign-out everywhere ends every session of the caller (this one too), audited; others keep theirs', async (t) => {
  const { app, ended, as, alive } = await setup(t);
  const desk = await signIn(app, 'disk');
  const phone = await signIn(app, 'disk');
  const colleague = await signIn(app, 'reception');
  ended.length = 0;

  const res = await as(desk, 'POST', '/api/v1/auth/sign-out-everywhere');
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { ended: 2 });
  assert.equal(res.headers['cache-control'], 'no-store');
  clearsCookie(res);
  assert.deepEqual([await alive(desk), await alive(phone), await alive(colleague)], [false, false, true]);
  assert.deepEqual(ended, [[idOf(desk), idOf(phone)].sort()], 'the live links of both are told, once, after the commit');

  const entry = lastAudit(app, 'auth.logout_everywhere');
  assert.ok(entry);
  const disk = app.staff.findByUsername('disk')!;
  assert.deepEqual({ staff: entry.staff, target: entry.target, details: entry.details, ip: entry.ip }, { staff: disk.id, target: disk.id, details: { sessions: 2 }, ip: '10.1.2.3' });

  const again = await as(desk, 'POST', '/api/v1/auth/sign-out-everywhere');
  assert.equal(again.statusCode, 401, 'an ended session cannot do it again');
});

test('an admin ends every session of another staff member, audited; only an admin may', async (t) => {
  const { app, ended, as, alive } = await setup(t);
  const admin = await signIn(app, 'admin');
  const chef = await signIn(app, 'chef');
  const reception = await signIn(app, 'reception');
  const receptionId = app.staff.findByUsername('reception')!.id;
  ended.length = 0;

  const refused = await as(chef, 'POST', `/api/v1/staff/${receptionId}/sessions/end`);
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().code, 'ENTRE_FORBIDDEN');
  assert.equal(await alive(reception), true);

  const res = await as(admin, 'POST', `/api/v1/staff/${receptionId}/sessions/end`);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { ended: 1 });
  assert.equal(res.headers['set-cookie'], undefined, 'the admin stays signed in');
  assert.deepEqual([await alive(reception), await alive(admin), await alive(chef)], [false, true, true]);
  assert.deepEqual(ended, [[idOf(reception)]]);
  const entry = lastAudit(app, 'staff.sessions_end')!;
  assert.deepEqual({ staff: entry.staff, target: entry.target, details: entry.details },
    { staff: app.staff.findByUsername('admin')!.id, target: receptionId, details: { sessions: 1 } });

  const none = await as(admin, 'POST', `/api/v1/staff/${receptionId}/sessions/end`);
  assert.deepEqual(none.json(), { ended: 0 }, 'nothing left to end is not an error');
  assert.equal((await as(admin, 'POST', '/api/v1/staff/no-such-person/sessions/end')).statusCode, 404);
});

test('disabling an account, a new password, sign-out and a new sign-in end sessions, and each is told', async (t) => {
  const { app, ended, as, alive } = await setup(t);
  const admin = await signIn(app, 'admin');
  const disk = app.staff.findByUsername('disk')!;

  let a = await signIn(app, 'disk');
  const b = await signIn(app, 'disk');
  ended.length = 0;
  const pw = await as(admin, 'PATCH', `/api/v1/staff/${disk.id}`, { password: 'ett-nytt-lösenord' });
  assert.equal(pw.statusCode, 200, pw.body);
  assert.deepEqual([await alive(a), await alive(b)], [false, false]);
  assert.deepEqual(ended, [[idOf(a), idOf(b)].sort()]);

  a = await signIn(app, 'disk', 'ett-nytt-lösenord');
  ended.length = 0;
  assert.equal((await as(admin, 'PATCH', `/api/v1/staff/${disk.id}`, { active: false })).statusCode, 200);
  assert.equal(await alive(a), false);
  assert.deepEqual(ended, [[idOf(a)]]);

  const chef = await signIn(app, 'chef');
  ended.length = 0;
  const replaced = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { cookie: chef }, payload: { username: 'chef', password: 'entre-demo-2026' } });
  assert.equal(replaced.statusCode, 200);
  assert.deepEqual(ended, [[idOf(chef)]], 'signing in again ends the previous session');
  const current = String(replaced.headers['set-cookie']).split(';')[0]!;
  ended.length = 0;
  assert.equal((await as(current, 'POST', '/api/v1/auth/logout')).statusCode, 204);
  assert.deepEqual(ended, [[idOf(current)]]);
});

test('expired sessions are swept (and told) without waiting for their next use', async (t) => {
  const clock = manualClock('2026-03-02T08:00:00Z');
  const { app, ended, alive } = await setup(t, clock);
  const early = await signIn(app, 'disk');
  clock.advance(SESSION_IDLE_MS / 2);
  const later = await signIn(app, 'reception');
  ended.length = 0;
  clock.advance(SESSION_IDLE_MS / 2);
  assert.equal(app.staff.sweepExpiredSessions(), 1);
  assert.deepEqual(ended, [[idOf(early)]]);
  assert.equal(await alive(later), true);
  assert.equal(app.staff.sweepExpiredSessions(), 0);
  assert.deepEqual(ended, [[idOf(early)]], 'told once');

  // Found expired at its next use: ended (and told) there.
  clock.advance(SESSION_IDLE_MS + 1);
  assert.equal(await alive(later), false);
  assert.deepEqual(ended.at(-1), [idOf(later)]);
});
