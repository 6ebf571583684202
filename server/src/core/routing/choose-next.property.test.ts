/**
 * Properties of `chooseNext` over random queues, agents and profiles. The oracle below restates
 * eligibility from DESIGN §4 independently of the implementation's single pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chooseNext, waitDecidesFate, type ChooseNextInput } from './choose-next.js';
import type { Channel, PriorityClass, RoutableContact, RoutingAgent, ServiceRule, WorkProfile, WorkProfileRule } from './types.js';

const NOW = 1_750_000_000_000;
const RUNS = { numRuns: Number(process.env.ROUTING_RUNS ?? 300) };
const SERVICES = ['bygglov', 'skola', 'parkering', 'okänd'] as const;
const CHANNELS: Channel[] = ['visit', 'phone', 'chat', 'email'];
const LANGUAGES = ['sv', 'ar', 'so', 'en', 'ti'] as const;
const CLASSES: PriorityClass[] = ['normal', 'priority', 'appointment'];

const serviceRules: Map<string, ServiceRule> = new Map([
  ['bygglov', { id: 'bygglov', slTargetSeconds: 600 }],
  ['skola', { id: 'skola', slTargetSeconds: 180 }],
  ['parkering', { id: 'parkering', slTargetSeconds: 1200 }],
  // 'okänd' has no rule: the fallback target applies.
]);

const agentArb = (id: string): fc.Arbitrary<RoutingAgent> => fc.record({
  skills: fc.dictionary(fc.constantFrom(...SERVICES), fc.constantFrom(0, 0.25, 0.5, 1), { maxKeys: 4 }),
  channels: fc.subarray(CHANNELS),
  languages: fc.subarray([...LANGUAGES]),
}).map((a) => ({
  id,
  skills: new Map(Object.entries(a.skills).map(([s, penalty]) => [s, { penalty }])),
  channels: new Set(a.channels),
  languages: new Set(a.languages),
}));

// Coarse times (whole seconds in a small range) so ties in arrival and urgency actually occur.
const contactArb = fc.record({
  channel: fc.constantFrom(...CHANNELS),
  service: fc.constantFrom(...SERVICES),
  language: fc.constantFrom(...LANGUAGES),
  priority: fc.constantFrom(...CLASSES),
  waited: fc.integer({ min: -5, max: 3600 }),
  appointmentOffset: fc.option(fc.integer({ min: -3600, max: 3600 }), { nil: undefined }),
  pinnedAgent: fc.option(fc.constantFrom('me', 'other'), { nil: undefined, freq: 4 }),
  rank: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined, freq: 4 }),
});

const toContacts = (cs: readonly (typeof contactArb extends fc.Arbitrary<infer C> ? C : never)[]) => cs.map((c, i): RoutableContact => {
  const out: RoutableContact = { id: `c${String(i).padStart(2, '0')}`, channel: c.channel, service: c.service, language: c.language, priority: c.priority, arrivedAt: NOW - c.waited * 1000 };
  if (c.appointmentOffset !== undefined) out.appointmentAt = NOW + c.appointmentOffset * 1000;
  if (c.pinnedAgent !== undefined) out.pinnedAgent = c.pinnedAgent;
  if (c.rank !== undefined) out.rank = c.rank;
  return out;
});
const contactsArb = fc.array(contactArb, { maxLength: 25 }).map(toContacts);

const ruleArb: fc.Arbitrary<WorkProfileRule> = fc.oneof(
  fc.record({ kind: fc.constant('waited_over' as const), seconds: fc.integer({ min: 0, max: 3600 }), service: fc.option(fc.constantFrom(...SERVICES), { nil: undefined }) })
    .map((r) => (r.service === undefined ? { kind: r.kind, seconds: r.seconds } : r)),
  fc.record({ kind: fc.constant('interleave' as const), priority: fc.integer({ min: 1, max: 3 }), normal: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ kind: fc.constant('appointments_first' as const), windowBeforeSeconds: fc.integer({ min: 0, max: 1800 }), windowAfterSeconds: fc.integer({ min: 0, max: 1800 }) }),
  fc.record({ kind: fc.constant('escalate' as const), afterSeconds: fc.integer({ min: 0, max: 3600 }), extraSkills: fc.subarray([...SERVICES], { minLength: 1 }), penalty: fc.constantFrom(0, 0.5) }),
);
const profileArb: fc.Arbitrary<WorkProfile | undefined> = fc.option(fc.array(ruleArb, { maxLength: 4 }).map((rules) => ({ id: 'p', rules })), { nil: undefined });

function inputArb(profile: fc.Arbitrary<WorkProfile | undefined>, contacts = contactsArb): fc.Arbitrary<ChooseNextInput> {
  return fc.record({
    agent: agentArb('me'),
    contacts,
    others: fc.array(agentArb('other'), { maxLength: 3 }),
    profile,
    interpreterAfterSeconds: fc.constantFrom(0, 300, 1200),
    recentPicks: fc.array(fc.constantFrom(...CLASSES), { maxLength: 5 }),
  }).map((r) => {
    const input: ChooseNextInput = {
      agent: r.agent, contacts: r.contacts, services: serviceRules, now: NOW,
      otherAvailableAgents: r.others.map((o, i) => ({ ...o, id: `other${i}` })),
      interpreterAfterSeconds: r.interpreterAfterSeconds, recentPicks: r.recentPicks,
    };
    if (r.profile) input.profile = r.profile;
    return input;
  });
}

// ---- the oracle ----

const waitedMs = (c: RoutableContact) => NOW - c.arrivedAt;

function escalates(input: ChooseNextInput, c: RoutableContact): boolean {
  return (input.profile?.rules ?? []).some((r) => r.kind === 'escalate' && r.extraSkills.length > 0 && r.extraSkills.includes(c.service) && waitedMs(c) > r.afterSeconds * 1000);
}

/** 0 = spoken or interpreter (ranks as a match), 1 = another available agent speaks it, null = not yet offered. */
function languageTier(input: ChooseNextInput, c: RoutableContact): 0 | 1 | null {
  if (input.agent.languages.has(c.language)) return 0;
  if ((input.otherAvailableAgents ?? []).some((a) => a.languages.has(c.language))) return 1;
  return c.pinnedAgent === input.agent.id || waitedMs(c) >= input.interpreterAfterSeconds * 1000 ? 0 : null;
}

function eligible(input: ChooseNextInput, c: RoutableContact): boolean {
  if (c.pinnedAgent !== undefined && c.pinnedAgent !== input.agent.id) return false;
  if (!input.agent.skills.has(c.service) && !escalates(input, c)) return false;
  if (!input.agent.channels.has(c.channel)) return false;
  return languageTier(input, c) !== null;
}

/** Equal on everything that outranks class and arrival within one service: pin, language fit and reception's rank. */
const samePinAndLanguage = (input: ChooseNextInput, a: RoutableContact, b: RoutableContact) =>
  (a.pinnedAgent === undefined) === (b.pinnedAgent === undefined) && languageTier(input, a) === languageTier(input, b)
  && (a.rank ?? null) === (b.rank ?? null);

/** The same queue without reception's ranks. */
const withoutRanks = (input: ChooseNextInput): ChooseNextInput => ({
  ...input, contacts: input.contacts.map(({ rank: _rank, ...c }) => c),
});

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// ---- properties ----

test('never hands over a contact without the skill (or an escalation), the channel, or pinned elsewhere', () => {
  fc.assert(fc.property(inputArb(profileArb), (input) => {
    const { contact } = chooseNext(input);
    if (contact === null) return;
    assert.ok(input.agent.skills.has(contact.service) || escalates(input, contact), 'skill');
    assert.ok(input.agent.channels.has(contact.channel), 'channel');
    assert.ok(contact.pinnedAgent === undefined || contact.pinnedAgent === 'me', 'pin');
  }), RUNS);
});

test('returns null iff nothing is eligible; candidates and skips account for every contact', () => {
  fc.assert(fc.property(inputArb(profileArb), (input) => {
    const { contact, explanation } = chooseNext(input);
    const eligibleCount = input.contacts.filter((c) => eligible(input, c)).length;
    assert.equal(contact === null, eligibleCount === 0);
    assert.equal(explanation.candidates, eligibleCount);
    const s = explanation.skipped;
    assert.equal(explanation.candidates + s.pinnedElsewhere + s.noSkill + s.wrongChannel + s.languageNotYetOffered, input.contacts.length);
  }), RUNS);
});

test('a contact pinned to this agent is chosen whenever one is eligible', () => {
  fc.assert(fc.property(inputArb(profileArb), (input) => {
    const { contact } = chooseNext(input);
    if (input.contacts.some((c) => c.pinnedAgent === 'me' && eligible(input, c))) assert.equal(contact?.pinnedAgent, 'me');
  }), RUNS);
});

test('without a profile, a normal contact never passes over an equally eligible priority one (of its own line, where ranked)', () => {
  fc.assert(fc.property(inputArb(fc.constant(undefined)), (input) => {
    // Reception's rank orders one service's line, so with ranks the claim is about that line;
    // without them it holds across every service.
    for (const [queue, ownLineOnly] of [[input, true], [withoutRanks(input), false]] as const) {
      const { contact } = chooseNext(queue);
      if (contact === null || contact.priority !== 'normal') continue;
      const passedOver = queue.contacts.find((d) => d.priority === 'priority' && (!ownLineOnly || d.service === contact.service)
        && eligible(queue, d) && samePinAndLanguage(queue, contact, d));
      assert.equal(passedOver, undefined);
    }
  }), RUNS);
});

test("reception's rank decides who of a service's line is next, never which service: without ranks the same service is served", () => {
  fc.assert(fc.property(inputArb(profileArb), (input) => {
    const { contact } = chooseNext(input);
    assert.equal(contact?.service, chooseNext(withoutRanks(input)).contact?.service);
    if (contact === null) return;
    // Within its line, nobody of the same pin and language status ranked before it is passed over.
    const rankOf = (c: RoutableContact) => c.rank ?? Number.POSITIVE_INFINITY;
    const rankedBefore = input.contacts.find((d) => d.service === contact.service && rankOf(d) < rankOf(contact)
      && eligible(input, d) && (d.pinnedAgent === undefined) === (contact.pinnedAgent === undefined)
      && languageTier(input, d) === languageTier(input, contact));
    assert.equal(rankedBefore, undefined);
  }), RUNS);
});

test('FIFO: within a service, class, pin and language status, the earlier arrival wins (any profile)', () => {
  fc.assert(fc.property(inputArb(profileArb), (input) => {
    const { contact } = chooseNext(input);
    if (contact === null || contact.priority === 'appointment') return;
    const earlier = input.contacts.find((d) => d.service === contact.service && d.priority === contact.priority
      && d.arrivedAt < contact.arrivedAt && eligible(input, d) && samePinAndLanguage(input, contact, d));
    assert.equal(earlier, undefined);
  }), RUNS);
});

test('the result and its explanation do not depend on the order of contacts or agents', () => {
  fc.assert(fc.property(inputArb(profileArb), fc.integer(), (input, seed) => {
    const a = chooseNext(input);
    const b = chooseNext({ ...input, contacts: shuffled(input.contacts, seed), otherAvailableAgents: shuffled(input.otherAvailableAgents ?? [], seed + 1) });
    assert.equal(b.contact?.id, a.contact?.id);
    assert.deepEqual(b.explanation, a.explanation);
  }), RUNS);
});

// A long queue of few kinds, mostly plain (normal, no pin, no rank), so groups of alike contacts form.
const foldableContactsArb = fc.array(fc.record({
  channel: fc.constantFrom<Channel>('visit', 'visit', 'phone'),
  service: fc.constantFrom('bygglov', 'skola'),
  language: fc.constantFrom('sv', 'sv', 'ar'),
  priority: fc.oneof({ arbitrary: fc.constant<PriorityClass>('normal'), weight: 12 }, fc.constantFrom<PriorityClass>('priority', 'appointment')),
  // Few distinct arrivals: ties within a group, which the id then orders.
  waited: fc.integer({ min: -1, max: 12 }).map((s) => s * 120),
  appointmentOffset: fc.option(fc.integer({ min: -3600, max: 3600 }), { nil: undefined }),
  // One in eight pinned, one in eight ranked (fc.option's freq is the odds of the nil value).
  pinnedAgent: fc.oneof({ arbitrary: fc.constant(undefined), weight: 7 }, fc.constantFrom('me', 'other')),
  rank: fc.oneof({ arbitrary: fc.constant(undefined), weight: 7 }, fc.integer({ min: 0, max: 3 })),
}), { minLength: 3, maxLength: 60 }).map(toContacts);

/**
 * The queue as the store reads it at scale: of each group of plain contacts (service, channel,
 * language) only the `keep` first by arrival then id, the last kept carrying the rest as
 * `alike`; groups whose fate hangs on their wait, and every other contact, given whole.
 */
function folded(input: ChooseNextInput, keep: number): RoutableContact[] {
  const decides = waitDecidesFate(input);
  const plain = (c: RoutableContact) => c.priority === 'normal' && c.pinnedAgent === undefined && c.rank === undefined;
  const groups = new Map<string, RoutableContact[]>();
  const out: RoutableContact[] = [];
  for (const c of input.contacts) {
    if (!plain(c) || decides(c.service, c.language)) { out.push(c); continue; }
    const key = `${c.service}|${c.channel}|${c.language}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => a.arrivedAt - b.arrivedAt || (a.id < b.id ? -1 : 1));
    const heads = group.slice(0, keep).map((c) => ({ ...c }));
    heads[heads.length - 1]!.alike = group.length - heads.length;
    out.push(...heads);
  }
  return out;
}

// Mostly an agent who takes most of that queue, so most groups fold and plain contacts get called.
const foldableInputArb = fc.tuple(inputArb(profileArb, foldableContactsArb), fc.boolean(), fc.constantFrom(0, 0.5)).map(([input, capable, penalty]) => (capable
  ? { ...input, agent: { ...input.agent, skills: new Map([...input.agent.skills, ['bygglov', { penalty: 0 }], ['skola', { penalty }]]), channels: new Set<Channel>([...input.agent.channels, 'visit']), languages: new Set([...input.agent.languages, 'sv']) } }
  : input));

test('a queue folded to the first two of each group of alike contacts decides, explains and counts as the whole queue', () => {
  fc.assert(fc.property(foldableInputArb, fc.constantFrom(1, 2), (input, keep) => {
    const whole = chooseNext(input);
    const fold = chooseNext({ ...input, contacts: folded(input, keep) });
    assert.equal(fold.contact?.id, whole.contact?.id);
    // One kept is enough to choose, but not to name the runner-up (and so what decided).
    if (keep === 2) assert.deepEqual(fold.explanation, whole.explanation);
    else {
      assert.equal(fold.explanation.candidates, whole.explanation.candidates);
      assert.deepEqual(fold.explanation.skipped, whole.explanation.skipped);
    }
  }), RUNS);
});

test('a group whose wait decides its fate cannot be folded: chooseNext refuses rather than miscount', () => {
  const agent = { id: 'me', skills: new Map([['bygglov', { penalty: 0 }]]), channels: new Set<Channel>(['visit']), languages: new Set(['sv']) };
  const contact = (id: string, language: string): RoutableContact => ({ id, channel: 'visit', service: 'bygglov', language, priority: 'normal', arrivedAt: NOW - 60_000, alike: 5 });
  const base = { agent, services: serviceRules, now: NOW, interpreterAfterSeconds: 300 };
  assert.equal(chooseNext({ ...base, contacts: [contact('a', 'sv')] }).explanation.candidates, 6);
  assert.throws(() => chooseNext({ ...base, contacts: [contact('b', 'ti')] }), /waitDecidesFate/);
  assert.ok(waitDecidesFate(base)('bygglov', 'ti'));
  assert.ok(!waitDecidesFate(base)('bygglov', 'sv'));
});
