/**
 * Calendar dates (`YYYY-MM-DD`) and wall-clock times (`HH:MM`) as the staffing plan and the
 * statistics speak them: site-local, no time zone of their own. Date arithmetic is done on
 * UTC midnights, so no daylight-saving change can move a date. Pure.
 */

const DAY_MS = 86_400_000;

const utc = (date: string): Date => new Date(`${date}T00:00:00Z`);
const iso = (d: Date): string => d.toISOString().slice(0, 10);

/** The browser's local calendar date of `ms` (the console runs at the site). */
export function localDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function addDays(date: string, days: number): string {
  return iso(new Date(utc(date).getTime() + days * DAY_MS));
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return ((utc(date).getUTCDay() + 6) % 7) + 1;
}

/** Monday to Sunday of the ISO week before the one `today` is in. */
export function lastWeek(today: string): { from: string; to: string } {
  const monday = addDays(today, 1 - isoWeekday(today));
  return { from: addDays(monday, -7), to: addDays(monday, -1) };
}

/** The first to the last day of the month before the one `today` is in. */
export function lastMonth(today: string): { from: string; to: string } {
  const first = `${today.slice(0, 7)}-01`;
  const to = addDays(first, -1);
  return { from: `${to.slice(0, 7)}-01`, to };
}

export const isDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(utc(s).getTime()) && iso(utc(s)) === s;

/** `10:15` → 615 minutes after midnight (`24:00` → 1440). */
export function minutesOf(clock: string): number {
  const [h, m] = clock.split(':');
  return Number(h) * 60 + Number(m);
}

/** 615 → `10:15`. */
export function clockOf(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

const short = new Intl.DateTimeFormat('sv-SE', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const long = new Intl.DateTimeFormat('sv-SE', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat('sv-SE', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `2026-03-02` → `mån 2 mars`. */
export const formatDayShort = (date: string): string => short.format(utc(date));
/** `2026-03-02` → `måndag 2 mars`. */
export const formatDayLong = (date: string): string => long.format(utc(date));

/** A statistics period as a label: a day, `v. 48` (ISO week) or `november 2026`. */
export function formatPeriod(period: string): string {
  const week = /^\d{4}-W(\d{2})$/.exec(period);
  if (week) return `v. ${Number(week[1])}`;
  if (/^\d{4}-\d{2}$/.test(period)) return monthYear.format(utc(`${period}-01`));
  return isDate(period) ? formatDayShort(period) : period;
}
