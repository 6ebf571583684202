/** Small display helpers of the counter page (Swedish). */

let names: Intl.DisplayNames | null | undefined;

/** "Arabiska" for "ar"; the code itself where the browser has no name for it. */
export function languageName(code: string): string {
  if (names === undefined) {
    try { names = new Intl.DisplayNames(['sv'], { type: 'language' }); } catch { names = null; }
  }
  let name = code;
  try { name = names?.of(code) ?? code; } catch { /* an odd tag: show it as it is */ }
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Whole minutes between two instants, never negative. */
export function minutesBetween(fromIso: string, toIso: string): number {
  return Math.max(0, Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
}

const dateTime = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short' });
export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));
