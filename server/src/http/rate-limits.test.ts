import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { captureLogs, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';
import { usePublicRateLimit } from './rate-limits.js';

const ticketBody = (kiosk = 'kiosk-1') => ({ kiosk, service: 'allmant', language: 'sv' });

async function setup(t: { after(fn: () => unknown): void }, limits: { kioskTicketsPerMinute: number; publicRequestsPerMinute: number }) {
  // Within the demo's opening hours, so tickets issue.
  const clock = manualClock('2026-03-03T09:00:00Z');
  const logs = captureLogs();
  const { app, remove } = await tempApp(limits, { clock: clock.now, logger: logs.logger });
  t.after(remove);
  const tripped = () => logs.lines.filter((l) => l['msg'] === 'rate limit tripped; refusing this key for the rest of its minute');
  return { app, clock, tripped };
}

test('tickets per kiosk: over the limit is 429 with Retry-After and a message to show; retries of issued tickets are free', async (t) => {
  const { app, clock, tripped } = await setup(t, { kioskTicketsPerMinute: 3, publicRequestsPerMinute: 1000 });
  const issue = (kiosk = 'kiosk-1', key?: string) => app.http.inject({
    method: 'POST', url: '/api/v1/tickets', payload: ticketBody(kiosk), remoteAddress: '10.0.0.5', ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });
  const count = () => (app.db.prepare("SELECT count(*) AS n FROM contacts WHERE channel = 'visit'").get() as { n: number }).n;
  // A second kiosk in the lobby (the demo seeds one).
  app.db.prepare("INSERT INTO kiosks (id, site_id, name, printer_id, settings_json) VALUES ('kiosk-2', 'demo', 'Kiosk 2', NULL, '{}')").run();

  const first = await issue('kiosk-1', 'key-00000001');
  assert.equal(first.statusCode, 201);
  for (let i = 0; i < 2; i++) assert.equal((await issue()).statusCode, 201);
  assert.equal(count(), 3);

  const refused = await issue();
  assert.equal(refused.statusCode, 429);
  assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
  assert.equal(refused.headers['retry-after'], '20', '60 s / 3 tickets');
  const body = refused.json() as { code: string; detail: string; status: number };
  assert.deepEqual([body.code, body.status], ['ENTRE_RATE_LIMITED', 429]);
  assert.equal(body.detail, 'Many tickets were taken at this kiosk in a short time; please wait 20 seconds.');
  assert.equal(count(), 3, 'a refused request issues nothing');

  // The kiosk lost the answer to its first request and asks again with the same key: same ticket, no token.
  const retry = await issue('kiosk-1', 'key-00000001');
  assert.equal(retry.statusCode, 201);
  assert.equal(retry.json().id, first.json().id);
  assert.equal((await issue('kiosk-1', 'key-00000002')).statusCode, 429, 'a new key is a new ticket: limited');

  assert.equal((await issue('kiosk-2')).statusCode, 201, 'each kiosk has its own limit');

  // Tripped once: logged and audited once for the minute, however often it refused.
  assert.equal((await issue()).statusCode, 429);
  assert.equal(tripped().length, 1);
  assert.deepEqual(tripped()[0]!['key'], 'kiosk-1');
  const audits = app.staff.listAudit(10, { action: 'ticket.rate_limited' });
  assert.deepEqual(audits.map((a) => [a.target, a.ip]), [['kiosk-1', '10.0.0.5']]);

  clock.advance(20_000);
  assert.equal((await issue()).statusCode, 201, 'a token back after Retry-After');
  assert.equal(count(), 5);
});

test('public pages per client address: each public route is limited, X-Forwarded-For is not trusted unless from a named proxy, staff routes are not', async (t) => {
  const { app, tripped } = await setup(t, { kioskTicketsPerMinute: 1000, publicRequestsPerMinute: 2 });
  const publicRequests: { method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: object }[] = [
    { method: 'GET', url: '/t/no-such-ticket' },
    { method: 'GET', url: '/api/v1/tickets/no-such-ticket' },
    { method: 'GET', url: '/api/v1/tickets/no-such-ticket/events' },
    { method: 'GET', url: '/api/v1/tickets/no-such-ticket/qr.svg' },
    { method: 'POST', url: '/api/v1/tickets/no-such-ticket/cancel', payload: {} },
    { method: 'POST', url: '/api/v1/tickets/no-such-ticket/rating', payload: { score: 5 } },
    { method: 'POST', url: '/api/v1/tickets/no-such-ticket/sms', payload: { phone: '0701234567' } },
    { method: 'DELETE', url: '/api/v1/tickets/no-such-ticket/sms' },
    { method: 'GET', url: '/api/v1/kiosks/kiosk-1/config' },
    { method: 'GET', url: '/api/v1/kiosks/kiosk-1/sign-language-qr.svg' },
    { method: 'POST', url: '/api/v1/tickets', payload: ticketBody() },
  ];
  for (const [i, r] of publicRequests.entries()) {
    const remoteAddress = `192.0.2.${i + 1}`;
    const send = (headers: Record<string, string> = {}) => app.http.inject({ ...r, remoteAddress, headers });
    for (let n = 0; n < 2; n++) assert.notEqual((await send()).statusCode, 429, `${r.method} ${r.url} #${n + 1}`);
    const refused = await send({ 'x-forwarded-for': '198.51.100.77' }); // claiming to be someone else changes nothing
    assert.equal(refused.statusCode, 429, `${r.method} ${r.url}: ${refused.body}`);
    assert.equal(refused.headers['retry-after'], '30');
    assert.equal(refused.json().code, 'ENTRE_RATE_LIMITED');
    const other = await app.http.inject({ ...r, remoteAddress: `198.51.100.${i + 1}` });
    assert.notEqual(other.statusCode, 429, 'another address has its own budget');
  }
  // One address shares one budget across the public routes …
  const shared = (url: string) => app.http.inject({ method: 'GET', url, remoteAddress: '203.0.113.9' });
  assert.notEqual((await shared('/api/v1/tickets/a')).statusCode, 429);
  assert.notEqual((await shared('/api/v1/tickets/b/qr.svg')).statusCode, 429);
  assert.equal((await shared('/api/v1/kiosks/kiosk-1/config')).statusCode, 429);
  // … and is not limited elsewhere: health checks, the staff's API, the apps.
  for (const url of ['/api/v1/health', '/api/v1/service-points', '/api/v1/displays/lobby-1', '/api/v1/auth/me']) {
    for (let n = 0; n < 4; n++) assert.notEqual((await shared(url)).statusCode, 429, url);
  }
  assert.equal(tripped().filter((l) => l['limit'] === 'public').length, publicRequests.length + 1, 'one log line per tripped address');
  assert.equal(app.staff.listAudit(10, { action: 'ticket.rate_limited' }).length, 0, 'addresses are logged, not audited');
});

test('behind a trusted reverse proxy each visitor is their own address, and a Secure cookie follows its https; from anyone else X-Forwarded-* change nothing', async (t) => {
  const clock = manualClock('2026-03-03T09:00:00Z');
  const { app, remove } = await tempApp({ kioskTicketsPerMinute: 1000, publicRequestsPerMinute: 2, trustProxy: '10.0.0.1, 10.9.0.0/16' }, { clock: clock.now });
  t.after(remove);
  const config = (remoteAddress: string, visitor: string) => app.http.inject({
    method: 'GET', url: '/api/v1/kiosks/kiosk-1/config', remoteAddress, headers: { 'x-forwarded-for': visitor },
  });
  for (const [i, proxy] of ['10.0.0.1', '10.9.4.2'].entries()) {
    const phone = `192.0.2.${i + 1}`;
    for (let n = 0; n < 2; n++) assert.equal((await config(proxy, phone)).statusCode, 200, `${phone} via ${proxy} #${n + 1}`);
    assert.equal((await config(proxy, phone)).statusCode, 429, `${phone}'s own budget is spent`);
    assert.equal((await config(proxy, `198.51.100.${i + 1}`)).statusCode, 200, 'the next visitor through the same proxy has theirs');
  }
  // Not one of the proxies: its X-Forwarded-For is the sender's own claim, and the sender pays.
  for (let n = 0; n < 2; n++) assert.equal((await config('203.0.113.5', `192.0.2.${100 + n}`)).statusCode, 200);
  assert.equal((await config('203.0.113.5', '192.0.2.200')).statusCode, 429);

  const login = (remoteAddress: string) => app.http.inject({
    method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.50' },
    payload: { username: 'disk', password: 'entre-demo-2026' },
  });
  const viaProxy = await login('10.0.0.1');
  assert.equal(viaProxy.statusCode, 200);
  assert.match(String(viaProxy.headers['set-cookie']), /; Secure/);
  assert.equal(app.staff.listAudit(1, { action: 'auth.login' })[0]?.ip, '192.0.2.50', 'the audit names the visitor, not the proxy');
  const direct = await login('203.0.113.5');
  assert.equal(direct.statusCode, 200);
  assert.doesNotMatch(String(direct.headers['set-cookie']), /Secure/);
  assert.equal(app.staff.listAudit(1, { action: 'auth.login' })[0]?.ip, '203.0.113.5');
});

test('a public route missing from the app fails its start instead of silently going unlimited', async () => {
  const app = Fastify({ logger: false });
  usePublicRateLimit(app, { perMinute: 10, now: () => 0, onTrip: () => {} });
  app.get('/api/v1/tickets/:id', async () => ({}));
  await assert.rejects(async () => { await app.ready(); }, /no such public route GET \/t\/:id/);
  await app.close();
});
