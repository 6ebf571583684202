import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { manualClock, tempDemoStore, type TempStore } from '../test-support/fixtures.js';
import { repoRoot } from '../test-support/app.js';
import { buildApp } from '../app.js';
import { validateConfig } from '../config.js';
import { createDayClose } from './day-close.js';
import { createCounterQueue } from './counter-queue.js';
import { createReceptionStore } from './reception-store.js';
import { DAY_CLOSE_ACTOR } from '../core/day-close.js';

const HOUR = 3600_000;
const who = { actor: 'test' };

const issue = (s: TempStore, service = 'allmant') => s.store.issueTicket({ kiosk: 'kiosk-1', service, language: 'sv' });

function events(s: TempStore, id: string) {
  return s.db.prepare('SELECT type, actor, at, data_json FROM contact_events WHERE contact_id = ? ORDER BY id').all(id) as
    { type: string; actor: string; at: string; data_json: string | null }[];
}
const dayCloseEvents = (s: TempStore) =>
  (s.db.prepare('SELECT count(*) AS n FROM contact_events WHERE actor = ?').get(DAY_CLOSE_ACTOR) as { n: number }).n;

/** The day close's own timer runs on mocked setTimeout; the clock is the manual one. */
function mockTimers(t: TestContext) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => t.mock.timers.reset());
}

test("at local midnight yesterday's visits end once, by the lifecycle; a phone call and an e-mail keep waiting; today starts clean", (t) => {
  mockTimers(t);
  const clock = manualClock('2026-03-10T15:00:00Z'); // 16:00 in Stockholm
  let drained = 0;
  const s = tempDemoStore(clock.now, { onOutbox: () => { drained++; } });
  t.after(s.remove);

  const a1 = issue(s), a2 = issue(s);
  const called = issue(s, 'parkering');
  s.contacts.call(called.id, { servicePoint: 'disk-2' }, who);
  const served = issue(s, 'bygglov');
  s.contacts.call(served.id, { servicePoint: 'disk-3' }, who);
  s.contacts.start(served.id, who);
  const phone = s.contacts.create('demo', { channel: 'phone', service: 'allmant', language: 'sv', externalRef: 'call-1' }, who).row;
  const mail = s.contacts.create('demo', { channel: 'email', service: 'allmant', language: 'sv', externalRef: 'mail-1' }, who).row;

  const close = createDayClose(s.db, { clock: clock.now }, s.contacts);
  t.after(close.stop);
  close.start();
  assert.equal(dayCloseEvents(s), 0, 'nothing is from an earlier day yet');
  assert.equal(close.nextRunAt()?.toISOString(), '2026-03-10T23:00:00.000Z');

  // 23:59 local: not yet.
  clock.set('2026-03-10T22:59:00Z');
  t.mock.timers.tick(8 * HOUR - 60_000);
  assert.equal(s.contacts.load(a1.id).state, 'waiting');

  clock.set('2026-03-10T23:00:01Z');
  drained = 0;
  t.mock.timers.tick(61_000);
  const state = (id: string) => { const r = s.contacts.load(id); return [r.state, r.outcome]; };
  assert.deepEqual(state(a1.id), ['cancelled', 'abandoned']);
  assert.deepEqual(state(a2.id), ['cancelled', 'abandoned']);
  assert.deepEqual(state(called.id), ['no_show', 'no_show']);
  assert.deepEqual(state(served.id), ['done', 'resolved']);
  assert.deepEqual(state(phone.id), ['waiting', null]);
  assert.deepEqual(state(mail.id), ['waiting', null]);
  assert.deepEqual(events(s, a1.id).at(-1), { type: 'abandon', actor: DAY_CLOSE_ACTOR, at: '2026-03-10T23:00:01.000Z', data_json: null });
  assert.equal(events(s, called.id).at(-1)?.type, 'no_show');
  assert.deepEqual({ ...events(s, served.id).at(-1), at: undefined },
    { type: 'finish', actor: DAY_CLOSE_ACTOR, at: undefined, data_json: JSON.stringify({ outcome: 'resolved', rosaLevel: null, implicit: true }) });
  assert.equal(dayCloseEvents(s), 4);
  assert.equal(drained, 4, 'each close woke the outbox publisher');
  // The boards were rebuilt in the same transactions: the last lobby board counts nobody waiting.
  const board = s.db.prepare("SELECT payload FROM outbox WHERE topic LIKE '%/zones/lobby/board' ORDER BY id DESC LIMIT 1").get() as { payload: string };
  const queues = (JSON.parse(board.payload) as { queues: { service: string; waiting: number }[] }).queues;
  assert.ok(queues.every((q) => q.waiting === 0), JSON.stringify(queues));

  // Today: A001 again, nobody ahead; the second has one ahead.
  clock.set('2026-03-11T07:00:00Z');
  const today1 = issue(s), today2 = issue(s);
  assert.deepEqual([today1.number, today1.waitingAhead, today2.number, today2.waitingAhead], ['A001', 0, 'A002', 1]);
  const reception = createReceptionStore(s.db, { clock: clock.now }).queues('demo');
  const allmant = reception.queues.find((q) => q.service === 'allmant')!;
  // The call and the e-mail of yesterday still wait (first, by arrival); yesterday's visits do not.
  assert.deepEqual(allmant.waiting.map((c) => c.number ?? c.channel), ['phone', 'email', 'A001', 'A002']);

  // Exactly once: the next midnight's run, and any extra run, find nothing more of that day.
  assert.equal(close.run(), 0);
  clock.set('2026-03-11T23:00:01Z');
  t.mock.timers.tick(24 * HOUR);
  assert.equal(events(s, a1.id).filter((e) => e.actor === DAY_CLOSE_ACTOR).length, 1);
  assert.equal(dayCloseEvents(s), 6, "only today's two visits were added");
  assert.equal(s.contacts.load(phone.id).state, 'waiting');
});

test('the autumn DST night: the close runs at local midnight, and the 25-hour day closes 25 hours later', (t) => {
  mockTimers(t);
  const clock = manualClock('2026-10-24T14:00:00Z'); // 16:00 CEST on Saturday
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  const a1 = issue(s), a2 = issue(s);
  const close = createDayClose(s.db, { clock: clock.now }, s.contacts);
  t.after(close.stop);
  close.start();

  clock.set('2026-10-24T22:00:00.500Z'); // 00:00:00.5 CEST on the 25th
  t.mock.timers.tick(8 * HOUR + 1000);
  assert.equal(s.contacts.load(a1.id).outcome, 'abandoned');
  assert.equal(s.contacts.load(a2.id).outcome, 'abandoned');
  assert.equal(close.nextRunAt()?.toISOString(), '2026-10-25T23:00:00.000Z');

  clock.set('2026-10-25T08:00:00Z'); // 09:00 CET, after the clocks went back
  const b1 = issue(s), b2 = issue(s);
  assert.deepEqual([b1.number, b1.waitingAhead, b2.number, b2.waitingAhead], ['A001', 0, 'A002', 1]);
  const counter = createCounterQueue(s.db, { clock: clock.now }, s.contacts).forPoint('disk-2');
  assert.deepEqual(counter.waiting.map((c) => c.number), ['A001', 'A002']);

  // 24 hours after midnight it is 23:00 local on the same (long) day: the visits still wait.
  clock.set('2026-10-25T22:00:00.500Z');
  t.mock.timers.tick(24 * HOUR);
  assert.equal(s.contacts.load(b1.id).state, 'waiting');
  clock.set('2026-10-25T23:00:00.500Z');
  t.mock.timers.tick(1 * HOUR + 1000);
  assert.equal(s.contacts.load(b1.id).outcome, 'abandoned');
  assert.equal(s.contacts.load(b2.id).outcome, 'abandoned');
  assert.equal(dayCloseEvents(s), 4);
});

test("the close forgets ticket requests' Idempotency-Keys after a day: a retry within it gets its ticket, a key a day old is a new request", (t) => {
  mockTimers(t);
  const clock = manualClock('2026-03-10T15:00:00Z'); // 16:00 in Stockholm
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  const req = { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' };
  const keys = () => (s.db.prepare('SELECT key FROM idempotency_keys ORDER BY key').all() as { key: string }[]).map((r) => r.key);
  const old = s.store.issueTicket(req, 'key-old');
  const close = createDayClose(s.db, { clock: clock.now }, s.contacts);
  t.after(close.stop);
  close.start();

  clock.set('2026-03-10T20:00:00Z');
  const late = s.store.issueTicket(req, 'key-late');
  clock.set('2026-03-10T23:00:00.500Z'); // local midnight: 8 and 3 hours old, both kept
  t.mock.timers.tick(8 * HOUR + 1000);
  assert.deepEqual(keys(), ['key-late', 'key-old']);
  assert.equal(s.store.issueTicket(req, 'key-old').id, old.id, 'a retry the same day gets the same ticket');

  clock.set('2026-03-11T23:00:00.500Z'); // the next midnight: 32 and 27 hours old
  t.mock.timers.tick(24 * HOUR + 1000);
  assert.deepEqual(keys(), []);
  const again = s.store.issueTicket(req, 'key-late');
  assert.notEqual(again.id, late.id);
  assert.equal(again.number, 'A001', "a new request: today's first number");
  assert.deepEqual(keys(), ['key-late']);
});

test('until the close has run, counters and reception do not list an earlier day as waiting', (t) => {
  const clock = manualClock('2026-03-10T15:00:00Z');
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  issue(s); issue(s);
  const phone = s.contacts.create('demo', { channel: 'phone', service: 'allmant', language: 'sv', externalRef: 'call-1' }, who).row;
  clock.set('2026-03-11T07:00:00Z');
  const today = issue(s);
  const counter = createCounterQueue(s.db, { clock: clock.now }, s.contacts);
  const point = counter.forPoint('disk-2');
  assert.deepEqual(point.waiting.map((c) => c.number), [today.number]);
  assert.equal(point.services.find((x) => x.id === 'allmant')?.waiting, 1);
  const allmant = createReceptionStore(s.db, { clock: clock.now }).queues('demo').queues.find((q) => q.service === 'allmant')!;
  assert.deepEqual(allmant.waiting.map((c) => c.id), [phone.id, today.id]);
  assert.equal(allmant.total, 2);
});

test('a server down over midnight closes the earlier day as it starts', async (t) => {
  const clock = manualClock('2026-10-24T15:00:00Z');
  // Saturday evening: the last server run leaves a visit and an e-mail waiting, then stops.
  const evening = tempDemoStore(clock.now);
  t.after(() => rmSync(evening.dir, { recursive: true, force: true }));
  const t1 = issue(evening);
  const mail = evening.contacts.create('demo', { channel: 'email', service: 'allmant', language: 'sv', externalRef: 'mail-1' }, who).row;
  evening.db.close();

  clock.set('2026-10-26T06:30:00Z'); // Monday morning, across the DST night
  const config = validateConfig({ dbPath: evening.path, port: 0, mqttPort: 0, logLevel: 'silent', appsDir: repoRoot, demo: false });
  const morning = await buildApp(config, { clock: clock.now });
  t.after(() => morning.stop());
  const row = morning.contacts.load(t1.id);
  assert.deepEqual([row.state, row.outcome], ['cancelled', 'abandoned']);
  const view = morning.contacts.view(row, true);
  assert.deepEqual(view.events?.at(-1), { at: '2026-10-26T06:30:00.000Z', type: 'abandon', actor: DAY_CLOSE_ACTOR });
  assert.equal(morning.contacts.load(mail.id).state, 'waiting');
  const first = morning.store.issueTicket({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' });
  assert.deepEqual([first.number, first.waitingAhead], ['A001', 0]);
});
