import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseNext, type ChooseNextInput } from './choose-next.js';
import { compileProfile, isNormalTurn, validateWorkProfile } from './work-profile.js';
import type { WorkProfile, WorkProfileRule } from './types.js';
import { agent, contact, services, NOW, MIN } from './test-support/fixtures.js';

const profile = (...rules: WorkProfileRule[]): WorkProfile => ({ id: 'p1', rules });

function pick(over: Partial<ChooseNextInput>) {
  return chooseNext({ agent: agent(), contacts: [], services: services(), now: NOW, interpreterAfterSeconds: 300, ...over });
}

test('waited_over takes contacts past the limit first, oldest first, before priority', () => {
  const contacts = [
    contact('prio', { priority: 'priority', arrivedAt: NOW - 1 * MIN }),
    contact('over-a', { arrivedAt: NOW - 25 * MIN }),
    contact('over-b', { arrivedAt: NOW - 31 * MIN }),
  ];
  const r = pick({ contacts, profile: profile({ kind: 'waited_over', seconds: 20 * 60 }) });
  assert.equal(r.contact?.id, 'over-b');
  assert.equal(r.explanation.decidedBy, 'work_profile');
  assert.deepEqual(r.explanation.chosen?.profileRule, { index: 0, rule: { kind: 'waited_over', seconds: 1200 } });
  assert.equal(r.explanation.profileId, 'p1');
  // Without the profile, priority wins.
  assert.equal(pick({ contacts }).contact?.id, 'prio');
});

test('waited_over with a service applies only to that service, and rules apply in profile order', () => {
  const a = agent({ skills: { bygglov: 0, skola: 0 } });
  const svc = services({ bygglov: 600, skola: 600 });
  const contacts = [contact('bygg', { arrivedAt: NOW - 40 * MIN }), contact('skola', { service: 'skola', arrivedAt: NOW - 15 * MIN })];
  const r = pick({ agent: a, services: svc, contacts, profile: profile({ kind: 'waited_over', service: 'skola', seconds: 600 }, { kind: 'waited_over', seconds: 1800 }) });
  assert.equal(r.contact?.id, 'skola', 'the first rule matches skola; bygglov only matches the second');
});

test('interleave 2:1 gives a normal contact the turn after two priority picks in a row', () => {
  const contacts = [contact('normal', { arrivedAt: NOW - 10 * MIN }), contact('prio', { priority: 'priority', arrivedAt: NOW - 1 * MIN })];
  const p = profile({ kind: 'interleave', priority: 2, normal: 1 });
  assert.equal(pick({ contacts, profile: p, recentPicks: ['priority'] }).contact?.id, 'prio');
  const turn = pick({ contacts, profile: p, recentPicks: ['normal', 'priority', 'priority'] });
  assert.equal(turn.contact?.id, 'normal');
  assert.equal(turn.explanation.chosen?.normalTurn, true);
  assert.equal(turn.explanation.decidedBy, 'class');
  assert.equal(pick({ contacts, profile: p, recentPicks: ['priority', 'priority', 'normal'] }).contact?.id, 'prio');
  // No normal contact eligible: priority is taken anyway.
  assert.equal(pick({ contacts: [contacts[1]!], profile: p, recentPicks: ['priority', 'priority'] }).contact?.id, 'prio');
});

test('isNormalTurn counts the trailing run only', () => {
  const r = { priority: 2, normal: 2 };
  assert.equal(isNormalTurn(r, []), false);
  assert.equal(isNormalTurn(r, ['priority', 'appointment']), true, 'appointments count on the priority side');
  assert.equal(isNormalTurn(r, ['priority', 'priority', 'normal']), true, 'second of two normal turns');
  assert.equal(isNormalTurn(r, ['priority', 'priority', 'normal', 'normal']), false);
  assert.equal(isNormalTurn(r, ['normal', 'normal', 'normal']), false, 'normals for lack of priority earn nothing');
  assert.equal(isNormalTurn(r, ['priority', 'normal', 'priority']), false);
  assert.equal(isNormalTurn(null, ['priority', 'priority']), false);
});

test('appointments_first takes an appointment within its window first, earliest appointment first; outside it is normal', () => {
  const p = profile({ kind: 'appointments_first', windowBeforeSeconds: 300, windowAfterSeconds: 600 });
  const contacts = [
    contact('prio', { priority: 'priority', arrivedAt: NOW - 30 * MIN }),
    contact('appt-1000', { priority: 'appointment', appointmentAt: NOW + 4 * MIN, arrivedAt: NOW - 1 * MIN }),
    contact('appt-0955', { priority: 'appointment', appointmentAt: NOW - 5 * MIN, arrivedAt: NOW - 0.5 * MIN }),
    contact('appt-early', { priority: 'appointment', appointmentAt: NOW + 6 * MIN, arrivedAt: NOW - 40 * MIN }),
  ];
  const r = pick({ contacts, profile: p });
  assert.equal(r.contact?.id, 'appt-0955');
  assert.equal(r.explanation.decidedBy, 'work_profile');
  const rest = pick({ contacts: [contacts[0]!, contacts[3]!], profile: p });
  assert.equal(rest.contact?.id, 'prio', 'the early appointment is normal until its window opens');
  assert.equal(pick({ contacts: [contacts[3]!], profile: p }).explanation.chosen?.effectiveClass, 'normal');
});

test('escalate widens the skills for contacts that waited over the limit, never the channels', () => {
  const p = profile({ kind: 'escalate', afterSeconds: 900, extraSkills: ['skola'], penalty: 0.5 });
  const skola = (waitedMin: number, over = {}) => contact('skola', { service: 'skola', arrivedAt: NOW - waitedMin * MIN, ...over });
  assert.equal(pick({ contacts: [skola(14)], profile: p }).contact, null);
  const r = pick({ contacts: [skola(16)], profile: p });
  assert.equal(r.contact?.id, 'skola');
  assert.equal(r.explanation.chosen?.escalated, true);
  assert.equal(r.explanation.chosen?.penalty, 0.5);
  const phoneOnly = pick({ agent: agent({ channels: ['visit'] }), contacts: [skola(60, { channel: 'phone' })], profile: p });
  assert.equal(phoneOnly.contact, null);
  assert.equal(phoneOnly.explanation.skipped.wrongChannel, 1);
});

test('validateWorkProfile reports bad rules; compileProfile ignores them', () => {
  const bad = profile({ kind: 'interleave', priority: 0, normal: 1 }, { kind: 'escalate', afterSeconds: 60, extraSkills: [] }, { kind: 'waited_over', seconds: -1 });
  assert.equal(validateWorkProfile(bad).length, 3);
  const compiled = compileProfile(bad);
  assert.equal(compiled.interleave, null);
  assert.equal(compiled.escalations.length, 0);
  assert.equal(compiled.takeFirst.length, 0);
  assert.deepEqual(validateWorkProfile(profile({ kind: 'interleave', priority: 2, normal: 1 })), []);
});
