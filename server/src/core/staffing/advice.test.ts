import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '../routing/types.js';
import { advise, type LiveAgent, type LiveQueue } from './advice.js';
import { requiredFor } from './plan.js';

const agent = (id: string, skills: string[], channels: Channel[], activity: Channel[]): LiveAgent => ({
  id, name: id.toUpperCase(), skills: new Set(skills), channels: new Set(channels), activity: new Set(activity),
});
const queue = (service: string, channel: Channel, forecast: number, waiting: number, more: Partial<LiveQueue> = {}): LiveQueue => ({
  service, channel, forecast, waiting, ahtSeconds: 300, targetSeconds: 120, targetServiceLevel: 0.8, patienceSeconds: Infinity, ...more,
});

test('a short counter queue gets spare phone agents with the skill, as many as there are free counters', () => {
  const bygglov = queue('bygglov', 'visit', 12, 6);
  // A = 0.3 × 300 ÷ 900 = 0.1 Erlang: one agent answers 93 % within 120 s.
  const allmant = queue('allmant', 'phone', 0.3, 0);
  const need = requiredFor(bygglov, 18).required;
  assert.ok(need >= 5, `the scenario needs a clear shortage (needs ${need})`);
  const risks = advise({
    queues: [bygglov, allmant],
    agents: [
      agent('desk', ['bygglov'], ['visit'], ['visit']),
      // allmant/phone needs 1: the best assignment keeps one of these three there.
      agent('p1', ['bygglov', 'allmant'], ['visit', 'phone'], ['phone']),
      agent('p2', ['bygglov', 'allmant'], ['visit', 'phone'], ['phone']),
      agent('p3', ['bygglov', 'allmant'], ['visit', 'phone'], ['phone']),
      // Spare too, but without a counter channel: cannot move to visits.
      agent('chat', ['bygglov'], ['chat'], ['chat']),
    ],
    freeCounters: 1,
    minutes: 30,
  });
  assert.equal(risks.length, 1, 'the phone queue is fine and is not listed');
  const r = risks[0]!;
  assert.deepEqual([r.service, r.channel, r.required, r.covered, r.reasons], ['bygglov', 'visit', need, 1, ['short']]);
  assert.equal(r.moves.length, 1);
  assert.deepEqual(r.moves[0]!.from, ['phone']);
  assert.equal(r.moves[0]!.agents.length, 1, 'one free counter: one move');
  assert.equal(r.moves[0]!.minutes, 30);
  assert.equal(r.stillMissing, need - 2);
});

test('with counters free, every spare phone agent with the skill is suggested, and no queue is left short for it', () => {
  const risks = advise({
    queues: [queue('bygglov', 'visit', 12, 6), queue('allmant', 'phone', 0.3, 0)],
    agents: ['p1', 'p2', 'p3'].map((id) => agent(id, ['bygglov', 'allmant'], ['visit', 'phone'], ['phone'])),
    freeCounters: 4,
    minutes: 30,
  });
  const moves = risks.flatMap((r) => r.moves);
  assert.equal(risks.length, 1);
  assert.deepEqual(moves.map((m) => m.agents.length), [2], 'two move; one stays for the phone queue that needs one');
});

test('nobody to spare: the risk is shown with no move; a queue under its target today is flagged even when covered now', () => {
  const phone = queue('allmant', 'phone', 30, 4);
  const need = requiredFor(phone, 34).required;
  const agents = Array.from({ length: need - 1 }, (_, i) => agent(`p${i}`, ['allmant'], ['phone'], ['phone']));
  const [short] = advise({ queues: [phone], agents, freeCounters: 0, minutes: 30 });
  assert.deepEqual([short!.reasons, short!.moves, short!.stillMissing], [['short'], [], 1]);

  const covered = advise({ queues: [{ ...phone, serviceLevel: 0.6 }], agents: [...agents, agent('x', ['allmant'], ['phone'], ['phone'])], freeCounters: 0, minutes: 30 });
  assert.deepEqual(covered.map((r) => [r.reasons, r.stillMissing]), [[['service_level'], 0]]);
  // Under target but nobody waiting any more: nothing to act on.
  assert.deepEqual(advise({ queues: [{ ...phone, forecast: 0, waiting: 0, serviceLevel: 0.6 }], agents, freeCounters: 0, minutes: 30 }), []);
});
