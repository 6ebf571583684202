/**
 * A print job's ticket → the exact ESC/POS bytes, written to the printer once.
 * Everything here is pure: no clock (the time printed is the job's `issuedAt`), no I/O,
 * no dependence on the machine's time zone. The byte renderer and the text preview share
 * one layout, so the preview never disagrees with the paper.
 */
import type { PrintTicket } from '@entre/protocol';
import * as esc from './escpos.js';
import type { CodePage } from './escpos.js';
import { loadRasterFonts, RasterError, rasterCommands, renderTextBitmap, textDirection, uncoveredChars, type RasterFonts } from './raster.js';
import { centreOn, type Bitmap } from './bitmap.js';
import { fittingModuleSize, qrBitmap } from './qr-bitmap.js';

export interface PrinterProfile {
  /** Printable width: 576 (80 mm, 203 dpi), 512 (80 mm, 180 dpi e.g. TM-T88), 384 (58 mm). */
  widthDots: 576 | 512 | 384;
  codePage: CodePage;
  /** Magnification of the ticket number (GS !); 2 = double width and height. Default 2. */
  numberScale?: 2 | 3 | 4;
  /** QR module size in dots (1–16); default follows the paper width. */
  qrModuleSize?: number;
  /**
   * `native` (default) sends GS ( k and the printer draws the symbol; `raster` draws it
   * here and sends dots (GS v 0), for printers without a QR engine or with a broken one.
   */
  qr?: 'native' | 'raster';
  /** A picture printed at the top of every ticket (the municipality's logo), at most the paper's width. */
  logo?: Bitmap;
}

export const DEFAULT_PROFILE: PrinterProfile = { widthDots: 576, codePage: 'cp858' };

export type RenderWarningCode = 'ENTRE_PRINT_TEXT_NOT_ENCODABLE' | 'ENTRE_PRINT_UNKNOWN_TIME_ZONE';
export interface RenderWarning {
  code: RenderWarningCode;
  /** Which ticket field was affected, e.g. `serviceName` or `labels.waitingAhead`. */
  field: string;
}

export type RenderErrorCode = 'ENTRE_PRINT_BAD_ISSUED_AT' | 'ENTRE_PRINT_QR_TOO_LONG';
export class RenderError extends Error {
  override readonly name = 'RenderError';
  constructor(readonly code: RenderErrorCode, message: string) {
    super(message);
  }
}

export type TicketLine =
  | { kind: 'text'; text: string; bold?: boolean; scale?: number }
  /** Text the code page cannot print, shaped (and right-to-left where the script is) into dots. */
  | { kind: 'raster'; text: string; bitmap: Bitmap }
  /** The site's logo; already dots, sent as GS v 0 full width. */
  | { kind: 'logo'; bitmap: Bitmap }
  | { kind: 'blank' }
  | { kind: 'qr'; data: string; moduleSize: number };

export interface TicketLayout {
  lines: TicketLine[];
  warnings: RenderWarning[];
}

export interface RenderOptions {
  /** The Noto faces for raster lines; loaded once per process from the system fonts when omitted. */
  fonts?: RasterFonts;
}

let processFonts: RasterFonts | null | undefined;

/** The system's Noto faces, loaded once per process; null when they are not installed. */
function systemFonts(): RasterFonts | null {
  if (processFonts === undefined) {
    try {
      processFonts = loadRasterFonts();
    } catch (err) {
      if (!(err instanceof RasterError)) throw err;
      processFonts = null;
    }
  }
  return processFonts;
}

/**
 * What goes on the paper, line by line, and what had to be left out.
 *
 * A line whose text the code page cannot encode (Arabic, Persian, Tigrinya, Cyrillic…) is
 * shaped with the Noto fonts into a bitmap and sent as raster (GS v 0), right-to-left in
 * the visitor's language where the script is. Text no font of ours covers is left out
 * whole rather than printed as '?'-riddled garbage: a half-readable line misleads more
 * than a missing one, and the number, time and QR (all ASCII) are what the visitor needs.
 * The job's result carries the warning so staff can see it.
 */
export function layoutTicket(ticket: PrintTicket, profile: PrinterProfile, options: RenderOptions = {}): TicketLayout {
  const warnings: RenderWarning[] = [];
  const lines: TicketLine[] = [];
  const textLine = (field: string, value: string, style: { bold?: boolean } = {}) => {
    const clean = normalizeText(value);
    if (clean === '') return;
    if (esc.unencodable(clean, profile.codePage).length === 0) {
      lines.push({ kind: 'text', text: clean, ...style });
      return;
    }
    const fonts = options.fonts ?? systemFonts();
    // Without the Noto fonts (fonts-noto-core) the line is left out as before, not the ticket.
    if (!fonts || uncoveredChars(clean, fonts, style.bold ?? false).length > 0) {
      warnings.push({ code: 'ENTRE_PRINT_TEXT_NOT_ENCODABLE', field });
      return;
    }
    // The site's name is in the site's language: its first strong letter decides the direction.
    const direction = field === 'siteName' ? undefined : textDirection(ticket.language);
    const bitmap = renderTextBitmap([{ text: clean, size: 'normal', bold: style.bold ?? false, ...(direction ? { direction } : {}) }], profile.widthDots, fonts);
    lines.push({ kind: 'raster', text: clean, bitmap });
  };

  if (profile.logo && profile.logo.height > 0) lines.push({ kind: 'logo', bitmap: centreOn(profile.logo, profile.widthDots) }, { kind: 'blank' });
  textLine('siteName', ticket.siteName, { bold: true });
  lines.push({ kind: 'blank' });
  textLine('labels.yourNumber', ticket.labels.yourNumber);
  lines.push({ kind: 'text', text: ticket.number, scale: profile.numberScale ?? 2 });
  textLine('serviceName', ticket.serviceName);
  textLine('labels.waitingAhead', ticket.labels.waitingAhead);
  const time = formatLocalTime(ticket.issuedAt, ticket.timeZone);
  if (time.fellBackToUtc) warnings.push({ code: 'ENTRE_PRINT_UNKNOWN_TIME_ZONE', field: 'timeZone' });
  lines.push({ kind: 'text', text: time.text });
  lines.push({ kind: 'blank' });
  textLine('labels.followOnPhone', ticket.labels.followOnPhone);
  if (Buffer.byteLength(ticket.url, 'utf8') > esc.QR_MAX_BYTES || ticket.url === '') {
    throw new RenderError('ENTRE_PRINT_QR_TOO_LONG', `ticket url must be 1–${esc.QR_MAX_BYTES} bytes`);
  }
  const moduleSize = profile.qrModuleSize ?? defaultModuleSize(profile.widthDots);
  // Drawn here, the symbol must fit the paper; the printer's own engine sizes itself.
  lines.push({ kind: 'qr', data: ticket.url, moduleSize: profile.qr === 'raster' ? fittingModuleSize(ticket.url, moduleSize, profile.widthDots) : moduleSize });
  return { lines, warnings };
}

/** The exact bytes for the printer, with any warnings about what was left out. */
export function renderTicketWithWarnings(ticket: PrintTicket, profile: PrinterProfile, options: RenderOptions = {}): { bytes: Buffer; warnings: RenderWarning[] } {
  const layout = layoutTicket(ticket, profile, options);
  return { bytes: encodeLayout(layout, profile), warnings: layout.warnings };
}

/** The exact bytes for the printer. */
export function renderTicket(ticket: PrintTicket, profile: PrinterProfile, options: RenderOptions = {}): Buffer {
  return renderTicketWithWarnings(ticket, profile, options).bytes;
}

/** A plain-text preview: what a person would read off the paper. */
export function renderTicketText(ticket: PrintTicket, profile: PrinterProfile, options: RenderOptions = {}): string {
  const { lines } = layoutTicket(ticket, profile, options);
  // Font A is 12 dots wide: 48 columns at 576 dots, 42 at 512, 32 at 384.
  const columns = Math.floor(profile.widthDots / 12);
  const out: string[] = [];
  for (const line of lines) {
    if (line.kind === 'blank') out.push('');
    else if (line.kind === 'qr') out.push(...wrap(`[QR: ${line.data}]`, columns).map((l) => center(l, columns)));
    else if (line.kind === 'raster') out.push(...wrap(line.text, columns).map((l) => center(l, columns)));
    else if (line.kind === 'logo') out.push(center('[logo]', columns));
    // The printer wraps by characters, and a magnified line holds fewer of them.
    else out.push(...wrap(line.text, Math.max(1, Math.floor(columns / (line.scale ?? 1)))).map((l) => center(l, columns)));
  }
  out.push('-'.repeat(columns));
  return out.map((l) => l.trimEnd()).join('\n') + '\n';
}

function encodeLayout(layout: TicketLayout, profile: PrinterProfile): Buffer {
  const parts: Buffer[] = [esc.init(), esc.selectCodePage(profile.codePage), esc.align('center')];
  for (const line of layout.lines) {
    if (line.kind === 'blank') {
      parts.push(esc.lineFeed());
    } else if (line.kind === 'qr') {
      if (profile.qr === 'raster') parts.push(rasterCommands(qrBitmap(line.data, line.moduleSize, profile.widthDots)));
      else parts.push(esc.qrCode(line.data, line.moduleSize));
    } else if (line.kind === 'raster' || line.kind === 'logo') {
      // Sent right after a line feed, so the print buffer is empty as GS v 0 requires.
      parts.push(rasterCommands(line.bitmap));
    } else {
      const scale = line.scale ?? 1;
      if (line.bold) parts.push(esc.bold(true));
      if (scale !== 1) parts.push(esc.charSize(scale, scale));
      parts.push(esc.text(line.text, profile.codePage), esc.lineFeed());
      if (scale !== 1) parts.push(esc.charSize(1, 1));
      if (line.bold) parts.push(esc.bold(false));
    }
  }
  parts.push(esc.feedAndPartialCut());
  return Buffer.concat(parts);
}

/**
 * `YYYY-MM-DD HH:MM` of an instant in an IANA zone. Built from formatToParts so the
 * result depends neither on the machine's TZ nor on a locale's punctuation. An unknown
 * zone prints UTC, marked as such, instead of failing the ticket.
 */
export function formatLocalTime(iso: string, timeZone: string): { text: string; fellBackToUtc: boolean } {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RenderError('ENTRE_PRINT_BAD_ISSUED_AT', `issuedAt is not a valid instant: ${JSON.stringify(iso)}`);
  let format: Intl.DateTimeFormat;
  let fellBackToUtc = false;
  try {
    format = dateTimeFormat(timeZone);
  } catch {
    format = dateTimeFormat('UTC');
    fellBackToUtc = true;
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  const text = `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}`;
  return { text: fellBackToUtc ? `${text} UTC` : text, fellBackToUtc };
}

function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

/**
 * Typographic punctuation that Swedish text often carries but CP858 lacks, folded to the
 * ASCII the printer has — so "Barn – utbildning" prints instead of being left out.
 * Letters are never folded; control characters would break the layout.
 */
function normalizeText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/[\u2000-\u200a\u202f\u205f]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .trim();
}

function defaultModuleSize(widthDots: number): number {
  // A ~60-character URL is a version 4 symbol (33 modules + quiet zone): 6 dots keeps it
  // easy for phones on 80 mm paper, 4 dots keeps it inside 58 mm paper.
  return widthDots >= 512 ? 6 : 4;
}

function wrap(text: string, width: number): string[] {
  const chunks: string[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i += width) chunks.push(chars.slice(i, i + width).join(''));
  return chunks;
}

function center(text: string, width: number): string {
  const len = [...text].length;
  return len >= width ? text : ' '.repeat(Math.floor((width - len) / 2)) + text;
}
