import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as esc from './escpos.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

test('single commands match the Epson reference bytes', () => {
  assert.deepEqual(esc.init(), hex('1B 40'));
  assert.deepEqual(esc.selectCodePage('cp858'), hex('1B 74 13'));
  assert.deepEqual(esc.align('left'), hex('1B 61 00'));
  assert.deepEqual(esc.align('center'), hex('1B 61 01'));
  assert.deepEqual(esc.align('right'), hex('1B 61 02'));
  assert.deepEqual(esc.bold(true), hex('1B 45 01'));
  assert.deepEqual(esc.bold(false), hex('1B 45 00'));
  assert.deepEqual(esc.charSize(1, 1), hex('1D 21 00'));
  assert.deepEqual(esc.charSize(2, 2), hex('1D 21 11'));
  assert.deepEqual(esc.charSize(3, 2), hex('1D 21 21'));
  assert.deepEqual(esc.lineFeed(), hex('0A'));
  assert.deepEqual(esc.feedAndPartialCut(), hex('1D 56 42 00'));
  assert.deepEqual(esc.qrModel2(), hex('1D 28 6B 04 00 31 41 32 00'));
  assert.deepEqual(esc.qrModuleSize(6), hex('1D 28 6B 03 00 31 43 06'));
  assert.deepEqual(esc.qrErrorCorrectionM(), hex('1D 28 6B 03 00 31 45 31'));
  assert.deepEqual(esc.qrStore(Buffer.from('AB')), hex('1D 28 6B 05 00 31 50 30 41 42'));
  assert.deepEqual(esc.qrPrint(), hex('1D 28 6B 03 00 31 51 30'));
});

test('text is CP858, not the GB18030 default of node-escpos', () => {
  assert.deepEqual(esc.text('Växjö €', 'cp858'), hex('56 84 78 6A 94 20 D5'));
  assert.deepEqual(esc.unencodable('Växjö €', 'cp858'), []);
  assert.deepEqual(esc.unencodable('Ärende ✓ مرحبا', 'cp858'), ['✓', 'م', 'ر', 'ح', 'ب', 'ا']);
});

test('out-of-range arguments throw instead of sending a different command', () => {
  assert.throws(() => esc.charSize(9, 1), RangeError);
  assert.throws(() => esc.qrModuleSize(0), RangeError);
  assert.throws(() => esc.qrStore(Buffer.alloc(esc.QR_MAX_BYTES + 1)), RangeError);
  assert.throws(() => esc.selectCodeTable(256), RangeError);
});
