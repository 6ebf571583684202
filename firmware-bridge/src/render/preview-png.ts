/**
 * A Bitmap → PNG, written by hand (signature, IHDR, IDAT, IEND, each with its CRC-32) and
 * deflated with node:zlib, so the preview is made from the very bitmap whose bytes went
 * to the printer: no re-rendering, no image library. Black dots are black pixels.
 */
import { deflateSync } from 'node:zlib';
import { bytesPerRow, get, type Bitmap } from './bitmap.js';

export interface PngOptions {
  /** 1 = 1-bit grayscale (smallest, the default); 8 = 8-bit grayscale (0 or 255). */
  bitDepth?: 1 | 8;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function encodePng(bitmap: Bitmap, options: PngOptions = {}): Buffer {
  const depth = options.bitDepth ?? 1;
  if (depth !== 1 && depth !== 8) throw new RangeError(`PNG bit depth must be 1 or 8, got ${String(depth)}`);
  // PNG has no zero-sized images: an empty bitmap previews as one white pixel row.
  const width = Math.max(1, bitmap.width);
  const height = Math.max(1, bitmap.height);

  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = 0; // colour type 0: grayscale
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering (we always use filter type 0, None)
  ihdr[12] = 0; // no interlace

  const rowBytes = depth === 1 ? bytesPerRow(width) : width;
  const raw = Buffer.alloc((rowBytes + 1) * height);
  const srcStride = bytesPerRow(bitmap.width);
  for (let y = 0; y < height; y++) {
    const row = y * (rowBytes + 1);
    raw[row] = 0; // filter: None
    if (depth === 1) {
      // Same packing as the printer (MSB = leftmost), but in PNG grayscale 1 = white:
      // invert, and keep the padding bits at the end of the row white too.
      for (let i = 0; i < rowBytes; i++) {
        const src = y < bitmap.height && i < srcStride ? bitmap.data[y * srcStride + i]! : 0;
        raw[row + 1 + i] = ~src & 0xff;
      }
    } else {
      for (let x = 0; x < width; x++) raw[row + 1 + x] = get(bitmap, x, y) ? 0 : 255;
    }
  }

  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

let table: Uint32Array | undefined;

/** CRC-32 (ISO 3309 / ITU-T V.42, polynomial 0xEDB88320), as PNG chunks use it. */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = table[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
