import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, dayNumber, dateOfDay, easterSunday, swedishHolidays, weekdayOfDay } from './calendar.js';

test('dates are day numbers; arithmetic crosses months, leap days and DST changes by whole days', () => {
  assert.equal(dayNumber('1970-01-01'), 0);
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(addDays('2026-03-28', 1), '2026-03-29');
  assert.equal(addDays('2026-03-29', 7), '2026-04-05');
  assert.equal(addDays('2026-01-01', -1), '2025-12-31');
  assert.equal(weekdayOfDay(dayNumber('2026-03-29')), 0, 'a Sunday');
  assert.equal(weekdayOfDay(dayNumber('2026-11-25')), 3, 'a Wednesday');
  assert.equal(dateOfDay(dayNumber('2026-10-25')), '2026-10-25');
  for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '']) assert.throws(() => dayNumber(bad), RangeError, bad);
});

test('Easter Sunday for known years (incl. the earliest and latest possible dates)', () => {
  const known: Record<number, string> = { 2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05', 2027: '2027-03-28', 2038: '2038-04-25', 2285: '2285-03-22' };
  for (const [y, d] of Object.entries(known)) assert.equal(easterSunday(Number(y)), d);
});

test("Sweden's public holidays and de facto closed eves in 2026", () => {
  assert.deepEqual(swedishHolidays(2026).map((h) => `${h.date} ${h.name}`), [
    '2026-01-01 Nyårsdagen', '2026-01-06 Trettondedag jul', '2026-04-03 Långfredagen', '2026-04-05 Påskdagen',
    '2026-04-06 Annandag påsk', '2026-05-01 Första maj', '2026-05-14 Kristi himmelsfärdsdag', '2026-05-24 Pingstdagen',
    '2026-06-06 Sveriges nationaldag', '2026-06-19 Midsommarafton', '2026-06-20 Midsommardagen', '2026-10-31 Alla helgons dag',
    '2026-12-24 Julafton', '2026-12-25 Juldagen', '2026-12-26 Annandag jul', '2026-12-31 Nyårsafton',
  ]);
  // Midsommarafton is the Friday in 19–25 June; Alla helgons dag the Saturday in 31 Oct – 6 Nov.
  assert.ok(swedishHolidays(2025).some((h) => h.date === '2025-06-20' && h.name === 'Midsommarafton'));
  assert.ok(swedishHolidays(2025).some((h) => h.date === '2025-11-01' && h.name === 'Alla helgons dag'));
});
