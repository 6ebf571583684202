import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesPerRow, countInk, createBitmap, equals, fromRgba, get, set, sliceRows, stack } from './bitmap.js';

const rgba = (pixels: Array<[number, number, number, number]>) => Uint8Array.from(pixels.flat());
const BLACK: [number, number, number, number] = [0, 0, 0, 255];
const WHITE: [number, number, number, number] = [255, 255, 255, 255];

test('fromRgba packs rows MSB-first, 1 = black, padding bits 0', () => {
  // 10 × 2: row 0 = B W W W W W W W | W B ; row 1 all white except x=7
  const row0 = [BLACK, WHITE, WHITE, WHITE, WHITE, WHITE, WHITE, WHITE, WHITE, BLACK];
  const row1 = [WHITE, WHITE, WHITE, WHITE, WHITE, WHITE, WHITE, BLACK, WHITE, WHITE];
  const b = fromRgba(rgba([...row0, ...row1]), 10, 2, 128);
  assert.equal(b.width, 10);
  assert.equal(b.height, 2);
  assert.equal(bytesPerRow(10), 2);
  assert.deepEqual([...b.data], [0x80, 0x40, 0x01, 0x00]);
  assert.equal(get(b, 0, 0), true);
  assert.equal(get(b, 1, 0), false);
  assert.equal(get(b, 9, 0), true);
  assert.equal(get(b, 7, 1), true);
  assert.equal(get(b, 10, 0), false, 'outside is white');
  assert.equal(get(b, -1, 0), false);
  assert.equal(countInk(b), 3);
});

test('fromRgba thresholds luminance composited over white (transparent = paper)', () => {
  const px: Array<[number, number, number, number]> = [
    [100, 100, 100, 255], // dark grey → black
    [200, 200, 200, 255], // light grey → white
    [0, 0, 0, 0], // transparent black → white paper
    [0, 0, 0, 200], // mostly opaque black → black
  ];
  const b = fromRgba(rgba(px), 4, 1, 128);
  assert.deepEqual([0, 1, 2, 3].map((x) => get(b, x, 0)), [true, false, false, true]);
  assert.throws(() => fromRgba(new Uint8Array(3), 1, 1), RangeError);
});

test('set, stack, sliceRows, equals', () => {
  const a = createBitmap(9, 2);
  set(a, 8, 1, true);
  const b = createBitmap(9, 1);
  set(b, 0, 0, true);
  const s = stack([a, b]);
  assert.equal(s.height, 3);
  assert.equal(get(s, 8, 1), true);
  assert.equal(get(s, 0, 2), true);
  assert.equal(countInk(s), 2);
  assert.ok(equals(sliceRows(s, 2, 3), b));
  assert.ok(equals(sliceRows(s, 0, 2), a));
  assert.equal(sliceRows(s, 2, 99).height, 1);
  set(a, 8, 1, false);
  assert.equal(countInk(a), 0);
  assert.throws(() => stack([a, createBitmap(8, 1)]), RangeError);
  assert.throws(() => set(a, 9, 0, true), RangeError);
});
