import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTicketNumber, nextSequence } from './numbering.js';
import { serviceDay, assertTimeZone } from './service-day.js';

test('ticket numbers are prefix + zero-padded sequence, widening rather than wrapping', () => {
  assert.equal(formatTicketNumber('B', 42), 'B042');
  assert.equal(formatTicketNumber('A', 1), 'A001');
  assert.equal(formatTicketNumber('SK', 999), 'SK999');
  assert.equal(formatTicketNumber('A', 1000), 'A1000');
  assert.throws(() => formatTicketNumber('a', 1), /invalid ticket prefix/);
  assert.throws(() => formatTicketNumber('A', 0), /out of range/);
  assert.equal(nextSequence(0, 'B'), 1);
  assert.throws(() => nextSequence(9999, 'B'), { name: 'EntreError', code: 'ENTRE_TICKET_SEQUENCE_EXHAUSTED', message: /B9999/ });
});

const sthlm = 'Europe/Stockholm';

test('the service day turns at local midnight in the site zone, not UTC', () => {
  // 23:59:59 and 00:00:00 Stockholm time in winter (UTC+1).
  assert.equal(serviceDay(new Date('2026-11-25T22:59:59.999Z'), sthlm), '2026-11-25');
  assert.equal(serviceDay(new Date('2026-11-25T23:00:00.000Z'), sthlm), '2026-11-26');
  // Summer (UTC+2).
  assert.equal(serviceDay(new Date('2026-06-30T21:59:59Z'), sthlm), '2026-06-30');
  assert.equal(serviceDay(new Date('2026-06-30T22:00:00Z'), sthlm), '2026-07-01');
  // Another zone gives another day for the same instant.
  assert.equal(serviceDay(new Date('2026-11-25T23:30:00Z'), 'UTC'), '2026-11-25');
});

test('daylight-saving changes of 2026 keep one service day per local date', () => {
  // 29 March: 02:00 local jumps to 03:00 (a 23-hour day). 25 October: 03:00 back to 02:00 (25 hours).
  for (const [startUtc, endUtc, day] of [
    ['2026-03-28T23:00:00Z', '2026-03-29T21:59:59Z', '2026-03-29'],
    ['2026-10-24T22:00:00Z', '2026-10-25T22:59:59Z', '2026-10-25'],
  ] as const) {
    assert.equal(serviceDay(new Date(Date.parse(startUtc) - 1), sthlm) < day, true);
    for (let t = Date.parse(startUtc); t <= Date.parse(endUtc); t += 15 * 60_000) {
      assert.equal(serviceDay(new Date(t), sthlm), day, new Date(t).toISOString());
    }
    assert.equal(serviceDay(new Date(Date.parse(endUtc) + 1000), sthlm) > day, true);
  }
});

test('an unknown time zone is refused with a clear message', () => {
  assert.throws(() => assertTimeZone('Europe/Stokholm'), /unknown time zone "Europe\/Stokholm"/);
  assert.doesNotThrow(() => assertTimeZone(sthlm));
});
