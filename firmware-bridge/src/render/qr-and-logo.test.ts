import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { layoutTicket, renderTicket, renderTicketText, type PrinterProfile } from './ticket.js';
import { createBitmap, set, type Bitmap } from './bitmap.js';
import { encodePng } from './preview-png.js';
import { loadLogo, LogoError } from './logo.js';
import { loadRasterFonts } from './raster.js';
import { renderTicketImage } from './ticket-image.js';
import { parseGsV0, type Dots } from './test-support/raster-decoders.js';
import { sampleTicket } from '../test-support/fixtures.js';
import { ConfigError, loadConfig } from '../config.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const GS_V_0 = hex('1D 76 30 00');

/** Every GS v 0 block in a job, parsed back by the independent decoder. */
function rasterBlocks(bytes: Buffer): Dots[] {
  const out: Dots[] = [];
  for (let at = bytes.indexOf(GS_V_0); at !== -1; at = bytes.indexOf(GS_V_0, at + 1)) {
    const rowBytes = bytes[at + 4]! + bytes[at + 5]! * 256;
    const rows = bytes[at + 6]! + bytes[at + 7]! * 256;
    out.push(parseGsV0(bytes.subarray(at, at + 8 + rowBytes * rows)).dots);
    at += 7 + rowBytes * rows;
  }
  return out;
}

/** The symbol read back off the dots: module size and matrix, found from the ink itself. */
function readQr(dots: Dots): { moduleSize: number; matrix: boolean[][]; left: number } {
  const inked = dots.map((row) => row.indexOf(true));
  const top = inked.findIndex((x) => x !== -1);
  const left = Math.min(...inked.filter((x) => x !== -1));
  // The top-left finder pattern's first row is 7 black modules.
  let run = 0;
  while (dots[top]![left + run]) run++;
  const moduleSize = run / 7;
  const lastRow = dots.length - 1 - [...dots].reverse().findIndex((row) => row.includes(true));
  const size = (lastRow - top + 1) / moduleSize;
  const matrix: boolean[][] = [];
  for (let r = 0; r < size; r++) {
    const y = top + r * moduleSize + Math.floor(moduleSize / 2);
    matrix.push(Array.from({ length: size }, (_, c) => dots[y]![left + c * moduleSize + Math.floor(moduleSize / 2)]!));
  }
  return { moduleSize, matrix, left };
}

for (const widthDots of [576, 384] as const) {
  test(`raster QR fallback at ${widthDots} dots: no GS ( k, the symbol sent as dots, module for module`, () => {
    const ticket = sampleTicket();
    const profile: PrinterProfile = { widthDots, codePage: 'cp858', qr: 'raster' };
    const bytes = renderTicket(ticket, profile);
    assert.equal(bytes.includes(hex('1D 28 6B')), false, 'no native QR command');
    const blocks = rasterBlocks(bytes);
    assert.equal(blocks.length, 1, 'one raster block: the QR');
    const dots = blocks[0]!;
    assert.equal(dots[0]!.length, widthDots, 'full paper width');
    const { moduleSize, matrix, left } = readQr(dots);
    assert.equal(moduleSize, widthDots === 576 ? 6 : 4, 'the profile\'s module size where it fits');
    const expected = QRCode.create(ticket.url, { errorCorrectionLevel: 'M' }).modules;
    assert.equal(matrix.length, expected.size);
    const wrong = matrix.flatMap((row, r) => row.filter((on, c) => on !== Boolean(expected.get(r, c)))).length;
    assert.equal(wrong, 0, 'every module matches the level-M symbol of the ticket URL');
    const right = widthDots - (left + expected.size * moduleSize);
    assert.ok(Math.abs(right - left) <= 1, 'centred');
    // The picture of the paper shows the very dots that were sent.
    const layout = layoutTicket(ticket, profile);
    const image = renderTicketImage(layout, profile, loadRasterFonts());
    const qrLine = layout.lines.findIndex((l) => l.kind === 'qr');
    assert.ok(qrLine > 0);
    const stride = Math.ceil(widthDots / 8);
    const sentRows = dots.map((row) => Buffer.from(Array.from({ length: stride }, (_, b) => row.slice(b * 8, b * 8 + 8).reduce((acc, on, i) => acc | (on ? 0x80 >> i : 0), 0))));
    const imageBytes = Buffer.from(image.data);
    assert.ok(imageBytes.includes(Buffer.concat(sentRows)), 'the preview PNG bitmap contains the sent QR rows verbatim');
  });
}

test('raster QR shrinks its modules to fit narrow paper instead of printing nothing', () => {
  const ticket = sampleTicket({ url: `https://entre.example.se/t/${'x'.repeat(200)}` });
  const bytes = renderTicket(ticket, { widthDots: 384, codePage: 'cp858', qr: 'raster', qrModuleSize: 8 });
  const { moduleSize, matrix } = readQr(rasterBlocks(bytes)[0]!);
  assert.ok(moduleSize < 8 && moduleSize >= 1, `module size ${moduleSize}`);
  assert.ok(matrix.length * moduleSize <= 384);
});

/** A small logo with a recognisable shape: a frame and a diagonal. */
function logoPattern(width: number, height: number): Bitmap {
  const b = createBitmap(width, height);
  for (let x = 0; x < width; x++) { set(b, x, 0, true); set(b, x, height - 1, true); }
  for (let y = 0; y < height; y++) { set(b, 0, y, true); set(b, width - 1, y, true); set(b, Math.floor((y * (width - 1)) / (height - 1)), y, true); }
  return b;
}

test('a logo file prints first, dot for dot, centred on the paper, before any text', () => {
  const pattern = logoPattern(100, 40);
  const logo = loadLogo(encodePng(pattern), 576);
  assert.deepEqual([logo.width, logo.height], [100, 40]);
  assert.deepEqual(Buffer.from(logo.data), Buffer.from(pattern.data), 'decoded without loss');

  const bytes = renderTicket(sampleTicket(), { widthDots: 576, codePage: 'cp858', logo });
  // init, code page, centre, then the logo before the site's name.
  assert.deepEqual(bytes.subarray(0, 12), Buffer.concat([hex('1B 40 1B 74 13 1B 61 01'), GS_V_0]));
  const [first] = rasterBlocks(bytes);
  assert.equal(first!.length, 40);
  const left = (576 - 100) / 2;
  for (let y = 0; y < 40; y++) {
    for (let x = 0; x < 576; x++) {
      const want = x >= left && x < left + 100 && (pattern.data[y * 13 + ((x - left) >> 3)]! & (0x80 >> ((x - left) & 7))) !== 0;
      if (first![y]![x] !== want) assert.fail(`dot (${x}, ${y}) is ${first![y]![x]}, want ${want}`);
    }
  }
  assert.match(renderTicketText(sampleTicket(), { widthDots: 576, codePage: 'cp858', logo }), /^\s+\[logo\]\n/);
});

test('a logo wider than the paper is scaled down to fit, keeping its shape', () => {
  const logo = loadLogo(encodePng(logoPattern(800, 100)), 384);
  assert.deepEqual([logo.width, logo.height], [384, 48]);
  const tall = loadLogo(encodePng(logoPattern(100, 400)), 576);
  assert.equal(tall.height, 160, 'capped height');
  assert.equal(tall.width, 40);
});

test('a logo that is not a picture is a config error naming the printer\'s field', () => {
  assert.throws(() => loadLogo(Buffer.from('not a png'), 576), LogoError);
  const dir = mkdtempSync(join(tmpdir(), 'entre-logo-'));
  const bad = join(dir, 'logo.png');
  writeFileSync(bad, 'not a png');
  const good = join(dir, 'good.png');
  writeFileSync(good, encodePng(logoPattern(64, 32)));
  assert.throws(
    () => loadConfig({ ENTRE_PRINTERS: JSON.stringify([{ id: 'p1', logo: bad }, { id: 'p2', logo: join(dir, 'missing.png') }, { id: 'p3', qr: 'bitmap' }]) }),
    (err: unknown) => err instanceof ConfigError
      && /ENTRE_PRINTERS\[0\]\.logo: cannot use .*not a picture/.test(err.message)
      && /ENTRE_PRINTERS\[1\]\.logo: cannot use .*ENOENT/.test(err.message)
      && /ENTRE_PRINTERS\[2\]\.qr: must be "native"/.test(err.message),
  );
  const config = loadConfig({ ENTRE_PRINTERS: JSON.stringify([{ id: 'p1', logo: good, qr: 'raster', widthDots: 384 }]) });
  assert.equal(config.printers[0]!.profile.logo?.width, 64);
  assert.equal(config.printers[0]!.profile.qr, 'raster');
});
