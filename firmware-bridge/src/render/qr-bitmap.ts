/**
 * A QR symbol as dots: model 2, level M (as our GS ( k asks the printer for), `moduleSize`
 * dots per module, centred on the paper, with the ISO/IEC 18004 quiet zone as white rows
 * above and below. Used for printers without a QR engine (sent as GS v 0) and for the
 * virtual printer's picture of a native QR. Pure.
 */
import QRCode from 'qrcode';
import { bytesPerRow, createBitmap, type Bitmap } from './bitmap.js';

/** The quiet zone ISO/IEC 18004 asks for around a QR symbol, in modules. */
export const QR_QUIET_MODULES = 4;

/** Modules per side of the symbol our data makes. */
export function qrModules(data: string): number {
  return QRCode.create(data, { errorCorrectionLevel: 'M' }).modules.size;
}

/**
 * The symbol, `width` dots wide. Like a printer ("the symbol size that exceeds the print
 * area cannot be printed"), a symbol wider than the paper gives an empty bitmap; callers
 * that draw it themselves choose a module size that fits (`fittingModuleSize`).
 */
export function qrBitmap(data: string, moduleSize: number, width: number): Bitmap {
  const { modules } = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const side = n * moduleSize;
  if (side > width) return createBitmap(width, 0);
  const quiet = QR_QUIET_MODULES * moduleSize;
  const bmp = createBitmap(width, side + 2 * quiet);
  const stride = bytesPerRow(width);
  const left = Math.floor((width - side) / 2);
  for (let r = 0; r < n; r++) {
    // Build one dot row of this module row, then copy it moduleSize times.
    const row = new Uint8Array(stride);
    for (let c = 0; c < n; c++) {
      if (!modules.get(r, c)) continue;
      for (let dx = 0; dx < moduleSize; dx++) {
        const x = left + c * moduleSize + dx;
        row[x >> 3]! |= 0x80 >> (x & 7);
      }
    }
    for (let dy = 0; dy < moduleSize; dy++) bmp.data.set(row, (quiet + r * moduleSize + dy) * stride);
  }
  return bmp;
}

/** The wanted module size, or the largest smaller one whose symbol and quiet zone fit the paper. */
export function fittingModuleSize(data: string, wanted: number, width: number): number {
  const n = qrModules(data) + 2 * QR_QUIET_MODULES;
  return Math.max(1, Math.min(wanted, Math.floor(width / n)));
}
