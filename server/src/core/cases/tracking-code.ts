/**
 * A case's tracking code, like a parcel's: printed on a receipt, read aloud on the phone,
 * typed on a phone keyboard. Crockford's base32 alphabet (no I, L, O, U, so nothing looks
 * or sounds like anything else), 10 random characters (50 bits) and 1 check character:
 * `K7QM-4XW9-2RN`.
 *
 * The check character is not Crockford's mod-37 one: that needs five extra symbols
 * (`* ~ $ = U`) that are awkward to print, say and type. Instead the 11 values are the
 * coefficients of a polynomial over GF(32) evaluated at α (a generator, x mod
 * x⁵+x²+1), and the check character makes the value 0. Because GF(32) is a field,
 * changing one character by e ≠ 0 changes the sum by αᵏ·e ≠ 0, and swapping neighbours
 * x ≠ y changes it by αᵏ(α+1)(x−y) ≠ 0: every single substitution and every adjacent
 * transposition is caught (a jump transposition too: (α²+1) = (α+1)² ≠ 0), with a check
 * character from the same alphabet.
 *
 * Pure: randomness comes in as bytes.
 */

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Random characters; 50 bits make guessing a valid code hopeless even without rate limits. */
export const RANDOM_CHARS = 10;
export const RANDOM_BITS = RANDOM_CHARS * 5;
export const CODE_LENGTH = RANDOM_CHARS + 1;
/** Bytes `generate` needs (56 bits; the last 6 are unused). */
export const RANDOM_BYTES = Math.ceil(RANDOM_BITS / 8);

const VALUE = new Map<string, number>([...CODE_ALPHABET].map((c, i) => [c, i]));
// Characters people read in place of the ones we use: letter O for zero, I and L for one.
const LOOKALIKE: Record<string, string> = { O: '0', I: '1', L: '1' };

/** Multiplies by α in GF(32) = GF(2)[x]/(x⁵+x²+1). */
function timesAlpha(v: number): number {
  const shifted = v << 1;
  return shifted & 0x20 ? shifted ^ 0x25 : shifted;
}

/** Horner's rule: Σ vᵢ·α^(n−1−i), with addition in GF(32) being XOR. */
function polynomial(values: readonly number[]): number {
  let acc = 0;
  for (const v of values) acc = timesAlpha(acc) ^ v;
  return acc;
}

/** The character that makes the whole code evaluate to 0: c = α·P(payload). */
function checkValue(payload: readonly number[]): number {
  return timesAlpha(polynomial(payload));
}

/** A fresh code (canonical: 11 characters, no dashes) from at least RANDOM_BYTES random bytes. */
export function generate(randomBytes: Uint8Array): string {
  if (randomBytes.length < RANDOM_BYTES) {
    throw new RangeError(`a tracking code needs ${RANDOM_BYTES} random bytes, got ${randomBytes.length}`);
  }
  const values: number[] = [];
  let bits = 0;
  let buffer = 0;
  for (const byte of randomBytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && values.length < RANDOM_CHARS) {
      bits -= 5;
      values.push((buffer >> bits) & 0x1f);
    }
    buffer &= (1 << bits) - 1;
    if (values.length === RANDOM_CHARS) break;
  }
  values.push(checkValue(values));
  return values.map((v) => CODE_ALPHABET[v]).join('');
}

/**
 * What a person typed → the canonical code, or null when it cannot be one: wrong length,
 * a character outside the alphabet, or a check character that does not match. Case,
 * spaces and dashes do not matter; O, I and L are read as 0, 1 and 1. A null answer
 * needs no database lookup, so it reveals nothing about which codes exist.
 */
export function normalize(input: string): string | null {
  // Bound the work before touching the string: a real code is 13 characters with dashes.
  if (input.length > 64) return null;
  const cleaned = input.toUpperCase().replace(/[\s\-\u2010-\u2015]/g, '');
  if (cleaned.length !== CODE_LENGTH) return null;
  const values: number[] = [];
  let canonical = '';
  for (const raw of cleaned) {
    const c = LOOKALIKE[raw] ?? raw;
    const v = VALUE.get(c);
    if (v === undefined) return null;
    values.push(v);
    canonical += c;
  }
  return polynomial(values) === 0 ? canonical : null;
}

/** The printed form, in groups of 4-4-3 so it can be read aloud in chunks. */
export function format(code: string): string {
  const canonical = normalize(code);
  if (canonical === null) throw new RangeError('not a valid tracking code');
  return `${canonical.slice(0, 4)}-${canonical.slice(4, 8)}-${canonical.slice(8)}`;
}
