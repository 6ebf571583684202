/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttp } from '@entre/web-common/http';
import type { Timers } from '@entre/web-common/timers';
import type { AlertView, PrinterView } from '@entre/protocol';
import { createFacilityState, REFRESH_MS } from './facility-state.js';
import { facilityStrings } from './strings.js';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' } });

const printer: PrinterView = {
  id: 'printer-1', name: 'Kioskskrivare', online: true, paper: 'near_end', coverOpen: false, errors: [], statusAt: '2026-03-02T09:00:00.000Z',
  attention: true, kiosks: ['kiosk-1'], today: { printed: 1, failed: 0, queued: 0 }, recentJobs: [],
};
const alert: AlertView = { id: 'a-1', kind: 'paper_near_end', subject: 'printer-1', subjectName: 'Kioskskrivare', raisedAt: '2026-03-02T09:00:00.000Z' };

function fakeTimers() {
  let fn: (() => void) | null = null;
  const timers: Timers = {
    setTimeout: (f, ms) => { assert.equal(ms, REFRESH_MS); fn = f; return 1; },
    clearTimeout: () => { fn = null; },
    setInterval: () => { throw new Error('not used'); }, clearInterval: () => {},
    now: () => Date.parse('2026-03-02T09:00:05.000Z'),
  };
  return { timers, tick: () => { const f = fn; fn = null; f?.(); }, running: () => fn !== null };
}

function fakeServer(answers: Record<string, () => Response>) {
  const calls: string[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const route = `${init?.method ?? 'GET'} ${String(url)}`;
    calls.push(route);
    const answer = answers[route];
    if (!answer) throw new TypeError('fetch failed');
    return answer();
  }) as typeof globalThis.fetch;
  return { http: createHttp({ fetch }), calls };
}

const listing = {
  'GET /api/v1/printers': () => json({ printers: [printer] }),
  'GET /api/v1/devices': () => json({ devices: [{ id: 'lobby-1', kind: 'display', name: 'Skärm', zone: 'lobby', state: 'online', since: '2026-03-02T08:00:00.000Z' }] }),
  'GET /api/v1/alerts': () => json({ alerts: [alert] }),
};

test('start() loads printers, devices and alerts, then refreshes every 5 s until stop()', async () => {
  const server = fakeServer(listing);
  const clock = fakeTimers();
  const state = createFacilityState(server.http, clock.timers);
  state.start();
  await state.refresh();
  assert.equal(state.printers.value?.[0]?.paper, 'near_end');
  assert.equal(state.devices.value?.[0]?.state, 'online');
  assert.equal(state.unacknowledged.value, 1);
  assert.equal(state.updatedAt.value, Date.parse('2026-03-02T09:00:05.000Z'));
  const before = server.calls.length;
  clock.tick();
  await state.refresh();
  assert.equal(server.calls.length, before + 3, 'one refresh per tick, never two at once');
  state.stop();
  assert.equal(clock.running(), false);
});

test('a failed refresh keeps the last lists and says why; the next one clears it', async () => {
  let down = false;
  const server = fakeServer({ ...listing, 'GET /api/v1/alerts': () => (down ? json({ type: 'about:blank', title: 'x', status: 503, code: 'ENTRE_INTERNAL', detail: 'Databasen är upptagen' }, 503) : json({ alerts: [alert] })) });
  const state = createFacilityState(server.http, fakeTimers().timers);
  await state.refresh();
  down = true;
  await state.refresh();
  assert.equal(state.loadError.value, 'Databasen är upptagen');
  assert.equal(state.alerts.value?.length, 1);
  down = false;
  await state.refresh();
  assert.equal(state.loadError.value, null);
});

test('acknowledging replaces the alert with the server\'s answer and says so; a refused one says why', async () => {
  let refuse = false;
  const server = fakeServer({
    ...listing,
    'POST /api/v1/alerts/a-1/acknowledge': () => (refuse
      ? json({ type: 'about:blank', title: 'x', status: 403, code: 'ENTRE_FORBIDDEN', detail: 'This needs the role facility.' }, 403)
      : json({ ...alert, acknowledgedAt: '2026-03-02T09:01:00.000Z', acknowledgedBy: 'Fastighet' })),
  });
  const state = createFacilityState(server.http, fakeTimers().timers);
  await state.refresh();
  await state.acknowledge(alert);
  assert.equal(state.alerts.value?.[0]?.acknowledgedBy, 'Fastighet');
  assert.equal(state.unacknowledged.value, 0);
  assert.deepEqual(state.notice.value, { kind: 'ok', text: facilityStrings.acknowledgedNotice('Papperet snart slut', 'Kioskskrivare') });
  assert.equal(state.pending.value.size, 0);
  refuse = true;
  await state.acknowledge(alert);
  assert.deepEqual(state.notice.value, { kind: 'error', text: facilityStrings.acknowledgeFailed('This needs the role facility.') });
});

test('a test print posts to the printer and announces it; a network failure is said plainly', async () => {
  let offline = false;
  const server = fakeServer({
    ...listing,
    'POST /api/v1/printers/printer-1/test-print': () => { if (offline) throw new TypeError('fetch failed'); return json({ jobId: 'test-1', printer: 'printer-1' }, 202); },
  });
  const state = createFacilityState(server.http, fakeTimers().timers);
  await state.testPrint(printer);
  assert.ok(server.calls.includes('POST /api/v1/printers/printer-1/test-print'));
  assert.deepEqual(state.notice.value, { kind: 'ok', text: facilityStrings.testPrintSent('Kioskskrivare') });
  offline = true;
  await state.testPrint(printer);
  assert.deepEqual(state.notice.value, { kind: 'error', text: facilityStrings.testPrintFailed('Kioskskrivare', facilityStrings.networkError) });
});
