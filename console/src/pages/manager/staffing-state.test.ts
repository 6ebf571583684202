/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttp } from '@entre/web-common/http';
import type { Timers } from '@entre/web-common/timers';
import type { Forecast, ShiftList, StaffingAdvice, StaffingPlan } from '@entre/protocol';
import { createStaffingState, PLAN_REFRESH_MS } from './staffing-state.js';
import { createAdviceState, ADVICE_REFRESH_MS } from './advice-state.js';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' } });

const plan = (gap: number): StaffingPlan => ({
  site: 'demo', at: '2026-11-30T07:00:00.000Z', timeZone: 'Europe/Stockholm',
  settings: { shrinkage: 0.3, patienceSeconds: { phone: 180, chat: 300 }, ahtSeconds: { visit: 420, phone: 240, chat: 480, email: 600 } },
  handleTimes: [{ service: 'bygglov', channel: 'visit', seconds: 600, fromHistory: true }],
  forecastWape: 0.18,
  days: ['2026-11-30', '2026-12-01'].map((date) => ({
    date, closed: false, gapQuarters: gap, worstGap: gap,
    intervals: [{
      start: '08:00', forecast: 3, required: 2, requiredScheduled: 3, scheduled: 1, covered: 3 - gap, gap,
      queues: [{ service: 'bygglov', channel: 'visit', forecast: 3, trafficErlangs: 2, required: 2, requiredScheduled: 3, covered: 3 - gap, gap, serviceLevel: 0.5 }],
    }],
  })),
});
const forecast: Forecast = {
  site: 'demo', at: '2026-11-30T07:00:00.000Z', timeZone: 'Europe/Stockholm', intervalMinutes: 15, dates: ['2026-11-30'],
  history: { from: '2026-10-05', to: '2026-11-29' }, specialDays: [], series: [],
  backtest: { weeks: 4, from: '2026-11-02', to: '2026-11-29', mape: 0.25, wape: 0.18, daily: { mape: 0.08, wape: 0.07 } },
};
const shifts: ShiftList = { agents: [{ agent: 'anna', name: 'Anna', shifts: [{ weekday: 1, starts: '08:00', ends: '16:00' }] }] };

/** Timers that run the one pending timeout only when told. */
function manualTimers(expectMs: number) {
  let tick: (() => void) | null = null;
  const timers: Timers = {
    setTimeout: (fn, ms) => { assert.equal(ms, expectMs); tick = fn; return 1; },
    clearTimeout: () => { tick = null; }, now: () => 0,
    setInterval: () => { throw new Error('not used'); }, clearInterval: () => {},
  };
  return { timers, fire: () => tick?.(), pending: () => tick !== null };
}

test('the plan, the backtest and the rota are read on opening; then only the plan, every minute', async () => {
  const asked: string[] = [];
  let gap = 2;
  const fetch = (async (url: string) => {
    asked.push(url);
    if (url.startsWith('/api/v1/staffing/plan')) return json(plan(gap));
    if (url.startsWith('/api/v1/forecast')) return json(forecast);
    if (url === '/api/v1/staffing/shifts') return json(shifts);
    return json({ type: 'about:blank', title: 'Not Found', status: 404, code: 'ENTRE_NOT_FOUND' }, 404);
  }) as unknown as typeof globalThis.fetch;
  const clock = manualTimers(PLAN_REFRESH_MS);
  const state = createStaffingState(createHttp({ fetch }), clock.timers);
  state.start();
  await state.refresh();
  assert.deepEqual(asked.sort(), ['/api/v1/forecast?days=1', '/api/v1/staffing/plan?days=7', '/api/v1/staffing/shifts']);
  assert.equal(state.day.value?.date, '2026-11-30', 'today first');
  assert.equal(state.day.value?.gapQuarters, 2);
  assert.equal(state.csvUrl.value, '/api/v1/staffing/plan?from=2026-11-30&days=7&format=csv');
  assert.equal(state.forecast.value?.backtest.mape, 0.25);
  assert.equal(state.shifts.value?.agents[0]?.name, 'Anna');

  state.selectDay('2026-12-01');
  assert.equal(state.day.value?.date, '2026-12-01');
  state.selectDay('1999-01-01');
  assert.equal(state.day.value?.date, '2026-11-30', 'a day the plan lacks falls back to today');
  state.selectDay('2026-12-01');

  asked.length = 0;
  gap = 0;
  clock.fire();
  await state.refresh();
  assert.deepEqual(asked, ['/api/v1/staffing/plan?days=7']);
  assert.equal(state.day.value?.date, '2026-12-01', 'the picked day stays picked');
  assert.equal(state.day.value?.gapQuarters, 0);
  state.stop();
  assert.equal(clock.pending(), false);
});

test('without the rota or the backtest the plan still shows; a broken plan is refused and said', async () => {
  let planBody: unknown = plan(1);
  const fetch = (async (url: string) => {
    if (url.startsWith('/api/v1/staffing/plan')) return json(planBody);
    if (url === '/api/v1/staffing/shifts') return json({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Endast chefer', code: 'ENTRE_FORBIDDEN' }, 403);
    throw new TypeError('fetch failed');
  }) as unknown as typeof globalThis.fetch;
  const state = createStaffingState(createHttp({ fetch }), manualTimers(PLAN_REFRESH_MS).timers);
  state.start();
  await state.refresh();
  assert.equal(state.plan.value?.forecastWape, 0.18);
  assert.equal(state.forecast.value, null);
  assert.equal(state.shiftsError.value, 'Endast chefer');
  assert.equal(state.loadError.value, null);

  planBody = { ...plan(1), days: [{ date: '2026-11-30', closed: false, intervals: [], gapQuarters: -1, worstGap: 0 }] };
  const warn = console.warn;
  console.warn = () => {};
  try { await state.refresh(); } finally { console.warn = warn; }
  assert.ok(state.loadError.value);
  assert.equal(state.plan.value?.days[0]?.gapQuarters, 1, 'the last good plan stays');
  state.stop();
});

test('the advice is polled like the dashboard and keeps the last answer when a read fails', async () => {
  let down = false;
  const advice: StaffingAdvice = {
    site: 'demo', at: '2026-11-30T09:00:00.000Z', interval: '10:15',
    risks: [{ service: 'bygglov', serviceName: 'Bygglov', channel: 'visit', required: 5, covered: 2, reasons: ['short'], waiting: 4, forecast: 3,
      targetServiceLevel: 0.8, moves: [{ to: 'visit', from: ['phone'], agents: [{ id: 'anna', name: 'Anna' }], minutes: 30 }], stillMissing: 2 }],
  };
  const fetch = (async (url: string) => {
    assert.equal(url, '/api/v1/staffing/advice');
    if (down) throw new TypeError('fetch failed');
    return json(advice);
  }) as unknown as typeof globalThis.fetch;
  const clock = manualTimers(ADVICE_REFRESH_MS);
  const state = createAdviceState(createHttp({ fetch }), clock.timers);
  state.start();
  await state.refresh();
  assert.equal(state.advice.value?.risks[0]?.moves[0]?.agents[0]?.name, 'Anna');
  down = true;
  clock.fire();
  await state.refresh();
  assert.equal(state.loadError.value, 'servern svarar inte');
  assert.equal(state.advice.value?.interval, '10:15');
  state.stop();
});
