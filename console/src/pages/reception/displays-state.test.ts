/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttp } from '@entre/web-common/http';
import type { DisplayStatus, ZoneMessage } from '@entre/protocol';
import { createDisplaysState, describeChange, minutesLeft, previousOf, zoneChoices } from './displays-state.js';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' } });

const lobby1: DisplayStatus = {
  id: 'lobby-1', name: 'Skärm entréhallen', zone: 'lobby', layout: 'landscape', volume: 0.8, chime: true, speech: true, showStaffName: false, languages: ['sv', 'en'],
};
const message: ZoneMessage = { id: 'm-1', zone: 'lobby', text: { sv: 'Kassan stänger 15.00' }, createdAt: '2026-03-02T09:00:00.000Z', expiresAt: '2026-03-02T09:30:00.000Z' };

function fakeServer(answers: Record<string, (body: unknown) => Response>) {
  const calls: string[] = [];
  const bodies: unknown[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const route = `${init?.method ?? 'GET'} ${String(url)}`;
    calls.push(route);
    const body = init?.body ? JSON.parse(String(init.body)) as unknown : undefined;
    bodies.push(body);
    const answer = answers[route];
    if (!answer) throw new TypeError('fetch failed');
    return answer(body);
  }) as typeof globalThis.fetch;
  return { http: createHttp({ fetch }), calls, bodies };
}

const listing = {
  'GET /api/v1/displays': () => json({ displays: [lobby1] }),
  'GET /api/v1/devices': () => json({ devices: [{ id: 'lobby-1', kind: 'display', name: 'Skärm', zone: 'lobby', state: 'offline', since: '2026-03-02T08:00:00.000Z' }] }),
  'GET /api/v1/zones': () => json({ zones: [{ id: 'lobby', name: 'Entréhallen' }, { id: 'floor-2', name: 'Väntrum plan 2' }] }),
  'GET /api/v1/messages': () => json({ messages: [message] }),
};

test('refresh() reads displays, availability, zones and messages; zones are sorted by name', async () => {
  const server = fakeServer(listing);
  const state = createDisplaysState(server.http, () => {});
  await state.refresh();
  assert.equal(state.displays.value?.[0]?.id, 'lobby-1');
  assert.equal(state.devices.value?.['lobby-1']?.state, 'offline');
  assert.deepEqual(state.zones().map((z) => z.id), ['lobby', 'floor-2']);
  assert.equal(state.zoneName('floor-2'), 'Väntrum plan 2');
  assert.equal(state.messages.value?.length, 1);
  await state.refresh();
  assert.equal(server.calls.filter((c) => c === 'GET /api/v1/zones').length, 1, 'the zone list is read once');
});

test('without availability (403) or a zone list, the section still works from the displays and messages', async () => {
  const server = fakeServer({
    ...listing,
    'GET /api/v1/devices': () => json({ type: 'x', title: 'Forbidden', status: 403, detail: 'no', code: 'ENTRE_FORBIDDEN' }, 403),
    'GET /api/v1/zones': () => json({ type: 'x', title: 'Not found', status: 404, detail: 'no', code: 'ENTRE_NOT_FOUND' }, 404),
  });
  const state = createDisplaysState(server.http, () => {});
  await state.refresh();
  assert.equal(state.devices.value, null);
  assert.deepEqual(state.zones(), [{ id: 'lobby', name: 'lobby' }]);
  assert.deepEqual(zoneChoices(null, [lobby1], [{ ...message, zone: 'floor-2' }]).map((z) => z.id), ['floor-2', 'lobby']);
});

test('update() sends only what changed, says so, and its undo puts the old value back', async () => {
  const said: { text: string; undo?: () => Promise<void> }[] = [];
  let current = lobby1;
  const server = fakeServer({
    ...listing,
    'PUT /api/v1/displays/lobby-1/settings': (body) => { current = { ...current, ...(body as object) }; return json(current); },
  });
  const state = createDisplaysState(server.http, (text, undo) => { said.push({ text, ...(undo ? { undo } : {}) }); });
  await state.refresh();
  await state.update(state.displays.value![0]!, { layout: 'portrait' });
  assert.deepEqual(server.bodies.at(-1), { layout: 'portrait' });
  assert.equal(state.displays.value?.[0]?.layout, 'portrait');
  assert.equal(said.at(-1)?.text, 'Skärm entréhallen: layouten är stående.');
  await said.at(-1)!.undo!();
  assert.deepEqual(server.bodies.at(-1), { layout: 'landscape' });
  assert.equal(state.displays.value?.[0]?.layout, 'landscape');
  assert.match(said.at(-1)!.text, /^Ångrat\. .*liggande/);
});

test('a refused change is said, with no undo, and the display shows the server\'s values again', async () => {
  const said: { text: string; undo?: unknown }[] = [];
  const server = fakeServer({
    ...listing,
    'PUT /api/v1/displays/lobby-1/settings': () => json({ type: 'x', title: 'Unprocessable', status: 422, detail: 'There is no zone "vind".', code: 'ENTRE_UNKNOWN_ZONE' }, 422),
  });
  const state = createDisplaysState(server.http, (text, undo) => { said.push({ text, undo }); });
  await state.refresh();
  await state.update(state.displays.value![0]!, { zone: 'vind' });
  assert.deepEqual(said, [{ text: 'Det gick inte: There is no zone "vind".', undo: undefined }]);
  assert.equal(state.displays.value?.[0]?.zone, 'lobby');
});

test('post() trims the texts and leaves out an empty English; its undo takes the message down', async () => {
  const said: { text: string; undo?: () => Promise<void> }[] = [];
  const posted = { ...message, id: 'm-2', text: { sv: 'Hej' } };
  const server = fakeServer({
    ...listing,
    'POST /api/v1/zones/lobby/messages': () => json(posted, 201),
    'DELETE /api/v1/messages/m-2': () => new Response(null, { status: 204 }),
  });
  const state = createDisplaysState(server.http, (text, undo) => { said.push({ text, ...(undo ? { undo } : {}) }); });
  await state.refresh();
  await state.post('lobby', '  Hej ', '  ', 15);
  assert.deepEqual(server.bodies[server.calls.indexOf('POST /api/v1/zones/lobby/messages')], { text: { sv: 'Hej' }, minutes: 15 });
  assert.ok(state.messages.value?.some((m) => m.id === 'm-2'));
  assert.match(said.at(-1)!.text, /^Meddelandet visas i Entréhallen till \d\d:\d\d\.$/);
  await said.at(-1)!.undo!();
  assert.ok(server.calls.includes('DELETE /api/v1/messages/m-2'));
  assert.ok(!state.messages.value?.some((m) => m.id === 'm-2'));
});

test('the small helpers: what an undo restores, how a change is told, minutes left', () => {
  assert.deepEqual(previousOf(lobby1, { volume: 0.5, chime: false }), { volume: 0.8, chime: true });
  assert.equal(describeChange({ ...lobby1, volume: 0.55 }, { volume: 0.55 }, (z) => z), 'Skärm entréhallen: volymen är 55 %.');
  assert.equal(describeChange({ ...lobby1, zone: 'floor-2' }, { zone: 'floor-2' }, () => 'Väntrum plan 2'), 'Skärm entréhallen visar nu Väntrum plan 2.');
  assert.equal(minutesLeft('2026-03-02T09:30:00.000Z', Date.parse('2026-03-02T08:59:59.000Z')), 30, 'a clock a little behind');
  assert.equal(minutesLeft('2026-03-02T09:30:00.000Z', Date.parse('2026-03-02T09:29:40.000Z')), 0);
  assert.equal(minutesLeft('2026-03-02T09:30:00.000Z', Date.parse('2026-03-02T09:31:00.000Z')), 0);
});
