/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttp } from '@entre/web-common/http';
import type { ReceptionPrinter, ReceptionQueues, Ticket } from '@entre/protocol';
import { createReceptionState } from './reception-state.js';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' } });

const queues: ReceptionQueues = { site: 'demo', at: '2026-03-02T09:00:00.000Z', queues: [], languages: [{ code: 'sv', name: 'Svenska', dir: 'ltr' }] };
const printer: ReceptionPrinter = { id: 'printer-1', name: 'Kioskskrivare', online: true, paper: 'ok', coverOpen: false, kiosks: ['kiosk-1'] };
const ticket = (print: Ticket['print']): Ticket => ({
  id: 't-1', number: 'A001', service: 'allmant', serviceName: { sv: 'Allmänt' }, language: 'sv', issuedAt: '2026-03-02T09:00:00.000Z',
  serviceDay: '2026-03-02', state: 'waiting', waitingAhead: 0, print, url: 'http://x/t/t-1', recalls: 0, sms: false,
});

function fakeServer(answers: Record<string, (body: unknown) => Response>) {
  const calls: { route: string; body: unknown; headers: Record<string, string> }[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const route = `${init?.method ?? 'GET'} ${String(url)}`;
    const body = init?.body ? JSON.parse(String(init.body)) as unknown : undefined;
    calls.push({ route, body, headers: Object.fromEntries(new Headers(init?.headers).entries()) });
    const answer = answers[route];
    if (!answer) throw new TypeError('fetch failed');
    return answer(body);
  }) as typeof globalThis.fetch;
  return { http: createHttp({ fetch }), calls };
}

test('a desk ticket goes to reception\'s own endpoint with a retry key, never to the kiosk\'s; no printer, no paper', async () => {
  const server = fakeServer({
    'GET /api/v1/reception/queues': () => json(queues),
    'POST /api/v1/reception/tickets': () => json(ticket({ state: 'none' }), 201),
  });
  const state = createReceptionState(server.http);
  const issued = await state.issueTicket('allmant', 'sv', 'interpreter');
  assert.equal(issued.number, 'A001');
  const post = server.calls.find((c) => c.route === 'POST /api/v1/reception/tickets');
  assert.ok(post, 'posted to /api/v1/reception/tickets');
  assert.deepEqual(post.body, { service: 'allmant', language: 'sv', priority: 'interpreter' }, 'no kiosk, no printer');
  assert.match(post.headers['idempotency-key'] ?? '', /^[A-Za-z0-9_-]{8,100}$/);
  assert.ok(!server.calls.some((c) => c.route === 'POST /api/v1/tickets'), 'never the kiosk endpoint');
  assert.equal(state.lastIssued.value?.id, 't-1');
  assert.match(state.notice.value?.text ?? '', /Kölapp A001 .*Ingen lapp skrivs ut/);
});

test('the printers come from the reception list; a chosen one is sent and named in the notice', async () => {
  const server = fakeServer({
    'GET /api/v1/reception/printers': () => json({ printers: [printer] }),
    'GET /api/v1/reception/queues': () => json(queues),
    'POST /api/v1/reception/tickets': () => json(ticket({ state: 'queued', jobId: 'j-1', printer: 'printer-1' }), 201),
  });
  const state = createReceptionState(server.http);
  await state.loadPrinters();
  assert.deepEqual(state.printers.value.map((p) => p.id), ['printer-1']);
  await state.issueTicket('allmant', 'sv', null, 'printer-1');
  const post = server.calls.find((c) => c.route === 'POST /api/v1/reception/tickets');
  assert.deepEqual(post?.body, { service: 'allmant', language: 'sv', printer: 'printer-1' });
  assert.match(state.notice.value?.text ?? '', /skrivs ut på Kioskskrivare/);
});

test('without the printer list (an error) the form still issues, without paper', async () => {
  const server = fakeServer({ 'GET /api/v1/reception/printers': () => json({ status: 403, code: 'ENTRE_FORBIDDEN', title: 'Forbidden', detail: 'no', type: 'x' }, 403) });
  const state = createReceptionState(server.http);
  await state.loadPrinters();
  assert.deepEqual(state.printers.value, []);
});
