/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { swedishMessages, type Catalog } from '@entre/protocol';
import type { Timers } from '@entre/web-common/timers';
import { TicketApiError, type TicketApi, type TicketEvents } from '../lib/api.js';
import { parseTicket, type MobileTicket } from '../lib/ticket.js';
import { createTicketState, LANGUAGE_KEY, RETRY_MS } from './ticket-state.js';

const base: MobileTicket = {
  id: 't1', number: 'A001', service: 'allmant', serviceName: { sv: 'Allmänna frågor', ar: 'أسئلة عامة' }, language: 'ar',
  state: 'waiting', waitingAhead: 2, recalls: 0,
};
const flush = () => new Promise((r) => setTimeout(r, 0));

/** A scripted server: the first GET's answer, then events pushed by the test. */
function fakeApi(first: MobileTicket | TicketApiError) {
  const streams: TicketEvents[] = [];
  const sent: string[] = [];
  let getAnswer: MobileTicket | TicketApiError = first;
  const api: TicketApi = {
    get: async () => { sent.push('get'); if (getAnswer instanceof Error) throw getAnswer; return getAnswer; },
    cancel: async () => { sent.push('cancel'); return { ...base, state: 'cancelled' }; },
    rate: async (_id, score) => { sent.push(`rate ${score}`); return { ...base, state: 'done', rating: score }; },
    events: (_id, on) => { streams.push(on); return () => { sent.push('close'); }; },
  };
  return { api, sent, streams, answerGet: (a: MobileTicket | TicketApiError) => { getAnswer = a; } };
}

function fakeTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (fn) => { pending.set(next, fn); return next++; },
    clearTimeout: (id) => { if (id !== undefined) pending.delete(id); },
    setInterval: () => 0, clearInterval: () => undefined, now: () => 0,
  };
  return { timers, runAll: () => { const fns = [...pending.values()]; pending.clear(); fns.forEach((f) => f()); } };
}

function setup(first: MobileTicket | TicketApiError, stored: string | null = null) {
  const server = fakeApi(first);
  const clock = fakeTimers();
  const saved = new Map<string, string>(stored ? [[LANGUAGE_KEY, stored]] : []);
  let alerts = 0;
  const catalogs: Record<string, Catalog> = { sv: swedishMessages, ar: { ...swedishMessages, 'mobile.title': 'AR' }, en: swedishMessages };
  const state = createTicketState({
    id: 't1', api: server.api, timers: clock.timers,
    alerter: { soundSupported: true, enableSound: async () => true, alert: () => { alerts++; } },
    loadCatalog: async (code) => catalogs[code] ?? null,
    storage: { getItem: (k) => saved.get(k) ?? null, setItem: (k, v) => { saved.set(k, v); } },
    browserLanguages: ['en-US'],
  });
  return { state, server, clock, saved, alerted: () => alerts };
}

test('shows the ticket in its own language; alerts once per call and once per recall, never on load', async () => {
  const { state, server, alerted } = setup({ ...base, state: 'called', servicePointName: { sv: 'Disk 1' } });
  state.start();
  await flush();
  assert.equal(state.view.value, 'ticket');
  assert.equal(state.shown.value?.code, 'ar');
  assert.equal(state.shown.value?.dir, 'rtl');
  assert.equal(state.alerts.value, 0, 'already called when opened: no alert');

  const stream = server.streams[0]!;
  stream.ticket({ ...base, state: 'called', recalls: 1 });
  assert.equal(state.alerts.value, 1);
  stream.ticket({ ...base, state: 'called', recalls: 1, waitingAhead: 0 }); // same call, re-sent
  assert.equal(state.alerts.value, 1);
  stream.ticket({ ...base, state: 'waiting' });
  stream.ticket({ ...base, state: 'called' });
  assert.equal(state.alerts.value, 2, 'called again after a requeue');
  stream.ticket({ ...base, state: 'serving' });
  assert.equal(state.alerts.value, 2);
  assert.equal(alerted(), 2, 'the alerter rang as often as counted');
});

test('a service change while open says where the errand moved', async () => {
  const { state, server } = setup(base);
  state.start();
  await flush();
  server.streams[0]!.ticket({ ...base, service: 'bygglov', serviceName: { sv: 'Bygglov' } });
  assert.deepEqual(state.movedTo.value, { sv: 'Bygglov' });
  server.streams[0]!.ticket({ ...base, service: 'bygglov', serviceName: { sv: 'Bygglov' }, state: 'done' });
  assert.equal(state.movedTo.value, null, 'a closed visit has moved nowhere');
});

test('offline on a stream error, back on the next message; a closed stream is reopened later', async () => {
  const { state, server, clock } = setup(base);
  state.start();
  await flush();
  server.streams[0]!.error(false);
  assert.equal(state.offline.value, true);
  server.streams[0]!.ticket({ ...base, waitingAhead: 1 });
  assert.equal(state.offline.value, false);
  assert.equal(state.ticket.value?.waitingAhead, 1);

  server.streams[0]!.error(true);
  assert.equal(state.offline.value, true);
  clock.runAll();
  await flush();
  assert.equal(server.streams.length, 2, 'a new stream after the retry');
  assert.equal(state.offline.value, false);
  assert.deepEqual(server.sent, ['get', 'close', 'get']);
});

test('an unknown ticket (404) or one that disappears shows not found, in the browser language', async () => {
  const { state } = setup(new TicketApiError(404, 'ENTRE_NOT_FOUND', 'x'));
  state.start();
  await flush();
  assert.equal(state.view.value, 'notFound');
  assert.equal(state.language.value, 'en');

  const other = setup(base);
  other.state.start();
  await flush();
  other.server.streams[0]!.gone();
  assert.equal(other.state.view.value, 'notFound');
  assert.ok(other.server.sent.includes('close'));
});

test('the remembered language wins over the ticket\'s; a new choice is remembered', async () => {
  const { state, saved } = setup(base, 'sv');
  state.start();
  await flush();
  assert.equal(state.shown.value?.code, 'sv');
  state.chooseLanguage('ar');
  await flush();
  assert.equal(state.shown.value?.code, 'ar');
  assert.equal(saved.get(LANGUAGE_KEY), 'ar');
  state.chooseLanguage('fi'); // no catalog in this fake: stays on what is shown
  await flush();
  assert.equal(state.shown.value?.code, 'ar');
  assert.equal(state.language.value, 'ar');
});

test('cancel needs the second step; rating posts once and thanks, also when already rated', async () => {
  const { state, server } = setup(base);
  state.start();
  await flush();
  await state.confirmCancel();
  assert.ok(!server.sent.includes('cancel'), 'no cancel without the question');
  state.askCancel();
  assert.equal(state.cancelStep.value, 'confirm');
  await state.confirmCancel();
  assert.equal(state.ticket.value?.state, 'cancelled');
  assert.equal(state.cancelStep.value, 'idle');

  const done = setup({ ...base, state: 'done' });
  done.state.start();
  await flush();
  const first = done.state.rate(4);
  void done.state.rate(5); // a double tap
  await first;
  assert.deepEqual(done.server.sent.filter((s) => s.startsWith('rate')), ['rate 4']);
  assert.equal(done.state.ratingStep.value, 'thanks');

  const rated = setup({ ...base, state: 'done' });
  rated.server.api.rate = async () => { throw new TicketApiError(409, 'ENTRE_ALREADY_RATED', 'x'); };
  rated.state.start();
  await flush();
  await rated.state.rate(2);
  assert.equal(rated.state.ratingStep.value, 'thanks');
  assert.equal(rated.state.actionFailed.value, false);
});

test('parseTicket refuses what is not a ticket', () => {
  assert.deepEqual(parseTicket({ ...base, extra: 1 }), base);
  for (const bad of [null, 'x', { ...base, number: 42 }, { ...base, state: 'lost' }, { ...base, serviceName: {} },
    { ...base, waitingAhead: -1 }, { ...base, rating: 9 }, { ...base, recalls: undefined }, { ...base, servicePointName: 'Disk 1' }]) {
    assert.equal(parseTicket(bad), null, JSON.stringify(bad));
  }
});
