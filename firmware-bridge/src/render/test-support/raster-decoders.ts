/**
 * Independent decoders for the tests: they share no code with what they check
 * (bitmap.ts, raster.ts, preview-png.ts), so "the PNG is the bitmap that was sent" is
 * proved by reading both outputs back, not by trusting the writers.
 */
import { inflateSync } from 'node:zlib';

/** Plain dots: rows of booleans, true = black. */
export type Dots = boolean[][];

/** Every `GS v 0` command in `bytes`, stacked top to bottom. Rejects anything else. */
export function parseGsV0(bytes: Uint8Array): { width: number; dots: Dots; bands: Array<{ xL: number; xH: number; yL: number; yH: number; m: number }> } {
  const dots: Dots = [];
  const bands: Array<{ xL: number; xH: number; yL: number; yH: number; m: number }> = [];
  let width = -1;
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] !== 0x1d || bytes[i + 1] !== 0x76 || bytes[i + 2] !== 0x30) throw new Error(`not GS v 0 at byte ${i}`);
    const [m, xL, xH, yL, yH] = [bytes[i + 3]!, bytes[i + 4]!, bytes[i + 5]!, bytes[i + 6]!, bytes[i + 7]!];
    bands.push({ m, xL, xH, yL, yH });
    const rowBytes = xL + xH * 256;
    const rows = yL + yH * 256;
    if (width !== -1 && width !== rowBytes * 8) throw new Error('bands differ in width');
    width = rowBytes * 8;
    i += 8;
    if (i + rowBytes * rows > bytes.length) throw new Error('truncated raster data');
    for (let r = 0; r < rows; r++) {
      const row: boolean[] = [];
      for (let x = 0; x < width; x++) row.push(((bytes[i + r * rowBytes + Math.floor(x / 8)]! >> (7 - (x % 8))) & 1) === 1);
      dots.push(row);
    }
    i += rowBytes * rows;
  }
  return { width: Math.max(width, 0), dots, bands };
}

/** A grayscale (colour type 0) PNG, bit depth 1 or 8, non-interlaced → dots (black = 0). */
export function decodePng(png: Uint8Array): { width: number; height: number; bitDepth: number; dots: Dots; chunks: string[] } {
  const buf = Buffer.from(png);
  if (!buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('bad PNG signature');
  let pos = 8;
  let width = 0, height = 0, bitDepth = 0;
  const idat: Buffer[] = [];
  const chunks: string[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    const crc = buf.readUInt32BE(pos + 8 + len);
    if (crc !== zlibCrc(buf.subarray(pos + 4, pos + 8 + len))) throw new Error(`bad CRC in ${type}`);
    chunks.push(type);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8]!;
      if (data[9] !== 0 || data[12] !== 0) throw new Error('only non-interlaced grayscale supported');
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const bpp = Math.max(1, bitDepth / 8);
  const stride = Math.ceil((width * bitDepth) / 8);
  const dots: Dots = [];
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? line[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      const add = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c);
      line[i] = (line[i]! + add) & 0xff;
    }
    const row: boolean[] = [];
    for (let x = 0; x < width; x++) {
      const v = bitDepth === 1 ? (line[x >> 3]! >> (7 - (x & 7))) & 1 : line[x]!;
      row.push(v === 0); // black
    }
    dots.push(row);
    prev = line;
  }
  return { width, height, bitDepth, dots, chunks };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** CRC-32 by the bit-by-bit definition (no table), to check the writer's table version. */
function zlibCrc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (c ^ 0xffffffff) >>> 0;
}
