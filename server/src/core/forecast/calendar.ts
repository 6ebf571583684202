/**
 * Local calendar dates ('YYYY-MM-DD') as day numbers, for the forecast's week arithmetic,
 * and Sweden's public holidays. A date here is a site-local calendar date, never an instant:
 * the arithmetic is on the proleptic Gregorian calendar (UTC is only the carrier), so a DST
 * change cannot move a date. Pure: no clock, no I/O.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws on anything that is not a real date. */
export function dayNumber(date: string): number {
  const m = DATE.exec(date);
  const n = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS : NaN;
  if (!Number.isInteger(n) || dateOfDay(n) !== date) throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return n;
}

/** The 'YYYY-MM-DD' date of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay and WEEKDAYS in opening-hours.ts. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Easter Sunday (Gregorian), by the anonymous ("Meeus/Jones/Butcher") algorithm. */
export function easterSunday(year: number): string {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return dateOfDay(Date.UTC(year, month - 1, day) / DAY_MS);
}

export interface Holiday { date: string; name: string }

/** The first day from `date` on (inclusive) that falls on `weekday`. */
function onOrAfter(date: string, weekday: number): string {
  const n = dayNumber(date);
  return dateOfDay(n + ((weekday - weekdayOfDay(n) + 7) % 7));
}

/**
 * The days a Swedish municipal service center is closed: the public holidays of the law
 * (1989:253) plus the three eves every municipality closes on (midsommarafton, julafton,
 * nyårsafton), which are not holidays by law but are de facto ones. Sorted by date.
 */
export function swedishHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const ymd = (mm: number, dd: number) => `${year}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
  const list: Holiday[] = [
    { date: ymd(1, 1), name: 'Nyårsdagen' },
    { date: ymd(1, 6), name: 'Trettondedag jul' },
    { date: addDays(easter, -2), name: 'Långfredagen' },
    { date: easter, name: 'Påskdagen' },
    { date: addDays(easter, 1), name: 'Annandag påsk' },
    { date: ymd(5, 1), name: 'Första maj' },
    { date: addDays(easter, 39), name: 'Kristi himmelsfärdsdag' },
    { date: addDays(easter, 49), name: 'Pingstdagen' },
    { date: ymd(6, 6), name: 'Sveriges nationaldag' },
    { date: onOrAfter(ymd(6, 19), 5), name: 'Midsommarafton' },
    { date: onOrAfter(ymd(6, 20), 6), name: 'Midsommardagen' },
    { date: onOrAfter(ymd(10, 31), 6), name: 'Alla helgons dag' },
    { date: ymd(12, 24), name: 'Julafton' },
    { date: ymd(12, 25), name: 'Juldagen' },
    { date: ymd(12, 26), name: 'Annandag jul' },
    { date: ymd(12, 31), name: 'Nyårsafton' },
  ];
  return list.sort((x, y) => x.date.localeCompare(y.date));
}
