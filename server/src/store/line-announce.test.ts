import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topics, type QueueSummary } from '@entre/protocol';
import { manualClock, sequentialIds, tempDemoStore } from '../test-support/fixtures.js';
import { createAnnouncer } from './announcer.js';
import { createContactStore } from './contact-store.js';

const who = { actor: 'staff:reception' };

test('a rank, a pin and a reorder announce the line, though no count changes', (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  const a = s.store.issueTicket({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' });
  const b = s.store.issueTicket({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' });
  const topic = topics.queueSummary('demo', 'allmant');
  const drain = (): QueueSummary[] => {
    const rows = s.store.outbox.pending();
    s.store.outbox.removeMany(rows.map((r) => r.id));
    return rows.filter((r) => r.topic === topic).map((r) => JSON.parse(r.payload) as QueueSummary);
  };
  const first = drain().at(-1)!;
  assert.equal(first.waiting, 2);

  s.contacts.rank(b.id, 0, who);
  const ranked = drain();
  assert.equal(ranked.length, 1, 'the rank announces the line');
  assert.equal(ranked[0]!.waiting, 2);
  assert.notEqual(ranked[0]!.lineTag, first.lineTag, 'its tag moves with the contact');

  s.contacts.pin(a.id, 'anna', who);
  const pinned = drain();
  assert.equal(pinned.length, 1, 'the pin announces the line');
  assert.notEqual(pinned[0]!.lineTag, ranked[0]!.lineTag);

  const v = (id: string) => s.contacts.load(id).version;
  s.contacts.reorder('demo', 'allmant', [{ id: a.id, version: v(a.id) }, { id: b.id, version: v(b.id) }], who);
  const reordered = drain();
  assert.equal(reordered.length, 1, 'a reorder announces the line once');
  assert.notEqual(reordered[0]!.lineTag, pinned[0]!.lineTag);
});

test('with a derived-state publisher, a rank marks the site and changes the summary it would send', (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  const marked: string[] = [];
  const contacts = createContactStore(s.db, { clock: clock.now, newId: sequentialIds('d') }, createAnnouncer(s.db, { onDerivedChange: (site) => { marked.push(site); } }));
  s.store.issueTicket({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' });
  const b = s.store.issueTicket({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' });
  // The publisher sends a topic only when its content, all but `at`, changed.
  const content = () => {
    const m = s.store.derived('demo').find((x) => x.topic === topics.queueSummary('demo', 'allmant'))!;
    const { at: _at, ...rest } = m.payload;
    return JSON.stringify(rest);
  };
  const before = content();
  contacts.rank(b.id, 0, who);
  assert.deepEqual(marked, ['demo']);
  assert.notEqual(content(), before);
});

test("a line's summary counts its visitors and the longest wait is its first arrival's, as they come and go", (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const s = tempDemoStore(clock.now);
  t.after(s.remove);
  const summary = (): QueueSummary => s.store.derived('demo').map((m) => m.payload)
    .find((p): p is QueueSummary => 'service' in p && p.service === 'parkering')!;
  const first = s.store.issueTicket({ kiosk: 'kiosk-1', service: 'parkering', language: 'sv' });
  clock.advance(60_000);
  s.store.issueTicket({ kiosk: 'kiosk-1', service: 'parkering', language: 'ar' });
  clock.advance(30_000);
  const third = s.store.issueTicket({ kiosk: 'kiosk-1', service: 'parkering', language: 'sv', priority: 'accessibility' });
  clock.advance(15_000);
  assert.deepEqual([summary().waiting, summary().longestWaitSeconds], [3, 105]);
  s.contacts.call(first.id, { servicePoint: 'disk-2' }, who);
  assert.deepEqual([summary().waiting, summary().longestWaitSeconds], [2, 45], 'the next arrival is now the longest wait');
  s.contacts.cancel(third.id, who);
  assert.deepEqual([summary().waiting, summary().longestWaitSeconds], [1, 45]);
  s.contacts.requeue(first.id, who);
  assert.deepEqual([summary().waiting, summary().longestWaitSeconds], [2, 105], 'requeued, the first keeps its place and its wait');
});
