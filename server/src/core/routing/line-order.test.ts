import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { orderLine } from './line-order.js';
import { chooseNext } from './choose-next.js';
import type { Channel, PriorityClass, RoutableContact, RoutingAgent, WorkProfile, WorkProfileRule } from './types.js';
import { contact, services, NOW, MIN } from './test-support/fixtures.js';

const ids = (cs: readonly RoutableContact[]) => cs.map((c) => c.id);

test('a priority ticket and an appointment within its window are one class: the earlier arrival first', () => {
  const line = [
    contact('priority-10:05', { priority: 'priority', arrivedAt: NOW - 55 * MIN }),
    contact('appointment-10:00', { priority: 'appointment', arrivedAt: NOW - 60 * MIN, appointmentAt: NOW }),
    contact('normal-9:00', { arrivedAt: NOW - 120 * MIN }),
  ];
  assert.deepEqual(ids(orderLine({ contacts: line, now: NOW })), ['appointment-10:00', 'priority-10:05', 'normal-9:00']);
  // Long past its window the booked visitor is normal again (DEFAULT_APPOINTMENT_WINDOW).
  assert.deepEqual(ids(orderLine({ contacts: line, now: NOW + 60 * MIN })), ['priority-10:05', 'normal-9:00', 'appointment-10:00']);
});

test("reception's rank goes first within the line, before class; a pin is no place unless the list is that agent's", () => {
  const line = [
    contact('priority', { priority: 'priority', arrivedAt: NOW - 30 * MIN }),
    contact('ranked', { rank: 0, arrivedAt: NOW - 1 * MIN }),
    contact('first', { arrivedAt: NOW - 50 * MIN }),
    contact('anna', { pinnedAgent: 'anna', arrivedAt: NOW - 40 * MIN }),
    contact('mine', { pinnedAgent: 'me', arrivedAt: NOW - 2 * MIN }),
  ];
  assert.deepEqual(ids(orderLine({ contacts: line, now: NOW })), ['ranked', 'priority', 'first', 'anna', 'mine']);
  assert.deepEqual(ids(orderLine({ contacts: line, now: NOW, agent: 'me' })), ['mine', 'ranked', 'priority', 'first'], 'pinned to me first, to Anna left out');
  assert.deepEqual(ids(orderLine({ contacts: line, now: NOW, limit: 2 })), ['ranked', 'priority']);
});

test('several lines merge as call next picks among them: a rank orders its own line only', () => {
  const contacts = [
    contact('b-old', { service: 'bygglov', arrivedAt: NOW - 30 * MIN }),
    contact('b-ranked', { service: 'bygglov', rank: 0, arrivedAt: NOW - 1 * MIN }),
    contact('s-mid', { service: 'skola', arrivedAt: NOW - 20 * MIN }),
    contact('s-new', { service: 'skola', arrivedAt: NOW - 2 * MIN }),
  ];
  const rules = services({ bygglov: 600, skola: 600 });
  // bygglov's strongest (30 min) is served first, and the ranked one of that line is taken.
  assert.deepEqual(ids(orderLine({ contacts, now: NOW, services: rules })), ['b-ranked', 'b-old', 's-mid', 's-new']);
  // A penalty of two targets on bygglov (3 − 2 = 1 against skola's 2) serves skola first; then
  // bygglov's 30 minutes still beat the 2 of skola's last one.
  assert.deepEqual(ids(orderLine({ contacts, now: NOW, services: rules, penalties: new Map([['bygglov', 2]]) })), ['s-mid', 'b-ranked', 'b-old', 's-new']);
});

test('an interleave rule alternates as the picks go, from the agent\'s recent picks', () => {
  const profile: WorkProfile = { id: 'p', rules: [{ kind: 'interleave', priority: 1, normal: 1 }] };
  const line = [
    contact('p1', { priority: 'priority', arrivedAt: NOW - 10 * MIN }),
    contact('p2', { priority: 'priority', arrivedAt: NOW - 9 * MIN }),
    contact('n1', { arrivedAt: NOW - 30 * MIN }),
    contact('n2', { arrivedAt: NOW - 20 * MIN }),
  ];
  assert.deepEqual(ids(orderLine({ contacts: line, now: NOW, profile })), ['p1', 'n1', 'p2', 'n2']);
  assert.deepEqual(ids(orderLine({ contacts: line, now: NOW, profile, recentPicks: ['priority'] })), ['n1', 'p1', 'n2', 'p2']);
});

// ---- agreement with chooseNext ----

const RUNS = { numRuns: Number(process.env.ROUTING_RUNS ?? 300) };
const SERVICES = ['bygglov', 'skola', 'parkering'] as const;
const CHANNELS: Channel[] = ['visit', 'phone', 'chat', 'email'];
const CLASSES: PriorityClass[] = ['normal', 'priority', 'appointment'];
const TARGETS = services({ bygglov: 600, skola: 180, parkering: 1200 });

const ruleArb: fc.Arbitrary<WorkProfileRule> = fc.oneof(
  fc.record({ kind: fc.constant('waited_over' as const), seconds: fc.integer({ min: 0, max: 3600 }), service: fc.option(fc.constantFrom(...SERVICES), { nil: undefined }) })
    .map((r) => (r.service === undefined ? { kind: r.kind, seconds: r.seconds } : r)),
  fc.record({ kind: fc.constant('interleave' as const), priority: fc.integer({ min: 1, max: 3 }), normal: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ kind: fc.constant('appointments_first' as const), windowBeforeSeconds: fc.integer({ min: 0, max: 1800 }), windowAfterSeconds: fc.integer({ min: 0, max: 1800 }) }),
);
const profileArb = fc.option(fc.array(ruleArb, { maxLength: 3 }).map((rules): WorkProfile => ({ id: 'p', rules })), { nil: undefined });

/** Contacts of `services`, in the languages the agent speaks, some pinned to it or to someone else. */
const contactsArb = (servicesArb: fc.Arbitrary<string>) => fc.array(fc.record({
  channel: fc.constantFrom(...CHANNELS),
  service: servicesArb,
  language: fc.constantFrom('sv', 'ar', 'so'),
  priority: fc.constantFrom(...CLASSES),
  // Coarse whole seconds so ties in arrival, urgency and rank occur.
  waited: fc.integer({ min: -5, max: 3600 }),
  appointmentOffset: fc.option(fc.integer({ min: -3600, max: 3600 }), { nil: undefined }),
  pinnedAgent: fc.option(fc.constantFrom('me', 'other'), { nil: undefined, freq: 4 }),
  rank: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined, freq: 3 }),
}), { maxLength: 20 }).map((cs) => cs.map((c, i): RoutableContact => ({
  id: `c${String(i).padStart(2, '0')}`, channel: c.channel, service: c.service, language: c.language, priority: c.priority,
  arrivedAt: NOW - c.waited * 1000, queuedAt: undefined,
  appointmentAt: c.appointmentOffset === undefined ? undefined : NOW + c.appointmentOffset * 1000,
  pinnedAgent: c.pinnedAgent, rank: c.rank,
})));

const agentWith = (skills: Record<string, number>): RoutingAgent => ({
  id: 'me', skills: new Map(Object.entries(skills).map(([s, penalty]) => [s, { penalty }])),
  channels: new Set(CHANNELS), languages: new Set(['sv', 'ar', 'so']),
});

/** Call next again and again (nobody arrives, no time passes), recording each pick's class. */
function picksOf(agent: RoutingAgent, contacts: RoutableContact[], profile: WorkProfile | undefined, recentPicks: PriorityClass[]): string[] {
  const left = [...contacts];
  const recent = [...recentPicks];
  const out: string[] = [];
  for (;;) {
    const r = chooseNext({ agent, contacts: left, services: TARGETS, now: NOW, interpreterAfterSeconds: 300, recentPicks: recent, ...(profile ? { profile } : {}) });
    if (!r.contact) return out;
    out.push(r.contact.id);
    recent.push(r.explanation.chosen.effectiveClass);
    left.splice(left.indexOf(r.contact), 1);
  }
}

test("property: one service's line is exactly the sequence call next takes it in; its head is call next's pick", () => {
  fc.assert(fc.property(
    fc.constantFrom(...SERVICES), fc.constantFrom(0, 0.5, 1), contactsArb(fc.constant('x')), profileArb, fc.array(fc.constantFrom(...CLASSES), { maxLength: 5 }),
    (service, penalty, raw, profile, recentPicks) => {
      const contacts = raw.map((c) => ({ ...c, service }));
      const agent = agentWith({ [service]: penalty });
      const line = ids(orderLine({
        contacts, now: NOW, services: TARGETS, penalties: new Map([[service, penalty]]), agent: 'me', recentPicks, ...(profile ? { profile } : {}),
      }));
      const head = chooseNext({ agent, contacts, services: TARGETS, now: NOW, interpreterAfterSeconds: 300, recentPicks, ...(profile ? { profile } : {}) }).contact;
      assert.equal(line[0], head?.id);
      assert.deepEqual(line, picksOf(agent, contacts, profile, recentPicks));
    },
  ), RUNS);
});

test('property: several lines merged are the sequence call next takes for an agent with those skills and every language', () => {
  fc.assert(fc.property(
    fc.dictionary(fc.constantFrom(...SERVICES), fc.constantFrom(0, 0.25, 0.5, 1), { minKeys: 1 }),
    contactsArb(fc.constantFrom(...SERVICES)), profileArb, fc.array(fc.constantFrom(...CLASSES), { maxLength: 5 }),
    (skills, raw, profile, recentPicks) => {
      const contacts = raw.filter((c) => c.service in skills);
      const line = ids(orderLine({
        contacts, now: NOW, services: TARGETS, penalties: new Map(Object.entries(skills)), agent: 'me', recentPicks, ...(profile ? { profile } : {}),
      }));
      assert.deepEqual(line, picksOf(agentWith(skills), contacts, profile, recentPicks));
    },
  ), RUNS);
});

test('property: without an agent, the order does not depend on input order and keeps every contact', () => {
  fc.assert(fc.property(contactsArb(fc.constantFrom(...SERVICES)), fc.integer(), (contacts, seed) => {
    const a = ids(orderLine({ contacts, now: NOW, services: TARGETS }));
    let s = seed >>> 0;
    const shuffled = [...contacts];
    for (let i = shuffled.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const j = s % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    assert.deepEqual(ids(orderLine({ contacts: shuffled, now: NOW, services: TARGETS })), a);
    assert.deepEqual([...a].sort(), ids(contacts).sort());
  }), RUNS);
});
