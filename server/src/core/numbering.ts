/**
 * Ticket numbers: service prefix + zero-padded counter ("B042"). The counter is per
 * prefix and local service day; it never wraps into a number already issued that day,
 * it widens instead (B999 → B1000), because a repeated number would call two people.
 */
import { EntreError } from './errors.js';

export const MIN_DIGITS = 3;
export const MAX_SEQUENCE = 9999;

export function formatTicketNumber(prefix: string, sequence: number): string {
  if (!/^[A-Z]{1,2}$/.test(prefix)) throw new RangeError(`invalid ticket prefix ${JSON.stringify(prefix)}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw new RangeError(`ticket sequence out of range: ${sequence}`);
  }
  return prefix + String(sequence).padStart(MIN_DIGITS, '0');
}

/**
 * The next sequence after `last` (0 when nothing was issued yet that day). Past the last one
 * the errand is refused a number, as a domain error the HTTP edge answers 409 with, never a
 * number issued twice.
 */
export function nextSequence(last: number, prefix: string): number {
  const next = last + 1;
  if (next > MAX_SEQUENCE) {
    throw new EntreError('ENTRE_TICKET_SEQUENCE_EXHAUSTED',
      `Every ticket number of ${prefix} (up to ${formatTicketNumber(prefix, MAX_SEQUENCE)}) has been given out today; numbering starts again after local midnight.`);
  }
  return next;
}
