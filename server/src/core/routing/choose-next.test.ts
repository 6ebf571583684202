import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseNext, FALLBACK_SL_TARGET_SECONDS, type ChooseNextInput } from './choose-next.js';
import { agent, contact, services, NOW, MIN } from './test-support/fixtures.js';

function pick(over: Partial<ChooseNextInput>) {
  return chooseNext({ agent: agent(), contacts: [], services: services(), now: NOW, interpreterAfterSeconds: 300, ...over });
}

test('only contacts of a skill on a channel the agent serves are eligible, each skip counted once', () => {
  const r = pick({
    agent: agent({ skills: { bygglov: 0 }, channels: ['visit'] }),
    contacts: [
      contact('skill', { service: 'skola', arrivedAt: NOW - 60 * MIN }),
      contact('channel', { channel: 'phone', arrivedAt: NOW - 60 * MIN }),
      contact('elsewhere', { pinnedAgent: 'someone', arrivedAt: NOW - 60 * MIN }),
      contact('ok'),
    ],
  });
  assert.equal(r.contact?.id, 'ok');
  assert.equal(r.explanation.decidedBy, 'only_candidate');
  assert.equal(r.explanation.candidates, 1);
  assert.deepEqual(r.explanation.skipped, { pinnedElsewhere: 1, noSkill: 1, wrongChannel: 1, languageNotYetOffered: 0 });
});

test('nothing eligible gives null with the reasons', () => {
  const r = pick({ contacts: [contact('x', { service: 'skola' })] });
  assert.equal(r.contact, null);
  assert.equal(r.explanation.chosen, null);
  assert.equal(r.explanation.decidedBy, 'none');
  assert.equal(r.explanation.skipped.noSkill, 1);
  assert.equal(pick({ contacts: [] }).contact, null);
});

test('a contact pinned to this agent comes before everything, even a long-waiting priority one', () => {
  const r = pick({
    contacts: [
      contact('old-priority', { priority: 'priority', arrivedAt: NOW - 90 * MIN }),
      contact('pinned', { pinnedAgent: 'me', arrivedAt: NOW - 1 * MIN }),
    ],
  });
  assert.equal(r.contact?.id, 'pinned');
  assert.equal(r.explanation.decidedBy, 'pin');
  assert.equal(r.explanation.chosen?.pinned, true);
  assert.equal(r.explanation.runnerUpId, 'old-priority');
});

test('a pin does not bypass skill or channel', () => {
  const r = pick({ agent: agent({ channels: ['visit'] }), contacts: [contact('p', { pinnedAgent: 'me', channel: 'chat' })] });
  assert.equal(r.contact, null);
  assert.equal(r.explanation.skipped.wrongChannel, 1);
});

test('a language the agent speaks ranks before one only another available agent speaks', () => {
  const arabic = agent({ id: 'amal', languages: ['sv', 'ar'] });
  const contacts = [
    contact('sv-old', { arrivedAt: NOW - 40 * MIN, priority: 'priority' }),
    contact('ar-new', { language: 'ar', arrivedAt: NOW - 2 * MIN }),
  ];
  const forArabicSpeaker = pick({ agent: arabic, contacts, otherAvailableAgents: [agent({ id: 'sven' })] });
  assert.equal(forArabicSpeaker.contact?.id, 'sv-old', 'both spoken: priority and wait decide');
  const forSwede = pick({ contacts: [contact('ar-old', { language: 'ar', arrivedAt: NOW - 40 * MIN, priority: 'priority' }), contact('sv-new', { arrivedAt: NOW - 1 * MIN })], otherAvailableAgents: [arabic] });
  assert.equal(forSwede.contact?.id, 'sv-new');
  assert.equal(forSwede.explanation.decidedBy, 'language');
  // Still eligible when nothing better is waiting.
  const only = pick({ contacts: [contact('ar', { language: 'ar' })], otherAvailableAgents: [arabic] });
  assert.equal(only.contact?.id, 'ar');
  assert.equal(only.explanation.chosen?.languageFit, 'other_agent_speaks');
});

test('a language nobody available speaks waits for the interpreter limit, then ranks like a match', () => {
  const somali = (waitedMin: number) => contact('so', { language: 'so', arrivedAt: NOW - waitedMin * MIN });
  const early = pick({ contacts: [somali(4), contact('sv', { arrivedAt: NOW - 1 * MIN })], interpreterAfterSeconds: 300 });
  assert.equal(early.contact?.id, 'sv');
  assert.equal(early.explanation.skipped.languageNotYetOffered, 1);

  const late = pick({ contacts: [somali(6), contact('sv', { arrivedAt: NOW - 1 * MIN })], interpreterAfterSeconds: 300 });
  assert.equal(late.contact?.id, 'so', 'ranked as a language match, then by urgency');
  assert.equal(late.explanation.chosen?.needsInterpreter, true);
  assert.equal(late.explanation.chosen?.languageFit, 'interpreter');
  assert.equal(late.explanation.decidedBy, 'urgency');

  // Exactly at the limit counts as reached.
  assert.equal(pick({ contacts: [somali(5)], interpreterAfterSeconds: 300 }).contact?.id, 'so');
  // Pinned to this agent by reception: offered at once, flagged.
  const pinned = pick({ contacts: [contact('so', { language: 'so', pinnedAgent: 'me' })] });
  assert.equal(pinned.explanation.chosen?.needsInterpreter, true);
});

test('priority and an appointment within its default window go before normal; outside it is normal', () => {
  const r = pick({ contacts: [contact('normal', { arrivedAt: NOW - 50 * MIN }), contact('prio', { priority: 'priority', arrivedAt: NOW - 1 * MIN })] });
  assert.equal(r.contact?.id, 'prio');
  assert.equal(r.explanation.decidedBy, 'class');

  const inWindow = pick({ contacts: [contact('normal', { arrivedAt: NOW - 50 * MIN }), contact('appt', { priority: 'appointment', appointmentAt: NOW + 5 * MIN, arrivedAt: NOW - 1 * MIN })] });
  assert.equal(inWindow.contact?.id, 'appt');
  assert.equal(inWindow.explanation.chosen?.effectiveClass, 'appointment');

  const tooEarly = pick({ contacts: [contact('normal', { arrivedAt: NOW - 50 * MIN }), contact('appt', { priority: 'appointment', appointmentAt: NOW + 60 * MIN, arrivedAt: NOW - 1 * MIN })] });
  assert.equal(tooEarly.contact?.id, 'normal');
  const late = pick({ contacts: [contact('appt', { priority: 'appointment', appointmentAt: NOW - 60 * MIN, arrivedAt: NOW - 1 * MIN })] });
  assert.equal(late.explanation.chosen?.effectiveClass, 'normal');
});

test('urgency is waited ÷ SL target across services, minus the skill penalty in target units', () => {
  const a = agent({ skills: { phone: 0, bygglov: 0 } });
  const svc = services({ phone: 180, bygglov: 1200 });
  // 4 min of a 3 min target (1.33) beats 20 min of a 20 min target (1.0).
  const r = pick({ agent: a, services: svc, contacts: [contact('visit', { arrivedAt: NOW - 20 * MIN }), contact('call', { channel: 'phone', service: 'phone', arrivedAt: NOW - 4 * MIN })] });
  assert.equal(r.contact?.id, 'call');
  assert.equal(r.explanation.decidedBy, 'urgency');
  assert.ok(Math.abs(r.explanation.chosen!.urgency - 4 / 3) < 1e-12);

  // With a penalty of 0.5 on phone the call scores 0.83 and the visit wins.
  const penalised = pick({ agent: agent({ skills: { phone: 0.5, bygglov: 0 } }), services: svc, contacts: [contact('visit', { arrivedAt: NOW - 20 * MIN }), contact('call', { channel: 'phone', service: 'phone', arrivedAt: NOW - 4 * MIN })] });
  assert.equal(penalised.contact?.id, 'visit');
  assert.equal(penalised.explanation.runnerUpId, 'call');
});

test('a service without a usable SL target falls back rather than stranding its visitors', () => {
  const r = pick({ agent: agent({ skills: { okänd: 0 } }), services: services({ okänd: 0 }), contacts: [contact('x', { service: 'okänd', arrivedAt: NOW - 10 * MIN })] });
  assert.equal(r.explanation.chosen?.slTargetSeconds, FALLBACK_SL_TARGET_SECONDS);
  assert.ok(Number.isFinite(r.explanation.chosen!.urgency));
});

test('reception rank breaks a tie in urgency, then arrival, then id', () => {
  const same = NOW - 7 * MIN;
  const ranked = pick({ contacts: [contact('a', { arrivedAt: same }), contact('b', { arrivedAt: same, rank: 2 }), contact('c', { arrivedAt: same, rank: 1 })] });
  assert.equal(ranked.contact?.id, 'c');
  assert.equal(ranked.explanation.decidedBy, 'rank');

  const fifo = pick({ contacts: [contact('later', { arrivedAt: NOW - 3 * MIN }), contact('earlier', { arrivedAt: NOW - 3 * MIN - 1 })] });
  assert.equal(fifo.contact?.id, 'earlier');
  // One millisecond of wait is already a difference in urgency, which is the point of FIFO.
  assert.equal(fifo.explanation.decidedBy, 'urgency');

  // Equal urgency across services (10 min of 10, 5 min of 5): the earlier arrival goes first.
  const acrossServices = pick({
    agent: agent({ skills: { bygglov: 0, skola: 0 } }), services: services({ bygglov: 600, skola: 300 }),
    contacts: [contact('skola', { service: 'skola', arrivedAt: NOW - 5 * MIN }), contact('bygg', { arrivedAt: NOW - 10 * MIN })],
  });
  assert.equal(acrossServices.contact?.id, 'bygg');
  assert.equal(acrossServices.explanation.decidedBy, 'arrival');

  const byId = pick({ contacts: [contact('y', { arrivedAt: same }), contact('x', { arrivedAt: same })] });
  assert.equal(byId.contact?.id, 'x');
  assert.equal(byId.explanation.decidedBy, 'id');
});

test('a transferred contact keeps its place by original arrival, not by when it was queued here', () => {
  const r = pick({ contacts: [contact('new', { arrivedAt: NOW - 6 * MIN }), contact('transferred', { arrivedAt: NOW - 20 * MIN, queuedAt: NOW - 1 * MIN })] });
  assert.equal(r.contact?.id, 'transferred');
  assert.equal(r.explanation.chosen?.waitedSeconds, 20 * 60);
});

test("an arrival stamped in the future (clock skew) shows as zero wait and still orders FIFO", () => {
  const r = pick({ contacts: [contact('later', { arrivedAt: NOW + 5000 }), contact('future', { arrivedAt: NOW + 3000 })] });
  assert.equal(r.contact?.id, 'future');
  assert.equal(r.explanation.chosen?.waitedSeconds, 0);
});

test("reception's order outranks class and urgency: a ranked contact goes first, lower rank first", () => {
  const r = pick({ contacts: [
    contact('long-wait-priority', { arrivedAt: NOW - 60 * MIN, priority: 'priority' }),
    contact('moved-up-2', { arrivedAt: NOW - 1 * MIN, rank: 2 }),
    contact('moved-up-1', { arrivedAt: NOW, rank: 1 }),
  ] });
  assert.equal(r.contact?.id, 'moved-up-1');
  assert.equal(r.explanation.decidedBy, 'rank');
});

test("reception's order in one errand's line does not pre-empt another errand's priority visitor", () => {
  // Anna serves allmänt and parkering. Reception moved P002 up in parkering (rank-plan writes
  // P002 → 0, P001 → 1); A002 in allmänt has an accessibility priority and came earlier.
  const anna = agent({ id: 'anna', skills: { allmant: 0, parkering: 0 } });
  const svc = services({ allmant: 600, parkering: 600 });
  const queue = [
    contact('A002', { service: 'allmant', priority: 'priority', arrivedAt: NOW - 6 * MIN }),
    contact('P001', { service: 'parkering', arrivedAt: NOW - 8 * MIN, rank: 1 }),
    contact('P002', { service: 'parkering', arrivedAt: NOW - 2 * MIN, rank: 0 }),
  ];
  const first = pick({ agent: anna, services: svc, contacts: queue });
  assert.equal(first.contact?.id, 'A002');
  assert.equal(first.explanation.decidedBy, 'class');
  assert.equal(first.explanation.runnerUpId, 'P002', "parkering's line is next, and reception put P002 first in it");

  // With A002 served, parkering's turn: reception's order decides who of that line.
  const then = pick({ agent: anna, services: svc, contacts: queue.slice(1) });
  assert.equal(then.contact?.id, 'P002');
  assert.equal(then.explanation.decidedBy, 'rank');
  assert.equal(then.explanation.runnerUpId, 'P001');

  // Moving someone up never slows a line down: parkering's turn still comes by P001's wait
  // (8 min) against a normal allmänt visitor's 5, though P002 itself waited only 2.
  const mixed = pick({ agent: anna, services: svc, contacts: [...queue.slice(1), contact('A003', { service: 'allmant', arrivedAt: NOW - 5 * MIN })] });
  assert.equal(mixed.contact?.id, 'P002');
  assert.equal(mixed.explanation.runnerUpId, 'P001');
  // …and it never speeds one up: the same rank on a fresh visitor of a line that is not due changes nothing elsewhere.
  const notDue = pick({ agent: anna, services: svc, contacts: [contact('A004', { service: 'allmant', arrivedAt: NOW - 9 * MIN }), ...queue.slice(1)] });
  assert.equal(notDue.contact?.id, 'A004');
  assert.equal(notDue.explanation.decidedBy, 'urgency');
  assert.equal(notDue.explanation.runnerUpId, 'P002');
});

test('the result does not depend on the order of the contacts', () => {
  const contacts = [
    contact('a', { arrivedAt: NOW - 3 * MIN }), contact('b', { priority: 'priority', arrivedAt: NOW - 1 * MIN }),
    contact('c', { language: 'ar', arrivedAt: NOW - 30 * MIN }), contact('d', { arrivedAt: NOW - 9 * MIN }),
  ];
  const forward = pick({ contacts });
  const backward = pick({ contacts: [...contacts].reverse() });
  assert.deepEqual(backward, forward);
});
