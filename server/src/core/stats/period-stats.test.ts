import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StatisticsSettings } from '@entre/protocol';
import { daysBetween, isCalendarDate, periodOf, summarize, tallyContacts, type Cell, type ContactRecord } from './period-stats.js';
import { QUEUE_ENTRY_EVENTS, tallyDay, type HistoryEvent } from './queue-stats.js';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const ev = (seconds: number, type: string, more: Partial<HistoryEvent> = {}): HistoryEvent => ({ at: at(seconds), type, ...more });
const counted: StatisticsSettings = { shortAbandonSeconds: 0, abandonedInServiceLevel: 'counted' };

function contact(over: Partial<ContactRecord> & { events: HistoryEvent[] }): ContactRecord {
  return { channel: 'phone', service: 'allmant', issuedAt: at(0), state: 'waiting', outcome: null, servedAt: null, endedAt: null, rosaLevel: null, rating: null, ...over };
}
const target = (s: string) => ({ allmant: 600, bygglov: 120 } as Record<string, number>)[s];

test('periods: the day, its ISO week (Monday–Sunday, in its ISO week-year) and its month', () => {
  assert.deepEqual(periodOf('2026-03-29', 'day'), { key: '2026-03-29', start: '2026-03-29', end: '2026-03-29' });
  assert.deepEqual(periodOf('2026-03-29', 'week'), { key: '2026-W13', start: '2026-03-23', end: '2026-03-29' }); // a Sunday
  assert.deepEqual(periodOf('2026-03-30', 'week'), { key: '2026-W14', start: '2026-03-30', end: '2026-04-05' }); // the Monday after
  // Around New Year the week belongs to the year of its Thursday.
  assert.deepEqual(periodOf('2027-01-01', 'week'), { key: '2026-W53', start: '2026-12-28', end: '2027-01-03' });
  assert.deepEqual(periodOf('2024-12-30', 'week'), { key: '2025-W01', start: '2024-12-30', end: '2025-01-05' });
  assert.deepEqual(periodOf('2021-01-03', 'week'), { key: '2020-W53', start: '2020-12-28', end: '2021-01-03' });
  assert.deepEqual(periodOf('2024-02-10', 'month'), { key: '2024-02', start: '2024-02-01', end: '2024-02-29' });
  assert.deepEqual(periodOf('2026-12-31', 'month'), { key: '2026-12', start: '2026-12-01', end: '2026-12-31' });
  assert.deepEqual(['2024-02-29', '2026-02-29', '2026-13-01', '2026-1-01', '2026-04-31', 'x'].map(isCalendarDate), [true, false, false, false, false, false]);
  assert.deepEqual(daysBetween('2026-03-28', '2026-04-01'), ['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31', '2026-04-01']);
});

test('a day\'s cells: entries in their queue, outcomes under the final service, short abandons apart', () => {
  const day: ContactRecord[] = [
    // Answered at the target exactly (in), transferred after the answer, answered late in bygglov, resolved there.
    contact({
      service: 'bygglov', state: 'done', outcome: 'resolved', servedAt: at(610), endedAt: at(1210), rosaLevel: 4, rating: 5,
      events: [ev(0, 'queued'), ev(600, 'call'), ev(700, 'transfer', { from: 'allmant', to: 'bygglov' }), ev(900, 'call')],
    }),
    // Hung up after 9.999 s and after exactly 10 s, with a 10 s threshold: short, then counted.
    contact({ state: 'cancelled', outcome: 'abandoned', events: [ev(0, 'queued'), ev(9.999, 'abandon')] }),
    contact({ state: 'cancelled', outcome: 'abandoned', events: [ev(0, 'queued'), ev(10, 'abandon')] }),
    // A no-show, and one still waiting.
    contact({ channel: 'visit', state: 'no_show', outcome: 'no_show', events: [ev(0, 'issued'), ev(30, 'call')] }),
    contact({ events: [ev(0, 'queued')] }),
  ];
  const settings: StatisticsSettings = { shortAbandonSeconds: 10, abandonedInServiceLevel: 'counted' };
  const cells = tallyContacts(day, target, settings);
  const pick = (service: string, channel: string) => cells.find((c) => c.service === service && c.channel === channel);
  assert.deepEqual(pick('allmant', 'phone'), {
    service: 'allmant', channel: 'phone', contacts: 3, answered: 1, answeredInTarget: 1, waitSeconds: 600, abandoned: 1, shortAbandoned: 1,
    resolved: 0, forwarded: 0, noShow: 0, handled: 0, handleSeconds: 0, rosa: [0, 0, 0, 0, 0, 0, 0, 0], rated: 0, ratingSum: 0,
  });
  assert.deepEqual(pick('bygglov', 'phone'), {
    service: 'bygglov', channel: 'phone', contacts: 1, answered: 1, answeredInTarget: 0, waitSeconds: 200, abandoned: 0, shortAbandoned: 0,
    resolved: 1, forwarded: 0, noShow: 0, handled: 1, handleSeconds: 600, rosa: [0, 0, 0, 1, 0, 0, 0, 0], rated: 1, ratingSum: 5,
  });
  assert.equal(pick('allmant', 'visit')?.noShow, 1);
  // Stores load only the events that move entries: the same cells.
  const loaded = day.map((c) => ({ ...c, events: c.events.filter((e) => QUEUE_ENTRY_EVENTS.includes(e.type)) }));
  assert.deepEqual(tallyContacts(loaded, target, settings), cells);

  // The dashboard's tally of the same day agrees, entry for entry and outcome for outcome.
  const live = tallyDay(day, target, settings);
  const sum = (k: keyof Cell) => cells.reduce((s, c) => s + (c[k] as number), 0);
  assert.deepEqual(
    [live.total.answered, live.total.answeredInTarget, live.total.abandoned, live.total.resolved, live.total.finished],
    [sum('answered'), sum('answeredInTarget'), sum('abandoned'), sum('resolved'), sum('resolved') + sum('forwarded')],
  );
});

test('summaries: periods cut to the range, groups in the site\'s order, ratios absent without a denominator', () => {
  const cell = (service: string, more: Partial<Cell> = {}): Cell => ({
    service, channel: 'phone', contacts: 1, answered: 0, answeredInTarget: 0, waitSeconds: 0, abandoned: 0, shortAbandoned: 0,
    resolved: 0, forwarded: 0, noShow: 0, handled: 0, handleSeconds: 0, rosa: [0, 0, 0, 0, 0, 0, 0, 0], rated: 0, ratingSum: 0, ...more,
  });
  const days = [
    { day: '2026-03-29', cells: [cell('bygglov', { answered: 2, answeredInTarget: 1, waitSeconds: 90, abandoned: 1 })] },
    { day: '2026-03-30', cells: [cell('allmant'), cell('bygglov', { resolved: 1, forwarded: 1, handled: 2, handleSeconds: 700 })] },
    { day: '2026-04-02', cells: [cell('skola', { contacts: 2 })] },
    { day: '2026-04-20', cells: [cell('allmant')] }, // outside the range
  ];
  const groups: Record<string, string> = { allmant: 'forsta-linjen', bygglov: 'samhallsbyggnad', skola: 'samhallsbyggnad' };
  const order = ['forsta-linjen', 'samhallsbyggnad', 'allmant', 'bygglov', 'skola'];
  const base = { from: '2026-03-29', to: '2026-04-05', settings: counted, answerGroupOf: (s: string) => groups[s]!, rank: (g: string) => order.indexOf(g) };

  const weeks = summarize(days, { ...base, period: 'week', by: 'answerGroup' });
  assert.deepEqual(weeks.map((r) => [r.period, r.start, r.end, r.group, r.contacts]), [
    ['2026-W13', '2026-03-29', '2026-03-29', 'samhallsbyggnad', 1],
    ['2026-W14', '2026-03-30', '2026-04-05', 'forsta-linjen', 1],
    ['2026-W14', '2026-03-30', '2026-04-05', 'samhallsbyggnad', 3],
  ]);
  const w13 = weeks[0]!;
  assert.deepEqual([w13.serviceLevel, w13.asaSeconds, w13.abandonmentRate], [1 / 3, 45, 1 / 3]);
  // Nothing answered, abandoned, finished or rated: every ratio absent, not 0.
  const empty = weeks[1]!;
  for (const k of ['serviceLevel', 'asaSeconds', 'abandonmentRate', 'firstContactResolution', 'forwardedShare', 'noShowRate', 'meanHandleSeconds', 'satisfaction']) {
    assert.equal(k in empty, false, k);
  }
  const w14 = weeks[2]!;
  assert.deepEqual([w14.firstContactResolution, w14.forwardedShare, w14.noShowRate, w14.meanHandleSeconds], [0.5, 0.5, 0, 350]);

  // Abandons excluded from the SL: 1 ÷ 2; the abandonment rate is unchanged.
  const excluded = summarize(days, { ...base, period: 'month', by: 'total', settings: { shortAbandonSeconds: 0, abandonedInServiceLevel: 'excluded' } });
  assert.deepEqual(excluded.map((r) => [r.period, r.start, r.end, r.contacts, r.serviceLevel, r.abandonmentRate]), [
    ['2026-03', '2026-03-29', '2026-03-31', 3, 1 / 2, 1 / 3],
    ['2026-04', '2026-04-01', '2026-04-05', 2, undefined, undefined],
  ]);
});
