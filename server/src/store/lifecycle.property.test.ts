/**
 * Random sequences of real operations on a real SQLite file, checked against the
 * lifecycle machine as a model: numbers are never issued twice in a service day, every
 * contact is in exactly the state the model says, and an action the machine refuses is
 * refused by the store and changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { manualClock, tempDemoStore } from '../test-support/fixtures.js';
import { EntreError } from '../core/errors.js';
import { transition, type ContactAction, type ContactState } from '../core/lifecycle/machine.js';

const ACTIONS: ContactAction[] = ['call', 'recall', 'start', 'no_show', 'requeue', 'transfer', 'park', 'resume', 'finish', 'cancel', 'abandon'];
const SERVICES = ['allmant', 'bygglov', 'parkering', 'social'];
const MAX_RECALLS = 2; // the demo site's setting

type Op =
  | { kind: 'issue'; service: number; advanceMin: number }
  | { kind: 'act'; contact: number; action: ContactAction; advanceMin: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('issue' as const), service: fc.nat(SERVICES.length - 1), advanceMin: fc.integer({ min: 0, max: 240 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('act' as const), contact: fc.nat(30), action: fc.constantFrom(...ACTIONS), advanceMin: fc.integer({ min: 0, max: 30 }) }) },
);

const RUNS = Number(process.env.LIFECYCLE_RUNS ?? 60);

test('random operation sequences keep numbers unique and every contact in the state the machine allows', () => {
  fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
    // Starts late evening so sequences cross local midnight (and a new service day).
    const clock = manualClock('2026-10-24T19:00:00Z');
    const s = tempDemoStore(clock.now);
    try {
      const model: { id: string; state: ContactState; recalls: number }[] = [];
      for (const op of ops) {
        clock.advance(op.advanceMin * 60_000);
        if (op.kind === 'issue') {
          const t = s.store.issueTicket({ kiosk: 'kiosk-1', service: SERVICES[op.service]!, language: 'sv' });
          model.push({ id: t.id, state: 'waiting', recalls: 0 });
          continue;
        }
        const m = model[op.contact % Math.max(1, model.length)];
        if (!m) continue;
        const before = s.contacts.load(m.id);
        const who = { actor: 'property-test' };
        const expected = transition(m.state, op.action);
        const run = () => {
          switch (op.action) {
            case 'call': return s.contacts.call(m.id, { servicePoint: 'disk-1' }, who);
            case 'recall': return s.contacts.recall(m.id, who).row;
            case 'start': return s.contacts.start(m.id, who);
            case 'no_show': return s.contacts.noShow(m.id, who);
            case 'requeue': return s.contacts.requeue(m.id, who);
            case 'transfer': return s.contacts.transfer(m.id, { service: 'parkering' }, who);
            case 'park': return s.contacts.park(m.id, who);
            case 'resume': return s.contacts.resume(m.id, who);
            case 'finish': return s.contacts.finish(m.id, { outcome: 'resolved', rosaLevel: 1 }, who);
            case 'cancel': return s.contacts.cancel(m.id, who);
            case 'abandon': return s.contacts.abandon(m.id, who);
          }
        };
        if (!expected.ok) {
          assert.throws(run, (e: unknown) => e instanceof EntreError && e.code === 'ENTRE_INVALID_TRANSITION', `${m.state} --${op.action}`);
          assert.deepEqual(s.contacts.load(m.id), before, 'a refused action changes nothing');
          continue;
        }
        const after = run();
        if (op.action === 'recall' && m.recalls >= MAX_RECALLS) {
          m.state = 'no_show'; // past the recall limit a recall records a no-show
        } else {
          m.state = expected.to;
          if (op.action === 'recall') m.recalls++;
          if (op.action === 'call') m.recalls = 0;

        }
        assert.equal(after.state, m.state);
      }
      const rows = s.db.prepare('SELECT id, state, service_day, number FROM contacts').all() as { id: string; state: ContactState; service_day: string; number: string }[];
      assert.equal(rows.length, model.length);
      const keys = rows.map((r) => `${r.service_day}/${r.number}`);
      assert.equal(new Set(keys).size, keys.length, 'a number is never issued twice in a service day');
      for (const m of model) assert.equal(rows.find((r) => r.id === m.id)?.state, m.state);
    } finally {
      s.remove();
    }
  }), { numRuns: RUNS });
});
