/**
 * Mobile numbers a visitor may leave for SMS notices, normalized to E.164 ("+46701234567").
 *
 * Accepted: Swedish mobile numbers as people write them (070 123 45 67, 070-123 45 67,
 * +46 70 123 45 67, +46 (0)70…, 0046 70…), and any other country's number in E.164
 * form (+ or 00, then 8–15 digits, no leading zero in the country code). A +46 number must
 * be a Swedish mobile (070, 072, 073, 076, 079): a landline cannot receive a text.
 * Spaces, dashes, dots and brackets around the trunk zero are ignored; anything else
 * (letters, a second +, a number too short or too long) is refused.
 */

/** Swedish mobile ranges (PTS numbering plan): 07[02369] followed by seven digits. */
const SWEDISH_MOBILE = /^7[02369]\d{7}$/;
const E164 = /^\+[1-9]\d{7,14}$/;

export function normalizePhone(input: string): string | null {
  let s = input.trim().replace(/[\s\u00a0\-.]/g, '');
  // "+46 (0)70 …": the bracketed trunk zero some people write after the country code.
  s = s.replace(/^(\+|00)46\(0\)/, '+46').replace(/^\(0\)/, '0');
  if (/[()]/.test(s)) return null;
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  if (s.startsWith('+46')) {
    // "+46 070 …": the trunk zero kept by mistake.
    const national = s.slice(3).replace(/^0/, '');
    return SWEDISH_MOBILE.test(national) ? `+46${national}` : null;
  }
  if (s.startsWith('+')) return E164.test(s) ? s : null;
  if (s.startsWith('0')) {
    const national = s.slice(1);
    return SWEDISH_MOBILE.test(national) ? `+46${national}` : null;
  }
  return null;
}

/** "+46701234567" → "+*********67": for logs, which must never hold a whole number. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').length;
  let seen = 0;
  return phone.replace(/\d/g, (d) => (++seen > digits - 2 ? d : '*'));
}
