import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figures, queueEntries, tallyDay, waitingNow, type ContactHistory, type HistoryEvent } from './queue-stats.js';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const ev = (seconds: number, type: string, more: Partial<HistoryEvent> = {}): HistoryEvent => ({ at: at(seconds), type, ...more });

function contact(over: Partial<ContactHistory> & { events: HistoryEvent[] }): ContactHistory {
  return { channel: 'visit', service: 'allmant', issuedAt: at(0), state: 'waiting', outcome: null, ...over };
}

const targets: Record<string, number> = { allmant: 600, bygglov: 120 };
const target = (s: string) => targets[s];

test('a contact answered once is one entry, with its wait from the issue to the first call', () => {
  const c = contact({ events: [ev(0, 'issued'), ev(90, 'call'), ev(120, 'recall'), ev(150, 'start'), ev(400, 'finish')], state: 'done', outcome: 'resolved' });
  assert.deepEqual(queueEntries(c), [{ service: 'allmant', channel: 'visit', start: T0, end: 'answered', waitSeconds: 90 }]);
});

test('a transfer after the answer is a new entry in the other queue; one while waiting moves the entry', () => {
  const afterAnswer = contact({
    service: 'bygglov', events: [ev(0, 'issued'), ev(60, 'call'), ev(70, 'start'), ev(100, 'transfer', { from: 'allmant', to: 'bygglov' }), ev(400, 'call')],
  });
  assert.deepEqual(queueEntries(afterAnswer).map((e) => [e.service, e.end, e.waitSeconds]), [['allmant', 'answered', 60], ['bygglov', 'answered', 300]]);

  const whileWaiting = contact({ service: 'bygglov', events: [ev(0, 'issued'), ev(30, 'transfer', { from: 'allmant', to: 'bygglov' }), ev(200, 'call')] });
  assert.deepEqual(queueEntries(whileWaiting).map((e) => [e.service, e.end, e.waitSeconds]), [['bygglov', 'answered', 200]]);
});

test('abandoned before an answer counts; after one, and cancelled, walk-ins and requeues do not add entries', () => {
  assert.deepEqual(queueEntries(contact({ channel: 'phone', events: [ev(0, 'queued'), ev(45, 'abandon')] })).map((e) => e.end), ['abandoned']);
  assert.deepEqual(queueEntries(contact({ events: [ev(0, 'queued'), ev(20, 'call'), ev(25, 'abandon')] })).map((e) => e.end), ['answered']);
  assert.deepEqual(queueEntries(contact({ events: [ev(0, 'issued'), ev(20, 'cancel')] })).map((e) => e.end), ['cancelled']);
  assert.deepEqual(queueEntries(contact({ events: [ev(0, 'walk_in'), ev(0, 'call'), ev(0, 'start')] })), []);
  assert.deepEqual(queueEntries(contact({ events: [ev(0, 'issued'), ev(20, 'call'), ev(30, 'requeue'), ev(90, 'call')] })).map((e) => [e.end, e.waitSeconds]), [['answered', 20]]);
  assert.deepEqual(queueEntries(contact({ events: [ev(0, 'issued')] })).map((e) => e.end), ['waiting']);
});

test('service level and first-contact resolution per service, per channel and in total', () => {
  const day: ContactHistory[] = [
    // allmant (600 s): answered in 100 s and resolved; answered in 700 s and forwarded; abandoned by phone.
    contact({ events: [ev(0, 'issued'), ev(100, 'call'), ev(110, 'start'), ev(300, 'finish')], state: 'done', outcome: 'resolved' }),
    contact({ events: [ev(0, 'issued'), ev(700, 'call'), ev(710, 'start'), ev(900, 'finish')], state: 'done', outcome: 'forwarded' }),
    contact({ channel: 'phone', events: [ev(0, 'queued'), ev(50, 'abandon')], state: 'cancelled', outcome: 'abandoned' }),
    // bygglov (120 s): a phone call answered at exactly the target counts as within it.
    contact({ channel: 'phone', service: 'bygglov', events: [ev(0, 'queued'), ev(120, 'call')], state: 'called' }),
    // Still waiting, and a cancelled ticket: neither answered nor abandoned.
    contact({ events: [ev(0, 'issued')] }),
    contact({ events: [ev(0, 'issued'), ev(5, 'cancel')], state: 'cancelled', outcome: 'cancelled' }),
  ];
  const t = tallyDay(day, target);
  assert.deepEqual(t.byService.get('allmant'), { answered: 2, answeredInTarget: 1, abandoned: 1, finished: 2, resolved: 1 });
  assert.deepEqual(t.byService.get('bygglov'), { answered: 1, answeredInTarget: 1, abandoned: 0, finished: 0, resolved: 0 });
  assert.deepEqual(t.byChannel.get('visit'), { answered: 2, answeredInTarget: 1, abandoned: 0, finished: 2, resolved: 1 });
  assert.deepEqual(t.byChannel.get('phone'), { answered: 1, answeredInTarget: 1, abandoned: 1, finished: 0, resolved: 0 });
  assert.deepEqual(t.total, { answered: 3, answeredInTarget: 2, abandoned: 1, finished: 2, resolved: 1 });

  const all = figures({ waiting: 1, longestWaitSeconds: 30 }, t.total);
  assert.equal(all.serviceLevel, 2 / 4);
  assert.equal(all.firstContactResolution, 1 / 2);
  assert.equal(figures({ waiting: 0, longestWaitSeconds: 0 }, t.byService.get('bygglov')).firstContactResolution, undefined, 'nothing finished: no ratio, not 0 %');
  assert.deepEqual(figures({ waiting: 0, longestWaitSeconds: 0 }), {
    waiting: 0, longestWaitSeconds: 0, answered: 0, answeredInTarget: 0, abandoned: 0, finished: 0, resolved: 0,
  });
});

test('waiting now: how many, and the longest wait in whole seconds from each place in line', () => {
  const now = new Date(T0 + 125_900);
  const waiting = [
    { service: 'allmant', channel: 'visit' as const, queuedAt: at(0) },
    { service: 'allmant', channel: 'phone' as const, queuedAt: at(100) },
    { service: 'bygglov', channel: 'visit' as const, queuedAt: at(60) },
  ];
  assert.deepEqual(waitingNow(waiting, now), { waiting: 3, longestWaitSeconds: 125 });
  assert.deepEqual(waitingNow(waiting, now, (c) => c.channel === 'phone'), { waiting: 1, longestWaitSeconds: 25 });
  assert.deepEqual(waitingNow([], now), { waiting: 0, longestWaitSeconds: 0 });
});
