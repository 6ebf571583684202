/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttp } from '@entre/web-common/http';
import { createAuthState } from './auth-state.js';
import { authStrings } from './strings.js';

const anna = { id: 'staff-1', username: 'anna', displayName: 'Anna Berg', roles: ['counter'] };

function problem(status: number, code: string, detail: string): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: 'x', status, code, detail }), { status, headers: { 'content-type': 'application/problem+json' } });
}
function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

/** A fake server: answers by "METHOD path" and records what was sent. */
function fakeServer(routes: Record<string, (body: unknown) => Response>) {
  const sent: { route: string; body: unknown }[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const route = `${init?.method ?? 'GET'} ${String(url)}`;
    const body = init?.body ? JSON.parse(String(init.body)) as unknown : undefined;
    sent.push({ route, body });
    const handler = routes[route];
    if (!handler) throw new TypeError('fetch failed');
    return handler(body);
  }) as typeof globalThis.fetch;
  return { http: createHttp({ fetch }), sent };
}

test('check(): a 401 means "not signed in" without an error; a session fills staff', async () => {
  let signedIn = false;
  const { http } = fakeServer({
    'GET /api/v1/auth/me': () => (signedIn ? json({ staff: anna }) : problem(401, 'ENTRE_UNAUTHENTICATED', 'Sign in to use this.')),
  });
  const auth = createAuthState(http);
  assert.equal(auth.checking.value, true);
  await auth.check();
  assert.deepEqual([auth.checking.value, auth.staff.value, auth.error.value], [false, null, null]);
  signedIn = true;
  await auth.check();
  assert.deepEqual(auth.staff.value, anna);
  assert.equal(auth.can('counter'), true);
  assert.equal(auth.can('admin', 'manager'), false);
});

test('signIn(): the problem detail on failure; staff on success; signOut() clears it', async () => {
  const { http, sent } = fakeServer({
    'POST /api/v1/auth/login': (body) => ((body as { password: string }).password === 'rätt-lösenord'
      ? json({ staff: anna }) : problem(401, 'ENTRE_BAD_CREDENTIALS', 'Wrong username or password.')),
    'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
  });
  const auth = createAuthState(http);
  assert.equal(await auth.signIn('anna', 'fel'), false);
  assert.equal(auth.error.value, 'Wrong username or password.');
  assert.equal(auth.staff.value, null);
  assert.equal(auth.submitting.value, false);
  assert.equal(await auth.signIn('anna', 'rätt-lösenord'), true);
  assert.deepEqual(auth.staff.value, anna);
  assert.equal(auth.error.value, null);
  await auth.signOut();
  assert.equal(auth.staff.value, null);
  assert.deepEqual(sent.map((s) => s.route), ['POST /api/v1/auth/login', 'POST /api/v1/auth/login', 'POST /api/v1/auth/logout']);
});

test('an unreachable server: sign-in says so; a failed sign-out keeps the page signed in; sessionEnded() signs out locally', async () => {
  const { http } = fakeServer({ 'POST /api/v1/auth/login': () => json({ staff: anna }) });
  const auth = createAuthState(http);
  assert.equal(await auth.signIn('anna', 'rätt-lösenord'), true);
  await auth.signOut();
  assert.deepEqual(auth.staff.value, anna);
  assert.equal(auth.error.value, authStrings.signOutFailed);
  auth.sessionEnded();
  assert.equal(auth.staff.value, null);
  assert.equal(auth.error.value, authStrings.expired);

  const offline = createAuthState(fakeServer({}).http);
  assert.equal(await offline.signIn('anna', 'x'), false);
  assert.equal(offline.error.value, authStrings.networkError);
  await offline.check();
  assert.equal(offline.checking.value, false);
  assert.equal(offline.error.value, authStrings.networkError);
});
