import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countInk, createBitmap, get, set, type Bitmap } from './bitmap.js';
import { loadRasterFonts, rasterCommands, renderTextBitmap, textDirection, uncoveredChars, RasterError, NOTO_DIR, type RasterLine } from './raster.js';
import { encodePng } from './preview-png.js';
import { decodePng, parseGsV0 } from './test-support/raster-decoders.js';

const fonts = loadRasterFonts();
const ARABIC = 'رعاية المسنين'; // "elderly care"

/** Columns that hold ink: [first, last], or null when blank. */
function inkColumns(b: Bitmap): [number, number] | null {
  let lo = -1, hi = -1;
  for (let x = 0; x < b.width; x++)
    for (let y = 0; y < b.height; y++)
      if (get(b, x, y)) {
        if (lo < 0) lo = x;
        hi = x;
        break;
      }
  return lo < 0 ? null : [lo, hi];
}

/** The ink of `b`, cropped to its bounding box, as a list of [x, y] offsets. */
function inkShape(b: Bitmap): { w: number; h: number; dots: Array<[number, number]> } {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let y = 0; y < b.height; y++) for (let x = 0; x < b.width; x++) if (get(b, x, y)) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
  const dots: Array<[number, number]> = [];
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (get(b, x, y)) dots.push([x - x0, y - y0]);
  return { w: x1 - x0 + 1, h: y1 - y0 + 1, dots };
}

/**
 * How well the glyph `part` (rendered alone) matches `whole` where its ink box would sit
 * flush with the LEFT or RIGHT end of whole's ink: best share of part's dots found in
 * whole, trying small shifts (sub-dot centring differs between the two renderings).
 */
function matchAtEnd(whole: Bitmap, part: Bitmap, end: 'left' | 'right'): number {
  const cols = inkColumns(whole)!;
  const shape = inkShape(part);
  const baseX = end === 'left' ? cols[0] : cols[1] - shape.w + 1;
  let best = 0;
  for (let dx = -2; dx <= 2; dx++)
    for (let oy = 0; oy + shape.h <= whole.height + 2; oy++) {
      let hit = 0;
      for (const [x, y] of shape.dots) if (get(whole, baseX + dx + x, oy + y)) hit++;
      best = Math.max(best, hit / shape.dots.length);
    }
  return best;
}

const line = (text: string, extra: Partial<RasterLine> = {}): RasterLine => ({ text, size: 'normal', ...extra });

test('Arabic renders, exactly as wide as the paper, with ink, centred', () => {
  const b = renderTextBitmap([line(ARABIC, { direction: 'rtl' })], 576, fonts);
  assert.equal(b.width, 576);
  assert.ok(b.height > 20 && b.height < 80, `one line high, got ${b.height}`);
  assert.equal(b.data.length, 72 * b.height);
  assert.ok(countInk(b) > 300, `ink: ${countInk(b)}`);
  const [lo, hi] = inkColumns(b)!;
  assert.ok(Math.abs(lo - (575 - hi)) <= 3, `centred: left margin ${lo}, right margin ${575 - hi}`);
});

test('Arabic is laid out right to left: the first letter (ر) is at the RIGHT end', () => {
  const whole = renderTextBitmap([line(ARABIC, { direction: 'rtl' })], 576, fonts);
  // ر only joins to a letter before it, so at the start of a word it has its isolated form.
  const first = renderTextBitmap([line('ر', { direction: 'rtl' })], 576, fonts);
  const right = matchAtEnd(whole, first, 'right');
  const left = matchAtEnd(whole, first, 'left');
  assert.ok(right > 0.8, `ر at the right end: ${right}`);
  assert.ok(left < right - 0.3, `…and not at the left end: left ${left}, right ${right}`);
});

test('Arabic letters are joined (shaped): the word is narrower than its isolated letters side by side', () => {
  // Contextual forms connect: "المسنين" shaped is a continuous stroke, isolated forms are not.
  const word = renderTextBitmap([line('سنين')], 576, fonts);
  const spaced = renderTextBitmap([line('س ن ي ن')], 576, fonts);
  const w = (b: Bitmap) => { const c = inkColumns(b)!; return c[1] - c[0] + 1; };
  assert.ok(w(word) < w(spaced) * 0.75, `shaped ${w(word)} vs isolated ${w(spaced)}`);
  // And the shaped word has no blank column inside it (the baseline stroke joins it up).
  const [lo, hi] = inkColumns(word)!;
  let gaps = 0;
  for (let x = lo; x <= hi; x++) { let ink = false; for (let y = 0; y < word.height; y++) if (get(word, x, y)) { ink = true; break; } if (!ink) gaps++; }
  assert.equal(gaps, 0);
});

test('Swedish control: "Äldreomsorg" is left to right, Ä at the LEFT end', () => {
  const whole = renderTextBitmap([line('Äldreomsorg')], 576, fonts);
  const first = renderTextBitmap([line('Ä')], 576, fonts);
  assert.ok(countInk(whole) > 300);
  const left = matchAtEnd(whole, first, 'left');
  const right = matchAtEnd(whole, first, 'right');
  assert.ok(left > 0.8, `Ä at the left end: ${left}`);
  assert.ok(right < left - 0.3, `…and not at the right end: right ${right}`);
});

test('paragraph direction decides where a Latin run in Arabic text goes', () => {
  const mixed = 'ABC رعاية';
  const abc = renderTextBitmap([line('ABC')], 576, fonts);
  const rtl = renderTextBitmap([line(mixed, { direction: 'rtl' })], 576, fonts);
  const ltr = renderTextBitmap([line(mixed, { direction: 'ltr' })], 576, fonts);
  // Glyph positions are fractional, so the same letters threshold a little differently
  // at another offset: ask for a good match at one end and a much worse one at the other.
  const score = (b: Bitmap) => ({ left: matchAtEnd(b, abc, 'left'), right: matchAtEnd(b, abc, 'right') });
  const r = score(rtl);
  const l = score(ltr);
  assert.ok(r.right > 0.8 && r.right > r.left + 0.2, `rtl paragraph: ABC on the right ${JSON.stringify(r)}`);
  assert.ok(l.left > 0.8 && l.left > l.right + 0.2, `ltr paragraph: ABC on the left ${JSON.stringify(l)}`);
  // Without a direction, the first strong character (A) decides: ltr.
  const auto = renderTextBitmap([line(mixed)], 576, fonts);
  assert.deepEqual([...auto.data], [...ltr.data]);
});

test('textDirection: ar, fa, ckb, ur, he are rtl; sv, en, ti, ru, so are ltr', () => {
  for (const l of ['ar', 'fa', 'ckb', 'ur', 'he', 'ar-SE', 'fa_IR', 'ku-Arab', 'ps']) assert.equal(textDirection(l), 'rtl', l);
  for (const l of ['sv', 'en', 'ti', 'am', 'ru', 'uk', 'so', 'ku', 'ku-Latn', 'th']) assert.equal(textDirection(l), 'ltr', l);
});

for (const width of [576, 512, 384] as const) {
  test(`width ${width}: the bitmap is exactly ${width} dots wide and the text stays inside`, () => {
    const b = renderTextBitmap([line(ARABIC, { direction: 'rtl', size: 'large' }), line('Äldreomsorg')], width, fonts);
    assert.equal(b.width, width);
    assert.equal(b.data.length, (width / 8) * b.height);
    const [lo, hi] = inkColumns(b)!;
    assert.ok(lo >= 4 && hi <= width - 5, `ink ${lo}–${hi}`);
    const gs = rasterCommands(b);
    assert.deepEqual([...gs.subarray(0, 6)], [0x1d, 0x76, 0x30, 0x00, (width / 8) & 0xff, 0]);
  });
}

test('long text wraps at spaces instead of running off the paper', () => {
  const text = 'أمامك ثلاثة أشخاص في الانتظار، والوقت المتوقع حوالي اثنتي عشرة دقيقة';
  const one = renderTextBitmap([line('أمامك', { direction: 'rtl' })], 384, fonts);
  const b = renderTextBitmap([line(text, { direction: 'rtl' })], 384, fonts);
  assert.ok(b.height >= 2.5 * one.height, `wrapped to several lines: ${b.height} vs ${one.height}`);
  const [lo, hi] = inkColumns(b)!;
  assert.ok(lo >= 4 && hi <= 379);
  // A single word wider than the paper is drawn smaller, still inside.
  const huge = renderTextBitmap([line('Äldreomsorgsförvaltningsnämndsordförande', { size: 'large' })], 384, fonts);
  const c = inkColumns(huge)!;
  assert.ok(c[0] >= 4 && c[1] <= 379);
});

test('large is bigger than normal; bold has more ink than regular', () => {
  const n = renderTextBitmap([line(ARABIC)], 576, fonts);
  const l = renderTextBitmap([line(ARABIC, { size: 'large' })], 576, fonts);
  const bold = renderTextBitmap([line(ARABIC, { bold: true })], 576, fonts);
  assert.ok(l.height > n.height * 1.4);
  assert.ok(countInk(bold) > countInk(n) * 1.15);
});

test('deterministic: same lines and fonts give the same dots', () => {
  const lines = [line(ARABIC, { direction: 'rtl' as const, size: 'large' as const }), line('ክንክን ኣረጋውያን'), line('Уход за пожилыми'), line('چاودێری بەساڵاچووان', { direction: 'rtl' })];
  const a = renderTextBitmap(lines, 576, fonts);
  const b = renderTextBitmap(lines, 576, loadRasterFonts());
  assert.deepEqual(Buffer.from(a.data), Buffer.from(b.data));
});

test('Persian, Sorani, Tigrinya, Cyrillic, Hebrew, Thai all render with our fonts', () => {
  for (const text of ['مراقبت از سالمندان', 'چاودێری بەساڵاچووان', 'ክንክን ኣረጋውያን', 'Уход за пожилыми', 'טיפול בקשישים', 'การดูแลผู้สูงอายุ']) {
    assert.deepEqual(uncoveredChars(text, fonts), [], text);
    assert.ok(countInk(renderTextBitmap([line(text)], 576, fonts)) > 200, text);
  }
});

test('a character none of our fonts has is an error, never a silent system-font fallback', () => {
  assert.deepEqual(uncoveredChars('漢字 abc', fonts), ['漢', '字']);
  assert.throws(() => renderTextBitmap([line('abc 漢')], 576, fonts), (e: unknown) => e instanceof RasterError && e.code === 'ENTRE_PRINT_GLYPH_MISSING' && /U\+6F22/.test(e.message));
});

test('a missing font file fails with an error naming the file', () => {
  assert.throws(
    () => loadRasterFonts({ dir: '/nonexistent/fonts' }),
    (e: unknown) => e instanceof RasterError && e.code === 'ENTRE_PRINT_FONT_MISSING' && e.message.includes('/nonexistent/fonts/NotoSans-Regular.ttf'),
  );
  // One file missing out of a otherwise complete folder: that file is named.
  const dir = mkdtempSync(join(tmpdir(), 'entre-fonts-'));
  for (const f of ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf', 'NotoSansArabic-Regular.ttf']) copyFileSync(join(NOTO_DIR, f), join(dir, f));
  assert.throws(() => loadRasterFonts({ dir }), (e: unknown) => e instanceof RasterError && e.message.includes(join(dir, 'NotoSansArabic-Bold.ttf')));
});

test('GS v 0: exact header bytes and bands of at most 255 rows', () => {
  const b = createBitmap(576, 600);
  for (let y = 0; y < 600; y++) set(b, y % 576, y, true);
  const gs = rasterCommands(b);
  const parsed = parseGsV0(gs);
  assert.deepEqual(parsed.bands, [
    { m: 0, xL: 72, xH: 0, yL: 255, yH: 0 },
    { m: 0, xL: 72, xH: 0, yL: 255, yH: 0 },
    { m: 0, xL: 72, xH: 0, yL: 90, yH: 0 },
  ]);
  assert.deepEqual([...gs.subarray(0, 8)], [0x1d, 0x76, 0x30, 0x00, 0x48, 0x00, 0xff, 0x00]);
  assert.deepEqual([...gs.subarray(8 + 72 * 255, 8 + 72 * 255 + 8)], [0x1d, 0x76, 0x30, 0x00, 0x48, 0x00, 0xff, 0x00]);
  assert.equal(gs.length, 3 * 8 + 72 * 600);
  assert.equal(gs[8], 0x80, 'MSB = leftmost dot of row 0');
  // Custom band height, and yH used when a band is > 255 rows.
  assert.deepEqual(parseGsV0(rasterCommands(b, 300)).bands.map((x) => [x.yL, x.yH]), [[44, 1], [44, 1]]);
  assert.equal(rasterCommands(createBitmap(576, 0)).length, 0);
  // 384 dots → 48 bytes per row.
  assert.deepEqual([...rasterCommands(createBitmap(384, 3)).subarray(0, 8)], [0x1d, 0x76, 0x30, 0x00, 48, 0, 3, 0]);
});

test('the PNG preview is the very bitmap that was sent as GS v 0 (both read back independently)', () => {
  const lines: RasterLine[] = [
    { text: 'مركز خدمة البلدية', size: 'normal', bold: true, direction: textDirection('ar') },
    { text: ARABIC, size: 'large', direction: textDirection('ar') },
    { text: 'أمامك 3 أشخاص في الانتظار، الوقت المتوقع حوالي ١٢ دقيقة', size: 'normal', direction: textDirection('ar') },
    { text: 'چاودێری بەساڵاچووان', size: 'normal', direction: textDirection('ckb') },
    { text: 'ክንክን ኣረጋውያን', size: 'normal', direction: textDirection('ti') },
    { text: 'Äldreomsorg', size: 'large' },
  ];
  const started = performance.now();
  const bmp = renderTextBitmap(lines, 576, fonts);
  const gs = rasterCommands(bmp);
  const ms = performance.now() - started;
  const png = encodePng(bmp);
  const file = join(tmpdir(), 'entre-raster-preview.png');
  writeFileSync(file, png);
  console.log(`# ${bmp.width}×${bmp.height} dots, ${gs.length} GS v 0 bytes in ${ms.toFixed(1)} ms; preview: ${file}`);

  const sent = parseGsV0(gs);
  const shown = decodePng(png);
  assert.ok(sent.bands.length >= 2, 'tall enough to need several bands');
  assert.ok(sent.bands.every((band) => band.yL + band.yH * 256 <= 255));
  assert.equal(sent.width, 576);
  assert.equal(shown.width, 576);
  assert.equal(sent.dots.length, bmp.height);
  assert.equal(shown.height, bmp.height);
  let ink = 0;
  for (let y = 0; y < bmp.height; y++)
    for (let x = 0; x < 576; x++) {
      if (sent.dots[y]![x] !== shown.dots[y]![x] || sent.dots[y]![x] !== get(bmp, x, y)) assert.fail(`dot ${x},${y} differs`);
      if (sent.dots[y]![x]) ink++;
    }
  assert.ok(ink > 2000);
  // 8-bit PNG too.
  const shown8 = decodePng(encodePng(bmp, { bitDepth: 8 }));
  assert.deepEqual(shown8.dots, sent.dots);
});
