import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { checker, PrintTicket } from '@entre/protocol';
import { formatLocalTime, layoutTicket, renderTicket, renderTicketText, renderTicketWithWarnings, RenderError, type PrinterProfile } from './ticket.js';
import { sampleTicket } from '../test-support/fixtures.js';
import { parseGsV0 } from './test-support/raster-decoders.js';
import { get } from './bitmap.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const cp858 = (s: string) => iconv.encode(s, 'cp858');
const profile: PrinterProfile = { widthDots: 576, codePage: 'cp858' };

function qrBytes(data: string, moduleSize: string): Buffer {
  const body = Buffer.from(data, 'utf8');
  const len = body.length + 3;
  return Buffer.concat([
    hex('1D 28 6B 04 00 31 41 32 00'), // model 2
    hex(`1D 28 6B 03 00 31 43 ${moduleSize}`), // module size
    hex('1D 28 6B 03 00 31 45 31'), // error correction M
    hex('1D 28 6B'), Buffer.from([len % 256, Math.floor(len / 256)]), hex('31 50 30'), body, // store
    hex('1D 28 6B 03 00 31 51 30'), // print
  ]);
}

test('the sample ticket is a valid PrintTicket (so these tests exercise real jobs)', () => {
  const r = checker(PrintTicket)(sampleTicket());
  assert.deepEqual(r.ok ? [] : r.issues, []);
});

test('renderTicket gives the exact ESC/POS bytes of the layout', () => {
  const ticket = sampleTicket();
  const expected = Buffer.concat([
    hex('1B 40'), // init
    hex('1B 74 13'), // ESC t 19: PC858
    hex('1B 61 01'), // centre
    hex('1B 45 01'), hex('45 6E 74 72 82 20 99 72 65 62 72 6F'), hex('0A'), hex('1B 45 00'), // "Entré Örebro" bold
    hex('0A'),
    cp858('Ditt nummer'), hex('0A'),
    hex('1D 21 11'), hex('41 30 30 31'), hex('0A'), hex('1D 21 00'), // "A001" double width+height
    hex('8E 6C 64 72 65 6F 6D 73 6F 72 67'), hex('0A'), // "Äldreomsorg": Ä = 0x8E in CP858
    hex('33 20 66 94 72 65 20 64 69 67 20 69 20 6B 94 6E'), hex('0A'), // "3 före dig i kön": ö = 0x94
    cp858('2025-03-30 03:05'), hex('0A'), // 01:05Z is 03:05 CEST, just after the spring-forward gap
    hex('0A'),
    hex('46 94 6C 6A 20 64 69 6E 20 74 75 72 20 69 20 6D 6F 62 69 6C 65 6E'), hex('0A'), // "Följ din tur i mobilen"
    qrBytes(ticket.url, '06'),
    hex('1D 56 42 00'), // feed to cutter, partial cut
  ]);
  assert.deepEqual(renderTicket(ticket, profile), expected);
});

test('å, ä, ö, Å, Ä, Ö and é encode to their CP858 bytes', () => {
  const bytes = renderTicket(sampleTicket({ serviceName: 'åäöÅÄÖé' }), profile);
  assert.ok(bytes.includes(hex('86 84 94 8F 8E 99 82 0A')), 'CP858 bytes for åäöÅÄÖé followed by LF');
});

test('the ticket number size follows the profile, default double', () => {
  assert.ok(renderTicket(sampleTicket(), profile).includes(hex('1D 21 11 41 30 30 31 0A 1D 21 00')));
  assert.ok(renderTicket(sampleTicket(), { ...profile, numberScale: 3 }).includes(hex('1D 21 22 41 30 30 31 0A 1D 21 00')));
});

test('58 mm paper gets a smaller QR module; the store length spans two bytes for long URLs', () => {
  const url = `https://entre.example/t/${'x'.repeat(300 - 24)}`;
  assert.equal(url.length, 300);
  const bytes = renderTicket(sampleTicket({ url }), { widthDots: 384, codePage: 'cp858' });
  assert.ok(bytes.includes(qrBytes(url, '04')));
  assert.ok(bytes.includes(hex('1D 28 6B 2F 01 31 50 30')), '303 = 0x012F as pL pH');
});

/** Every GS v 0 command in the bytes, each parsed back with the independent decoder. */
function rasterBlocks(bytes: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  for (let i = bytes.indexOf(hex('1D 76 30')); i >= 0; i = bytes.indexOf(hex('1D 76 30'), i + 1)) {
    const rowBytes = bytes[i + 4]! + bytes[i + 5]! * 256;
    const rows = bytes[i + 6]! + bytes[i + 7]! * 256;
    blocks.push(bytes.subarray(i, i + 8 + rowBytes * rows));
    i += 7 + rowBytes * rows;
  }
  return blocks;
}

for (const widthDots of [576, 384] as const) {
  test(`an Arabic ticket at ${widthDots} dots: its lines go as shaped raster, the exact bitmaps of the layout`, () => {
    const ticket = sampleTicket({
      language: 'ar',
      serviceName: 'رعاية المسنين',
      labels: { yourNumber: 'رقمك', waitingAhead: '3 قبلك', followOnPhone: 'تابع دورك على هاتفك' },
    });
    const p: PrinterProfile = { ...profile, widthDots };
    const { bytes, warnings } = renderTicketWithWarnings(ticket, p);
    assert.deepEqual(warnings, [], 'nothing left out');
    const layout = layoutTicket(ticket, p);
    const rasters = layout.lines.filter((l) => l.kind === 'raster');
    assert.deepEqual(rasters.map((l) => l.kind === 'raster' && l.text), ['رقمك', 'رعاية المسنين', '3 قبلك', 'تابع دورك على هاتفك']);
    const blocks = rasterBlocks(bytes);
    assert.equal(blocks.length, 4);
    rasters.forEach((line, i) => {
      if (line.kind !== 'raster') return;
      const block = blocks[i]!;
      // GS v 0, normal mode, bytes per row for the paper width, rows of the line's bitmap.
      assert.deepEqual([...block.subarray(0, 6)], [0x1d, 0x76, 0x30, 0x00, (widthDots / 8) & 0xff, (widthDots / 8) >> 8]);
      const parsed = parseGsV0(block);
      assert.equal(parsed.width, widthDots);
      assert.equal(parsed.dots.length, line.bitmap.height);
      const differing = parsed.dots.flatMap((row, y) => row.filter((on, x) => on !== get(line.bitmap, x, y))).length;
      assert.equal(differing, 0, 'the bytes are exactly the layout bitmap');
      assert.ok(parsed.dots.some((row) => row.some(Boolean)), 'with ink');
      // GS v 0 needs an empty print buffer: only mode commands (ESC/GS …) may stand between
      // the last line feed and the raster.
      const before = bytes.subarray(bytes.lastIndexOf(0x0a, bytes.indexOf(block)) + 1, bytes.indexOf(block));
      assert.ok(before.length === 0 || before[0] === 0x1b || before[0] === 0x1d, `nothing printable before the raster: ${before.toString('hex')}`);
    });
    assert.equal(bytes.includes(hex('3F 3F')), false, 'no "??" garbage');
    assert.ok(bytes.includes(hex('1D 21 11 41 30 30 31 0A 1D 21 00')), 'number printed as text');
    assert.ok(bytes.includes(cp858('2025-03-30 03:05\n')), 'time printed');
    assert.ok(bytes.includes(qrBytes(ticket.url, widthDots === 576 ? '06' : '04')), 'QR printed');
    assert.match(renderTicketText(ticket, p), /رعاية المسنين/, 'the text preview says what the raster shows');
  });
}

test('text no font of ours covers is left out, with a warning; number, time and QR still print', () => {
  const ticket = sampleTicket({ language: 'zh', serviceName: '养老服务' });
  const { bytes, warnings } = renderTicketWithWarnings(ticket, profile);
  assert.deepEqual(warnings.map((w) => `${w.code} ${w.field}`), ['ENTRE_PRINT_TEXT_NOT_ENCODABLE serviceName']);
  assert.equal(bytes.includes(hex('1D 76 30')), false, 'no raster for it');
  assert.ok(bytes.includes(hex('1D 21 11 41 30 30 31 0A 1D 21 00')), 'number printed');
  assert.ok(bytes.includes(qrBytes(ticket.url, '06')), 'QR printed');
});

test('a line that mixes a missing character with Latin text is left out whole', () => {
  const { warnings, lines } = layoutTicket(sampleTicket({ serviceName: 'Äldreomsorg ✓' }), profile);
  assert.deepEqual(warnings, [{ code: 'ENTRE_PRINT_TEXT_NOT_ENCODABLE', field: 'serviceName' }]);
  assert.equal(lines.some((l) => l.kind === 'text' && l.text.includes('Äldreomsorg')), false);
});

test('typographic dashes and quotes fold to ASCII instead of dropping the line', () => {
  const { warnings } = renderTicketWithWarnings(sampleTicket({ serviceName: 'Barn – utbildning “BU”' }), profile);
  assert.deepEqual(warnings, []);
  assert.ok(renderTicket(sampleTicket({ serviceName: 'Barn – utbildning “BU”' }), profile).includes(Buffer.from('Barn - utbildning "BU"\n', 'latin1')));
});

test('renderTicket is deterministic and does not depend on the machine time zone', () => {
  const before = process.env['TZ'];
  try {
    process.env['TZ'] = 'America/Los_Angeles';
    const a = renderTicket(sampleTicket(), profile);
    process.env['TZ'] = 'Asia/Tokyo';
    const b = renderTicket(sampleTicket(), profile);
    assert.deepEqual(a, b);
    assert.ok(a.includes(cp858('2025-03-30 03:05\n')));
  } finally {
    if (before === undefined) delete process.env['TZ'];
    else process.env['TZ'] = before;
  }
});

test('local time across the DST changes in Europe/Stockholm', () => {
  const at = (iso: string) => formatLocalTime(iso, 'Europe/Stockholm').text;
  // Spring forward, 2025-03-30: 02:00 CET jumps to 03:00 CEST at 01:00Z.
  assert.equal(at('2025-03-30T00:59:00Z'), '2025-03-30 01:59');
  assert.equal(at('2025-03-30T01:00:00Z'), '2025-03-30 03:00');
  // Fall back, 2025-10-26: 03:00 CEST goes back to 02:00 CET at 01:00Z; 02:30 happens twice.
  assert.equal(at('2025-10-26T00:30:00Z'), '2025-10-26 02:30');
  assert.equal(at('2025-10-26T01:30:00Z'), '2025-10-26 02:30');
  assert.equal(at('2025-10-26T02:30:00Z'), '2025-10-26 03:30');
  // Local midnight is not UTC midnight; offsets in the input are honoured.
  assert.equal(at('2025-12-31T23:30:00Z'), '2026-01-01 00:30');
  assert.equal(at('2025-06-01T09:15:00+02:00'), '2025-06-01 09:15');
  assert.equal(formatLocalTime('2025-06-01T09:15:00Z', 'Asia/Kolkata').text, '2025-06-01 14:45');
});

test('an unknown time zone prints UTC, marked, with a warning', () => {
  assert.deepEqual(formatLocalTime('2025-06-01T09:15:00Z', 'Mars/Olympus'), { text: '2025-06-01 09:15 UTC', fellBackToUtc: true });
  const { warnings } = renderTicketWithWarnings(sampleTicket({ timeZone: 'Mars/Olympus' }), profile);
  assert.deepEqual(warnings, [{ code: 'ENTRE_PRINT_UNKNOWN_TIME_ZONE', field: 'timeZone' }]);
});

test('an invalid issuedAt is a typed error', () => {
  assert.throws(() => renderTicket(sampleTicket({ issuedAt: 'yesterday' }), profile), (err: unknown) => err instanceof RenderError && err.code === 'ENTRE_PRINT_BAD_ISSUED_AT');
});

test('renderTicketText reads like the paper', () => {
  const text = renderTicketText(sampleTicket(), profile);
  const lines = text.split('\n');
  assert.deepEqual(
    lines.map((l) => l.trim()),
    [
      'Entré Örebro',
      '',
      'Ditt nummer',
      'A001',
      'Äldreomsorg',
      '3 före dig i kön',
      '2025-03-30 03:05',
      '',
      'Följ din tur i mobilen',
      '[QR: https://entre.example/t/demo/A001?k=abc123]',
      '-'.repeat(48),
      '',
    ],
  );
  assert.equal(lines[0], `${' '.repeat(18)}Entré Örebro`, 'centred in 48 columns');
  const narrow = renderTicketText(sampleTicket({ serviceName: 'x'.repeat(40) }), { widthDots: 384, codePage: 'cp858' });
  assert.ok(narrow.includes(`${'x'.repeat(32)}\n`), 'wraps at 32 columns on 58 mm paper');
});
