/** How the reception page writes times, waits and languages, in Swedish. */

const overrides: Record<string, string> = { ckb: 'Sorani', kmr: 'Kurmanji', 'sgn-SE': 'Svenskt teckenspråk', swl: 'Svenskt teckenspråk' };
let names: Intl.DisplayNames | null = null;

/** "Arabiska" for "ar": staff read the language in Swedish, whatever the visitor chose. */
export function languageName(code: string): string {
  const fixed = overrides[code];
  if (fixed) return fixed;
  try {
    names ??= new Intl.DisplayNames('sv', { type: 'language' });
    const name = names.of(code);
    if (name && name !== code) return name.charAt(0).toUpperCase() + name.slice(1);
  } catch { /* an odd tag: show the code */ }
  return code;
}

const clock = new Intl.DateTimeFormat('sv-SE', { hour: '2-digit', minute: '2-digit' });
const clockSeconds = new Intl.DateTimeFormat('sv-SE', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export const timeOf = (d: Date | string) => clock.format(typeof d === 'string' ? new Date(d) : d);
export const timeWithSeconds = (d: Date) => clockSeconds.format(d);

/** Whole minutes waited by `now` (never negative). */
export function minutesWaited(since: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The desk's local date as `YYYY-MM-DD` (the value of a date field). */
export const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
export const localTime = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** A bookable default: the next quarter hour at least 15 minutes from now. */
export function nextSlot(now: Date): Date {
  const d = new Date(now.getTime() + 15 * 60_000);
  d.setSeconds(0, 0);
  d.setMinutes(Math.ceil(d.getMinutes() / 15) * 15);
  return d;
}

/** "123456" → "123 456", easier to read out to a visitor. */
export const spacedCode = (code: string) => (code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code);
