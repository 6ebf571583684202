/**
 * The forecast's 15-minute intervals are **local wall-clock slots**: index i covers the
 * site-local clock times [i × 15 min, (i + 1) × 15 min) of a local date, so index 36 is
 * 09:00–09:15 in Stockholm, winter or summer, and every day has 96 indices.
 *
 * A DST change makes a day 92 or 100 real quarter-hours long; the slots stay 96:
 * - spring forward (Europe/Stockholm, last Sunday of March, 02:00 → 03:00): the slots
 *   02:00–02:45 (indices 8–11) never happen; they hold no arrivals and are forecast 0;
 * - fall back (last Sunday of October, 03:00 → 02:00): 02:00–02:45 happen twice; the slot
 *   holds the arrivals of both occurrences and its forecast counts both.
 * `wallClockSlots` says how many times each slot happens on a date (0, 1 or 2); the
 * forecast learns per occurrence and multiplies back, so the change does not leak into
 * ordinary days. A service center is closed at 02:00, so in practice it only matters for
 * channels that take contacts around the clock (e-mail).
 *
 * Pure: the instant and the zone are inputs (Intl does the zone rules).
 */
import { localInstant } from '../opening-hours.js';
import { serviceDay } from '../service-day.js';
import { addDays, dayNumber } from './calendar.js';

export const INTERVAL_MINUTES = 15;
export const INTERVALS_PER_DAY = 96;

const clockFormatters = new Map<string, Intl.DateTimeFormat>();

/** Local wall-clock minutes after midnight of an instant. */
function wallClockMinutes(at: Date, timeZone: string): number {
  let f = clockFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
    clockFormatters.set(timeZone, f);
  }
  let h = 0, m = 0;
  for (const p of f.formatToParts(at)) {
    if (p.type === 'hour') h = Number(p.value);
    else if (p.type === 'minute') m = Number(p.value);
  }
  return h * 60 + m;
}

/** The local date and wall-clock slot an instant falls in (the arrival's bucket). */
export function localQuarter(at: Date, timeZone: string): { date: string; interval: number } {
  return { date: serviceDay(at, timeZone), interval: Math.floor(wallClockMinutes(at, timeZone) / INTERVAL_MINUTES) };
}

/** 'HH:MM' of a slot's start, e.g. 36 → '09:00'. */
export function intervalLabel(interval: number): string {
  const minutes = interval * INTERVAL_MINUTES;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function ymd(date: string): [number, number, number] {
  dayNumber(date); // validates
  const [y = 0, m = 0, d = 0] = date.split('-').map(Number);
  return [y, m, d];
}

/**
 * The instant a slot starts. A slot skipped by the spring change maps, as localInstant does,
 * to the instant the clock jumps to; a repeated autumn slot to its first occurrence.
 */
export function intervalStart(date: string, interval: number, timeZone: string): Date {
  if (!Number.isInteger(interval) || interval < 0 || interval >= INTERVALS_PER_DAY) throw new RangeError(`interval ${interval} is not 0–95`);
  const [y, m, d] = ymd(date);
  return localInstant(y, m, d, intervalLabel(interval), timeZone);
}

/**
 * How many times each of the 96 wall-clock slots happens on a local date: all 1 on an
 * ordinary day; 0 for the slots the spring change skips; 2 for those autumn repeats.
 */
export function wallClockSlots(date: string, timeZone: string): Uint8Array {
  const [y, m, d] = ymd(date);
  const [ny, nm, nd] = ymd(addDays(date, 1));
  const start = localInstant(y, m, d, '00:00', timeZone).getTime();
  const end = localInstant(ny, nm, nd, '00:00', timeZone).getTime();
  const slots = new Uint8Array(INTERVALS_PER_DAY);
  if (end - start === 86_400_000) return slots.fill(1);
  // A DST day: walk its real quarter-hours (whole-quarter offsets, as every zone has today).
  for (let t = start; t < end; t += INTERVAL_MINUTES * 60_000) {
    const q = localQuarter(new Date(t), timeZone);
    if (q.date === date) slots[q.interval] = (slots[q.interval] ?? 0) + 1;
  }
  return slots;
}
