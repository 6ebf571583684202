/**
 * A visitor's "people ahead" (lobby-store aheadOf) counts an unranked normal visitor's
 * line in SQLite instead of ordering it: random lines of normal, priority and booked
 * visitors, ranked, requeued, cancelled, often within the same millisecond, must give every
 * waiting ticket exactly its place in the order call next takes them (line-order.ts).
 * Lines grow past NEAR_END, so places are counted both from the back and from the front.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { manualClock, tempDemoStore } from '../test-support/fixtures.js';
import { orderLine } from '../core/routing/index.js';
import { ROUTING_COLUMNS, routableOf, type RoutingRow } from './routing-rows.js';
import { NEAR_END } from './lobby-store.js';

const SERVICES = ['allmant', 'parkering'];
const RUNS = Number(process.env.LINE_PLACE_RUNS ?? 40);

type Op =
  | { kind: 'issue'; service: number; as: 'normal' | 'priority' | 'booked'; bookedInMin: number; advanceMs: number }
  | { kind: 'rank'; contact: number; rank: number | null }
  | { kind: 'requeue' | 'cancel'; contact: number; advanceMs: number };

const advance = fc.constantFrom(0, 0, 0, 1, 1000, 10 * 60_000);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({
    kind: fc.constant('issue' as const), service: fc.nat(SERVICES.length - 1),
    as: fc.constantFrom('normal' as const, 'normal' as const, 'priority' as const, 'booked' as const),
    bookedInMin: fc.integer({ min: -60, max: 60 }), advanceMs: advance,
  }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rank' as const), contact: fc.nat(40), rank: fc.option(fc.nat(3), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('requeue' as const, 'cancel' as const), contact: fc.nat(40), advanceMs: advance }) },
);

test('people ahead is the place in the line call next would take, whatever the line holds', () => {
  const counted = { fromBack: 0, fromFront: 0 };
  fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 4 * NEAR_END + 20, size: 'max' }), fc.boolean(), (ops, descendingIds) => {
    const clock = manualClock('2026-11-25T09:00:00Z');
    let n = 0;
    // Ids that sort against issue order too, for visitors queued in the same millisecond.
    const newId = () => `id-${String(descendingIds ? 999_999 - ++n : ++n).padStart(6, '0')}`;
    const s = tempDemoStore(clock.now, { newId });
    try {
      const issued: string[] = [];
      const who = { actor: 'property-test' };
      for (const op of ops) {
        if (op.kind !== 'rank') clock.advance(op.advanceMs);
        if (op.kind === 'issue') {
          const req = { kiosk: 'kiosk-1', service: SERVICES[op.service]!, language: 'sv', ...(op.as === 'priority' ? { priority: 'accessibility' as const } : {}) };
          const booked = op.as === 'booked' ? { appointmentAt: new Date(clock.now().getTime() + op.bookedInMin * 60_000).toISOString() } : undefined;
          issued.push(s.store.issueTicket(req, undefined, booked).id);
          continue;
        }
        const id = issued[op.contact % Math.max(1, issued.length)];
        if (!id || s.contacts.load(id).state !== 'waiting') continue;
        if (op.kind === 'rank') s.contacts.rank(id, op.rank, who);
        else if (op.kind === 'cancel') s.contacts.cancel(id, who);
        else { s.contacts.call(id, { servicePoint: 'disk-1' }, who); s.contacts.requeue(id, who); }
      }
      const now = clock.now().getTime();
      for (const service of SERVICES) {
        const rows = s.db.prepare<[string], RoutingRow>(
          `SELECT ${ROUTING_COLUMNS} FROM contacts WHERE service_id = ? AND channel = 'visit' AND state = 'waiting'`).all(service);
        const line = orderLine({ contacts: rows.map((r) => routableOf(r)!), now }).map((c) => c.id);
        line.forEach((id, place) => {
          assert.equal(s.store.getTicket(id).waitingAhead, place, `${id} in ${service}: ${line.join(' ')}`);
          counted[line.length - 1 - place < NEAR_END ? 'fromBack' : 'fromFront']++;
        });
      }
    } finally {
      s.remove();
    }
  }), { numRuns: RUNS });
  // Both ways of counting were checked, not only the one short lines take.
  assert.ok(counted.fromBack > 0 && counted.fromFront > 0, JSON.stringify(counted));
});
