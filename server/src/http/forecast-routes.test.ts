import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checker, Forecast, type Forecast as ForecastT } from '@entre/protocol';
import { signIn, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';

type App = Awaited<ReturnType<typeof tempApp>>['app'];
const checkForecast = checker(Forecast);

let seq = 0;
/** Stored contacts as the stores write them: issued_at in UTC, service_day the Stockholm date. */
function contacts(app: App, n: number, c: { at: string; day: string; service?: string; channel?: string; state?: string }) {
  const insert = app.db.prepare(`INSERT INTO contacts (id, site_id, channel, service_id, service_day, language, state, issued_at, queued_at)
    VALUES (@id, 'demo', @channel, @service, @day, 'sv', @state, @at, @at)`);
  for (let i = 0; i < n; i++) {
    insert.run({ id: `fc-${++seq}`, channel: c.channel ?? 'phone', service: c.service ?? 'allmant', day: c.day, state: c.state ?? 'done', at: c.at });
  }
}

/**
 * Today is Wednesday 4 February 2026 (CET, UTC+1); the history starts on Wednesday 21 January,
 * so the profile has at most two same weekdays, weighted 1 (newest) and 0.8, and there is no
 * older window for a trend (1). Slots: 36 = 09:00, 40 = 10:00, 54 = 13:30, 94 = 23:30, 0 = 00:00.
 */
async function withHistory(t: { after(fn: () => Promise<void>): void }) {
  const clock = manualClock('2026-02-04T10:00:00.000Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  contacts(app, 10, { at: '2026-01-21T08:05:00.000Z', day: '2026-01-21' }); // Wed 09:05
  contacts(app, 1, { at: '2026-01-28T08:14:59.000Z', day: '2026-01-28' }); // Wed 09:14
  contacts(app, 1, { at: '2026-01-28T08:10:00.000Z', day: '2026-01-28', state: 'cancelled' }); // withdrawn: not an arrival
  contacts(app, 8, { at: '2026-01-23T09:00:00.000Z', day: '2026-01-23' }); // Fri 10:00, a special day
  contacts(app, 2, { at: '2026-01-30T09:10:00.000Z', day: '2026-01-30' }); // Fri 10:10
  contacts(app, 3, { at: '2026-01-27T12:30:00.000Z', day: '2026-01-27', service: 'skola', channel: 'visit' }); // Tue 13:30
  contacts(app, 1, { at: '2026-01-27T22:30:00.000Z', day: '2026-01-27', channel: 'email' }); // Tue 23:30
  contacts(app, 1, { at: '2026-01-27T23:10:00.000Z', day: '2026-01-28', channel: 'email' }); // Wed 00:10 local
  const special = app.db.prepare('INSERT INTO special_days (site_id, date, factor, closed, note) VALUES (?, ?, ?, ?, ?)');
  special.run('demo', '2026-01-23', 2, 0, 'sista dag för skolval');
  special.run('demo', '2026-02-06', 1.5, 0, 'lönehelg');
  return app;
}

async function get(app: App, url: string, user = 'chef') {
  const res = await app.http.inject({ method: 'GET', url, headers: { cookie: await signIn(app, user) } });
  return { status: res.statusCode, body: res.json() as Record<string, any>, headers: res.headers };
}

test('the forecast for the next 7 days per service, channel and interval, with its backtest (hand-checked)', async (t) => {
  const app = await withHistory(t);
  const res = await get(app, '/api/v1/forecast');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.headers['cache-control'], 'no-store');
  const f = res.body as ForecastT;
  assert.ok(checkForecast(f).ok, 'the answer matches its schema');
  assert.deepEqual(f.dates, ['2026-02-04', '2026-02-05', '2026-02-06', '2026-02-07', '2026-02-08', '2026-02-09', '2026-02-10']);
  assert.deepEqual(f.history, { from: '2026-01-21', to: '2026-02-03' });
  assert.equal(f.timeZone, 'Europe/Stockholm');
  assert.deepEqual(f.specialDays, [{ date: '2026-02-06', factor: 1.5, closed: false, note: 'lönehelg' }]);
  assert.deepEqual([...new Set(f.series.map((s) => `${s.service}/${s.channel}`))], ['allmant/phone', 'allmant/email', 'skola/visit']);
  assert.equal(f.series.length, 3 * 7);

  const day = (service: string, channel: string, date: string) => f.series.find((s) => s.service === service && s.channel === channel && s.date === date)!;
  const nonZero = (s: ForecastT['series'][number]) => Object.fromEntries(s.intervals.flatMap((x, i) => (x ? [[i, x]] : [])));
  // Wednesday: (1 × 1 + 10 × 0.8) ÷ 1.8 = 5 at 09:00 (the cancelled contact does not count).
  assert.deepEqual(nonZero(day('allmant', 'phone', '2026-02-04')), { 36: 5 });
  assert.equal(day('allmant', 'phone', '2026-02-04').total, 5);
  assert.equal(day('allmant', 'phone', '2026-02-04').trend, 1);
  assert.equal(day('allmant', 'phone', '2026-02-05').total, 0, 'Thursdays had no calls');
  // Friday: 23 January is special, so only the 30th's 2 count, × 1.5 for 6 February.
  assert.deepEqual(nonZero(day('allmant', 'phone', '2026-02-06')), { 40: 3 });
  // Tuesday 10 February: Tuesday 3 February had nothing (weight 1), 27 January 3 (weight 0.8): 2.4 ÷ 1.8.
  assert.deepEqual(nonZero(day('skola', 'visit', '2026-02-10')), { 54: 1.33 });
  // E-mail at local 23:30 on the 27th and 00:10 on the 28th, though both were the 27th in UTC.
  assert.deepEqual(nonZero(day('allmant', 'email', '2026-02-04')), { 0: 0.56 });
  assert.deepEqual(nonZero(day('allmant', 'email', '2026-02-10')), { 94: 0.44 });

  // Backtest: one week (28 Jan – 3 Feb) could be forecast from the week before. Errors:
  // phone Wed 09:00 F 10 A 1; phone Fri 10:00 F 0 A 2 (the 23rd is out); e-mail Wed 00:00 F 0 A 1;
  // e-mail Tue 23:30 F 1 A 0; visit Tue 13:30 F 3 A 0. Σ|e| = 16, Σ A = 4.
  assert.deepEqual(f.backtest, { weeks: 1, from: '2026-01-28', to: '2026-02-03', mape: (9 + 1 + 1) / 3, wape: 4, daily: { mape: (9 + 1 + 1) / 3, wape: 4 } });
});

test('service and channel narrow the series and the backtest', async (t) => {
  const app = await withHistory(t);
  const phone = (await get(app, '/api/v1/forecast?channel=phone&days=2')).body as ForecastT;
  assert.deepEqual(phone.series.map((s) => `${s.service}/${s.channel}/${s.date}/${s.total}`), ['allmant/phone/2026-02-04/5', 'allmant/phone/2026-02-05/0']);
  assert.deepEqual(phone.specialDays, []);
  // Phone only: Σ|e| = 9 + 2 over Σ A = 1 + 2.
  assert.equal(phone.backtest.wape, 11 / 3);
  assert.equal(phone.backtest.mape, (9 + 1) / 2);
  const skola = (await get(app, '/api/v1/forecast?service=skola&days=28')).body as ForecastT;
  assert.equal(skola.dates.length, 28);
  assert.ok(skola.series.every((s) => s.service === 'skola' && s.channel === 'visit'));
  // Visits: forecast 3 where none came: a WAPE needs arrivals, so there is none (absent, not 0).
  assert.deepEqual(skola.backtest, { weeks: 1, from: '2026-01-28', to: '2026-02-03', daily: {} });
  const none = (await get(app, '/api/v1/forecast?service=bygglov')).body as ForecastT;
  assert.deepEqual(none.series, [], 'a service without history has no series');
});

test('a site without history answers an empty forecast, and public holidays are closed days', async (t) => {
  const clock = manualClock('2026-04-01T10:00:00.000Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const f = (await get(app, '/api/v1/forecast')).body as ForecastT;
  assert.ok(checkForecast(f).ok);
  assert.deepEqual(f.history, { to: '2026-03-31' });
  assert.deepEqual(f.series, []);
  assert.deepEqual(f.backtest, { weeks: 0, daily: {} });
  assert.deepEqual(f.specialDays.map((s) => `${s.date} ${s.note} ${s.closed}`), ['2026-04-03 Långfredagen true', '2026-04-05 Påskdagen true', '2026-04-06 Annandag påsk true']);
});

test('only managers (and admins) may read the forecast', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  assert.equal((await app.http.inject({ method: 'GET', url: '/api/v1/forecast' })).statusCode, 401);
  const counter = await get(app, '/api/v1/forecast', 'disk');
  assert.equal(counter.status, 403);
  assert.equal(counter.body.code, 'ENTRE_FORBIDDEN');
  assert.equal((await get(app, '/api/v1/forecast', 'reception')).status, 403);
  assert.equal((await get(app, '/api/v1/forecast', 'chef')).status, 200);
  assert.equal((await get(app, '/api/v1/forecast', 'admin')).status, 200);
});

test('bad parameters answer 400 problem+json naming the parameter; an unknown service 422', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  for (const [query, name] of [['days=0', 'days'], ['days=29', 'days'], ['days=seven', 'days'], ['days=', 'days'], ['channel=fax', 'channel'], ['service=Bygglov!', 'service']] as const) {
    const res = await get(app, `/api/v1/forecast?${query}`);
    assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal(res.body.code, 'ENTRE_VALIDATION', query);
    assert.match(res.body.detail, new RegExp(name), `${query} names ${name}: ${res.body.detail}`);
  }
  // An unknown parameter is refused too (the shared checker reports it without its name).
  const extra = await get(app, '/api/v1/forecast?weeks=3');
  assert.equal(extra.status, 400);
  assert.equal(extra.body.code, 'ENTRE_VALIDATION');
  const unknown = await get(app, '/api/v1/forecast?service=hundskatt');
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.code, 'ENTRE_UNKNOWN_SERVICE');
  assert.match(unknown.body.detail, /service.*hundskatt/);
});

test('the manager keeps special days: set, listed, used by the forecast, removed; all audited, bad dates named', async (t) => {
  const app = await withHistory(t);
  const cookie = await signIn(app, 'chef');
  const send = (method: 'PUT' | 'DELETE', date: string, payload?: object) =>
    app.http.inject({ method, url: `/api/v1/forecast/special-days/${date}`, headers: { cookie }, ...(payload ? { payload } : {}) });
  const put = await send('PUT', '2026-02-05', { factor: 2, closed: false, note: 'sista dag för skolval' });
  assert.equal(put.statusCode, 200, put.body);
  const list = await get(app, '/api/v1/forecast/special-days');
  // The one in the past (2026-01-23) is history; from today on: the seeded 6 February and the new one.
  assert.deepEqual(list.body.specialDays, [
    { date: '2026-02-05', factor: 2, closed: false, note: 'sista dag för skolval' },
    { date: '2026-02-06', factor: 1.5, closed: false, note: 'lönehelg' },
  ]);
  const f = (await get(app, '/api/v1/forecast')).body as ForecastT;
  assert.deepEqual(f.specialDays.map((d) => d.date), ['2026-02-05', '2026-02-06']);
  assert.equal((await send('DELETE', '2026-02-05')).statusCode, 204);
  assert.equal((await send('DELETE', '2026-02-05')).statusCode, 404);
  assert.equal((await send('PUT', '2026-02-30', { factor: 1, closed: true })).statusCode, 400, 'no such date');
  assert.equal((await send('PUT', '2026-02-07', { factor: -1, closed: false })).statusCode, 400);
  const audit = app.db.prepare("SELECT action, target FROM audit_log WHERE action LIKE 'forecast.%' ORDER BY id").all();
  assert.deepEqual(audit, [{ action: 'forecast.special_day', target: '2026-02-05' }, { action: 'forecast.special_day.delete', target: '2026-02-05' }]);
  const counter = await app.http.inject({ method: 'PUT', url: '/api/v1/forecast/special-days/2026-02-07', headers: { cookie: await signIn(app, 'disk') }, payload: { factor: 1, closed: true } });
  assert.equal(counter.statusCode, 403);
});
