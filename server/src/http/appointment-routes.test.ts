import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Appointment, CheckInResponse, Ticket } from '@entre/protocol';
import { signIn, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';

async function setup(t: import('node:test').TestContext, start = '2026-11-25T08:00:00Z') {
  const clock = manualClock(start);
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const reception = await signIn(app, 'reception');
  const book = async (payload: object, cookie = reception) => app.http.inject({ method: 'POST', url: '/api/v1/appointments', payload, headers: { cookie } });
  const checkIn = async (code: string, language = 'sv') => app.http.inject({ method: 'POST', url: '/api/v1/kiosks/kiosk-1/check-in', payload: { code, language } });
  return { app, clock, reception, book, checkIn };
}

test('reception books a time and gets a six-digit code; only reception may book', async (t) => {
  const { app, book } = await setup(t);
  const res = await book({ service: 'bygglov', startsAt: '2026-11-25T10:00:00Z', language: 'ar' });
  assert.equal(res.statusCode, 201);
  const booked = res.json() as Appointment;
  assert.match(booked.code, /^\d{6}$/);
  assert.deepEqual({ state: booked.state, from: booked.checkInFrom, until: booked.checkInUntil, language: booked.language },
    { state: 'booked', from: '2026-11-25T09:00:00.000Z', until: '2026-11-25T10:15:00.000Z', language: 'ar' });
  assert.equal((await book({ service: 'bygglov', startsAt: '2026-11-25T10:00:00Z' }, await signIn(app, 'anna'))).statusCode, 403);
  assert.equal((await app.http.inject({ method: 'POST', url: '/api/v1/appointments', payload: { service: 'bygglov', startsAt: '2026-11-25T10:00:00Z' } })).statusCode, 401);
  assert.equal((await book({ service: 'hundskatt', startsAt: '2026-11-25T10:00:00Z' })).statusCode, 422);
  assert.equal((await book({ service: 'bygglov', startsAt: '2026-11-24T10:00:00Z' })).statusCode, 400, 'not in the past');
  assert.equal((await book({ service: 'bygglov', startsAt: 'tomorrow' })).statusCode, 400);
  assert.equal((await book({ service: 'bygglov', startsAt: '2026-11-25T10:00:00Z', name: 'Anna Andersson' })).statusCode, 400, 'no names');
});

test('the kiosk checks a booked visitor in by code: too early says when, in the window gives an appointment ticket, twice gives the same', async (t) => {
  const { app, clock, book, checkIn } = await setup(t);
  const booked = (await book({ service: 'bygglov', startsAt: '2026-11-25T10:00:00Z', language: 'ar' })).json() as Appointment;

  const early = await checkIn(booked.code, 'ar');
  assert.equal(early.statusCode, 200);
  assert.deepEqual(early.json(), { result: 'too_early', startsAt: '2026-11-25T10:00:00.000Z', checkInFrom: '2026-11-25T09:00:00.000Z' } satisfies CheckInResponse);

  clock.set('2026-11-25T09:40:00Z');
  const first = (await checkIn(booked.code, 'ar')).json() as CheckInResponse;
  assert.equal(first.result, 'checked_in');
  const ticket = first.ticket!;
  assert.match(ticket.number, /^B\d{3}$/);
  assert.equal(ticket.language, 'ar');
  assert.deepEqual(app.db.prepare('SELECT priority, appointment_at FROM contacts WHERE id = ?').get(ticket.id), { priority: 'appointment', appointment_at: '2026-11-25T10:00:00.000Z' });

  const again = (await checkIn(booked.code, 'ar')).json() as CheckInResponse;
  assert.equal(again.ticket?.id, ticket.id, 'a double touch gets the same ticket');
  assert.equal((app.db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n, 1);
  const listed = (await app.http.inject({ url: '/api/v1/appointments', headers: { cookie: await signIn(app, 'anna') } })).json() as { appointments: Appointment[] };
  assert.deepEqual(listed.appointments.map((a) => [a.state, a.ticket?.number]), [['checked_in', ticket.number]]);
});

test('a booked visitor checks in even when the errand is closed; the routing calls them around their time', async (t) => {
  // Budget counselling is closed on Wednesdays; the booking is what counts.
  const { book, checkIn } = await setup(t);
  const booked = (await book({ service: 'budget', startsAt: '2026-11-25T08:30:00Z' })).json() as Appointment;
  const res = (await checkIn(booked.code)).json() as CheckInResponse;
  assert.equal(res.result, 'checked_in');
});

test('unknown, cancelled and missed codes are refused with what to do; a malformed code is 400', async (t) => {
  const { app, clock, book, checkIn, reception } = await setup(t);
  const unknown = await checkIn('000000');
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().code, 'ENTRE_APPOINTMENT_NOT_FOUND');
  assert.equal((await checkIn('12ab56')).statusCode, 400);

  const cancelled = (await book({ service: 'allmant', startsAt: '2026-11-25T08:30:00Z' })).json() as Appointment;
  const c = await app.http.inject({ method: 'POST', url: `/api/v1/appointments/${cancelled.id}/cancel`, payload: {}, headers: { cookie: reception } });
  assert.equal(c.json().state, 'cancelled');
  assert.equal((await checkIn(cancelled.code)).statusCode, 404);

  const missed = (await book({ service: 'allmant', startsAt: '2026-11-25T08:30:00Z' })).json() as Appointment;
  clock.set('2026-11-25T08:46:00Z');
  const late = await checkIn(missed.code);
  assert.equal(late.statusCode, 409);
  assert.equal(late.json().code, 'ENTRE_APPOINTMENT_MISSED');
  assert.equal((app.db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n, 0, 'nothing issued');
});

test('the day\'s list is by the site\'s local day, across midnight UTC', async (t) => {
  const { app, book } = await setup(t, '2026-11-25T08:00:00Z');
  // 23:30 local on the 25th is 22:30Z; 00:30 local on the 26th is 23:30Z the 25th.
  await book({ service: 'allmant', startsAt: '2026-11-25T22:30:00Z' });
  await book({ service: 'allmant', startsAt: '2026-11-25T23:30:00Z' });
  const cookie = await signIn(app, 'reception');
  const day = async (d: string) => ((await app.http.inject({ url: `/api/v1/appointments?day=${d}`, headers: { cookie } })).json() as { appointments: Appointment[] }).appointments.map((a) => a.startsAt);
  assert.deepEqual(await day('2026-11-25'), ['2026-11-25T22:30:00.000Z']);
  assert.deepEqual(await day('2026-11-26'), ['2026-11-25T23:30:00.000Z']);
});
