import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogs, catalogCodes, type Board, type CallEvent } from '@entre/protocol';
import { byLatest, emptyBoard, withLiveCalls } from './board-merge.js';
import { sliceDisplayTexts, spokenTicket, text } from './texts.js';
import { bestVoice } from './speech.js';
import { createAnnouncements } from './announcements.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 5, 10, 0, s)).toISOString();
const ev = (id: string, s: number, more: Partial<CallEvent> = {}): CallEvent => ({
  v: 1, at: at(s), id, ticket: 'A001', service: 'x', servicePoint: 'disk-1', servicePointName: { sv: 'Disk 1' }, zones: ['lobby'], recall: false, ...more,
});

test('live calls newer than the board go on top in the server\'s order; older ones, tests and other zones do not', () => {
  const board: Board = { ...emptyBoard('lobby'), at: at(10), calls: [
    { id: 'b', ticket: 'A002', servicePoint: 'disk-1', servicePointName: { sv: 'Disk 1' }, calledAt: at(9) },
  ] };
  const merged = withLiveCalls(board, [ev('old', 5), ev('c', 12), ev('d', 12), ev('t', 13, { test: true }), ev('f', 14, { zones: ['floor-2'] })]);
  assert.deepEqual(merged.calls.map((c) => c.id), ['d', 'c', 'b']);
  assert.equal(withLiveCalls(board, [ev('old', 5)]), board, 'nothing newer: the same board');
  assert.deepEqual(withLiveCalls(board, [ev('b', 11, { recall: true })]).calls.map((c) => c.calledAt), [at(11)], 'a recall updates the call');
  assert.ok(byLatest(merged.calls[0]!, merged.calls[1]!) < 0);
});

test('the display texts: every display.* key in all 21 catalogs, filled like the protocol\'s t()', () => {
  const slice = sliceDisplayTexts(catalogs);
  const keys = Object.keys(catalogs['sv']!).filter((k) => k.startsWith('display.'));
  assert.ok(keys.length >= 6);
  for (const code of catalogCodes) assert.deepEqual(Object.keys(slice[code]!), keys, code);
  assert.equal(text(slice, 'sv', 'display.callAnnouncement', { ticket: 'B042', point: 'Disk 3' }), 'Nummer B042, Disk 3');
  assert.equal(text(slice, 'xx', 'display.number'), 'Nummer', 'an unknown language falls back to Swedish');
  assert.ok(JSON.stringify(slice).length < 12_000, 'small: only the display\'s own texts');
});

test('tickets are spoken as letters and a number; voices match by language, local first', () => {
  assert.equal(spokenTicket('B042'), 'B 42');
  assert.equal(spokenTicket('T000'), 'T 0');
  assert.equal(spokenTicket('AB1234'), 'AB 1234');
  const voices = [
    { lang: 'en-US', localService: false, default: true, name: 'net' },
    { lang: 'sv_SE', localService: true, default: false, name: 'alva' },
    { lang: 'en-GB', localService: true, default: false, name: 'local' },
  ];
  assert.equal(bestVoice(voices, 'sv')?.name, 'alva');
  assert.equal(bestVoice(voices, 'en')?.name, 'local');
  assert.equal(bestVoice(voices, 'ar'), undefined);
});

test('announcements run one after the other; a long backlog keeps its chimes and drops speech', async () => {
  const log: string[] = [];
  let release!: () => void;
  const first = new Promise<void>((r) => { release = r; });
  let n = 0;
  const a = createAnnouncements({
    chime: { play: async () => { log.push('chime'); if (n++ === 0) await first; } },
    speech: { speak: async (t) => { log.push(t); return true; } },
    onChime: () => log.push('count'),
  });
  const job = (t: string) => ({ chime: true, speech: true, volume: 1, phrases: [{ text: t, lang: 'sv' }] });
  const all = [a.announce(job('one')), a.announce(job('two')), a.announce(job('three')), a.announce(job('four'))];
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(log, ['count', 'chime'], 'the second waits for the first');
  release();
  await Promise.all(all);
  assert.deepEqual(log, ['count', 'chime', 'one', 'count', 'chime', 'two', 'count', 'chime', 'three', 'count', 'chime']);
});
