import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { EntreError } from '../core/errors.js';
import { DEMO_PASSWORD, DEMO_STAFF, seedDemoStaff } from './demo-staff.js';
import { createStaffStore, SESSION_IDLE_MS, SESSION_MAX_MS } from './staff-store.js';
import { cheapHasher, manualClock, tempAuthDb } from './test-support/fixtures.js';

const HOUR = 60 * 60 * 1000;

function setup(t: { after(fn: () => void): void }) {
  const { db } = tempAuthDb(t);
  const clock = manualClock();
  let n = 0;
  const store = createStaffStore(db, { clock: clock.now, newId: () => `staff-${++n}`, passwords: cheapHasher });
  return { db, clock, store };
}

const code = (c: string) => (err: unknown) => err instanceof EntreError && err.code === c;
const cli = { staffId: null, ip: null };

test('staff are created, found case-insensitively, listed, and never expose the hash', async (t) => {
  const { db, store } = setup(t);
  const anna = await store.createStaff({ username: 'anna.berg', displayName: 'Anna Berg', roles: ['manager', 'counter', 'counter'], password: 'lösenord-för-anna' }, cli);
  assert.deepEqual(anna, {
    id: 'staff-1', username: 'anna.berg', displayName: 'Anna Berg', roles: ['counter', 'manager'], siteId: null, active: true,
    createdAt: '2026-03-02T08:00:00.000Z', updatedAt: '2026-03-02T08:00:00.000Z',
  });
  assert.equal(store.findByUsername('ANNA.Berg')?.id, 'staff-1');
  assert.equal(store.findByUsername('nobody'), null);
  assert.equal(store.get('staff-1')?.username, 'anna.berg');
  assert.equal(store.list().length, 1);
  assert.ok(!('passwordHash' in anna) && !JSON.stringify(store.list()).includes('scrypt$'));
  const row = db.prepare('SELECT password_hash FROM staff').get() as { password_hash: string };
  assert.match(row.password_hash, /^scrypt\$1024\$8\$1\$/);
  assert.ok(!row.password_hash.includes('lösenord'));
});

test('duplicate usernames (any case), unknown roles and weak passwords are refused and write nothing', async (t) => {
  const { db, store } = setup(t);
  await store.createStaff({ username: 'anna', displayName: 'Anna', roles: ['admin'], password: 'lösenord-för-anna' }, cli);
  const before = db.prepare('SELECT (SELECT count(*) FROM staff) s, (SELECT count(*) FROM audit_log) a').get();
  await assert.rejects(store.createStaff({ username: 'ANNA', displayName: 'Anna 2', roles: ['admin'], password: 'lösenord-för-anna' }, cli), code('ENTRE_USERNAME_TAKEN'));
  await assert.rejects(store.createStaff({ username: 'bo', displayName: 'Bo', roles: ['boss'], password: 'lösenord-för-bo' }, cli),
    (err: unknown) => code('ENTRE_VALIDATION')(err) && /"boss"/.test((err as Error).message));
  await assert.rejects(store.createStaff({ username: 'bo', displayName: 'Bo', roles: [], password: 'lösenord-för-bo' }, cli), code('ENTRE_VALIDATION'));
  await assert.rejects(store.createStaff({ username: 'bo', displayName: 'Bo', roles: ['counter'], password: 'kort' }, cli), code('ENTRE_WEAK_PASSWORD'));
  await assert.rejects(store.createStaff({ username: 'bo berg', displayName: 'Bo', roles: ['counter'], password: 'lösenord-för-bo' }, cli), code('ENTRE_VALIDATION'));
  assert.deepEqual(db.prepare('SELECT (SELECT count(*) FROM staff) s, (SELECT count(*) FROM audit_log) a').get(), before);
});

test('credentials: right password signs in; wrong password, unknown user and inactive account do not', async (t) => {
  const { store } = setup(t);
  await store.createStaff({ username: 'admin', displayName: 'Admin', roles: ['admin'], password: 'admin-lösenord' }, cli);
  const bo = await store.createStaff({ username: 'bo', displayName: 'Bo', roles: ['counter'], password: 'lösenord-för-bo' }, cli);
  const ok = await store.checkCredentials('BO', 'lösenord-för-bo');
  assert.ok(ok.ok && ok.staff.id === bo.id);
  assert.deepEqual(await store.checkCredentials('bo', 'fel-lösenord'), { ok: false, reason: 'wrong_password', staffId: bo.id });
  assert.deepEqual(await store.checkCredentials('ingen', 'lösenord-för-bo'), { ok: false, reason: 'unknown_user', staffId: null });
  await store.deactivate(bo.id, cli);
  assert.deepEqual(await store.checkCredentials('bo', 'lösenord-för-bo'), { ok: false, reason: 'inactive', staffId: bo.id });
});

test('a session stores only the SHA-256 of its token, slides 12 h with use and ends after 7 days regardless', async (t) => {
  const { db, clock, store } = setup(t);
  const bo = await store.createStaff({ username: 'bo', displayName: 'Bo', roles: ['counter'], password: 'lösenord-för-bo' }, cli);
  const grant = store.createSession(bo.id, { staffId: bo.id, ip: '10.0.0.5' });
  assert.match(grant.token, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
  const rows = db.prepare('SELECT * FROM sessions').all() as { id: string }[];
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.id, createHash('sha256').update(grant.token).digest('hex'));
  assert.ok(!JSON.stringify(db.prepare('SELECT * FROM sessions').all()).includes(grant.token));
  assert.ok(!JSON.stringify(db.prepare('SELECT * FROM audit_log').all()).includes(grant.token));
  assert.equal(grant.expiresAt, new Date(clock.now().getTime() + SESSION_IDLE_MS).toISOString());

  // Used every 11 h, it lives on …
  const signedInAt = clock.now().getTime();
  for (let i = 0; i < 15; i++) {
    clock.advance(11 * HOUR);
    const s = store.getSessionByToken(grant.token);
    assert.ok(s, `alive after ${(i + 1) * 11} h`);
    assert.equal(s.staff.id, bo.id);
  }
  // … but its expiry is capped at 7 days after sign-in (165 h so far; 168 h is the end),
  // even though the last use was only 3 h before.
  clock.advance(2 * HOUR);
  assert.equal(store.getSessionByToken(grant.token)?.expiresAt, new Date(signedInAt + SESSION_MAX_MS).toISOString());
  clock.advance(HOUR);
  assert.equal(store.getSessionByToken(grant.token), null);
  assert.equal((db.prepare('SELECT count(*) n FROM sessions').get() as { n: number }).n, 0, 'the expired row is gone');
});

test('an idle session expires after 12 h; unknown and junk tokens are null', async (t) => {
  const { clock, store } = setup(t);
  const bo = await store.createStaff({ username: 'bo', displayName: 'Bo', roles: ['counter'], password: 'lösenord-för-bo' }, cli);
  const grant = store.createSession(bo.id);
  clock.advance(SESSION_IDLE_MS - 1000);
  assert.ok(store.getSessionByToken(grant.token));
  clock.advance(SESSION_IDLE_MS - 1000);
  assert.ok(store.getSessionByToken(grant.token), 'the previous use slid the expiry');
  clock.advance(SESSION_IDLE_MS);
  assert.equal(store.getSessionByToken(grant.token), null);
  assert.equal(store.getSessionByToken(''), null);
  assert.equal(store.getSessionByToken('x'.repeat(500)), null);
  assert.equal(store.getSessionByToken(grant.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))), null);
});

test('sign-out, sign-out everywhere, deactivation and a new password end sessions', async (t) => {
  const { store } = setup(t);
  await store.createStaff({ username: 'admin', displayName: 'Admin', roles: ['admin'], password: 'admin-lösenord' }, cli);
  const bo = await store.createStaff({ username: 'bo', displayName: 'Bo', roles: ['counter'], password: 'lösenord-för-bo' }, cli);
  const a = store.createSession(bo.id);
  const b = store.createSession(bo.id);
  assert.equal(store.deleteSession(a.token), true);
  assert.equal(store.deleteSession(a.token), false);
  assert.equal(store.getSessionByToken(a.token), null);
  assert.ok(store.getSessionByToken(b.token));
  assert.equal(store.deleteAllSessionsFor(bo.id), 1);
  assert.equal(store.getSessionByToken(b.token), null);

  const c = store.createSession(bo.id);
  const d = store.createSession(bo.id);
  await store.updateStaff(bo.id, { password: 'nytt-lösenord-bo' }, { staffId: bo.id, ip: null, keepSessionId: c.sessionId });
  assert.ok(store.getSessionByToken(c.token), 'the session that changed the password stays');
  assert.equal(store.getSessionByToken(d.token), null);
  assert.equal((await store.checkCredentials('bo', 'nytt-lösenord-bo')).ok, true);
  assert.equal((await store.checkCredentials('bo', 'lösenord-för-bo')).ok, false);

  await store.deactivate(bo.id, cli);
  assert.equal(store.getSessionByToken(c.token), null);
});

test('the last active admin cannot be demoted or deactivated', async (t) => {
  const { store } = setup(t);
  const admin = await store.createStaff({ username: 'admin', displayName: 'Admin', roles: ['admin'], password: 'admin-lösenord' }, cli);
  await assert.rejects(store.setRoles(admin.id, ['manager'], cli), code('ENTRE_LAST_ADMIN'));
  await assert.rejects(store.deactivate(admin.id, cli), code('ENTRE_LAST_ADMIN'));
  const eva = await store.createStaff({ username: 'eva', displayName: 'Eva', roles: ['admin'], password: 'eva-lösenordet' }, cli);
  assert.deepEqual((await store.setRoles(admin.id, ['manager'], cli)).roles, ['manager']);
  await assert.rejects(store.deactivate(eva.id, cli), code('ENTRE_LAST_ADMIN'));
  await assert.rejects(store.updateStaff('nope', { active: false }, cli), code('ENTRE_NOT_FOUND'));
});

test('every change is audited with who, what and where, without passwords; the log is append-only', async (t) => {
  const { db, clock, store } = setup(t);
  const admin = await store.createStaff({ username: 'admin', displayName: 'Admin', roles: ['admin'], password: 'admin-lösenord' }, cli);
  const by = { staffId: admin.id, ip: '10.0.0.9' };
  clock.advance(1000);
  const bo = await store.createStaff({ username: 'bo', displayName: 'Bo', roles: ['counter'], password: 'lösenord-för-bo' }, by);
  await store.updateStaff(bo.id, { roles: ['reception'], password: 'nytt-lösenord-bo', active: false }, by);
  store.audit({ staffId: admin.id, action: 'ticket.call_next', target: 'disk-1', details: { ticket: 'B042' }, ip: '10.0.0.9' });

  const all = store.listAudit(10);
  assert.deepEqual(all.map((e) => e.action), ['ticket.call_next', 'staff.update', 'staff.create', 'staff.create']);
  assert.deepEqual(all[1], {
    id: 3, at: '2026-03-02T08:00:01.000Z', staff: admin.id, action: 'staff.update', target: bo.id,
    details: { changed: ['roles', 'password', 'active'], roles: ['reception'], active: false }, ip: '10.0.0.9',
  });
  assert.equal(all[3]!.staff, null, 'the first admin was made by the CLI');
  assert.ok(!JSON.stringify(db.prepare('SELECT * FROM audit_log').all()).includes('lösenord'));

  assert.deepEqual(store.listAudit(10, { action: 'staff.create' }).map((e) => e.target), [bo.id, admin.id]);
  assert.deepEqual(store.listAudit(10, { staffId: admin.id }).map((e) => e.id), [4, 3, 2]);
  assert.deepEqual(store.listAudit(2).map((e) => e.id), [4, 3]);
  assert.deepEqual(store.listAudit(2, { beforeId: 3 }).map((e) => e.id), [2, 1]);

  assert.throws(() => db.prepare(`UPDATE audit_log SET action = 'x'`).run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM audit_log').run(), /append-only/);
});

test('demo staff: one account per role with the demo password, seeded idempotently', async (t) => {
  const { store } = setup(t);
  assert.equal(await seedDemoStaff(store), 5);
  assert.equal(await seedDemoStaff(store), 0);
  assert.deepEqual(store.list().map((s) => [s.username, s.roles.join()]).sort(),
    [['admin', 'admin'], ['chef', 'manager'], ['disk', 'counter'], ['facility', 'facility'], ['reception', 'reception']]);
  for (const s of DEMO_STAFF) assert.equal((await store.checkCredentials(s.username, DEMO_PASSWORD)).ok, true, s.username);
});
