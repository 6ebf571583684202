import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkHours, localInstant, openState, type WeeklyHours } from './opening-hours.js';

const TZ = 'Europe/Stockholm';
const drop: WeeklyHours = { tue: [['13:00', '16:00']], thu: [['09:00', '12:00'], ['13:00', '16:00']] };

test('no hours: always open', () => {
  assert.deepEqual(openState(null, new Date('2026-11-25T03:00:00Z'), TZ), { open: true });
});

test('inside an interval: open, with when it closes (local wall clock, winter and summer)', () => {
  // Tue 2026-11-24 14:00 CET = 13:00Z
  assert.deepEqual(openState(drop, new Date('2026-11-24T13:00:00Z'), TZ), { open: true, closesAt: new Date('2026-11-24T15:00:00Z') });
  // Tue 2026-06-16 14:00 CEST = 12:00Z
  assert.deepEqual(openState(drop, new Date('2026-06-16T12:00:00Z'), TZ), { open: true, closesAt: new Date('2026-06-16T14:00:00Z') });
});

test('closed: the next opening, later today, in the lunch gap, or days ahead', () => {
  // Thu 2026-11-26 08:00 CET → opens 09:00 local = 08:00Z
  assert.deepEqual(openState(drop, new Date('2026-11-26T07:00:00Z'), TZ), { open: false, opensAt: new Date('2026-11-26T08:00:00Z') });
  // Thu 12:30 local → 13:00 local
  assert.deepEqual(openState(drop, new Date('2026-11-26T11:30:00Z'), TZ), { open: false, opensAt: new Date('2026-11-26T12:00:00Z') });
  // Closing time itself is closed: Thu 16:00 local → Tue 13:00 local
  assert.deepEqual(openState(drop, new Date('2026-11-26T15:00:00Z'), TZ), { open: false, opensAt: new Date('2026-12-01T12:00:00Z') });
  // Local midnight boundary: Wed 23:59:59 local (22:59:59Z) still looks at Thursday morning
  assert.deepEqual(openState(drop, new Date('2026-11-25T22:59:59Z'), TZ), { open: false, opensAt: new Date('2026-11-26T08:00:00Z') });
});

test('a week without hours stays closed with no opening time', () => {
  assert.deepEqual(openState({}, new Date('2026-11-25T10:00:00Z'), TZ), { open: false });
});

test('across the spring-forward change the local hours keep their wall-clock meaning', () => {
  // Sun 2026-03-29: 02:00 CET jumps to 03:00 CEST. Opening "09:00" is 07:00Z that day, 08:00Z the day before.
  const sunday: WeeklyHours = { sat: [['09:00', '10:00']], sun: [['09:00', '10:00']] };
  assert.deepEqual(openState(sunday, new Date('2026-03-28T12:00:00Z'), TZ), { open: false, opensAt: new Date('2026-03-29T07:00:00Z') });
  assert.deepEqual(openState(sunday, new Date('2026-03-28T08:30:00Z'), TZ).open, true);
  // A time inside the gap does not exist: it moves forward by the gap, 03:30 CEST = 01:30Z.
  assert.deepEqual(localInstant(2026, 3, 29, '02:30', TZ), new Date('2026-03-29T01:30:00Z'));
});

test('across the autumn change an hour that happens twice opens at its first occurrence', () => {
  // Sun 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens at 00:30Z and 01:30Z.
  assert.deepEqual(localInstant(2026, 10, 25, '02:30', TZ), new Date('2026-10-25T00:30:00Z'));
  const sunday: WeeklyHours = { sun: [['09:00', '10:00']] };
  assert.deepEqual(openState(sunday, new Date('2026-10-24T20:00:00Z'), TZ), { open: false, opensAt: new Date('2026-10-25T08:00:00Z') });
});

test('"24:00" closes at the next local midnight', () => {
  const late: WeeklyHours = { fri: [['20:00', '24:00']] };
  assert.deepEqual(openState(late, new Date('2026-11-27T22:30:00Z'), TZ), { open: true, closesAt: new Date('2026-11-27T23:00:00Z') });
});

test('bad schedules are named field by field', () => {
  assert.deepEqual(checkHours({ mon: [['08:00', '12:00']] }), []);
  assert.deepEqual(checkHours({ funday: [] }), ['hours.funday: not a weekday (sun, mon, tue, wed, thu, fri, sat)']);
  assert.deepEqual(checkHours({ mon: [['12:00', '08:00']] }), ['hours.mon[0]: opens at 12:00 but closes at 08:00']);
  assert.deepEqual(checkHours({ mon: [['08:00', '12:00'], ['11:00', '13:00']] }), ['hours.mon[1]: overlaps the interval before']);
  assert.deepEqual(checkHours({ mon: [['8:00', '12:00']] }), ['hours.mon[0]: must be ["HH:MM", "HH:MM"]']);
  assert.deepEqual(checkHours([]), ['hours: must be an object of weekdays']);
});
