/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, clockOf, formatDayLong, formatDayShort, formatPeriod, isDate, isoWeekday, lastMonth, lastWeek, minutesOf } from './dates.js';

test('date arithmetic is on calendar dates: no daylight-saving change moves a day', () => {
  assert.equal(addDays('2026-03-28', 1), '2026-03-29');
  assert.equal(addDays('2026-03-29', 1), '2026-03-30', 'over the spring change');
  assert.equal(addDays('2026-10-25', 1), '2026-10-26', 'over the autumn change');
  assert.equal(addDays('2026-01-01', -1), '2025-12-31');
  assert.equal(isoWeekday('2026-11-23'), 1);
  assert.equal(isoWeekday('2026-11-29'), 7);
});

test('last week is Monday to Sunday of the week before, whatever day today is', () => {
  assert.deepEqual(lastWeek('2026-11-26'), { from: '2026-11-16', to: '2026-11-22' });
  assert.deepEqual(lastWeek('2026-11-23'), { from: '2026-11-16', to: '2026-11-22' }, 'a Monday');
  assert.deepEqual(lastWeek('2026-11-29'), { from: '2026-11-16', to: '2026-11-22' }, 'a Sunday');
  assert.deepEqual(lastWeek('2027-01-02'), { from: '2026-12-21', to: '2026-12-27' });
  assert.deepEqual(lastMonth('2026-11-26'), { from: '2026-10-01', to: '2026-10-31' });
  assert.deepEqual(lastMonth('2026-03-01'), { from: '2026-02-01', to: '2026-02-28' });
  assert.deepEqual(lastMonth('2027-01-15'), { from: '2026-12-01', to: '2026-12-31' });
});

test('dates and clocks read and print as staff write them', () => {
  assert.equal(isDate('2026-02-28'), true);
  assert.equal(isDate('2026-02-30'), false);
  assert.equal(isDate('26-02-01'), false);
  assert.equal(isDate('2026-13-01'), false);
  assert.equal(minutesOf('10:15'), 615);
  assert.equal(minutesOf('24:00'), 1440);
  assert.equal(clockOf(615), '10:15');
  assert.equal(clockOf(0), '00:00');
  assert.equal(formatDayShort('2026-03-02'), 'mån 2 mars');
  assert.equal(formatDayLong('2026-03-02'), 'måndag 2 mars');
  assert.equal(formatPeriod('2026-11-25'), 'ons 25 nov.');
  assert.equal(formatPeriod('2026-W48'), 'v. 48');
  assert.equal(formatPeriod('2026-W05'), 'v. 5');
  assert.equal(formatPeriod('2026-11'), 'november 2026');
});
