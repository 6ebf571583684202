/**
 * CSV exports for spreadsheets (statistics, staffing plan): RFC 4180 with a UTF-8 byte-order
 * mark (so Excel reads å, ä, ö), a header row, CRLF line ends, '.' as the decimal mark, and
 * no cell a spreadsheet would run as a formula.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export type CsvValue = string | number | undefined;
export type CsvColumns<R> = readonly (readonly [string, (row: R) => CsvValue])[];

/** One field: numbers to 4 decimals without exponent; text quoted when it must be; absent = empty. */
export function csvField(v: CsvValue): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return String(Math.round(v * 10_000) / 10_000);
  // A name starting like a formula would run in a spreadsheet (CSV injection): make it text.
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvTable<R>(columns: CsvColumns<R>, rows: Iterable<R>): string {
  const lines = [columns.map(([name]) => name).join(',')];
  for (const r of rows) lines.push(columns.map(([, get]) => csvField(get(r))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** CSV when asked by `?format=`, else when the Accept header ranks text/csv above JSON. */
export function wantsCsv(req: FastifyRequest & { query: { format?: string | undefined } }): boolean {
  if (req.query.format) return req.query.format === 'csv';
  const weight = (type: string): number => {
    for (const part of (req.headers.accept ?? '').split(',')) {
      const [media, ...params] = part.trim().split(';').map((x) => x.trim());
      if (media?.toLowerCase() !== type) continue;
      const q = params.find((p) => p.startsWith('q='));
      return q ? Number(q.slice(2)) || 0 : 1;
    }
    return -1;
  };
  const csv = weight('text/csv');
  return csv > 0 && csv > weight('application/json');
}

export function sendCsv(reply: FastifyReply, filename: string, body: string): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8; header=present')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .send(body);
}
