import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBitmap, get, set } from './bitmap.js';
import { crc32, encodePng } from './preview-png.js';
import { decodePng } from './test-support/raster-decoders.js';

test('crc32 matches the standard check value', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(Buffer.from('IEND')), 0xae426082);
});

function pseudoRandomBitmap(width: number, height: number, seed: number) {
  const b = createBitmap(width, height);
  let s = seed;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      if (s & 0x10000) set(b, x, y, true);
    }
  return b;
}

for (const bitDepth of [1, 8] as const) {
  test(`a ${bitDepth}-bit PNG decodes to exactly the bitmap's dots (odd width, CRCs checked)`, () => {
    const bmp = pseudoRandomBitmap(13, 7, bitDepth);
    const png = decodePng(encodePng(bmp, { bitDepth }));
    assert.deepEqual(png.chunks, ['IHDR', 'IDAT', 'IEND']);
    assert.equal(png.bitDepth, bitDepth);
    assert.equal(png.width, 13);
    assert.equal(png.height, 7);
    for (let y = 0; y < 7; y++) for (let x = 0; x < 13; x++) assert.equal(png.dots[y]![x], get(bmp, x, y), `dot ${x},${y}`);
  });
}

test('an empty bitmap still makes a valid (1×1 white) PNG', () => {
  const png = decodePng(encodePng(createBitmap(0, 0)));
  assert.equal(png.width, 1);
  assert.deepEqual(png.dots, [[false]]);
});
