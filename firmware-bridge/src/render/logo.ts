/**
 * The site's logo file → the dots printed at the top of every ticket. Decoded once at
 * start (skia via @napi-rs/canvas: PNG, JPEG, WebP), scaled down to fit the paper and
 * `maxHeightDots`, never up (a scaled-up logo prints blurred), then thresholded to 1 bit
 * over white paper. A logo that cannot be read is a named config error at start, not a
 * ticket that fails at 08:00 with a queue in front of the kiosk.
 */
import { Image, createCanvas } from '@napi-rs/canvas';
import { fromRgba, type Bitmap } from './bitmap.js';

/** A logo taller than this pushes the number off the first screenful of paper. */
export const DEFAULT_LOGO_MAX_HEIGHT = 160;

export class LogoError extends Error {
  override readonly name = 'LogoError';
}

export function loadLogo(file: Buffer, widthDots: number, maxHeightDots = DEFAULT_LOGO_MAX_HEIGHT): Bitmap {
  const image = new Image();
  image.src = file;
  if (!image.complete || image.width === 0 || image.height === 0) throw new LogoError('not a picture skia can decode (use PNG, JPEG or WebP)');
  const scale = Math.min(1, widthDots / image.width, maxHeightDots / image.height);
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0, width, height);
  return fromRgba(ctx.getImageData(0, 0, width, height).data, width, height);
}
