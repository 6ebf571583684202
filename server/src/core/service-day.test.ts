import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nextDay, nextServiceDayStart, serviceDay, serviceDayStart } from './service-day.js';
import { dayCloseAction, OPEN_STATES } from './day-close.js';
import { CONTACT_STATES, FINAL_STATES } from './lifecycle/machine.js';

const TZ = 'Europe/Stockholm';
const iso = (d: Date) => d.toISOString();

test('the next service day starts at the next local midnight, on ordinary and DST nights', () => {
  assert.equal(iso(nextServiceDayStart(new Date('2026-03-10T15:00:00Z'), TZ)), '2026-03-10T23:00:00.000Z'); // CET
  assert.equal(iso(nextServiceDayStart(new Date('2026-07-01T12:00:00Z'), TZ)), '2026-07-01T22:00:00.000Z'); // CEST
  // Autumn: 2026-10-25 has 25 hours (03:00 CEST → 02:00 CET); its midnights are 22:00Z and 23:00Z.
  assert.equal(iso(nextServiceDayStart(new Date('2026-10-24T14:00:00Z'), TZ)), '2026-10-24T22:00:00.000Z');
  assert.equal(iso(nextServiceDayStart(new Date('2026-10-24T22:00:00Z'), TZ)), '2026-10-25T23:00:00.000Z');
  assert.equal(nextServiceDayStart(new Date('2026-10-24T22:00:00Z'), TZ).getTime() - Date.parse('2026-10-24T22:00:00Z'), 25 * 3600_000);
  // Spring: 2026-03-29 has 23 hours.
  assert.equal(iso(nextServiceDayStart(new Date('2026-03-28T23:00:00Z'), TZ)), '2026-03-29T22:00:00.000Z');
  // One millisecond before midnight the next day is a millisecond away.
  assert.equal(iso(nextServiceDayStart(new Date('2026-10-24T21:59:59.999Z'), TZ)), '2026-10-24T22:00:00.000Z');
});

test('a day whose midnight a DST change skips starts at its first instant', () => {
  // Chile moves 00:00 → 01:00 on 2026-09-06: the day begins at 01:00 -03 = 04:00Z.
  const start = serviceDayStart('2026-09-06', 'America/Santiago');
  assert.equal(iso(start), '2026-09-06T04:00:00.000Z');
  assert.equal(serviceDay(start, 'America/Santiago'), '2026-09-06');
  assert.equal(serviceDay(new Date(start.getTime() - 1), 'America/Santiago'), '2026-09-05');
  assert.equal(iso(serviceDayStart('2026-01-01', 'Pacific/Kiritimati')), '2025-12-31T10:00:00.000Z'); // UTC+14
});

test('the remembered day is the calendar\'s: any instants, in any order, in zones with DST at 02:00, at midnight and a skipped day', () => {
  // ICU asked afresh each time, as serviceDay did before it remembered the day.
  const fresh = (t: number, zone: string) => {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(t));
    const get = (type: string) => parts.find((p) => p.type === type)!.value;
    return `${get('year')}-${get('month')}-${get('day')}`;
  };
  const zones = ['Europe/Stockholm', 'America/Santiago', 'America/Havana', 'Pacific/Apia', 'Asia/Kolkata', 'UTC'];
  // Steps of a millisecond to days around DST nights and midnights, back and forth, so the
  // remembered day's bounds are crossed by a millisecond as often as by a long way.
  const around = [Date.parse('2026-03-29T00:59:59Z'), Date.parse('2026-10-24T22:00:00Z'), Date.parse('2026-09-06T04:00:00Z'),
    Date.parse('2026-03-08T05:00:00Z'), Date.parse('2011-12-30T10:00:00Z'), Date.parse('2026-11-25T23:00:00Z')];
  const step = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -7_200_000, max: 7_200_000 }), fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }));
  fc.assert(fc.property(fc.constantFrom(...zones), fc.constantFrom(...around), fc.array(step, { minLength: 1, maxLength: 60 }), (zone, start, steps) => {
    let t = start;
    for (const d of steps) {
      t += d;
      assert.equal(serviceDay(new Date(t), zone), fresh(t, zone), `${new Date(t).toISOString()} in ${zone}`);
    }
  }), { numRuns: 300, seed: 20261126 });
  assert.throws(() => serviceDay(new Date(NaN), TZ), RangeError, 'an invalid date is refused as before');
});

test('nextDay follows the calendar across months, years and leap days', () => {
  assert.equal(nextDay('2026-10-31'), '2026-11-01');
  assert.equal(nextDay('2026-12-31'), '2027-01-01');
  assert.equal(nextDay('2028-02-28'), '2028-02-29');
});

test('the day close ends every open state by a transition the machine allows, and nothing final', () => {
  assert.deepEqual([...OPEN_STATES], CONTACT_STATES.filter((s) => !FINAL_STATES.includes(s)));
  assert.deepEqual(OPEN_STATES.map(dayCloseAction), ['abandon', 'no_show', 'finish', 'finish']);
  for (const s of FINAL_STATES) assert.equal(dayCloseAction(s), null);
});
