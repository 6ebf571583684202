import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checker, ShiftList, StaffingAdvice, StaffingPlan, type StaffingAdvice as AdviceT, type StaffingPlan as PlanT } from '@entre/protocol';
import { signIn, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';

type App = Awaited<ReturnType<typeof tempApp>>['app'];

/**
 * Today is Wednesday 25 November 2026, 08:05 in Stockholm (UTC+1). Each of the 16 Wednesdays
 * before it had 10 calls about allmänna frågor between 09:00 and 09:15, each handled in 180 s:
 * a flat history forecasts 10 for today's 09:00 interval, and 160 finished calls give a
 * measured handle time of 180 s. The target is set to 80 % within 20 s (hand-checked in
 * core/staffing/plan.test.ts: A = 2 Erlangs needs 4 on the line).
 */
async function center(t: { after(fn: () => Promise<void>): void }) {
  const clock = manualClock('2026-11-25T07:05:00.000Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const insert = app.db.prepare(`INSERT INTO contacts (id, site_id, channel, service_id, service_day, language, state, issued_at, queued_at, called_at, ended_at, outcome)
    VALUES (@id, 'demo', 'phone', 'allmant', @day, 'sv', 'done', @at, @at, @called, @ended, 'resolved')`);
  for (let w = 1; w <= 16; w++) {
    const day = new Date(Date.UTC(2026, 10, 25 - 7 * w)).toISOString().slice(0, 10);
    // 09:00 local is 08:00Z in winter and 07:00Z in summer (before 25 October).
    const offset = day >= '2026-10-25' ? 8 : 7;
    for (let i = 0; i < 10; i++) {
      const at = new Date(`${day}T0${offset}:0${i % 10}:00.000Z`);
      insert.run({ id: `h-${w}-${i}`, day, at: at.toISOString(), called: new Date(at.getTime() + 10_000).toISOString(), ended: new Date(at.getTime() + 190_000).toISOString() });
    }
  }
  app.db.prepare("UPDATE services SET sl_target_seconds = 20, sl_target_fraction = 0.8 WHERE id = 'allmant'").run();
  return { app, clock };
}

async function call(app: App, method: 'GET' | 'PUT', url: string, body?: unknown, user = 'chef') {
  const res = await app.http.inject({ method, url, headers: { cookie: await signIn(app, user) }, ...(body !== undefined ? { payload: body as object } : {}) });
  return { status: res.statusCode, body: res.headers['content-type']?.toString().includes('json') ? (res.json() as any) : res.body, headers: res.headers };
}

test('the plan: forecast → Erlang need per interval → the rota\'s coverage and the gap, as JSON and CSV', async (t) => {
  const { app } = await center(t);
  const res = await call(app, 'GET', '/api/v1/staffing/plan?days=7');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const plan = res.body as PlanT;
  assert.ok(checker(StaffingPlan)(plan).ok, 'matches its schema');
  assert.deepEqual(plan.days.map((d) => d.date), ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']);
  assert.deepEqual(plan.handleTimes, [{ service: 'allmant', channel: 'phone', seconds: 180, fromHistory: true }]);
  const nine = plan.days[0]!.intervals.find((i) => i.start === '09:00')!;
  // On the rota at 09:00 on a Wednesday: anna (phone, chat), maria (phone, e-mail), erik, amir (phone): 4, all with allmant.
  // Need 4 on the line, ⌈4 ÷ 0.7⌉ = 6 scheduled: 4 cover, 2 missing.
  assert.deepEqual({ forecast: nine.forecast, scheduled: nine.scheduled, required: nine.required, requiredScheduled: nine.requiredScheduled, covered: nine.covered, gap: nine.gap },
    { forecast: 10, scheduled: 4, required: 4, requiredScheduled: 6, covered: 4, gap: 2 });
  assert.deepEqual(nine.queues.map((q) => [q.service, q.channel, q.trafficErlangs]), [['allmant', 'phone', 2]]);
  assert.equal(plan.days[0]!.worstGap, 2);
  // The interval going on now carries who is signed in (nobody yet); 08:00 is on the rota, with nothing forecast.
  const eight = plan.days[0]!.intervals.find((i) => i.start === '08:00')!;
  assert.deepEqual([eight.signedIn, eight.forecast, eight.required, eight.scheduled], [0, 0, 0, 4]);
  // Saturday: nobody on the rota and nothing forecast: no intervals.
  assert.deepEqual(plan.days[3]!.intervals, []);

  const csv = await call(app, 'GET', '/api/v1/staffing/plan?days=1&format=csv');
  assert.equal(csv.status, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  assert.match(String(csv.headers['content-disposition']), /attachment; filename="entre-bemanning_demo_2026-11-25_1d\.csv"/);
  const lines = String(csv.body).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  assert.equal(lines[0], 'date,start,service,channel,forecast,trafficErlangs,required,requiredScheduled,covered,gap,serviceLevel,scheduledInInterval');
  assert.ok(lines.includes('2026-11-25,09:00,allmant,phone,10,2,4,6,4,2,0,4'), lines.join('\n'));

  // No shrinkage: 4 scheduled cover the 4 needed.
  const settings = await call(app, 'PUT', '/api/v1/staffing/settings', { shrinkage: 0, patienceSeconds: { phone: 180, chat: 300 }, ahtSeconds: { visit: 420, phone: 240, chat: 480, email: 600 } });
  assert.equal(settings.status, 200, JSON.stringify(settings.body));
  const after = (await call(app, 'GET', '/api/v1/staffing/plan?days=1')).body as PlanT;
  const nineAfter = after.days[0]!.intervals.find((i) => i.start === '09:00')!;
  assert.deepEqual([nineAfter.requiredScheduled, nineAfter.covered, nineAfter.gap], [4, 4, 0]);
  assert.equal((app.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'staffing.settings'").get() as { n: number }).n, 1);
});

test('the rota: read, replaced per agent, and a week that does not add up is refused whole', async (t) => {
  const { app } = await center(t);
  const list = await call(app, 'GET', '/api/v1/staffing/shifts');
  assert.equal(list.status, 200);
  assert.ok(checker(ShiftList)(list.body).ok);
  const anna = list.body.agents.find((a: { agent: string }) => a.agent === 'anna');
  assert.deepEqual(anna.shifts.filter((s: { weekday: number }) => s.weekday === 3), [
    { weekday: 3, starts: '08:00', ends: '10:00', channels: ['phone', 'chat'] },
    { weekday: 3, starts: '10:00', ends: '16:30', channels: ['visit'] },
  ]);
  const overlapping = await call(app, 'PUT', '/api/v1/staffing/shifts/anna', { shifts: [{ weekday: 3, starts: '08:00', ends: '12:00' }, { weekday: 3, starts: '11:00', ends: '15:00' }] });
  assert.equal(overlapping.status, 400);
  assert.match(overlapping.body.detail, /\/shifts\/1\/starts overlaps the shift 08:00–12:00/);
  const backwards = await call(app, 'PUT', '/api/v1/staffing/shifts/anna', { shifts: [{ weekday: 3, starts: '12:00', ends: '09:00' }] });
  assert.equal(backwards.status, 400);
  assert.equal((await call(app, 'GET', '/api/v1/staffing/shifts')).body.agents.find((a: { agent: string }) => a.agent === 'anna').shifts.length, 10, 'nothing half-written');
  const put = await call(app, 'PUT', '/api/v1/staffing/shifts/anna', { shifts: [{ weekday: 3, starts: '09:00', ends: '12:00', channels: ['phone'] }] });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.deepEqual(put.body.shifts, [{ weekday: 3, starts: '09:00', ends: '12:00', channels: ['phone'] }]);
  assert.equal((await call(app, 'PUT', '/api/v1/staffing/shifts/nobody', { shifts: [] })).status, 404);
});

test('live advice: a short phone queue gets the agents who can be spared from the counters, by name', async (t) => {
  const { app, clock } = await center(t);
  clock.set('2026-11-25T08:05:00.000Z'); // 09:05: the busy interval
  // Anna on the phone; Hassan and Maria seated at counters with nobody in the lobby; Leyla paused.
  const set = app.db.prepare('UPDATE agents SET state = ?, service_point_id = ? WHERE id = ?');
  set.run('available', null, 'anna');
  set.run('available', 'disk-4', 'hassan');
  set.run('available', 'disk-3', 'maria');
  set.run('paused', null, 'leyla');
  for (let i = 0; i < 3; i++) app.contacts.create('demo', { channel: 'phone', service: 'allmant', language: 'sv', externalRef: `pbx-${i}` }, { actor: 'test' });
  const res = await call(app, 'GET', '/api/v1/staffing/advice');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const advice = res.body as AdviceT;
  assert.ok(checker(StaffingAdvice)(advice).ok);
  assert.equal(advice.interval, '09:00');
  const phone = advice.risks.find((r) => r.service === 'allmant' && r.channel === 'phone')!;
  assert.ok(phone, JSON.stringify(advice.risks));
  assert.deepEqual([phone.serviceName, phone.waiting, phone.forecast, phone.covered, phone.reasons], ['Allmänna frågor', 3, 10, 1, ['short']]);
  assert.ok(phone.required >= 3, `13 calls at 180 s need more than one agent (${phone.required})`);
  // Both counter agents can take the phone (they have the skill and the channel); Leyla is paused.
  assert.deepEqual(phone.moves.map((m) => [m.to, m.from, m.agents.map((a) => a.id).sort()]), [['phone', ['visit'], ['hassan', 'maria']]]);
  assert.equal(phone.stillMissing, phone.required - 3);
});

test('only a manager (or admin) sees the plan; bad parameters name themselves', async (t) => {
  const { app } = await center(t);
  for (const url of ['/api/v1/staffing/plan', '/api/v1/staffing/advice', '/api/v1/staffing/shifts', '/api/v1/staffing/settings']) {
    assert.equal((await call(app, 'GET', url, undefined, 'disk')).status, 403, url);
    assert.equal((await call(app, 'GET', url, undefined, 'admin')).status, 200, url);
  }
  const past = await call(app, 'GET', '/api/v1/staffing/plan?from=2026-11-01');
  assert.equal(past.status, 400);
  assert.match(past.body.detail, /^from: /);
  assert.equal((await call(app, 'GET', '/api/v1/staffing/plan?days=15')).status, 400);
  const shrink = await call(app, 'PUT', '/api/v1/staffing/settings', { shrinkage: 1.5, patienceSeconds: { phone: 180, chat: 300 }, ahtSeconds: { visit: 420, phone: 240, chat: 480, email: 600 } });
  assert.equal(shrink.status, 400);
  assert.match(JSON.stringify(shrink.body), /shrinkage/);
});
