import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseNext, type ChooseNextInput } from './choose-next.js';
import { explain, formatDuration } from './explain.js';
import { agent, contact, services, NOW, MIN } from './test-support/fixtures.js';

function pick(over: Partial<ChooseNextInput>) {
  return chooseNext({ agent: agent(), contacts: [], services: services(), now: NOW, interpreterAfterSeconds: 300, ...over });
}

test('the sentence names language, class, wait against target and the deciding rule, in Swedish and English', () => {
  const r = pick({
    agent: agent({ languages: ['sv', 'ar'] }),
    services: services({ bygglov: 180 }),
    contacts: [contact('ar', { language: 'ar', priority: 'priority', arrivedAt: NOW - 4 * MIN }), contact('sv', { arrivedAt: NOW - 9 * MIN })],
  });
  assert.equal(explain(r.explanation, 'sv'), 'Vald: språkmatchning (arabiska), prioritet, väntat 4 min (1,3× målet). Avgjort av: prioritetsklass (2 möjliga).');
  assert.equal(explain(r.explanation, 'en'), 'Chosen: language match (Arabic), priority, waited 4 min (1.3× target). Decided by: priority class (2 eligible).');
});

test('pin, interpreter, penalty and work profile appear when they apply', () => {
  const pinned = pick({ contacts: [contact('so', { language: 'so', pinnedAgent: 'me', arrivedAt: NOW - 90 * 1000 })] });
  assert.equal(explain(pinned.explanation, 'sv'), 'Vald: fäst vid dig, tolk behövs (somaliska), väntat 1 min (0,2× målet). Avgjort av: enda möjliga (1 möjliga).');

  const profiled = pick({
    agent: agent({ skills: { bygglov: 0.5 } }),
    profile: { id: 'p', rules: [{ kind: 'waited_over', seconds: 1200 }] },
    contacts: [contact('old', { arrivedAt: NOW - 95 * MIN }), contact('prio', { priority: 'priority' })],
  });
  assert.equal(explain(profiled.explanation, 'en'), 'Chosen: work profile: waited over 20 min, language match (Swedish), waited 1 h 35 min (9.5× target), skill penalty 0.5. Decided by: work profile (2 eligible).');
});

test('an empty decision explains what was skipped, or that nobody waits', () => {
  const r = pick({ agent: agent({ channels: ['visit'] }), contacts: [contact('a', { service: 'skola' }), contact('b', { channel: 'chat' }), contact('c', { channel: 'chat' }), contact('d', { language: 'ti', arrivedAt: NOW - 1 * MIN })] });
  assert.equal(explain(r.explanation, 'sv'), 'Inget att ta just nu: 1 saknar kompetens, 2 fel kanal, 1 väntar på tolkgränsen.');
  assert.equal(explain(pick({}).explanation, 'en'), 'Nobody is waiting.');
});

test('durations are truncated whole units', () => {
  assert.equal(formatDuration(59.9, 'sv'), '59 s');
  assert.equal(formatDuration(299, 'en'), '4 min');
  assert.equal(formatDuration(3600, 'sv'), '1 tim');
  assert.equal(formatDuration(2 * 86400 + 3 * 3600 + 5, 'sv'), '2 dygn 3 tim');
});

test("reception's order is named as deciding only within its own queue", () => {
  const r = pick({ contacts: [contact('first', { arrivedAt: NOW - 8 * MIN }), contact('moved-up', { arrivedAt: NOW - 2 * MIN, rank: 0 })] });
  assert.equal(explain(r.explanation, 'en'), 'Chosen: language match (Swedish), waited 2 min (0.2× target), reception order 0. Decided by: reception order in the queue (2 eligible).');
  assert.equal(explain(r.explanation, 'sv'), 'Vald: språkmatchning (svenska), väntat 2 min (0,2× målet), receptionens ordning 0. Avgjort av: receptionens ordning i kön (2 möjliga).');
});
