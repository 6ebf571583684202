/**
 * The display's state through its public interface, with fakes only at the ports: a
 * scripted broker, a chime and a voice that record, a clock the test moves by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogs as allCatalogs, topics, type Board, type CallEvent, type DisplayBootstrap, type DisplayConfig } from '@entre/protocol';
import type { Timers } from '@entre/web-common/timers';
import type { BrokerHandlers } from '../lib/broker.js';
import { sliceDisplayTexts } from '../lib/texts.js';
import { createDisplayState } from './display-state.js';

const catalogs = sliceDisplayTexts(allCatalogs);
const boot: DisplayBootstrap = { site: 'demo', display: 'lobby-1', zone: 'lobby', mqtt: { path: '/mqtt' } };
const T = (s: number) => new Date(Date.UTC(2026, 2, 2, 9, 0, s)).toISOString();

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
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!next) break;
        const [id, t] = next;
        now = t.at;
        if (t.every) t.at += t.every; else pending.delete(id);
        t.fn();
      }
      now = end;
    },
  };
}

function harness() {
  const clock = manualClock();
  let handlers!: BrokerHandlers;
  const listened: string[][] = [];
  const played: number[] = [];
  const spoken: { text: string; lang: string }[] = [];
  const warnings: string[] = [];
  const state = createDisplayState({
    api: { bootstrap: async () => boot, enrol: async () => ({ ok: false, reason: 'network' }) },
    display: 'lobby-1',
    connect: (_opts, h) => { handlers = h; return { listen: (t) => listened.push(t), stop: () => undefined }; },
    chime: { play: async (volume) => { played.push(volume); } },
    speech: { speak: async (text, lang) => { spoken.push({ text, lang }); return true; } },
    catalogs,
    timers: clock.timers,
    rotateEveryMs: 5_000,
    highlightForMs: 8_000,
  });
  const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
  const originalWarn = console.warn;
  console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
  return {
    state, clock, listened, played, spoken, warnings,
    restore: () => { console.warn = originalWarn; state.stop(); },
    async start() {
      state.start();
      await new Promise((r) => setImmediate(r));
      handlers.onConnect();
    },
    config: (c: Partial<DisplayConfig>, retained = true) => handlers.onMessage(topics.displayConfig('demo', 'lobby-1'), bytes(config(c)), retained),
    board: (b: Partial<Board>, zone = 'lobby', retained = true) => handlers.onMessage(topics.zoneBoard('demo', zone), bytes(board(b, zone)), retained),
    call: (c: Partial<CallEvent>) => handlers.onMessage(topics.calls('demo'), bytes(call(c)), false),
    raw: (topic: string, payload: string, retained = false) => handlers.onMessage(topic, bytes(payload), retained),
    disconnect: () => handlers.onDisconnect(),
  };
}

function config(c: Partial<DisplayConfig>): DisplayConfig {
  return {
    v: 1, at: T(0), display: 'lobby-1', zone: 'lobby', name: 'Entréhallen', languages: ['sv', 'en', 'ar'], chime: true, volume: 0.6,
    layout: 'landscape', speech: true, showStaffName: false, ...c,
  };
}
function board(b: Partial<Board>, zone: string): Board {
  return { v: 1, at: T(0), zone, calls: [], queues: [{ service: 'allmant', name: { sv: 'Allmänt', en: 'General' }, waiting: 3 }], messages: [], ...b };
}
function call(c: Partial<CallEvent>): CallEvent {
  return {
    v: 1, at: T(10), id: 'v1', ticket: 'B042', service: 'bygglov', servicePoint: 'disk-3', servicePointName: { sv: 'Disk 3', en: 'Counter 3' },
    zones: ['lobby'], recall: false, ...c,
  };
}
const tickets = (s: ReturnType<typeof harness>['state']) => s.board.value?.calls.map((c) => c.ticket) ?? [];
const settle = () => new Promise((r) => setImmediate(r));

test('retained board and config render without a chime; each live call and recall chimes once', async () => {
  const h = harness();
  try {
    await h.start();
    assert.deepEqual(h.listened[0], [topics.displayConfig('demo', 'lobby-1'), topics.calls('demo'), topics.zoneBoard('demo', 'lobby')]);
    h.config({});
    h.board({ calls: [{ id: 'v0', ticket: 'A001', servicePoint: 'disk-1', servicePointName: { sv: 'Disk 1' }, calledAt: T(1) }] });
    assert.deepEqual(tickets(h.state), ['A001']);
    assert.equal(h.state.chimes.value, 0, 'a retained board is not news');

    h.call({ id: 'v1', ticket: 'B042', at: T(10) });
    h.call({ id: 'v2', ticket: 'C007', at: T(10), servicePoint: 'disk-2', servicePointName: { sv: 'Disk 2' } });
    assert.deepEqual(tickets(h.state), ['C007', 'B042', 'A001'], 'live calls show before the board catches up, the server\'s order (same instant: id descending)');
    assert.equal(h.state.highlighted.value, 'v2');
    // The board the server built after both calls: nothing changes, nothing chimes.
    h.board({ at: T(11), calls: [
      { id: 'v2', ticket: 'C007', servicePoint: 'disk-2', servicePointName: { sv: 'Disk 2' }, calledAt: T(10) },
      { id: 'v1', ticket: 'B042', servicePoint: 'disk-3', servicePointName: { sv: 'Disk 3' }, calledAt: T(10) },
      { id: 'v0', ticket: 'A001', servicePoint: 'disk-1', servicePointName: { sv: 'Disk 1' }, calledAt: T(1) },
    ] }, 'lobby', false);
    assert.deepEqual(tickets(h.state), ['C007', 'B042', 'A001']);
    h.call({ id: 'v1', ticket: 'B042', at: T(20), recall: true });
    assert.deepEqual(tickets(h.state), ['B042', 'C007', 'A001'], 'a recall goes back to the top');
    h.call({ id: 'v1', ticket: 'B042', at: T(20), recall: true }); // QoS 1 duplicate
    await settle();
    assert.equal(h.state.chimes.value, 3, 'two calls and one recall');
    assert.deepEqual(h.played, [0.6, 0.6, 0.6], 'at the configured volume');
    assert.deepEqual(h.spoken.map((s) => s.text), [
      'Nummer B 42, Disk 3', 'Nummer C 7, Disk 2', 'Nummer B 42, Disk 3',
    ]);
    // A board that is older than a live call does not take it away.
    h.board({ at: T(15), calls: [
      { id: 'v2', ticket: 'C007', servicePoint: 'disk-2', servicePointName: { sv: 'Disk 2' }, calledAt: T(10) },
      { id: 'v1', ticket: 'B042', servicePoint: 'disk-3', servicePointName: { sv: 'Disk 3' }, calledAt: T(10) },
    ] }, 'lobby', false);
    assert.deepEqual(tickets(h.state), ['B042', 'C007']);
    h.clock.advance(8_000);
    assert.equal(h.state.highlighted.value, null, 'the highlight ends after a few seconds');
  } finally { h.restore(); }
});

test('speech: Swedish, then the ticket\'s language; none when the config turns it off; no chime when chime is off', async () => {
  const h = harness();
  try {
    await h.start();
    h.config({});
    h.call({ id: 'v1', ticket: 'A007', language: 'en' });
    await settle();
    assert.deepEqual(h.spoken, [{ text: 'Nummer A 7, Disk 3', lang: 'sv' }, { text: 'Number A 7, Counter 3', lang: 'en' }]);
    h.config({ speech: false, chime: false });
    h.call({ id: 'v2', at: T(30), language: 'ar' });
    await settle();
    assert.equal(h.spoken.length, 2);
    assert.equal(h.state.chimes.value, 1);
  } finally { h.restore(); }
});

test('a test call chimes and shows for a while, and never joins the board', async () => {
  const h = harness();
  try {
    await h.start();
    h.config({});
    h.board({});
    h.call({ id: 'test-1', ticket: 'T000', test: true, servicePointName: { sv: 'Provanrop', en: 'Test call' } });
    await settle();
    assert.equal(h.state.chimes.value, 1);
    assert.equal(h.state.testCall.value?.id, 'test-1');
    assert.deepEqual(tickets(h.state), []);
    h.clock.advance(8_000);
    assert.equal(h.state.testCall.value, null);
  } finally { h.restore(); }
});

test('calls for other zones, retained calls and malformed payloads change nothing (with a warning)', async () => {
  const h = harness();
  try {
    await h.start();
    h.config({});
    h.board({});
    h.call({ zones: ['floor-2'] });
    h.raw(topics.calls('demo'), JSON.stringify(call({ id: 'old' })), true);
    h.raw(topics.calls('demo'), 'garbage{');
    h.raw(topics.zoneBoard('demo', 'lobby'), JSON.stringify({ v: 1, zone: 'lobby', calls: [{ ticket: 'HACK' }] }));
    h.raw(topics.displayConfig('demo', 'lobby-1'), JSON.stringify({ v: 2 }));
    await settle();
    assert.equal(h.state.chimes.value, 0);
    assert.deepEqual(tickets(h.state), []);
    assert.equal(h.state.board.value?.queues[0]?.waiting, 3, 'the last good board stays');
    assert.equal(h.warnings.length, 3);
  } finally { h.restore(); }
});

test('a zone change from the retained config moves the display: new board topic, old zone\'s board ignored', async () => {
  const h = harness();
  try {
    await h.start();
    h.config({});
    h.board({ calls: [{ id: 'v0', ticket: 'A001', servicePoint: 'disk-1', servicePointName: { sv: 'Disk 1' }, calledAt: T(1) }] });
    h.config({ zone: 'floor-2', layout: 'portrait' });
    assert.equal(h.state.zone.value, 'floor-2');
    assert.equal(h.state.layout.value, 'portrait');
    assert.deepEqual(h.listened.at(-1), [topics.displayConfig('demo', 'lobby-1'), topics.calls('demo'), topics.zoneBoard('demo', 'floor-2')]);
    assert.equal(h.state.board.value, null, 'the old zone\'s calls are gone at once');
    h.board({ calls: [{ id: 'late', ticket: 'Z999', servicePoint: 'disk-1', servicePointName: { sv: 'Disk 1' }, calledAt: T(2) }] });
    assert.equal(h.state.board.value, null, 'a late board of the old zone is ignored');
    h.board({ calls: [{ id: 'v9', ticket: 'D004', servicePoint: 'disk-4', servicePointName: { sv: 'Disk 4' }, calledAt: T(3) }] }, 'floor-2');
    assert.deepEqual(tickets(h.state), ['D004']);
    h.call({ zones: ['lobby'] });
    await settle();
    assert.equal(h.state.chimes.value, 0, 'calls of the old zone no longer chime');
  } finally { h.restore(); }
});

test('fixed texts rotate through the config\'s written languages, a few seconds each; offline keeps the board', async () => {
  const h = harness();
  try {
    await h.start();
    h.config({ languages: ['sv', 'ar', 'sgn-SE', 'en'] });
    h.board({});
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) { seen.push(`${h.state.language.value.code}:${h.state.label('display.number')}`); h.clock.advance(5_000); }
    assert.deepEqual(seen, ['sv:Nummer', 'ar:الرقم', 'en:Number', 'sv:Nummer'], 'sign language has no written texts: skipped');
    assert.equal(h.state.language.value.code, 'ar');
    assert.equal(h.state.language.value.dir, 'rtl');
    h.disconnect();
    assert.equal(h.state.connected.value, false);
    assert.equal(h.state.board.value?.queues[0]?.waiting, 3);
  } finally { h.restore(); }
});
