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

test('signOutEverywhere(): ends the sessions and says so; an already-ended session signs out locally; a failure stays signed in', async () => {
  let answer: 'ok' | 'gone' | 'down' = 'ok';
  const { http, sent } = fakeServer({
    'POST /api/v1/auth/login': () => json({ staff: anna }),
    'POST /api/v1/auth/sign-out-everywhere': () => {
      if (answer === 'gone') return problem(401, 'ENTRE_UNAUTHENTICATED', 'Sign in to use this.');
      if (answer === 'down') return problem(503, 'ENTRE_STORAGE_BUSY', 'Busy.');
      return json({ ended: 3 });
    },
  });
  const auth = createAuthState(http);
  await auth.signIn('anna', 'rätt-lösenord');
  await auth.signOutEverywhere();
  assert.deepEqual([auth.staff.value, auth.error.value, auth.lastUsername.value], [null, authStrings.signedOutEverywhere, 'anna']);
  assert.deepEqual(sent.at(-1), { route: 'POST /api/v1/auth/sign-out-everywhere', body: {} });

  await auth.signIn('anna', 'rätt-lösenord');
  answer = 'down';
  await auth.signOutEverywhere();
  assert.deepEqual(auth.staff.value, anna, 'not signed out when the server did not say so');
  assert.equal(auth.error.value, authStrings.signOutEverywhereFailed);

  answer = 'gone';
  await auth.signOutEverywhere();
  assert.deepEqual([auth.staff.value, auth.error.value], [null, authStrings.expired]);
});

test('an ended session keeps the username for the sign-in form; a deliberate sign-out forgets it', async () => {
  const { http } = fakeServer({
    'POST /api/v1/auth/login': () => json({ staff: anna }),
    'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
  });
  const auth = createAuthState(http);
  await auth.signIn('anna', 'rätt-lösenord');
  auth.sessionEnded();
  assert.equal(auth.lastUsername.value, 'anna');
  assert.match(auth.error.value ?? '', /^Du har loggats ut/);
  auth.sessionEnded();
  assert.equal(auth.error.value, authStrings.expired, 'a second 401 changes nothing');
  await auth.signIn('anna', 'rätt-lösenord');
  await auth.signOut();
  assert.equal(auth.lastUsername.value, null);
});
