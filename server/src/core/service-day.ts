/**
 * The local service day: ticket numbers restart at local midnight in the site's time zone,
 * whatever the server's own zone or a DST change does to the length of the day.
 */

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD; the parts are read by type, so the locale only fixes digits.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, f);
  }
  return f;
}

/** The date as the zone's calendar has it, from ICU: some 30 µs a call. */
function formatDay(at: Date, timeZone: string): string {
  const parts = dayFormatter(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * Per zone, the last day asked for and the instants it runs between ([from, to)): a ticket
 * asks several times, and the day changes once in some 86 400 000 ms. Its bounds come from
 * formatDay itself (serviceDayStart), so the answer is the same as formatting every time.
 */
const lastDay = new Map<string, { day: string; from: number; to: number }>();

/** The site-local calendar date (YYYY-MM-DD) of an instant. */
export function serviceDay(at: Date, timeZone: string): string {
  const t = at.getTime();
  const known = lastDay.get(timeZone);
  if (known && t >= known.from && t < known.to) return known.day;
  const day = formatDay(at, timeZone); // throws on an invalid date, as it always did
  lastDay.set(timeZone, { day, from: dayStart(day, timeZone), to: dayStart(nextDay(day), timeZone) });
  return day;
}

/** The calendar date after `day` (YYYY-MM-DD), by the calendar, not by adding 24 hours. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Widest UTC offsets in use (−12 h … +14 h) with margin: a local midnight lies within this of UTC's. */
const OFFSET_SPAN_MS = 15 * 3600_000;

/**
 * The instant the service day `day` begins in `timeZone`: its local midnight, or the first
 * instant of that date where a DST change skips midnight. Found by bisection on the
 * calendar itself (formatDay), so it needs no offset arithmetic and agrees with it by construction:
 * the autumn night (25 h) and the spring night (23 h) come out right.
 */
export function serviceDayStart(day: string, timeZone: string): Date {
  return new Date(dayStart(day, timeZone));
}

function dayStart(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  // Invariant: formatDay(lo) < day <= formatDay(hi); YYYY-MM-DD strings compare as dates.
  let lo = utcMidnight - OFFSET_SPAN_MS, hi = utcMidnight + OFFSET_SPAN_MS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (formatDay(new Date(mid), timeZone) < day) lo = mid; else hi = mid;
  }
  return hi;
}

/** The start of the service day after the one `at` falls in: the next local midnight. */
export function nextServiceDayStart(at: Date, timeZone: string): Date {
  return serviceDayStart(nextDay(serviceDay(at, timeZone)), timeZone);
}

/** Throws a clear error at start-up instead of formatting garbage later. */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new RangeError(`unknown time zone ${JSON.stringify(timeZone)} (use an IANA name such as Europe/Stockholm)`);
  }
}
