/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttp } from '@entre/web-common/http';
import type { Timers } from '@entre/web-common/timers';
import type { Statistics, StatisticsRow } from '@entre/protocol';
import { createStatisticsState, periodTotals, statisticsPath } from './statistics-state.js';
import { STATISTICS_COLUMNS } from './statistics-columns.js';

const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

const row = (period: string, group: string, over: Partial<StatisticsRow> = {}): StatisticsRow => ({
  period, start: period, end: period, group, name: group, contacts: 10, answered: 8, answeredInTarget: 6, abandoned: 2, shortAbandoned: 0,
  serviceLevel: 0.6, asaSeconds: 95.4, abandonmentRate: 0.2, resolved: 6, forwarded: 2, firstContactResolution: 0.75, forwardedShare: 0.25,
  noShow: 0, noShowRate: 0, handled: 8, meanHandleSeconds: 250, rosa: [3, 2, 1, 0, 0, 0, 0, 2], rated: 4, satisfaction: 4.25, ...over,
});
const stats = (q: { from: string; to: string }, rows: StatisticsRow[]): Statistics => ({
  site: 'demo', from: q.from, to: q.to, period: 'day', by: 'total', settings: { shortAbandonSeconds: 0, abandonedInServiceLevel: 'counted' }, rows,
});

// Thursday 26 November 2026, 10:00 local.
const thursday: Timers = {
  setTimeout: () => 0, clearTimeout: () => {}, setInterval: () => 0, clearInterval: () => {},
  now: () => new Date(2026, 10, 26, 10, 0).getTime(),
};

test('opens on last week per day in total, and the CSV link asks the same', async () => {
  const asked: string[] = [];
  const fetch = (async (url: string) => {
    asked.push(url);
    return json(stats({ from: '2026-11-16', to: '2026-11-22' }, [row('2026-11-16', 'total')]));
  }) as unknown as typeof globalThis.fetch;
  const state = createStatisticsState(createHttp({ fetch }), thursday);
  assert.deepEqual(state.query.value, { from: '2026-11-16', to: '2026-11-22', period: 'day', by: 'total' });
  await state.load();
  assert.deepEqual(asked, ['/api/v1/statistics?from=2026-11-16&to=2026-11-22&period=day&by=total']);
  assert.equal(state.statistics.value?.rows.length, 1);
  assert.equal(state.loading.value, false);
  assert.equal(state.csvUrl.value, '/api/v1/statistics?from=2026-11-16&to=2026-11-22&period=day&by=total&format=csv');
  assert.equal(statisticsPath({ from: '2026-11-01', to: '2026-11-30', period: 'week', by: 'answerGroup' }),
    '/statistics?from=2026-11-01&to=2026-11-30&period=week&by=answerGroup');
});

test('a range that ends before it starts is refused without asking; a slow old answer never replaces a newer one', async () => {
  const pending: Array<{ url: string; answer: () => void }> = [];
  const fetch = ((url: string) => new Promise<Response>((resolve) => {
    const from = new URL(url, 'http://x').searchParams.get('from')!;
    pending.push({ url, answer: () => resolve(json(stats({ from, to: from }, [row(from, 'total')]))) });
  })) as unknown as typeof globalThis.fetch;
  const state = createStatisticsState(createHttp({ fetch }), thursday);
  await state.load({ from: '2026-11-10', to: '2026-11-01', period: 'day', by: 'total' });
  assert.equal(pending.length, 0);
  assert.equal(state.loadError.value, 'Från-datumet måste vara samma som eller före till-datumet.');
  await state.load({ from: '2026-13-01', to: '2026-11-01', period: 'day', by: 'total' });
  assert.equal(state.loadError.value, 'Ange datum som ÅÅÅÅ-MM-DD.');

  const first = state.load({ from: '2026-10-01', to: '2026-10-31', period: 'week', by: 'service' });
  const second = state.load({ from: '2026-11-01', to: '2026-11-30', period: 'month', by: 'channel' });
  assert.equal(state.loading.value, true);
  pending[1]!.answer();
  await second;
  pending[0]!.answer();
  await first;
  assert.equal(state.statistics.value?.from, '2026-11-01', 'the newer answer stays');
  assert.equal(state.query.value.period, 'month');
  assert.equal(state.loading.value, false);
  assert.equal(state.loadError.value, null);
});

test('the chart’s totals add the groups up and work the service level out again as the settings count it', () => {
  const rows = [
    row('2026-11-16', 'phone', { contacts: 10, answered: 8, answeredInTarget: 6, abandoned: 2 }),
    row('2026-11-16', 'visit', { contacts: 30, answered: 30, answeredInTarget: 27, abandoned: 0 }),
    row('2026-11-17', 'phone', { contacts: 2, answered: 0, answeredInTarget: 0, abandoned: 0, serviceLevel: undefined }),
  ];
  const counted = { rows, settings: { shortAbandonSeconds: 0, abandonedInServiceLevel: 'counted' as const } };
  assert.deepEqual(periodTotals(counted), [
    { period: '2026-11-16', start: '2026-11-16', contacts: 40, serviceLevel: 33 / 40 },
    { period: '2026-11-17', start: '2026-11-17', contacts: 2, serviceLevel: undefined },
  ]);
  assert.equal(periodTotals({ ...counted, settings: { shortAbandonSeconds: 0, abandonedInServiceLevel: 'excluded' } })[0]?.serviceLevel, 33 / 38);
});

test('the table’s cells: Swedish numbers, and no figure where there is nothing to divide by', () => {
  const text = (r: StatisticsRow) => Object.fromEntries(STATISTICS_COLUMNS.map((c) => [c.key, c.text(r)]));
  assert.deepEqual(text(row('2026-11-16', 'total', { contacts: 1234 })), {
    contacts: '1\u00a0234', answered: '8', serviceLevel: '60\u00a0%', asa: '1 min 35 s', abandon: '20\u00a0%', fcr: '75\u00a0%',
    forwarded: '25\u00a0%', noShow: '0\u00a0%', handle: '4 min 10 s', satisfaction: '4,3',
  });
  const empty = row('2026-11-16', 'total', {
    serviceLevel: undefined, asaSeconds: undefined, abandonmentRate: undefined, firstContactResolution: undefined, forwardedShare: undefined,
    noShowRate: undefined, meanHandleSeconds: undefined, satisfaction: undefined,
  });
  assert.deepEqual(Object.values(text(empty)).filter((v) => v === undefined).length, 8);
});
