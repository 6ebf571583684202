/**
 * The ESC/POS commands the ticket uses, as tiny pure functions returning bytes
 * (hex checked against ESCPOS.md A2). We build our own instead of @node-escpos/core:
 * its text default is GB18030 and its qrcode() emits a legacy command, not Epson's GS ( k.
 */
import iconv from 'iconv-lite';

const ESC = 0x1b;
const GS = 0x1d;

/** Code pages we can encode text for, with the printer's `ESC t n` table number. */
export const CODE_PAGES = {
  cp858: { table: 19, iconvName: 'cp858' },
} as const;
export type CodePage = keyof typeof CODE_PAGES;

export type Alignment = 'left' | 'center' | 'right';

/** ESC @ — resets modes, and with them any earlier QR or code-page settings. */
export const init = (): Buffer => Buffer.from([ESC, 0x40]);

/** ESC t n */
export const selectCodeTable = (table: number): Buffer => Buffer.from([ESC, 0x74, byte(table, 'code table')]);

/** ESC t n for one of our named code pages. */
export const selectCodePage = (codePage: CodePage): Buffer => selectCodeTable(CODE_PAGES[codePage].table);

/** ESC a n */
export const align = (alignment: Alignment): Buffer =>
  Buffer.from([ESC, 0x61, alignment === 'left' ? 0 : alignment === 'center' ? 1 : 2]);

/** ESC E n */
export const bold = (on: boolean): Buffer => Buffer.from([ESC, 0x45, on ? 1 : 0]);

/** GS ! n with width and height multipliers 1–8 (high nibble width-1, low nibble height-1). */
export const charSize = (width: number, height: number): Buffer => {
  if (!isMultiplier(width) || !isMultiplier(height)) throw new RangeError(`character size must be 1–8, got ${width}×${height}`);
  return Buffer.from([GS, 0x21, ((width - 1) << 4) | (height - 1)]);
};

/** LF */
export const lineFeed = (): Buffer => Buffer.from([0x0a]);

/**
 * Text in the printer's code page. The caller decides what to do with characters the
 * code page lacks (see `unencodable`); here they would become '?'.
 */
export const text = (value: string, codePage: CodePage): Buffer => iconv.encode(value, CODE_PAGES[codePage].iconvName);

/** Characters of `value` the code page cannot represent (empty when it all prints). */
export function unencodable(value: string, codePage: CodePage): string[] {
  const name = CODE_PAGES[codePage].iconvName;
  const missing: string[] = [];
  for (const ch of value) {
    // Round-tripping catches both '?' substitutions and lossy look-alikes.
    if (iconv.decode(iconv.encode(ch, name), name) !== ch) missing.push(ch);
  }
  return missing;
}

// QR code, Epson GS ( k with cn = 49 (0x31).

/** Fn165: select model 2. */
export const qrModel2 = (): Buffer => Buffer.from([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]);

/** Fn167: module size in dots (1–16). */
export const qrModuleSize = (dots: number): Buffer => {
  if (!Number.isInteger(dots) || dots < 1 || dots > 16) throw new RangeError(`QR module size must be 1–16, got ${dots}`);
  return Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, dots]);
};

/** Fn169: error correction level M (15 %). */
export const qrErrorCorrectionM = (): Buffer => Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31]);

/** The most data bytes Fn180 can carry (pL + pH×256 = k + 3 ≤ 7092). */
export const QR_MAX_BYTES = 7089;

/** Fn180: store the symbol data. */
export const qrStore = (data: Uint8Array): Buffer => {
  if (data.length < 1 || data.length > QR_MAX_BYTES) throw new RangeError(`QR data must be 1–${QR_MAX_BYTES} bytes, got ${data.length}`);
  const len = data.length + 3;
  return Buffer.concat([Buffer.from([GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30]), data]);
};

/** Fn181: print the stored symbol. */
export const qrPrint = (): Buffer => Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]);

/**
 * A whole QR symbol. Data goes in as UTF-8: phones decode byte-mode QR as UTF-8, and
 * the printer only stores the bytes, so the code page does not apply here.
 */
export const qrCode = (data: string, moduleSize: number): Buffer =>
  Buffer.concat([qrModel2(), qrModuleSize(moduleSize), qrErrorCorrectionM(), qrStore(Buffer.from(data, 'utf8')), qrPrint()]);

/** GS V 66 0: feed to the cutter, then partial cut — no LF padding needed before it. */
export const feedAndPartialCut = (): Buffer => Buffer.from([GS, 0x56, 0x42, 0x00]);

function byte(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new RangeError(`${what} must be a byte, got ${n}`);
  return n;
}

function isMultiplier(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 8;
}
