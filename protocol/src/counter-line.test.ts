import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFrameParser, encodeFrame, nextSeq, type ParserEvent } from './counter-line.js';

/** Literal frame bytes: STX + ascii + ETX. */
const f = (ascii: string): number[] => [0x02, ...Array.from(ascii, (c) => c.charCodeAt(0)), 0x03];
const frames = (events: ParserEvent[]) => events.map((e) => (e.kind === 'frame' ? e.frame : { garbled: e.reason, bytes: [...e.bytes] }));

test('encodeFrame: exact bytes for every frame type', () => {
  assert.deepEqual([...encodeFrame({ type: 'K', seq: 0, button: 'next' })], f('0K:next*46'));
  assert.deepEqual([...encodeFrame({ type: 'K', seq: 1, button: 'recall' })], f('1K:recall*55'));
  assert.deepEqual([...encodeFrame({ type: 'K', seq: 2, button: 'noshow' })], f('2K:noshow*41'));
  assert.deepEqual([...encodeFrame({ type: 'K', seq: 3, button: 'finish' })], f('3K:finish*51'));
  assert.deepEqual([...encodeFrame({ type: 'K', seq: 4, button: 'pause' })], f('4K:pause*37'));
  assert.deepEqual([...encodeFrame({ type: 'H', seq: 5 })], f('5H:*47'));
  assert.deepEqual([...encodeFrame({ type: 'A', seq: 7 })], f('7A:*4C'));
  assert.deepEqual([...encodeFrame({ type: 'D', seq: 0, text: 'B042', blink: true })], f('0D:1B042*0B'));
  assert.deepEqual([...encodeFrame({ type: 'D', seq: 1, text: '', blink: false })], f('1D:0*7F'));
});

test('encodeFrame: rejects bad seq, text and button', () => {
  assert.throws(() => encodeFrame({ type: 'H', seq: 10 }), RangeError);
  assert.throws(() => encodeFrame({ type: 'H', seq: 1.5 }), RangeError);
  assert.throws(() => encodeFrame({ type: 'D', seq: 0, text: 'TOOLONG42', blink: false }), RangeError);
  assert.throws(() => encodeFrame({ type: 'D', seq: 0, text: 'A*1', blink: false }), RangeError);
  assert.throws(() => encodeFrame({ type: 'D', seq: 0, text: 'KÖ1', blink: false }), RangeError);
  assert.throws(() => encodeFrame({ type: 'K', seq: 0, button: 'nope' as 'next' }), RangeError);
});

test('nextSeq wraps 9 → 0', () => {
  assert.equal(nextSeq(0), 1);
  assert.equal(nextSeq(9), 0);
});

test('parser: round-trips every encoded frame, several per chunk', () => {
  const all = [
    { type: 'K', seq: 3, button: 'noshow' },
    { type: 'H', seq: 4 },
    { type: 'A', seq: 9 },
    { type: 'D', seq: 2, text: 'A117', blink: false },
    { type: 'D', seq: 8, text: '12345678', blink: true },
  ] as const;
  const bytes = Buffer.concat(all.map((x) => encodeFrame(x)));
  assert.deepEqual(frames(createFrameParser().push(bytes)), all);
});

test('parser: a frame split into single bytes and odd chunks', () => {
  const bytes = f('0K:next*46');
  const p = createFrameParser();
  const out: ParserEvent[] = [];
  for (const b of bytes) out.push(...p.push(Uint8Array.of(b)));
  assert.deepEqual(frames(out), [{ type: 'K', seq: 0, button: 'next' }]);

  const q = createFrameParser();
  assert.deepEqual(q.push(Uint8Array.from([...f('5H:*47'), ...bytes.slice(0, 4)])).length, 1);
  assert.deepEqual(q.push(Uint8Array.from(bytes.slice(4, 9))), []);
  assert.deepEqual(frames(q.push(Uint8Array.from(bytes.slice(9)))), [{ type: 'K', seq: 0, button: 'next' }]);
});

test('parser: lowercase hex checksum is accepted', () => {
  assert.deepEqual(frames(createFrameParser().push(Uint8Array.from(f('0D:1B042*0b')))), [{ type: 'D', seq: 0, text: 'B042', blink: true }]);
});

test('parser: bad checksum is garbled and the next frame still parses', () => {
  const bad = f('0K:next*47');
  const out = createFrameParser().push(Uint8Array.from([...bad, ...f('1K:recall*55')]));
  assert.deepEqual(frames(out), [{ garbled: 'checksum', bytes: bad }, { type: 'K', seq: 1, button: 'recall' }]);
});

test('parser: corrupted byte in the body is caught by the checksum', () => {
  const out = createFrameParser().push(Uint8Array.from(f('0K:nexu*46')));
  assert.deepEqual(frames(out).map((x) => ('garbled' in x ? x.garbled : x)), ['checksum']);
});

test('parser: junk between frames is reported, frames around it survive', () => {
  const p = createFrameParser();
  const out = p.push(Uint8Array.from([0xff, 0x0d, 0x0a, ...f('5H:*47'), 0x41, 0x42, ...f('0A:*4B'), 0x00]));
  assert.deepEqual(frames(out), [
    { garbled: 'junk', bytes: [0xff, 0x0d, 0x0a] },
    { type: 'H', seq: 5 },
    { garbled: 'junk', bytes: [0x41, 0x42] },
    { type: 'A', seq: 0 },
    { garbled: 'junk', bytes: [0x00] },
  ]);
});

test('parser: overlong frame is reported once, the rest up to ETX dropped, then resyncs', () => {
  const long = f('0D:1ABCDEFGHIJKLMNOP*00');
  const out = createFrameParser().push(Uint8Array.from([...long, ...f('5H:*47')]));
  assert.deepEqual(frames(out).map((x) => ('garbled' in x ? x.garbled : x)), ['overlong', { type: 'H', seq: 5 }]);
});

test('parser: overlong split across chunks, with no ETX ever, resyncs on STX', () => {
  const p = createFrameParser();
  const a = p.push(Uint8Array.from([0x02, ...Buffer.from('0K:nextnextnext')]));
  const b = p.push(Uint8Array.from(Buffer.from('nextnext')));
  const c = p.push(Uint8Array.from(f('3K:finish*51')));
  assert.deepEqual(frames([...a, ...b, ...c]).map((x) => ('garbled' in x ? x.garbled : x)), ['overlong', { type: 'K', seq: 3, button: 'finish' }]);
});

test('parser: a frame cut off by a new STX is malformed, the new frame parses', () => {
  const out = createFrameParser().push(Uint8Array.from([0x02, ...Buffer.from('0K:ne'), ...f('0K:next*46')]));
  assert.deepEqual(frames(out), [
    { garbled: 'malformed', bytes: [0x02, ...Buffer.from('0K:ne')] },
    { type: 'K', seq: 0, button: 'next' },
  ]);
});

test('parser: grammar errors with a valid checksum are malformed', () => {
  const withCk = (body: string) => {
    let x = 0;
    for (const c of body) x ^= c.charCodeAt(0);
    return f(`${body}*${x.toString(16).toUpperCase().padStart(2, '0')}`);
  };
  const cases = [withCk('0K:jump'), withCk('xK:next'), withCk('0Z:'), withCk('0H:x'), withCk('0A:1'), withCk('0D:2B042'), withCk('0Knext'), f('0K:next'), f('0K:next*G1')];
  for (const c of cases) {
    assert.deepEqual(frames(createFrameParser().push(Uint8Array.from(c))).map((x) => ('garbled' in x ? x.garbled : x)), ['malformed'], Buffer.from(c).toString('latin1'));
  }
});

test('parser: string chunks and reset()', () => {
  const p = createFrameParser();
  assert.deepEqual(p.push('\x020K:ne'), []);
  p.reset();
  assert.deepEqual(frames(p.push('xt*46\x03')), [{ garbled: 'junk', bytes: [...Buffer.from('xt*46\x03')] }]);
  assert.deepEqual(frames(p.push('\x020K:next*46\x03')), [{ type: 'K', seq: 0, button: 'next' }]);
});
