/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttp } from '@entre/web-common/http';
import type { Timers } from '@entre/web-common/timers';
import type { DeviceCredential, DeviceView, EnrolmentCode } from '@entre/protocol';
import { checkRegistration, createDevicesState, enrolmentHint, pickable, reissueRequest, type RegisterForm } from './devices-state.js';
import { adminStrings as s } from './strings.js';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' } });
const problem = (status: number, code: string, detail: string) => json({ type: 'about:blank', title: 't', status, detail, code }, status);

const at = '2026-03-02T09:00:00.000Z';
const cred = (id: string, kind: DeviceCredential['kind'], state: DeviceCredential['state'], extra: Partial<DeviceCredential> = {}): DeviceCredential => ({
  id, site: 'demo', kind, name: id, state, printers: [], counters: [], createdAt: at,
  codeExpiresAt: state === 'pending' ? '2026-03-03T09:00:00.000Z' : null, enrolledAt: state === 'enrolled' ? at : null, revokedAt: state === 'revoked' ? at : null, ...extra,
});
const place = (id: string, kind: DeviceView['kind']): DeviceView => ({ id, kind, name: id.replace('-', ' '), state: 'unknown' });

const stillTimers: Timers = { setTimeout: () => 1, clearTimeout: () => {}, setInterval: () => 1, clearInterval: () => {}, now: () => 0 };

function fakeServer(answers: Record<string, (body: unknown) => Response>) {
  const calls: Array<{ route: string; body: unknown }> = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const route = `${init?.method ?? 'GET'} ${String(url)}`;
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ route, body });
    const answer = answers[route];
    if (!answer) throw new TypeError('fetch failed');
    return answer(body);
  }) as typeof globalThis.fetch;
  return { http: createHttp({ fetch }), calls };
}

test('the picker offers the site\'s kiosks (or displays) with each one\'s enrolment state', () => {
  const places = [place('kiosk-1', 'kiosk'), place('kiosk-2', 'kiosk'), place('lobby-1', 'display'), place('x', 'other')];
  const creds = [cred('kiosk-1', 'kiosk', 'enrolled'), cred('lobby-1', 'display', 'revoked')];
  assert.deepEqual(pickable('kiosk', places, creds), [
    { id: 'kiosk-1', name: 'kiosk 1', state: 'enrolled' }, { id: 'kiosk-2', name: 'kiosk 2', state: null },
  ]);
  assert.deepEqual(pickable('display', places, creds), [{ id: 'lobby-1', name: 'lobby 1', state: 'revoked' }]);
});

test('the register form becomes a request, or says what is missing', () => {
  const form = (f: Partial<RegisterForm>): RegisterForm => ({ kind: 'kiosk', pick: '', bridgeId: '', name: '', printers: [], counters: [], ...f });
  assert.deepEqual(checkRegistration(form({ pick: 'kiosk-1' })), { ok: true, request: { kind: 'kiosk', id: 'kiosk-1' } });
  assert.deepEqual(checkRegistration(form({ kind: 'display', pick: '' })), { ok: false, field: 'pick', message: s.pickRequired('Skärm') });
  assert.deepEqual(checkRegistration(form({ kind: 'bridge', bridgeId: ' Bridge-2 ', printers: ['printer-1'], name: '  ' })),
    { ok: true, request: { kind: 'bridge', id: 'bridge-2', printers: ['printer-1'], counters: [] } }, 'typed id is trimmed and lower-cased');
  assert.deepEqual(checkRegistration(form({ kind: 'bridge', bridgeId: 'bro 2', printers: ['printer-1'] })), { ok: false, field: 'bridgeId', message: s.bridgeIdInvalid });
  assert.deepEqual(checkRegistration(form({ kind: 'bridge', bridgeId: 'bridge-2' })), { ok: false, field: 'scope', message: s.bridgeNeedsSomething });
  assert.deepEqual(checkRegistration(form({ kind: 'bridge', bridgeId: 'bridge-2', counters: ['disk-1'], name: 'Bryggan' })),
    { ok: true, request: { kind: 'bridge', id: 'bridge-2', name: 'Bryggan', printers: [], counters: ['disk-1'] } });
});

test('where the code goes: the kiosk\'s or display\'s own address, or the bridge\'s start command', () => {
  const code = (device: DeviceCredential): EnrolmentCode => ({ device, code: 'K7M2Q-9XHTP', expiresAt: '2026-03-03T09:00:00.000Z' });
  assert.deepEqual(enrolmentHint('http://lobby:8080', code(cred('kiosk-1', 'kiosk', 'pending'))), { kind: 'address', url: 'http://lobby:8080/kiosk/?kiosk=kiosk-1' });
  assert.deepEqual(enrolmentHint('http://lobby:8080', code(cred('lobby-1', 'display', 'pending'))), { kind: 'address', url: 'http://lobby:8080/display/?display=lobby-1' });
  assert.deepEqual(enrolmentHint('http://lobby:8080', code(cred('bridge-2', 'bridge', 'pending'))),
    { kind: 'command', text: 'ENTRE_SERVER_URL=http://lobby:8080 ENTRE_BRIDGE_ID=bridge-2 ENTRE_ENROL_CODE=K7M2Q-9XHTP npm run bridge' });
  assert.deepEqual(reissueRequest(cred('bridge-2', 'bridge', 'revoked', { name: 'Bryggan', printers: ['printer-1'], counters: ['disk-1'] })),
    { kind: 'bridge', id: 'bridge-2', name: 'Bryggan', printers: ['printer-1'], counters: ['disk-1'] }, 'a new code keeps what the bridge serves');
  assert.deepEqual(reissueRequest(cred('kiosk-1', 'kiosk', 'enrolled')), { kind: 'kiosk', id: 'kiosk-1' });
});

test('register shows the code once; a new code replaces it; revoking updates the row and drops a code still on screen; errors are the server\'s words', async () => {
  let list = [cred('lobby-1', 'display', 'enrolled')];
  const issued = (id: string, kind: DeviceCredential['kind']): EnrolmentCode => ({ device: cred(id, kind, 'pending'), code: id === 'kiosk-1' ? 'AAAAA-BBBBB' : 'CCCCC-DDDDD', expiresAt: '2026-03-03T09:00:00.000Z' });
  const server = fakeServer({
    'GET /api/v1/admin/devices': () => json({ devices: list }),
    'GET /api/v1/devices': () => json({ devices: [place('kiosk-1', 'kiosk'), place('lobby-1', 'display')] }),
    'GET /api/v1/printers': () => json({ printers: [] }),
    'GET /api/v1/service-points': () => json({ servicePoints: [] }),
    'POST /api/v1/admin/devices': (body) => {
      const { id, kind } = body as { id: string; kind: DeviceCredential['kind'] };
      if (id === 'nowhere-9') return problem(404, 'ENTRE_NOT_FOUND', 'There is no display "nowhere-9".');
      return json(issued(id, kind), 201);
    },
    'POST /api/v1/admin/devices/kiosk-1/revoke': () => json(cred('kiosk-1', 'kiosk', 'revoked')),
  });
  const state = createDevicesState(server.http, stillTimers);
  await state.refresh();
  assert.deepEqual(state.credentials.value?.map((d) => d.id), ['lobby-1']);
  assert.equal(state.places.value.length, 2);

  assert.equal(await state.register({ kind: 'kiosk', id: 'kiosk-1' }), true);
  assert.equal(state.issued.value?.code, 'AAAAA-BBBBB');
  assert.deepEqual(state.credentials.value?.map((d) => [d.id, d.state]), [['lobby-1', 'enrolled'], ['kiosk-1', 'pending']], 'the new row at once');
  assert.deepEqual(state.notice.value, { kind: 'ok', text: s.registered('kiosk-1') });
  await new Promise((r) => setTimeout(r, 10)); // the quicker read that starts with a code on screen
  assert.deepEqual(server.calls.at(-1)?.route, 'GET /api/v1/admin/devices');
  assert.equal(state.codeUsed.value, false);
  list = [...list, cred('kiosk-1', 'kiosk', 'enrolled')];
  await state.refresh();
  assert.equal(state.codeUsed.value, true, 'the kiosk took the code');
  list = [list[0]!];

  assert.equal(await state.newCode(list[0]!), true);
  assert.equal(state.issued.value?.code, 'CCCCC-DDDDD', 'the newest code is the one shown');
  assert.deepEqual(server.calls.at(-1), { route: 'POST /api/v1/admin/devices', body: { kind: 'display', id: 'lobby-1' } });

  assert.equal(await state.register({ kind: 'display', id: 'nowhere-9' }), false);
  assert.deepEqual(state.notice.value, { kind: 'error', text: s.registerFailed('There is no display "nowhere-9".') });
  assert.equal(state.issued.value?.code, 'CCCCC-DDDDD', 'a failure leaves the code on screen');

  await state.register({ kind: 'kiosk', id: 'kiosk-1' });
  list = [...list, cred('kiosk-1', 'kiosk', 'pending')];
  assert.equal(await state.revoke(state.credentials.value!.find((d) => d.id === 'kiosk-1')!), true);
  assert.equal(state.credentials.value?.find((d) => d.id === 'kiosk-1')?.state, 'revoked');
  assert.equal(state.issued.value, null, 'the code of a revoked device is worth nothing: not shown');
  assert.deepEqual(state.notice.value, { kind: 'ok', text: s.revoked('kiosk-1') });
  assert.equal(state.pending.value.size, 0);

  state.dismissCode();
  assert.equal(state.issued.value, null);
});
