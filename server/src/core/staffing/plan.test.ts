import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Channel } from '../routing/types.js';
import { assignAgents, largestRemainder, planInterval, queueKey, requiredFor, type PlanAgent, type PlanQueue } from './plan.js';

const agent = (id: string, skills: string[], channels: Channel[] = ['phone', 'visit']): PlanAgent => ({ id, skills: new Set(skills), channels: new Set(channels) });
const queue = (service: string, channel: Channel, more: Partial<PlanQueue> = {}): PlanQueue => ({
  service, channel, ahtSeconds: 180, targetSeconds: 20, targetServiceLevel: 0.8, patienceSeconds: Infinity, ...more,
});

test('the assignment moves a generalist aside so a specialist\'s queue is covered too', () => {
  // Greedy in this order would give Gen the first queue and leave Spec with nothing.
  const out = assignAgents([agent('gen', ['allmant', 'bygglov']), agent('spec', ['allmant'])], [
    { key: 'allmant/phone', service: 'allmant', channel: 'phone', capacity: 1 },
    { key: 'bygglov/phone', service: 'bygglov', channel: 'phone', capacity: 1 },
  ]);
  assert.deepEqual(Object.fromEntries(out), { gen: 'bygglov/phone', spec: 'allmant/phone' });
});

test('the assignment respects skills, channels and capacities, and covers the most heads possible', () => {
  fc.assert(fc.property(
    fc.array(fc.record({ skills: fc.subarray(['a', 'b', 'c']), channels: fc.subarray(['phone', 'visit'] as Channel[]) }), { maxLength: 8 }),
    fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 6, maxLength: 6 }),
    (specs, caps) => {
      const agents = specs.map((s, i) => agent(`x${i}`, s.skills, s.channels));
      const queues = ['a', 'b', 'c'].flatMap((service, i) => (['phone', 'visit'] as Channel[]).map((channel, j) => ({ key: `${service}/${channel}`, service, channel, capacity: caps[i * 2 + j]! })));
      const out = assignAgents(agents, queues);
      const load = new Map<string, number>();
      for (const [id, key] of out) {
        const a = agents.find((x) => x.id === id)!;
        const q = queues.find((x) => x.key === key)!;
        assert.ok(a.skills.has(q.service) && a.channels.has(q.channel), `${id} cannot take ${key}`);
        load.set(key, (load.get(key) ?? 0) + 1);
      }
      for (const q of queues) assert.ok((load.get(q.key) ?? 0) <= q.capacity);
      // Optimal: no better assignment exists (brute force over every agent's choice).
      let best = 0;
      const choose = (i: number, used: Map<string, number>, n: number) => {
        if (i === agents.length) { best = Math.max(best, n); return; }
        choose(i + 1, used, n);
        for (const q of queues) {
          const a = agents[i]!;
          if (!(a.skills.has(q.service) && a.channels.has(q.channel)) || (used.get(q.key) ?? 0) >= q.capacity) continue;
          used.set(q.key, (used.get(q.key) ?? 0) + 1);
          choose(i + 1, used, n + 1);
          used.set(q.key, used.get(q.key)! - 1);
        }
      };
      choose(0, new Map(), 0);
      assert.equal(out.size, best);
    },
  ), { numRuns: 150 });
});

test('an interval: Erlang C need, shrinkage, coverage, the gap and what the covered agents reach', () => {
  // 10 calls in 15 min at 180 s: A = 2 Erlangs. Target 80 % in 20 s. By hand (Erlang B recursion):
  //   N = 3: B = 0.2105, C = 0.4444, SL = 1 − 0.4444·e^(−1·20/180) = 0.602 (short);
  //   N = 4: B = 0.0952, C = 0.1739, SL = 1 − 0.1739·e^(−2·20/180) = 0.861 → 4 on the line.
  // Shrinkage 30 %: ⌈4 ÷ 0.7⌉ = 6 to schedule. Five at work (one without the skill): 4 cover, gap 2;
  // 4 × 0.7 = 2.8 on the line → 2 agents = A: unstable, SL 0.
  const plan = planInterval({
    queues: [queue('allmant', 'phone')],
    arrivals: new Map([['allmant/phone', 10]]),
    agents: [agent('a', ['allmant']), agent('b', ['allmant']), agent('c', ['allmant']), agent('d', ['allmant']), agent('e', ['skola'])],
    shrinkage: 0.3,
  });
  assert.equal(plan.queues.length, 1);
  const q = plan.queues[0]!;
  assert.equal(q.trafficErlangs, 2);
  assert.deepEqual([q.required, q.requiredScheduled, q.covered, q.gap], [4, 6, 4, 2]);
  assert.equal(q.serviceLevel, 0);
  assert.deepEqual([plan.required, plan.requiredScheduled, plan.scheduled, plan.covered, plan.gap], [4, 6, 5, 4, 2]);
  assert.deepEqual(plan.spare, ['e']);
});

test('a queue nothing arrives to needs nobody, and is left out', () => {
  const plan = planInterval({ queues: [queue('allmant', 'phone'), queue('skola', 'visit')], arrivals: new Map([['skola/visit', 0]]), agents: [agent('a', ['allmant'])], shrinkage: 0 });
  assert.deepEqual(plan.queues, []);
  assert.deepEqual([plan.required, plan.gap, plan.spare], [0, 0, ['a']]);
});

test('callers who give up (Erlang A) never need more agents than infinite patience (Erlang C)', () => {
  fc.assert(fc.property(fc.double({ min: 0.5, max: 300, noNaN: true }), fc.integer({ min: 30, max: 1200 }), fc.integer({ min: 10, max: 600 }), (arrivals, aht, patience) => {
    const c = requiredFor(queue('x', 'phone', { ahtSeconds: aht }), arrivals).required;
    const a = requiredFor(queue('x', 'phone', { ahtSeconds: aht, patienceSeconds: patience }), arrivals).required;
    assert.ok(a <= c, `A ${a} > C ${c}`);
    assert.ok(a >= 1);
  }), { numRuns: 60 });
});

test('queue keys name the service and the channel', () => {
  assert.equal(queueKey({ service: 'bygglov', channel: 'visit' }), 'bygglov/visit');
});

test('a channel\'s errands share their agents: ten trickles need two people, not ten', () => {
  // Ten errands, 0.2 calls each per quarter at 180 s: the pool is 2 calls, A = 0.4 Erlang. By hand:
  //   N = 1: P_wait = A = 0.4, SL = 1 − 0.4·e^(−0.6·20/180) = 0.626 (short);
  //   N = 2: B = 0.0541, C = 0.0667, SL = 1 − 0.0667·e^(−1.6·20/180) = 0.944 → 2 on the line, ⌈2 ÷ 0.7⌉ = 3 scheduled.
  const services = Array.from({ length: 10 }, (_, i) => `e${i}`);
  const plan = planInterval({
    queues: services.map((s) => queue(s, 'phone')),
    arrivals: new Map(services.map((s) => [`${s}/phone`, 0.2])),
    agents: [agent('a', services), agent('b', services), agent('c', services), agent('d', services)],
    shrinkage: 0.3,
  });
  assert.deepEqual([plan.required, plan.requiredScheduled, plan.covered, plan.gap], [2, 3, 3, 0]);
  // Split by traffic (all equal): the first errands take the whole units.
  assert.deepEqual(plan.queues.map((q) => q.requiredScheduled), [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(plan.spare, ['d']);
  // Visits are another pool: they do not share the phone's agents.
  const mixed = planInterval({
    queues: [queue('e0', 'phone'), queue('e0', 'visit', { ahtSeconds: 600, targetSeconds: 600 })],
    arrivals: new Map([['e0/phone', 0.2], ['e0/visit', 0.2]]),
    agents: [], shrinkage: 0,
  });
  assert.deepEqual(mixed.queues.map((q) => [q.channel, q.required]), [['phone', 1], ['visit', 1]]);
});

test('largest remainder splits whole agents by weight and never loses one', () => {
  assert.deepEqual(largestRemainder(5, [3, 1, 1]), [3, 1, 1]);
  assert.deepEqual(largestRemainder(2, [1, 1, 1]), [1, 1, 0]);
  assert.deepEqual(largestRemainder(3, [0.5, 0.2, 0.3]), [1, 1, 1]); // 1.5, 0.6, 0.9: the two largest remainders round up
  assert.deepEqual(largestRemainder(4, [0, 0]), [0, 0]);
  fc.assert(fc.property(fc.integer({ min: 0, max: 50 }), fc.array(fc.double({ min: 0.001, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 }), (n, w) => {
    const out = largestRemainder(n, w);
    assert.equal(out.reduce((a, b) => a + b, 0), n);
    const sum = w.reduce((a, b) => a + b, 0);
    out.forEach((x, i) => assert.ok(Math.abs(x - (n * w[i]!) / sum) < 1 + 1e-9));
  }));
});
