/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AdviceRisk, PlanDay, PlanInterval } from '@entre/protocol';
import { adviceSentence, adviceText, describePlanDay, joinNames } from './sentences.js';

const risk = (over: Partial<AdviceRisk> = {}): AdviceRisk => ({
  service: 'bygglov', serviceName: 'Bygglov', channel: 'visit', required: 5, covered: 2, reasons: ['short'],
  waiting: 4, forecast: 3.24, targetServiceLevel: 0.8, moves: [], stillMissing: 3, ...over,
});
const anna = { id: 'anna', name: 'Anna' };
const maria = { id: 'maria', name: 'Maria' };
const eva = { id: 'eva', name: 'Eva' };

test('names join as Swedish lists do', () => {
  assert.equal(joinNames([]), '');
  assert.equal(joinNames(['Anna']), 'Anna');
  assert.equal(joinNames(['Anna', 'Maria']), 'Anna och Maria');
  assert.equal(joinNames(['Anna', 'Maria', 'Eva']), 'Anna, Maria och Eva');
});

test('a move reads as an instruction: who, from what, to where, for how long', () => {
  assert.equal(
    adviceSentence(risk({ moves: [{ to: 'visit', from: ['phone'], agents: [anna, maria], minutes: 30 }], stillMissing: 0 })),
    'Bygglov, besök: 5 behövs, 2 i tjänst. Flytta Anna och Maria från telefon till disken i 30 min.',
  );
  assert.equal(
    adviceSentence(risk({ channel: 'phone', serviceName: 'Skola', moves: [
      { to: 'phone', from: ['chat', 'email'], agents: [eva], minutes: 15 },
      { to: 'phone', from: ['visit'], agents: [anna, maria, eva], minutes: 0 },
    ], stillMissing: 1 })),
    'Skola, telefon: 5 behövs, 2 i tjänst. Flytta Eva från chatten och e-posten till telefon i 15 min. '
      + 'Flytta Anna, Maria och Eva från disken till telefon. Ändå saknas 1.',
  );
  assert.equal(adviceSentence(risk({ channel: 'chat', moves: [{ to: 'chat', from: [], agents: [anna], minutes: 30 }], stillMissing: 0 })),
    'Bygglov, chatt: 5 behövs, 2 i tjänst. Flytta Anna till chatten i 30 min.');
});

test('with nobody to spare it says so, and the figures behind the advice follow', () => {
  assert.equal(adviceSentence(risk()), 'Bygglov, besök: 5 behövs, 2 i tjänst. Ingen kan frigöras.');
  assert.equal(adviceSentence(risk({ channel: 'email', moves: [{ to: 'email', from: ['phone'], agents: [], minutes: 30 }] })),
    'Bygglov, e-post: 5 behövs, 2 i tjänst. Ingen kan frigöras.', 'a move with nobody in it is no move');
  assert.equal(adviceText(risk()).detail, '4 väntar · prognos 3,2 nästa kvart');
  assert.equal(adviceText(risk({ serviceLevel: 0.625, reasons: ['service_level'] })).detail,
    '4 väntar · prognos 3,2 nästa kvart · servicenivå i dag 63\u00a0% (mål 80\u00a0%)');
});

const interval = (start: string, requiredScheduled: number, scheduled: number, gap: number): PlanInterval => ({
  start, forecast: 2, required: requiredScheduled, requiredScheduled, scheduled, covered: requiredScheduled - gap, gap, queues: [],
});
const day = (intervals: PlanInterval[], over: Partial<PlanDay> = {}): PlanDay => ({
  date: '2026-11-30', closed: false, intervals, gapQuarters: intervals.reduce((s, i) => s + i.gap, 0), worstGap: Math.max(0, ...intervals.map((i) => i.gap)), ...over,
});

test('the chart’s text alternative says the span, the peak need, the staffing and every run of gaps', () => {
  const d = day([interval('08:00', 2, 3, 0), interval('08:15', 5, 3, 2), interval('08:30', 6, 4, 3), interval('08:45', 3, 4, 0), interval('09:15', 4, 3, 1)]);
  assert.equal(describePlanDay(d, 'måndag 30 november'),
    'måndag 30 november, 08:00–09:30. Behov inklusive frånvaro högst 6 kl. 08:30. Schemalagda 3–4. '
      + 'Brist i 3 kvartar (6 personkvartar): 08:15–08:45 (högst 3 saknas), 09:15–09:30 (högst 1 saknas).');
  assert.equal(describePlanDay(day([interval('10:00', 1, 1, 0)]), 'tisdag 1 december'),
    'tisdag 1 december, 10:00–10:15. Behov inklusive frånvaro högst 1 kl. 10:00. Schemalagda 1. Ingen kvart saknar personal.');
  assert.equal(describePlanDay(day([interval('10:00', 2, 1, 1)]), 'x'),
    'x, 10:00–10:15. Behov inklusive frånvaro högst 2 kl. 10:00. Schemalagda 1. Brist i 1 kvart (1 personkvart): 10:00–10:15 (högst 1 saknas).');
  assert.equal(describePlanDay(day([], { closed: true, note: 'Juldagen' }), 'fredag 25 december'), 'fredag 25 december: stängt (Juldagen).');
  assert.equal(describePlanDay(day([]), 'lördag 28 november'), 'lördag 28 november: inget prognostiserat och ingen schemalagd.');
});
