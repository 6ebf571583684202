import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { layoutTicket, renderTicketWithWarnings, type PrinterProfile, type TicketLayout } from './ticket.js';
import { BLANK_LINE_DOTS, CUT_FEED_DOTS, renderTicketImage, renderTicketPng } from './ticket-image.js';
import { QR_QUIET_MODULES } from './qr-bitmap.js';
import { loadRasterFonts } from './raster.js';
import { countInk } from './bitmap.js';
import { decodePng, parseGsV0, type Dots } from './test-support/raster-decoders.js';
import { sampleTicket } from '../test-support/fixtures.js';

// Read back through the independent PNG decoder, never through bitmap.ts.
const fonts = loadRasterFonts();
const profileOf = (widthDots: 576 | 384): PrinterProfile => ({ widthDots, codePage: 'cp858' });
const arabicTicket = () =>
  sampleTicket({
    language: 'ar',
    serviceName: 'رعاية المسنين',
    labels: { yourNumber: 'رقمك', waitingAhead: '3 قبلك', followOnPhone: 'تابع دورك على هاتفك' },
  });
const dotsOf = (layout: TicketLayout, profile: PrinterProfile): Dots => {
  const png = decodePng(renderTicketPng(layout, profile, fonts));
  assert.equal(png.dots.length, png.height);
  return png.dots;
};
const rowInk = (row: boolean[]) => row.some(Boolean);
/** Ink bounding box of rows [from, to). */
function inkBox(dots: Dots, from = 0, to = dots.length) {
  let top = -1, bottom = -1, left = Infinity, right = -1;
  for (let y = from; y < to; y++) {
    const row = dots[y]!;
    const first = row.indexOf(true);
    if (first < 0) continue;
    if (top < 0) top = y;
    bottom = y;
    left = Math.min(left, first);
    right = Math.max(right, row.lastIndexOf(true));
  }
  return { top, bottom, left, right, height: bottom - top + 1, centre: (left + right + 1) / 2 };
}

for (const widthDots of [576, 384] as const) {
  test(`the picture is exactly ${widthDots} dots wide (Swedish and Arabic), and the PNG is that bitmap`, () => {
    const profile = profileOf(widthDots);
    for (const ticket of [sampleTicket(), arabicTicket()]) {
      const layout = layoutTicket(ticket, profile, { fonts });
      const image = renderTicketImage(layout, profile, fonts);
      assert.equal(image.width, widthDots);
      const png = decodePng(renderTicketPng(layout, profile, fonts));
      assert.equal(png.width, widthDots);
      assert.equal(png.height, image.height);
      assert.equal(png.dots.flat().filter(Boolean).length, countInk(image), 'same dots as the bitmap');
      // Ends with white paper for the cut.
      assert.ok(png.dots.slice(-CUT_FEED_DOTS).every((row) => !rowInk(row)), 'white paper before the cut');
    }
  });

  test(`an Arabic ticket at ${widthDots} dots: the raster rows sent to the printer appear dot-identical in the picture`, () => {
    const profile = profileOf(widthDots);
    const ticket = arabicTicket();
    // The bytes as the bridge sends them, parsed back with the independent GS v 0 decoder.
    const { bytes } = renderTicketWithWarnings(ticket, profile, { fonts });
    const blocks: Dots[] = [];
    for (let i = bytes.indexOf(Buffer.from([0x1d, 0x76, 0x30])); i >= 0; i = bytes.indexOf(Buffer.from([0x1d, 0x76, 0x30]), i + 1)) {
      const rowBytes = bytes[i + 4]! + bytes[i + 5]! * 256;
      const rows = bytes[i + 6]! + bytes[i + 7]! * 256;
      blocks.push(parseGsV0(bytes.subarray(i, i + 8 + rowBytes * rows)).dots);
      i += 7 + rowBytes * rows;
    }
    assert.equal(blocks.length, 4, 'four shaped lines');
    const image = dotsOf(layoutTicket(ticket, profile, { fonts }), profile);
    const same = (a: boolean[], b: boolean[]) => a.length === b.length && a.every((v, x) => v === b[x]);
    let from = 0;
    for (const block of blocks) {
      assert.ok(block.some(rowInk), 'the sent raster has ink');
      // Find the sent bitmap as a sub-rectangle (full width: it is as wide as the paper), in order.
      let at = -1;
      for (let y = from; y + block.length <= image.length && at < 0; y++) {
        if (block.every((row, r) => same(row, image[y + r]!))) at = y;
      }
      assert.ok(at >= 0, `raster block of ${block.length} rows found in the picture after row ${from}`);
      from = at + block.length;
    }
  });
}

/** Where the QR sits: the last band of ink, measured from its bottom-left finder pattern. */
function locateQr(dots: Dots) {
  let bottom = dots.length - 1;
  while (bottom >= 0 && !rowInk(dots[bottom]!)) bottom--;
  const left = dots[bottom]!.indexOf(true);
  let run = 0;
  while (dots[bottom]![left + run]) run++;
  assert.equal(run % 7, 0, 'the bottom edge of the lower-left finder is 7 modules');
  const m = run / 7;
  // Up to the quiet zone: two blank module rows cannot occur inside a symbol.
  let top = bottom;
  let blank = 0;
  for (let y = bottom; y >= 0 && blank < 2 * m; y--) {
    if (rowInk(dots[y]!)) {
      top = y;
      blank = 0;
    } else blank++;
  }
  const side = bottom - top + 1;
  assert.equal(side % m, 0);
  const n = side / m;
  const matrix: boolean[][] = [];
  for (let r = 0; r < n; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < n; c++) row.push(dots[top + r * m + (m >> 1)]![left + c * m + (m >> 1)]!);
    matrix.push(row);
  }
  return { top, bottom, left, m, n, side, matrix };
}

/** Format information (ISO/IEC 18004 §7.9), read from both copies: the error-correction level. */
function formatLevel(matrix: boolean[][]): 'L' | 'M' | 'Q' | 'H' {
  const n = matrix.length;
  let vertical = 0, horizontal = 0;
  for (let i = 0; i < 15; i++) {
    const vr = i < 6 ? i : i < 8 ? i + 1 : n - 15 + i;
    const hc = i < 8 ? n - 1 - i : i === 8 ? 7 : 14 - i;
    if (matrix[vr]![8]) vertical |= 1 << i;
    if (matrix[8]![hc]) horizontal |= 1 << i;
  }
  assert.equal(vertical, horizontal, 'both copies of the format information agree');
  const word = vertical ^ 0x5412;
  // BCH(15,5) with generator 0x537: a valid word leaves no remainder.
  let rem = word;
  for (let bit = 14; bit >= 10; bit--) if (rem & (1 << bit)) rem ^= 0x537 << (bit - 10);
  assert.equal(rem, 0, 'format information is a valid BCH codeword');
  return (['M', 'L', 'H', 'Q'] as const)[word >> 13]!;
}

const zbarimg = spawnSync('zbarimg', ['--version'], { encoding: 'utf8' });
const haveZbar = !zbarimg.error;

for (const widthDots of [576, 384] as const) {
  test(`the QR at ${widthDots} dots: level M, module size from the layout, centred with a quiet zone, same matrix as the data${haveZbar ? ', decoded by zbarimg' : ''}`, () => {
    const profile = profileOf(widthDots);
    const ticket = sampleTicket();
    const layout = layoutTicket(ticket, profile, { fonts });
    const qr = layout.lines.find((l) => l.kind === 'qr');
    assert.ok(qr && qr.kind === 'qr', 'the layout has a QR line');
    const dots = dotsOf(layout, profile);
    const found = locateQr(dots);
    assert.equal(found.m, qr.moduleSize, 'module size as sent in GS ( k fn 167');
    assert.equal((found.n - 17) % 4, 0, 'a model 2 symbol size');
    assert.equal(found.left, Math.floor((widthDots - found.side) / 2), 'centred');
    // Quiet zone: 4 blank modules above and below, then the paper for the cut.
    const quiet = QR_QUIET_MODULES * found.m;
    assert.ok(dots.slice(found.top - quiet, found.top).every((row) => !rowInk(row)), 'quiet zone above');
    assert.equal(dots.length - 1 - found.bottom, quiet + CUT_FEED_DOTS);
    assert.equal(formatLevel(found.matrix), 'M', 'error correction M, as fn 169 asks');
    // Finder patterns in three corners.
    for (const [r0, c0] of [[0, 0], [0, found.n - 7], [found.n - 7, 0]] as const) {
      for (let r = 0; r < 7; r++) for (let c = 0; c < 7; c++) {
        const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
        assert.equal(found.matrix[r0 + r]![c0 + c], ring !== 2, `finder at ${r0},${c0}`);
      }
    }

    if (haveZbar) {
      const dir = mkdtempSync(join(tmpdir(), 'entre-qr-'));
      try {
        const file = join(dir, 'ticket.png');
        writeFileSync(file, renderTicketPng(layout, profile, fonts));
        const out = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', file], { encoding: 'utf8' });
        assert.equal(out.status, 0, out.stderr);
        assert.equal(out.stdout.trim(), ticket.url);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } else {
      // No zbarimg here (Debian zbar-tools): compare the sampled modules with the symbol of the data.
      const expected = QRCode.create(ticket.url, { errorCorrectionLevel: 'M' }).modules;
      assert.equal(found.n, expected.size);
      const diff = found.matrix.flatMap((row, r) => row.filter((on, c) => on !== Boolean(expected.get(r, c)))).length;
      assert.equal(diff, 0, 'every module as in the symbol of the URL');
    }
  });
}

test('a QR too wide for the paper leaves it blank, as the printer does', () => {
  const layout: TicketLayout = { lines: [{ kind: 'qr', data: `https://entre.example/t/${'x'.repeat(400)}`, moduleSize: 16 }], warnings: [] };
  const image = renderTicketImage(layout, profileOf(384), fonts);
  assert.equal(image.width, 384);
  assert.equal(countInk(image), 0);
});

test('text lines have ink, centred; ×2 is twice as tall; bold is heavier; blank lines are 24-dot gaps', () => {
  const profile = profileOf(576);
  const one = (line: TicketLayout['lines'][number]) => dotsOf({ lines: [line], warnings: [] }, profile);
  const plain = one({ kind: 'text', text: 'Äldreomsorg' });
  const box = inkBox(plain);
  assert.ok(box.top >= 0, 'ink');
  assert.ok(Math.abs(box.centre - 288) <= 3, `centred (ink centre ${box.centre})`);
  assert.ok(box.height >= 18 && box.height <= 32, `about a 24-dot line (ink ${box.height} rows)`);

  const number = inkBox(one({ kind: 'text', text: 'A001', scale: 2 }));
  const small = inkBox(one({ kind: 'text', text: 'A001' }));
  const ratio = number.height / small.height;
  assert.ok(ratio > 1.8 && ratio < 2.2, `×2 ratio ${ratio}`);
  assert.ok(Math.abs(number.centre - 288) <= 6, `×2 centred (ink centre ${number.centre})`);

  const count = (d: Dots) => d.flat().filter(Boolean).length;
  assert.ok(count(one({ kind: 'text', text: 'Entré Örebro', bold: true })) > count(one({ kind: 'text', text: 'Entré Örebro' })) * 1.2, 'bold is heavier');

  const blanks = dotsOf({ lines: [{ kind: 'blank' }, { kind: 'blank' }], warnings: [] }, profile);
  assert.equal(blanks.length, 2 * BLANK_LINE_DOTS + CUT_FEED_DOTS);
  assert.ok(blanks.every((row) => !rowInk(row)), 'blank lines are white');
});

test('a text line longer than the printer\'s 48 columns breaks into two lines, as on paper', () => {
  const profile = profileOf(576);
  const dots = dotsOf({ lines: [{ kind: 'text', text: 'Socialtjänst, ekonomiskt bistånd och budgetrådgivning för alla' }], warnings: [] }, profile);
  // Bands of ink separated by blank rows.
  let bands = 0;
  for (let y = 0; y < dots.length; y++) if (rowInk(dots[y]!) && (y === 0 || !rowInk(dots[y - 1]!))) bands++;
  assert.equal(bands, 2);
  assert.ok(dots.every((row) => row.length === 576), 'never wider than the paper');
});

test('every text line of the Swedish ticket shows up as ink in the picture', () => {
  const profile = profileOf(576);
  const layout = layoutTicket(sampleTicket(), profile, { fonts });
  for (const line of layout.lines) {
    if (line.kind !== 'text') continue;
    const box = inkBox(dotsOf({ lines: [line], warnings: [] }, profile));
    assert.ok(box.top >= 0, `ink for ${line.text}`);
  }
});
