/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecastOf, peakNeed, queueDays } from './plan-figures.js';
import { dayWindow, gapRuns, hourTicks, linePath, linear, niceStep, niceTicks, stepPath, worstInterval } from './chart-scale.js';

test('a linear scale maps the domain onto the range, also backwards like an SVG y axis', () => {
  const y = linear(0, 10, 286, 34);
  assert.equal(y(0), 286);
  assert.equal(y(10), 34);
  assert.equal(y(5), 160);
  assert.equal(y(1 / 3), 277.6);
  const x = linear(480, 1020, 48, 1218);
  assert.equal(x(480), 48);
  assert.equal(x(495), 80.5, 'a quarter is 32.5 px on this width');
  assert.equal(linear(3, 3, 10, 20)(3), 10, 'an empty domain does not divide by zero');
});

test('axes count in whole steps of 1, 2 or 5 × 10ⁿ and reach the top value', () => {
  assert.deepEqual([0.5, 1, 1.4, 2, 2.1, 4.6, 7, 12, 51].map(niceStep), [1, 1, 2, 2, 5, 5, 10, 20, 100]);
  assert.deepEqual(niceTicks(7), { max: 8, ticks: [0, 2, 4, 6, 8] });
  assert.deepEqual(niceTicks(5), { max: 5, ticks: [0, 1, 2, 3, 4, 5] });
  assert.deepEqual(niceTicks(23), { max: 25, ticks: [0, 5, 10, 15, 20, 25] });
  assert.deepEqual(niceTicks(0), { max: 1, ticks: [0, 1] });
  assert.deepEqual(niceTicks(1), { max: 1, ticks: [0, 1] });
  assert.deepEqual(niceTicks(480), { max: 500, ticks: [0, 100, 200, 300, 400, 500] });
});

test('steps join where they touch and start anew across a hole', () => {
  assert.equal(stepPath([]), '');
  assert.equal(stepPath([{ x0: 0, x1: 10, y: 50 }, { x0: 10, x1: 20, y: 40 }, { x0: 30, x1: 40, y: 40.456 }]),
    'M0 50H10V40H20 M30 40.46H40');
  assert.equal(linePath([{ x: 1, y: 5 }, { x: 2, y: 6 }, { x: 3, y: null }, { x: 4, y: 7 }, { x: 5, y: 8 }]), 'M1 5L2 6 M4 7L5 8');
});

test('the chart spans whole hours around the day’s quarters', () => {
  assert.deepEqual(dayWindow([{ start: '08:15' }, { start: '16:45' }]), { from: 480, to: 1020 });
  assert.deepEqual(dayWindow([{ start: '08:00' }, { start: '16:00' }]), { from: 480, to: 1020 });
  assert.deepEqual(dayWindow([]), { from: 480, to: 1020 });
  assert.deepEqual(hourTicks({ from: 480, to: 720 }), [480, 540, 600, 660, 720]);
});

test('short quarters in a row are one run with its sum and worst; a covered quarter or a hole splits runs', () => {
  const q = (start: string, gap: number) => ({ start, gap });
  const intervals = [q('10:15', 2), q('09:45', 1), q('10:00', 3), q('10:30', 0), q('10:45', 1), q('11:15', 2)];
  assert.deepEqual(gapRuns(intervals), [
    { start: '09:45', end: '10:30', quarters: 6, worst: 3 },
    { start: '10:45', end: '11:00', quarters: 1, worst: 1 },
    { start: '11:15', end: '11:30', quarters: 2, worst: 2 },
  ]);
  assert.deepEqual(gapRuns([q('08:00', 0)]), []);
  const day = { intervals: intervals.map((i) => ({ ...i, forecast: 0, required: 0, requiredScheduled: 0, scheduled: 0, covered: 0, queues: [] })) };
  assert.equal(worstInterval(day)?.start, '10:00');
  assert.equal(worstInterval({ intervals: [] }), null);
});

test('a day’s sums: contacts, peak need, and each queue’s day with the shortest first', () => {
  const need = (service: string, channel: 'visit' | 'phone', forecast: number, requiredScheduled: number, gap: number) => ({
    service, channel, forecast, trafficErlangs: 0, required: 0, requiredScheduled, covered: requiredScheduled - gap, gap, serviceLevel: 0,
  });
  const interval = (start: string, queues: ReturnType<typeof need>[]) => ({
    start, forecast: queues.reduce((s, q) => s + q.forecast, 0), required: 0, requiredScheduled: queues.reduce((s, q) => s + q.requiredScheduled, 0),
    scheduled: 0, covered: 0, gap: 0, queues,
  });
  const day = { intervals: [
    interval('08:00', [need('bygglov', 'visit', 1.5, 2, 1), need('skola', 'phone', 4, 3, 0)]),
    interval('08:15', [need('bygglov', 'visit', 2, 3, 2), need('skola', 'phone', 5.25, 4, 0)]),
  ] };
  assert.equal(forecastOf(day), 12.75);
  assert.equal(peakNeed(day), 7);
  assert.equal(peakNeed({ intervals: [] }), 0);
  assert.deepEqual(queueDays(day), [
    { service: 'bygglov', channel: 'visit', forecast: 3.5, peak: 3, quarters: 3 },
    { service: 'skola', channel: 'phone', forecast: 9.25, peak: 4, quarters: 0 },
  ]);
});
