/**
 * A ticket's layout → a picture of the paper: a 1-bit bitmap exactly the printable width,
 * line by line as the printer puts it down, for the virtual printer's `<jobId>.png`.
 *
 * What is exact and what is an approximation:
 * - raster lines (shaped Arabic, Cyrillic…) are THE bitmaps that went out as GS v 0, copied
 *   dot for dot, never re-rendered;
 * - the QR is the module matrix of the same data at the same error-correction level (M),
 *   `moduleSize` dots per module, centred. The printer builds its own symbol from the same
 *   bytes, so its mask (and possibly its mode segmentation) may differ: the picture decodes
 *   to the same text, it is not guaranteed to be the same pattern of dots;
 * - text lines, which the printer draws with its built-in Font A (12×24 dots, ×scale for
 *   GS !), are drawn with Noto Sans at 24×scale dots, broken where the printer breaks them
 *   (by characters, `width / 12 / scale` per line), centred.
 * Pure apart from skia drawing the text: no clock, no I/O.
 */
import { centreOn, createBitmap, stack, type Bitmap } from './bitmap.js';
import { qrBitmap } from './qr-bitmap.js';
import { encodePng } from './preview-png.js';
import { renderTextBitmap, type RasterFonts } from './raster.js';
import type { PrinterProfile, TicketLayout, TicketLine } from './ticket.js';

/** Font A's cell: 12 dots wide, 24 high; GS ! multiplies both. */
export const FONT_A_WIDTH = 12;
export const FONT_A_HEIGHT = 24;
/** A blank line (LF on an empty line): one empty Font A line. */
export const BLANK_LINE_DOTS = FONT_A_HEIGHT;
/** White paper between the last line and the cut (GS V 66 0 feeds to the cutter). */
export const CUT_FEED_DOTS = 32;

/**
 * The whole ticket as the paper would show it, `profile.widthDots` wide. Needs the Noto
 * faces (`loadRasterFonts`) for the text lines.
 */
export function renderTicketImage(layout: TicketLayout, profile: PrinterProfile, fonts: RasterFonts): Bitmap {
  const width = profile.widthDots;
  const parts: Bitmap[] = [];
  for (const line of layout.lines) parts.push(...lineImage(line, width, fonts));
  parts.push(createBitmap(width, CUT_FEED_DOTS));
  return stack(parts);
}

/** `renderTicketImage` as a 1-bit grayscale PNG. */
export function renderTicketPng(layout: TicketLayout, profile: PrinterProfile, fonts: RasterFonts): Buffer {
  return encodePng(renderTicketImage(layout, profile, fonts));
}

function lineImage(line: TicketLine, width: number, fonts: RasterFonts): Bitmap[] {
  switch (line.kind) {
    case 'blank':
      return [createBitmap(width, BLANK_LINE_DOTS)];
    case 'logo':
    case 'raster':
      // The printer centres GS v 0 images (ESC a 1); ours are already full width.
      return [line.bitmap.width === width ? line.bitmap : centreOn(line.bitmap, width)];
    case 'qr':
      return [qrBitmap(line.data, line.moduleSize, width)];
    case 'text':
      return textImage(line.text, line.bold ?? false, line.scale ?? 1, width, fonts);
  }
}

/**
 * Breaks where the printer breaks (it wraps by characters, and a magnified line holds
 * fewer), then draws each piece on one line. Noto Sans is proportional and Font A is
 * not: a piece a little wider than the paper at 24×scale dots is drawn smaller rather
 * than word-wrapped, so the preview keeps the printer's line count.
 */
function textImage(text: string, bold: boolean, scale: number, width: number, fonts: RasterFonts): Bitmap[] {
  const columns = Math.max(1, Math.floor(width / FONT_A_WIDTH / scale));
  const chars = [...text];
  const out: Bitmap[] = [];
  for (let i = 0; i < chars.length; i += columns) {
    const piece = chars.slice(i, i + columns).join('');
    if (piece.trim() === '') {
      out.push(createBitmap(width, FONT_A_HEIGHT * scale));
      continue;
    }
    let px = FONT_A_HEIGHT * scale;
    for (;;) {
      const bmp = renderTextBitmap([{ text: piece, size: 'normal', bold, direction: 'ltr' }], width, fonts, { sizes: { normal: px, large: px }, marginDots: 0 });
      // One line's box is ascent 0.8 + descent 0.25 + gap 0.2 of the size (more for tall
      // accents); twice that means renderTextBitmap wrapped the piece at a space.
      const oneLine = Math.ceil(px * 0.8) + Math.ceil(px * 0.25) + Math.ceil(px * 0.2);
      if (bmp.height < 2 * oneLine || px <= 8) {
        out.push(bmp);
        break;
      }
      px = Math.floor(px * 0.9);
    }
  }
  return out;
}
