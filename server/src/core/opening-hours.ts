/**
 * Is an errand open now, and if not, when does it open? Hours are the site's local wall
 * clock ("13:00" means 13:00 in Stockholm, winter or summer), so every comparison goes
 * through the site's time zone, never the server's. Pure: the instant and zone are inputs.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Local opening intervals per weekday, e.g. { mon: [["08:00", "12:00"], ["13:00", "16:00"]] }; a day left out is closed. */
export type WeeklyHours = Partial<Record<Weekday, Array<[string, string]>>>;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Problems with a schedule, as `path: message`; empty when valid. */
export function checkHours(hours: unknown): string[] {
  if (typeof hours !== 'object' || hours === null || Array.isArray(hours)) return ['hours: must be an object of weekdays'];
  const problems: string[] = [];
  for (const [day, intervals] of Object.entries(hours)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) { problems.push(`hours.${day}: not a weekday (${WEEKDAYS.join(', ')})`); continue; }
    if (!Array.isArray(intervals)) { problems.push(`hours.${day}: must be a list of ["HH:MM", "HH:MM"]`); continue; }
    let previousEnd = '';
    intervals.forEach((iv: unknown, i) => {
      if (!Array.isArray(iv) || iv.length !== 2 || !iv.every((t) => typeof t === 'string' && HHMM.test(t))) {
        problems.push(`hours.${day}[${i}]: must be ["HH:MM", "HH:MM"]`);
        return;
      }
      const [from, to] = iv as [string, string];
      if (from >= to) problems.push(`hours.${day}[${i}]: opens at ${from} but closes at ${to}`);
      if (previousEnd && from < previousEnd) problems.push(`hours.${day}[${i}]: overlaps the interval before`);
      previousEnd = to;
    });
  }
  return problems;
}

interface LocalParts { year: number; month: number; day: number; hour: number; minute: number; weekday: number }

const formatters = new Map<string, Intl.DateTimeFormat>();
function localParts(at: Date, timeZone: string): LocalParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts['year']), month: Number(parts['month']), day: Number(parts['day']),
    hour: Number(parts['hour']), minute: Number(parts['minute']),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts['weekday'] ?? ''),
  };
}

/** The zone's offset from UTC at an instant, in minutes. */
function offsetMinutes(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant a local wall-clock time happens, disambiguated as Temporal's "compatible":
 * a time skipped by the spring-forward change (02:30 on the last Sunday of March in
 * Stockholm) moves forward by the gap (03:30 CEST); a time that happens twice in autumn
 * is its first occurrence.
 */
export function localInstant(year: number, month: number, day: number, hhmm: string, timeZone: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const naive = Date.UTC(year, month - 1, day, h, m);
  // Try the offsets in force a day either side; keep the earliest that really shows this wall time.
  const candidates = [offsetMinutes(new Date(naive - 86_400_000), timeZone), offsetMinutes(new Date(naive + 86_400_000), timeZone)]
    .map((off) => new Date(naive - off * 60_000))
    .sort((a, b) => a.getTime() - b.getTime());
  for (const c of candidates) {
    const p = localParts(c, timeZone);
    if (p.year === year && p.month === month && p.day === day && p.hour * 60 + p.minute === h * 60 + m) return c;
  }
  // In the gap: the wall time never happens; read with the offset before the jump it lands
  // the gap's length later.
  return new Date(naive - offsetMinutes(new Date(naive - 86_400_000), timeZone) * 60_000);
}

export interface OpenState { open: boolean; opensAt?: Date; closesAt?: Date }

/** Open or closed at `now`, with when it closes or opens next (looking a week ahead). */
export function openState(hours: WeeklyHours | null, now: Date, timeZone: string): OpenState {
  if (hours === null) return { open: true };
  const today = localParts(now, timeZone);
  for (let k = 0; k <= 7; k++) {
    // Calendar arithmetic on the local date, then back to an instant per interval.
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + k));
    const y = date.getUTCFullYear(), mo = date.getUTCMonth() + 1, d = date.getUTCDate();
    const intervals = hours[WEEKDAYS[date.getUTCDay()]!] ?? [];
    for (const [from, to] of intervals) {
      const start = localInstant(y, mo, d, from, timeZone);
      const end = to === '24:00'
        ? localInstant(new Date(Date.UTC(y, mo - 1, d + 1)).getUTCFullYear(), new Date(Date.UTC(y, mo - 1, d + 1)).getUTCMonth() + 1, new Date(Date.UTC(y, mo - 1, d + 1)).getUTCDate(), '00:00', timeZone)
        : localInstant(y, mo, d, to, timeZone);
      if (now >= start && now < end) return { open: true, closesAt: end };
      if (start > now) return { open: false, opensAt: start };
    }
  }
  return { open: false };
}
