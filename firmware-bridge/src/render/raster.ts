/**
 * Text the printer's code page cannot print (Arabic, Persian, Sorani, Urdu, Hebrew,
 * Tigrinya/Amharic, Thai, Cyrillic…) → a 1-bit bitmap → ESC/POS `GS v 0` (ESCPOS.md A2/A3).
 *
 * Shaping (contextual forms, lam-alef, marks) and bidi come from skia + HarfBuzz in
 * `@napi-rs/canvas`; the glyphs come from Noto font files registered by path. Every
 * character must be covered by one of OUR fonts (checked against their cmap tables):
 * skia would otherwise silently fall back to whatever fonts the machine has, and the
 * paper would differ between machines. Same text + same font files → same dots.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { bytesPerRow, fromRgba, sliceRows, type Bitmap } from './bitmap.js';

export type RasterErrorCode = 'ENTRE_PRINT_FONT_MISSING' | 'ENTRE_PRINT_FONT_UNREADABLE' | 'ENTRE_PRINT_GLYPH_MISSING';
export class RasterError extends Error {
  override readonly name = 'RasterError';
  constructor(readonly code: RasterErrorCode, message: string) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------
// Fonts

/** Debian/Ubuntu `fonts-noto-core` (installed on kiosks and in CI). */
export const NOTO_DIR = '/usr/share/fonts/truetype/noto';

export type FontScript = 'sans' | 'arabic' | 'hebrew' | 'ethiopic' | 'thai';
/** Which file serves which script. `sans` covers Latin, Greek, Cyrillic, digits, punctuation. */
export const DEFAULT_FONT_FILES: Record<FontScript, { regular: string; bold: string }> = {
  sans: { regular: 'NotoSans-Regular.ttf', bold: 'NotoSans-Bold.ttf' },
  arabic: { regular: 'NotoSansArabic-Regular.ttf', bold: 'NotoSansArabic-Bold.ttf' },
  hebrew: { regular: 'NotoSansHebrew-Regular.ttf', bold: 'NotoSansHebrew-Bold.ttf' },
  ethiopic: { regular: 'NotoSansEthiopic-Regular.ttf', bold: 'NotoSansEthiopic-Bold.ttf' },
  thai: { regular: 'NotoSansThai-Regular.ttf', bold: 'NotoSansThai-Bold.ttf' },
};
const SCRIPT_ORDER: readonly FontScript[] = ['sans', 'arabic', 'hebrew', 'ethiopic', 'thai'];

export interface RasterFace {
  script: FontScript;
  bold: boolean;
  path: string;
  /** The private family name the font was registered under (never a system name). */
  family: string;
  /** Sorted, merged [first, last] code point ranges from the font's cmap. */
  coverage: Array<[number, number]>;
}

/** Registered font files, ready for `renderTextBitmap`. Create once, reuse. */
export interface RasterFonts {
  readonly faces: readonly RasterFace[];
}

export interface LoadFontsOptions {
  /** Folder of the font files; default `NOTO_DIR`. */
  dir?: string;
  /** Override file names (relative to `dir`) or absolute paths, per script. */
  files?: Partial<Record<FontScript, { regular: string; bold: string }>>;
}

const registered = new Map<string, RasterFace>();

/**
 * Registers every font file by path. Throws `RasterError(ENTRE_PRINT_FONT_MISSING)` naming
 * the first missing file: printing with some other font would be a silent lie.
 */
export function loadRasterFonts(options: LoadFontsOptions = {}): RasterFonts {
  const dir = options.dir ?? NOTO_DIR;
  const faces: RasterFace[] = [];
  for (const script of SCRIPT_ORDER) {
    const files = options.files?.[script] ?? DEFAULT_FONT_FILES[script];
    for (const bold of [false, true]) {
      const file = bold ? files.bold : files.regular;
      faces.push(registerFace(file.startsWith('/') ? file : join(dir, file), script, bold));
    }
  }
  return { faces };
}

function registerFace(path: string, script: FontScript, bold: boolean): RasterFace {
  const cached = registered.get(path);
  if (cached) return { ...cached, script, bold };
  if (!existsSync(path)) {
    throw new RasterError(
      'ENTRE_PRINT_FONT_MISSING',
      `font file missing: ${path} (${script}${bold ? ' bold' : ''}); install Debian package fonts-noto-core or configure the font path`,
    );
  }
  let bytes: Buffer;
  let coverage: Array<[number, number]>;
  try {
    bytes = readFileSync(path);
    coverage = cmapCoverage(bytes);
  } catch (err) {
    throw new RasterError('ENTRE_PRINT_FONT_UNREADABLE', `font file unreadable: ${path}: ${(err as Error).message}`);
  }
  // A private, content-derived family name: never collides with a system font's name.
  const family = `Entre-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`;
  if (!GlobalFonts.has(family) && GlobalFonts.registerFromPath(path, family) === null) {
    throw new RasterError('ENTRE_PRINT_FONT_UNREADABLE', `font file could not be registered with skia: ${path}`);
  }
  const face: RasterFace = { script, bold, path, family, coverage };
  registered.set(path, face);
  return face;
}

/** Characters that need no glyph of their own (joiners, bidi controls, variation selectors). */
function isInvisibleControl(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0xfeff
  );
}

function covers(face: RasterFace, cp: number): boolean {
  const r = face.coverage;
  let lo = 0;
  let hi = r.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = r[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Characters of `text` that none of our fonts has (empty when it all renders). */
export function uncoveredChars(text: string, fonts: RasterFonts, bold = false): string[] {
  const missing: string[] = [];
  const faces = fonts.faces.filter((f) => f.bold === bold);
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isInvisibleControl(cp) || cp === 0x20) continue;
    if (!faces.some((f) => covers(f, cp)) && !missing.includes(ch)) missing.push(ch);
  }
  return missing;
}

// ---------------------------------------------------------------------------------------
// Direction

const RTL_LANGUAGES = new Set(['ar', 'fa', 'ckb', 'ur', 'he', 'iw', 'ps', 'yi', 'dv', 'sd', 'ug', 'syr', 'arc', 'ku-arab']);

/** Paragraph direction for a BCP 47 tag: `ar`, `fa`, `ckb`, `ur`, `he`… → rtl. */
export function textDirection(language: string): 'rtl' | 'ltr' {
  const tag = language.toLowerCase().replace(/_/g, '-');
  if (/-arab\b|-hebr\b|-thaa\b|-syrc\b/.test(tag)) return 'rtl';
  if (/-latn\b|-cyrl\b/.test(tag)) return 'ltr';
  return RTL_LANGUAGES.has(tag.split('-')[0]!) ? 'rtl' : 'ltr';
}

/** Direction of the first strong character (Unicode bidi rule P2, simplified to scripts). */
function firstStrongDirection(text: string): 'rtl' | 'ltr' {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if ((cp >= 0x0590 && cp <= 0x08ff) || (cp >= 0xfb1d && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfefc)) {
      // Arabic-Indic digits (0660–0669, 06F0–06F9) are weak, not strong.
      if ((cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06f0 && cp <= 0x06f9)) continue;
      return 'rtl';
    }
    if (/\p{L}/u.test(ch)) return 'ltr';
  }
  return 'ltr';
}

// ---------------------------------------------------------------------------------------
// Rendering

export interface RasterLine {
  text: string;
  size: 'normal' | 'large';
  /** From the ticket's language (`textDirection`); default: the first strong character's. */
  direction?: 'rtl' | 'ltr';
  bold?: boolean;
}

export interface RenderOptions {
  /** Font size in dots; default normal 30 (≈ Font A's 24-dot cell), large 56 (≈ GS ! 0x11). */
  sizes?: { normal: number; large: number };
  /** Luminance below which a pixel prints; default 128. */
  threshold?: number;
  /** Blank dots left and right of the text; default 8. */
  marginDots?: number;
}

const DEFAULT_SIZES = { normal: 30, large: 56 };

/** One small context for measuring, reused: canvases are freed only after the event loop turns. */
let measuring: SKRSContext2D | undefined;

interface PlacedLine {
  text: string;
  font: string;
  direction: 'rtl' | 'ltr';
  baseline: number;
}

/**
 * Lines of text → one bitmap exactly `widthDots` wide, each line centred, shaped and
 * laid out right-to-left where its direction says so. Lines too wide for the paper wrap
 * at spaces; a single word that still does not fit is drawn smaller. Throws
 * `RasterError(ENTRE_PRINT_GLYPH_MISSING)` when a character is in none of our fonts
 * (check first with `uncoveredChars`).
 */
export function renderTextBitmap(lines: readonly RasterLine[], widthDots: number, fonts: RasterFonts, options: RenderOptions = {}): Bitmap {
  if (!Number.isInteger(widthDots) || widthDots < 8 || widthDots > 65535 * 8) throw new RangeError(`widthDots must be an integer ≥ 8, got ${widthDots}`);
  const sizes = options.sizes ?? DEFAULT_SIZES;
  const margin = options.marginDots ?? 8;
  const maxWidth = Math.max(1, widthDots - 2 * margin);

  measuring ??= createCanvas(1, 1).getContext('2d');
  const measure = measuring;
  const placed: PlacedLine[] = [];
  let y = 0;
  for (const line of lines) {
    const text = line.text.normalize('NFC').replace(/\s+/g, ' ').trim();
    const bold = line.bold ?? false;
    const missing = uncoveredChars(text, fonts, bold);
    if (missing.length > 0) {
      throw new RasterError(
        'ENTRE_PRINT_GLYPH_MISSING',
        `no configured font has ${missing.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(', ')}`,
      );
    }
    const direction = line.direction ?? firstStrongDirection(text);
    const px = line.size === 'large' ? sizes.large : sizes.normal;
    const stackFor = fontStack(text, fonts, bold);
    const fontAt = (size: number) => `${size}px ${stackFor}`;
    // Nominal line box so that short or empty lines still take their place on the paper.
    const nominalAscent = Math.ceil(px * 0.8);
    const nominalDescent = Math.ceil(px * 0.25);
    const gap = Math.ceil(px * 0.2);
    if (text === '') {
      y += nominalAscent + nominalDescent + gap;
      continue;
    }
    for (const piece of wrap(text, maxWidth, measure, fontAt(px))) {
      let font = fontAt(px);
      setup(measure, font, direction);
      let m = measure.measureText(piece);
      if (m.width > maxWidth) {
        font = fontAt(Math.max(1, Math.floor((px * maxWidth) / m.width)));
        setup(measure, font, direction);
        m = measure.measureText(piece);
      }
      const ascent = Math.max(nominalAscent, Math.ceil(m.actualBoundingBoxAscent));
      const descent = Math.max(nominalDescent, Math.ceil(m.actualBoundingBoxDescent));
      placed.push({ text: piece, font, direction, baseline: y + ascent });
      y += ascent + descent + gap;
    }
  }
  const height = y;
  if (height === 0) return { width: widthDots, height: 0, data: new Uint8Array(0) };

  const canvas = createCanvas(widthDots, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, widthDots, height);
  ctx.fillStyle = '#000000';
  for (const p of placed) {
    setup(ctx, p.font, p.direction);
    ctx.fillText(p.text, widthDots / 2, p.baseline);
  }
  const rgba = ctx.getImageData(0, 0, widthDots, height).data;
  return fromRgba(rgba, widthDots, height, options.threshold ?? 128);
}

function setup(ctx: SKRSContext2D, font: string, direction: 'rtl' | 'ltr'): void {
  ctx.font = font;
  ctx.direction = direction;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
}

/**
 * CSS font-family list: the face for the line's main script first (so shared characters
 * such as spaces and digits match the line), then every other face of ours. All of them
 * are private names, so skia never reaches for a system font.
 */
function fontStack(text: string, fonts: RasterFonts, bold: boolean): string {
  const faces = fonts.faces.filter((f) => f.bold === bold);
  const counts = new Map<RasterFace, number>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (!/\p{L}|\p{M}|\p{N}/u.test(ch)) continue;
    // Prefer a script face over `sans` for the characters it covers.
    const face = faces.find((f) => f.script !== 'sans' && covers(f, cp)) ?? faces.find((f) => covers(f, cp));
    if (face) counts.set(face, (counts.get(face) ?? 0) + 1);
  }
  let main = faces.find((f) => f.script === 'sans') ?? faces[0];
  let best = 0;
  for (const [face, n] of counts) if (n > best) [main, best] = [face, n];
  const ordered = main ? [main, ...faces.filter((f) => f !== main)] : faces;
  return [...new Set(ordered.map((f) => `"${f.family}"`))].join(', ');
}

/** Greedy word wrap in logical order (bidi reordering happens per line when drawn). */
function wrap(text: string, maxWidth: number, ctx: SKRSContext2D, font: string): string[] {
  ctx.font = font;
  const words = text.split(' ');
  const out: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (current !== '' && ctx.measureText(candidate).width > maxWidth) {
      out.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

// ---------------------------------------------------------------------------------------
// ESC/POS

/** Most printers accept yH ≤ 8 at best; 255-row bands keep yH = 0 on every model. */
export const MAX_BAND_ROWS = 255;

/**
 * `GS v 0` (1D 76 30 m xL xH yL yH d…), normal density (m = 0), one command per band of
 * at most `maxBandRows` rows. xL + xH×256 = bytes per row, yL + yH×256 = rows; the data
 * is the bitmap's own rows (MSB = leftmost dot, 1 = black). Send it at the beginning of a
 * line (empty print buffer). An empty bitmap sends nothing.
 */
export function rasterCommands(bitmap: Bitmap, maxBandRows = MAX_BAND_ROWS): Buffer {
  if (!Number.isInteger(maxBandRows) || maxBandRows < 1 || maxBandRows > 0xffff) throw new RangeError(`maxBandRows must be 1–65535, got ${maxBandRows}`);
  const stride = bytesPerRow(bitmap.width);
  if (stride > 0xffff) throw new RangeError(`raster too wide: ${bitmap.width} dots`);
  if (bitmap.data.length !== stride * bitmap.height) throw new RangeError('bitmap data length does not match its size');
  if (stride === 0) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  for (let top = 0; top < bitmap.height; top += maxBandRows) {
    const band = sliceRows(bitmap, top, top + maxBandRows);
    parts.push(Buffer.from([0x1d, 0x76, 0x30, 0x00, stride & 0xff, stride >> 8, band.height & 0xff, band.height >> 8]), Buffer.from(band.data));
  }
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------------------
// cmap (which code points a font file has glyphs for): formats 4 and 12, enough for Noto.

function cmapCoverage(font: Buffer): Array<[number, number]> {
  const numTables = font.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    if (font.toString('latin1', rec, rec + 4) === 'cmap') cmap = font.readUInt32BE(rec + 8);
  }
  if (cmap < 0) throw new Error('no cmap table');
  const count = font.readUInt16BE(cmap + 2);
  let best: { offset: number; format: number } | undefined;
  for (let i = 0; i < count; i++) {
    const rec = cmap + 4 + i * 8;
    const platform = font.readUInt16BE(rec);
    const encoding = font.readUInt16BE(rec + 2);
    const offset = cmap + font.readUInt32BE(rec + 4);
    const format = font.readUInt16BE(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode || (format !== 4 && format !== 12)) continue;
    if (!best || (format === 12 && best.format !== 12)) best = { offset, format };
  }
  if (!best) throw new Error('no Unicode cmap subtable (format 4 or 12)');
  const ranges: Array<[number, number]> = [];
  const add = (a: number, b: number) => {
    const last = ranges[ranges.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else ranges.push([a, b]);
  };
  const o = best.offset;
  if (best.format === 12) {
    const groups = font.readUInt32BE(o + 12);
    const list: Array<[number, number]> = [];
    for (let g = 0; g < groups; g++) list.push([font.readUInt32BE(o + 16 + g * 12), font.readUInt32BE(o + 20 + g * 12)]);
    list.sort((a, b) => a[0] - b[0]).forEach(([a, b]) => add(a, b));
  } else {
    const segX2 = font.readUInt16BE(o + 6);
    const ends = o + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const rangeOffsets = deltas + segX2;
    for (let s = 0; s < segX2 / 2; s++) {
      const end = font.readUInt16BE(ends + s * 2);
      const start = font.readUInt16BE(starts + s * 2);
      const delta = font.readUInt16BE(deltas + s * 2);
      const ro = font.readUInt16BE(rangeOffsets + s * 2);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (ro === 0) glyph = (c + delta) & 0xffff;
        else {
          const at = rangeOffsets + s * 2 + ro + (c - start) * 2;
          glyph = font.readUInt16BE(at);
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
        if (glyph !== 0) add(c, c);
      }
    }
  }
  return ranges;
}
