/**
 * The display on an enrolled site, through the real API client with the server's answers
 * (401 ENTRE_DEVICE_UNENROLLED, 403 ENTRE_DEVICE_MISMATCH; server/src/http/enrolment.test.ts
 * checks them on the server), a scripted broker and a clock the test moves by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogs as allCatalogs, type DisplayBootstrap } from '@entre/protocol';
import { createHttp } from '@entre/web-common/http';
import type { Timers } from '@entre/web-common/timers';
import type { BrokerHandlers } from '../lib/broker.js';
import { createDisplayApi } from '../lib/api.js';
import { sliceDisplayTexts } from '../lib/texts.js';
import { createDisplayState } from './display-state.js';

const boot: DisplayBootstrap = { site: 'demo', display: 'lobby-1', zone: 'lobby', mqtt: { path: '/mqtt' } };
type Server = 'serves' | 'unenrolled' | 'revoked' | 'other' | 'away';

function manualClock() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void; every?: number }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => { pending.set(++seq, { at: now + ms, fn }); return seq; },
    clearTimeout: (id) => { if (id !== undefined) pending.delete(id); },
    setInterval: (fn, ms) => { pending.set(++seq, { at: now + ms, fn, every: ms }); return seq; },
    clearInterval: (id) => { if (id !== undefined) pending.delete(id); },
    now: () => now,
  };
  return {
    timers,
    /** Moves the clock, letting each timer's async work (a fetch of the fake server) finish first. */
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!next) break;
        const [id, t] = next;
        now = t.at;
        if (t.every) t.at += t.every; else pending.delete(id);
        t.fn();
        await settle();
      }
      now = end;
    },
  };
}

/** Lets a fetch of the fake server and what follows it finish. */
const settle = () => new Promise((r) => setTimeout(r, 10));

const problem = (status: number, code: string, detail: string) =>
  new Response(JSON.stringify({ type: 'about:blank', title: 't', status, detail, code }), { status, headers: { 'content-type': 'application/problem+json' } });

function harness(initial: Server) {
  let server: Server = initial;
  let bootstraps = 0;
  const fetch = (async (url: string) => {
    if (String(url).endsWith('/devices/enrol')) {
      return Response.json({ device: { id: 'lobby-1', site: 'demo', kind: 'display', name: 'Entréhallen' }, token: 's', mqtt: { username: 'lobby-1' } });
    }
    bootstraps++;
    switch (server) {
      case 'serves': return Response.json(boot);
      case 'unenrolled': return problem(401, 'ENTRE_DEVICE_UNENROLLED', 'Only an enrolled display may do this. Enrol it with the code an administrator gives you.');
      case 'revoked': return problem(401, 'ENTRE_DEVICE_REVOKED', 'This display\'s enrolment is no longer valid (revoked or replaced). Ask an administrator for a new enrolment code.');
      case 'other': return problem(403, 'ENTRE_DEVICE_MISMATCH', 'This device is enrolled as display "floor2-1", not "lobby-1".');
      case 'away': throw new TypeError('fetch failed');
    }
  }) as typeof globalThis.fetch;
  const clock = manualClock();
  let handlers: BrokerHandlers | null = null;
  let links = 0;
  let stopped = 0;
  let reloads = 0;
  const state = createDisplayState({
    api: createDisplayApi(createHttp({ fetch })),
    display: 'lobby-1',
    connect: (_o, h) => { handlers = h; links++; return { listen: () => undefined, stop: () => { stopped++; } }; },
    chime: { play: async () => undefined },
    speech: null,
    catalogs: sliceDisplayTexts(allCatalogs),
    timers: clock.timers,
    reload: () => { reloads++; },
  });
  const originalWarn = console.warn;
  console.warn = () => undefined;
  return {
    state, clock,
    set: (s: Server) => { server = s; },
    bootstraps: () => bootstraps,
    links: () => links,
    linksStopped: () => stopped,
    reloads: () => reloads,
    broker: () => handlers!,
    restore: () => { console.warn = originalWarn; state.stop(); },
  };
}

test('an unenrolled display shows the enrol screen instead of a board, and a good code reloads it', async () => {
  const h = harness('unenrolled');
  try {
    h.state.start();
    await settle();
    assert.deepEqual(h.state.enrolment.refusal.value, { kind: 'unenrolled', revoked: false });
    assert.equal(h.links(), 0, 'no broker link for a display the server refuses');
    await h.state.enrolment.submit('k7m2q 9xhtp');
    assert.equal(h.reloads(), 1);
  } finally { h.restore(); }
});

test('enrolled as another display: the refusal says which', async () => {
  const h = harness('other');
  try {
    h.state.start();
    await settle();
    assert.deepEqual(h.state.enrolment.refusal.value, { kind: 'mismatch', enrolledAs: { kind: 'display', id: 'floor2-1' } });
  } finally { h.restore(); }
});

test('revoked while running: once the link is down a few seconds, the bootstrap is asked and its 401 brings the enrol screen', async () => {
  const h = harness('serves');
  try {
    h.state.start();
    await settle();
    h.broker().onConnect();
    assert.equal(h.state.connected.value, true);
    const asked = h.bootstraps();
    await h.clock.advance(60_000);
    assert.equal(h.bootstraps(), asked, 'a connected display does not poll');

    h.set('revoked');
    h.broker().onDisconnect(); // the server closed the socket; reconnects now meet 401 at the upgrade
    await h.clock.advance(1_000);
    assert.equal(h.state.enrolment.refusal.value, null, 'a short drop is just a drop');
    await h.clock.advance(1_500);
    assert.deepEqual(h.state.enrolment.refusal.value, { kind: 'unenrolled', revoked: true });
    assert.equal(h.linksStopped(), 1, 'the link stops trying');
    assert.equal(h.state.connected.value, false);
  } finally { h.restore(); }
});

test('a server that is away keeps the board (with its badge) and is asked less and less often; served again after a refusal, the board returns', async () => {
  const h = harness('serves');
  try {
    h.state.start();
    await settle();
    h.broker().onConnect();
    h.set('away');
    h.broker().onDisconnect();
    const before = h.bootstraps();
    await h.clock.advance(2_000 + 4_000 + 8_000);
    assert.equal(h.bootstraps() - before, 3, 'after 2, 4 and 8 s');
    assert.equal(h.state.enrolment.refusal.value, null, 'away is not refused: the board stays');
    h.set('serves');
    h.broker().onConnect();
    await h.clock.advance(120_000);
    assert.equal(h.bootstraps() - before, 3, 'back: no more asking');

    // Refused, then the site serves it again (another tab enrolled it, or the site opened).
    h.set('revoked');
    h.broker().onDisconnect();
    await h.clock.advance(2_000);
    assert.ok(h.state.enrolment.refusal.value);
    h.set('serves');
    await h.clock.advance(60_000);
    assert.equal(h.state.enrolment.refusal.value, null);
    assert.equal(h.links(), 2, 'a new link');
  } finally { h.restore(); }
});
