import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempApp } from '../test-support/app.js';

/** Over real HTTP: the Host header is what a browser would send, not inject's made-up one. */
async function started(t: { after(fn: () => unknown): void }, overrides: Parameters<typeof tempApp>[0] = {}) {
  const { app, remove } = await tempApp(overrides);
  t.after(remove);
  const { http } = await app.start();
  const login = await fetch(`${http}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'entre-demo-2026' }),
  });
  assert.equal(login.status, 200);
  const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
  let n = 0;
  /** An admin creating a staff account: a cookie-authenticated change that writes. */
  const createStaff = (headers: Record<string, string>, withCookie = true) => fetch(`${http}/api/v1/staff`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(withCookie ? { cookie } : {}), ...headers },
    body: JSON.stringify({ username: `ny.${++n}`, displayName: 'Ny', roles: ['counter'], password: 'ett-långt-lösenord' }),
  });
  const staffCount = () => app.staff.list().length;
  return { app, http, cookie, createStaff, staffCount };
}

function otherPort(base: string): string {
  const u = new URL(base);
  u.port = String(Number(u.port) + 1);
  return u.origin;
}

async function problem(res: Response): Promise<{ code: string; detail: string }> {
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  return (await res.json()) as { code: string; detail: string };
}

test('a cross-origin change carrying the staff cookie is refused with 403 ENTRE_CSRF and writes nothing', async (t) => {
  const { http, createStaff, staffCount } = await started(t);
  const before = staffCount();
  const forged: Record<string, string>[] = [
    { origin: 'https://evil.example' },
    { origin: 'null' }, // a sandboxed frame
    { referer: 'https://evil.example/page' }, // no Origin: the Referer decides
    { origin: http.replace('127.0.0.1', 'localhost') }, // same machine, another origin
    { origin: otherPort(http) }, // another port
    { origin: http, 'sec-fetch-site': 'cross-site' }, // the browser's own verdict wins
    { 'sec-fetch-site': 'same-site' }, // a sibling subdomain or port is not this origin
  ];
  for (const headers of forged) {
    const res = await createStaff(headers);
    assert.equal(res.status, 403, JSON.stringify(headers));
    const body = await problem(res);
    assert.equal(body.code, 'ENTRE_CSRF');
    assert.match(body.detail, /another site/);
  }
  assert.equal(staffCount(), before, 'nothing was written');
});

test('same-origin changes, non-browser clients, reads and cookie-less requests go through', async (t) => {
  const { http, cookie, createStaff, staffCount } = await started(t);
  const before = staffCount();
  const fine: Record<string, string>[] = [
    { origin: http, 'sec-fetch-site': 'same-origin' }, // the console in a browser
    { origin: http.replace('http:', 'https:') }, // the same host behind a TLS proxy
    { referer: `${http}/console/` },
    {}, // curl, the CLI, our tests: nothing to forge with
    { 'sec-fetch-site': 'none' }, // typed by the user
  ];
  for (const headers of fine) assert.equal((await createStaff(headers)).status, 201, JSON.stringify(headers));
  assert.equal(staffCount(), before + fine.length);

  // A safe method is never a change.
  const read = await fetch(`${http}/api/v1/staff`, { headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
  assert.equal(read.status, 200);
  // Without the cookie there is nothing to ride on: a kiosk's ticket from any page is its own business.
  const ticket = await fetch(`${http}/api/v1/tickets`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    body: JSON.stringify({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' }),
  });
  assert.equal(ticket.status, 201);
});

test('the configured public URL counts as this server even when the Host header differs (a proxy rewriting it)', async (t) => {
  const { http, createStaff } = await started(t, { publicUrl: 'https://entre.kommun.example' });
  assert.equal((await createStaff({ origin: 'https://entre.kommun.example' })).status, 201);
  assert.equal((await createStaff({ origin: http })).status, 201, 'the address it was reached at still counts');
  assert.equal((await createStaff({ origin: 'https://kommun.example' })).status, 403);
});

test('sign-out is a change too: a forged one leaves the session alive', async (t) => {
  const { http, cookie } = await started(t);
  const forged = await fetch(`${http}/api/v1/auth/logout`, { method: 'POST', headers: { cookie, origin: 'https://evil.example' } });
  assert.equal(forged.status, 403);
  assert.equal((await fetch(`${http}/api/v1/auth/me`, { headers: { cookie } })).status, 200);
  const own = await fetch(`${http}/api/v1/auth/logout`, { method: 'POST', headers: { cookie, origin: http } });
  assert.equal(own.status, 204);
  assert.equal((await fetch(`${http}/api/v1/auth/me`, { headers: { cookie } })).status, 401);
});
