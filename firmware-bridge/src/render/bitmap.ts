/**
 * A 1-bit bitmap in the printer's own layout: rows top to bottom, each row packed into
 * `ceil(width / 8)` bytes, most significant bit = leftmost dot, 1 = black (printed).
 * That is exactly the data of ESC/POS `GS v 0`, so the bytes sent and the PNG preview
 * are made from the same object. Pure: no I/O, no native code.
 */
export interface Bitmap {
  readonly width: number;
  readonly height: number;
  /** `height × bytesPerRow(width)` bytes; padding bits at the end of a row are 0. */
  readonly data: Uint8Array;
}

export const bytesPerRow = (width: number): number => Math.ceil(width / 8);

/** An all-white bitmap. */
export function createBitmap(width: number, height: number): Bitmap {
  checkSize(width, height);
  return { width, height, data: new Uint8Array(bytesPerRow(width) * height) };
}

/**
 * RGBA pixels (e.g. a canvas' ImageData) → 1 bit per dot. A pixel is black when its
 * luminance, composited over white paper, is below `threshold` (0–255).
 */
export function fromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, threshold = 128): Bitmap {
  checkSize(width, height);
  if (rgba.length !== width * height * 4) throw new RangeError(`expected ${width * height * 4} RGBA bytes for ${width}×${height}, got ${rgba.length}`);
  if (!(threshold >= 0 && threshold <= 256)) throw new RangeError(`threshold must be 0–256, got ${threshold}`);
  const bmp = createBitmap(width, height);
  const stride = bytesPerRow(width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const a = rgba[i + 3]!;
      // Rec. 601 luma in integers, then "over white": ink coverage scales with alpha.
      const luma = (299 * rgba[i]! + 587 * rgba[i + 1]! + 114 * rgba[i + 2]!) / 1000;
      const onWhite = 255 - ((255 - luma) * a) / 255;
      if (onWhite < threshold) bmp.data[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return bmp;
}

/** True when the dot at (x, y) is black. Outside the bitmap is white. */
export function get(bitmap: Bitmap, x: number, y: number): boolean {
  if (x < 0 || y < 0 || x >= bitmap.width || y >= bitmap.height) return false;
  return (bitmap.data[y * bytesPerRow(bitmap.width) + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;
}

/** Sets one dot black (`true`) or white. */
export function set(bitmap: Bitmap, x: number, y: number, black: boolean): void {
  if (x < 0 || y < 0 || x >= bitmap.width || y >= bitmap.height) throw new RangeError(`(${x}, ${y}) is outside ${bitmap.width}×${bitmap.height}`);
  const i = y * bytesPerRow(bitmap.width) + (x >> 3);
  const mask = 0x80 >> (x & 7);
  bitmap.data[i] = black ? bitmap.data[i]! | mask : bitmap.data[i]! & ~mask;
}

/** Bitmaps of the same width, one under the other (e.g. a whole ticket's raster lines). */
export function stack(bitmaps: readonly Bitmap[]): Bitmap {
  if (bitmaps.length === 0) return createBitmap(0, 0);
  const width = bitmaps[0]!.width;
  if (bitmaps.some((b) => b.width !== width)) throw new RangeError('stacked bitmaps must share one width');
  const out = createBitmap(width, bitmaps.reduce((h, b) => h + b.height, 0));
  let offset = 0;
  for (const b of bitmaps) {
    out.data.set(b.data, offset);
    offset += b.data.length;
  }
  return out;
}

/** Rows `from` (inclusive) to `to` (exclusive); shares no memory with the source. */
export function sliceRows(bitmap: Bitmap, from: number, to: number): Bitmap {
  const stride = bytesPerRow(bitmap.width);
  const a = Math.max(0, Math.min(from, bitmap.height));
  const b = Math.max(a, Math.min(to, bitmap.height));
  return { width: bitmap.width, height: b - a, data: bitmap.data.slice(a * stride, b * stride) };
}

/** Number of black dots (handy for tests and "did anything render" checks). */
export function countInk(bitmap: Bitmap): number {
  let n = 0;
  for (const byte of bitmap.data) {
    let v = byte;
    while (v) {
      v &= v - 1;
      n++;
    }
  }
  return n;
}

/** Same size and same dots. */
export function equals(a: Bitmap, b: Bitmap): boolean {
  if (a.width !== b.width || a.height !== b.height || a.data.length !== b.data.length) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || width < 0 || !Number.isInteger(height) || height < 0) {
    throw new RangeError(`bitmap size must be non-negative integers, got ${width}×${height}`);
  }
}

/** A bitmap placed centred on a wider (or clipped on a narrower) white one, `width` dots wide. */
export function centreOn(src: Bitmap, width: number): Bitmap {
  if (src.width === width) return src;
  const out = createBitmap(width, src.height);
  const left = Math.floor((width - src.width) / 2);
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < src.width; x++) {
      if (get(src, x, y)) {
        const tx = x + left;
        if (tx >= 0 && tx < width) set(out, tx, y, true);
      }
    }
  }
  return out;
}
