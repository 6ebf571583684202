/// <reference types="node" />
/**
 * The kiosk on an enrolled site, through the real API client over real HTTP: a stand-in
 * server answers as ours does (401 ENTRE_DEVICE_UNENROLLED, 403 ENTRE_DEVICE_MISMATCH,
 * the enrol endpoint; server/src/http/enrolment.test.ts checks those answers on the server).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalogs, catalogCodes, visitorLanguages, type KioskConfig } from '@entre/protocol';
import { createHttp } from '@entre/web-common/http';
import type { Timers } from '@entre/web-common/timers';
import { createKioskApi } from '../lib/api.js';
import { createKioskState } from './kiosk-state.js';

const config: KioskConfig = {
  site: 'demo', siteName: 'Demo', kiosk: 'kiosk-1', timeZone: 'Europe/Stockholm',
  languages: visitorLanguages,
  groups: [{ id: 'g', name: { sv: 'Allmänt' }, icon: 'info' }],
  services: [{ id: 'allmant', prefix: 'A', name: { sv: 'Allmänna frågor' }, group: 'g', icon: 'info', open: true, waiting: 0 }],
  settings: { idleSeconds: 45, warnSeconds: 10, ticketSeconds: 20, priorityHelp: true },
};

type Device = 'enrolled' | 'unenrolled' | 'revoked' | 'other';
const GOOD_CODE = 'K7M2Q9XHTP';

function problem(res: ServerResponse, status: number, code: string, detail: string) {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: `https://entre.example/problems/${code.toLowerCase()}`, title: 'x', status, detail, code }));
}

async function standInServer(t: { after(fn: () => unknown): void }, initial: Device) {
  let device: Device = initial;
  const enrolCodes: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/api/v1/devices/enrol') {
        const { code } = JSON.parse(body) as { code: string };
        enrolCodes.push(code);
        if (code !== GOOD_CODE) return problem(res, 400, 'ENTRE_BAD_ENROLMENT_CODE', 'This enrolment code is unknown, already used or expired.');
        device = 'enrolled';
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'entre_device=s; HttpOnly; SameSite=Strict; Path=/' });
        return res.end(JSON.stringify({ device: { id: 'kiosk-1', site: 'demo', kind: 'kiosk', name: 'Kiosk 1' }, token: 's', mqtt: { username: 'kiosk-1' } }));
      }
      // Every other endpoint here is a kiosk's: the device gate first, as on the server.
      if (device === 'unenrolled') return problem(res, 401, 'ENTRE_DEVICE_UNENROLLED', 'Only an enrolled kiosk may do this. Enrol it with the code an administrator gives you.');
      if (device === 'revoked') return problem(res, 401, 'ENTRE_DEVICE_REVOKED', 'This kiosk\'s enrolment is no longer valid (revoked or replaced). Ask an administrator for a new enrolment code.');
      if (device === 'other') return problem(res, 403, 'ENTRE_DEVICE_MISMATCH', 'This device is enrolled as kiosk "kiosk-2", not "kiosk-1".');
      if (req.method === 'GET' && req.url === '/api/v1/kiosks/kiosk-1/config') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(config));
      }
      if (req.method === 'POST' && req.url === '/api/v1/tickets') return problem(res, 409, 'ENTRE_TICKET_CLOSED_SERVICE', 'Closed.');
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(r)));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  return { base, set: (d: Device) => { device = d; }, enrolCodes };
}

/** Timers that never fire by themselves; `beat()` runs the heartbeat interval by hand. */
function handTimers() {
  const intervals: Array<() => void> = [];
  const timers: Timers = { setTimeout: () => 0, clearTimeout: () => {}, setInterval: (fn) => { intervals.push(fn); return intervals.length; }, clearInterval: () => {}, now: () => 0 };
  // start() sets the heartbeat first, then the start screen's refresh.
  return { timers, beat: () => intervals[0]!() };
}

const settle = () => new Promise((r) => setTimeout(r, 30));
async function until(what: string, ok: () => boolean) {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(ok(), what);
}

async function kioskAt(t: TestContext, device: Device) {
  t.mock.method(console, 'warn', () => {}); // each refusal is logged for staff; not for this output
  const server = await standInServer(t, device);
  const clock = handTimers();
  let reloads = 0;
  const state = createKioskState({
    api: createKioskApi(createHttp({ base: server.base })), kiosk: 'kiosk-1', timers: clock.timers, reload: () => { reloads++; },
  });
  t.after(() => state.stop());
  state.start();
  return { server, state, clock, reloads: () => reloads };
}

test('an unenrolled kiosk shows the enrol screen; a wrong code says so and a good one reloads the page', async (t) => {
  const { server, state, reloads } = await kioskAt(t, 'unenrolled');
  await until('the enrol screen', () => state.screen.value === 'enrol');
  assert.deepEqual(state.enrolment.refusal.value, { kind: 'unenrolled', revoked: false });
  assert.deepEqual(state.enrolment.device, { kind: 'kiosk', id: 'kiosk-1' });

  await state.enrolment.submit('k7m2q-9xht');
  assert.deepEqual(state.enrolment.outcome.value, { ok: false, reason: 'format' });
  assert.deepEqual(server.enrolCodes, [], 'a code too short is not sent (nor counted as a wrong one)');
  await state.enrolment.submit('aaaaa bbbbb');
  assert.deepEqual(state.enrolment.outcome.value, { ok: false, reason: 'bad_code' });
  state.enrolment.clearOutcome();
  assert.equal(state.enrolment.outcome.value, null, 'typing again clears the message');
  assert.equal(reloads(), 0);

  await state.enrolment.submit('k7m2q-9xhtp');
  assert.deepEqual(server.enrolCodes, ['AAAAABBBBB', GOOD_CODE], 'sent as the server compares it');
  assert.equal((state.enrolment.outcome.peek() as { ok: boolean } | null)?.ok, true);
  assert.equal(reloads(), 1, 'the page reloads as the enrolled kiosk');
  state.openStaff();
  assert.equal(state.screen.value, 'enrol', 'the staff hold leads to the enrol form while refused');
});

test('revoked mid-visit: the visitor reads "out of service, ask at the reception" in their language; the enrol screen waits until the visit ends', async (t) => {
  const { server, state } = await kioskAt(t, 'enrolled');
  await until('the configuration', () => state.config.value !== null);
  for (const code of catalogCodes) {
    server.set('enrolled');
    state.startOver();
    await until(`${code}: served again`, () => state.enrolment.refusal.value === null && state.screen.value === 'language');
    await state.chooseLanguage(code);
    assert.equal(state.screen.value, 'errand');
    server.set('revoked');
    await state.chooseService('allmant');
    assert.equal(state.screen.value, 'errand', `${code}: the visitor is not switched to a staff form`);
    assert.equal(state.errorMessage.value, catalogs[code]!['kiosk.outOfService'], code);
    assert.deepEqual(state.enrolment.refusal.value, { kind: 'unenrolled', revoked: true });
    await settle();
    assert.equal(state.screen.value, 'errand', `${code}: still the visitor's screen after the kiosk's other calls`);
  }
  state.startOver();
  assert.equal(state.screen.value, 'enrol', 'once the visit ends, the enrol screen');
  assert.equal(state.failed.value, false);
});

test('revoked while nobody uses it: the next heartbeat brings the enrol screen; served again, the start screen', async (t) => {
  const { server, state, clock } = await kioskAt(t, 'enrolled');
  await until('the configuration', () => state.config.value !== null);
  assert.equal(state.screen.value, 'language');
  server.set('revoked');
  clock.beat();
  await until('the enrol screen', () => state.screen.value === 'enrol');
  server.set('enrolled'); // e.g. enrolled from another tab of the same browser
  clock.beat();
  await until('the start screen', () => state.screen.value === 'language');
  assert.equal(state.enrolment.refusal.value, null);
});

test('enrolled as another kiosk: the enrol screen says which', async (t) => {
  const { state } = await kioskAt(t, 'other');
  await until('the enrol screen', () => state.screen.value === 'enrol');
  assert.deepEqual(state.enrolment.refusal.value, { kind: 'mismatch', enrolledAs: { kind: 'kiosk', id: 'kiosk-2' } });
});
