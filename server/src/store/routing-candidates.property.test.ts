/**
 * Call next reads a long line folded (routing-candidates.ts): of each group of plain contacts
 * only the first two, the rest as a count. Random lines in a real SQLite file (visitors in
 * several errands and languages, priority and booked, ranked, pinned to an agent or a counter,
 * requeued, cancelled, often in the same millisecond), for random agents with and without
 * escalation: the folded read must decide, explain and count exactly as the whole line does,
 * and the groups its triggers keep (migration 0018) must be what counting the line gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { manualClock, tempDemoStore } from '../test-support/fixtures.js';
import { chooseNext, waitDecidesFate, type Channel, type ChooseNextInput, type RoutingAgent, type WorkProfile } from '../core/routing/index.js';
import { ROUTING_COLUMNS, routableOf, type RoutingRow } from './routing-rows.js';
import { createRoutingCandidates } from './routing-candidates.js';

const SERVICES = ['allmant', 'parkering', 'bygglov'];
const LANGUAGES = ['sv', 'ar', 'ti'];
const AGENTS = ['anna', 'hassan'];
const POINTS = ['disk-1', 'disk-2'];
const RUNS = Number(process.env.ROUTING_CANDIDATES_RUNS ?? 40);

type Op =
  | { kind: 'issue'; service: number; language: number; as: 'normal' | 'priority' | 'booked'; bookedInMin: number; advanceMs: number }
  | { kind: 'rank'; contact: number; rank: number | null }
  | { kind: 'pin'; contact: number; agent: number | null }
  | { kind: 'toPoint'; contact: number; point: number }
  | { kind: 'requeue' | 'cancel'; contact: number; advanceMs: number };

const advance = fc.constantFrom(0, 0, 1, 1000, 5 * 60_000);
const contact = fc.nat(60);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: fc.record({
    kind: fc.constant('issue' as const), service: fc.nat(SERVICES.length - 1), language: fc.nat(LANGUAGES.length - 1),
    as: fc.constantFrom('normal' as const, 'normal' as const, 'normal' as const, 'normal' as const, 'normal' as const, 'priority' as const, 'booked' as const),
    bookedInMin: fc.integer({ min: -60, max: 60 }), advanceMs: advance,
  }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rank' as const), contact, rank: fc.option(fc.nat(3), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pin' as const), contact, agent: fc.option(fc.nat(AGENTS.length - 1), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('toPoint' as const), contact, point: fc.nat(POINTS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('requeue' as const, 'cancel' as const), contact, advanceMs: advance }) },
);

const agentArb = (id: string): fc.Arbitrary<RoutingAgent> => fc.record({
  skills: fc.subarray(SERVICES, { minLength: 1 }),
  // Swedish always: so most groups fold, and the others (nobody speaks it) are read whole.
  languages: fc.subarray(LANGUAGES.slice(1)).map((ls) => ['sv', ...ls]),
}).map((a) => ({ id, skills: new Map(a.skills.map((s) => [s, { penalty: s === 'bygglov' ? 0.5 : 0 }])), channels: new Set<Channel>(['visit']), languages: new Set(a.languages) }));

const profileArb: fc.Arbitrary<WorkProfile | undefined> = fc.option(fc.record({
  afterSeconds: fc.constantFrom(0, 120, 900), extra: fc.subarray(SERVICES, { minLength: 1 }), waitedOver: fc.constantFrom(60, 600),
}).map(({ afterSeconds, extra, waitedOver }) => ({
  id: 'p', rules: [{ kind: 'waited_over' as const, seconds: waitedOver }, { kind: 'escalate' as const, afterSeconds, extraSkills: extra, penalty: 0.5 }],
})), { nil: undefined });

test('a folded read of the line decides, explains and counts as reading the whole line', () => {
  fc.assert(fc.property(
    fc.array(opArb, { minLength: 30, maxLength: 90 }), fc.boolean(), agentArb('anna'), fc.array(agentArb('hassan'), { maxLength: 1 }),
    profileArb, fc.constantFrom(...POINTS), fc.constantFrom(0, 300), fc.boolean(), fc.boolean(),
    (ops, descendingIds, agent, others, profile, point, interpreterAfterSeconds, plainOnly, burst) => {
      const clock = manualClock('2026-11-25T09:00:00Z');
      let n = 0;
      // Ids that sort against issue order too, for visitors queued in the same millisecond.
      const newId = () => `id-${String(descendingIds ? 999_999 - ++n : ++n).padStart(6, '0')}`;
      const s = tempDemoStore(clock.now, { newId });
      try {
        const issued: string[] = [];
        const who = { actor: 'property-test' };
        for (const op of ops) {
          // A burst: everyone in the same millisecond, so the id alone orders them.
          if ((op.kind === 'issue' || op.kind === 'requeue' || op.kind === 'cancel') && !burst) clock.advance(op.advanceMs);
          // Half the lines hold only plain visitors (normal, unpinned, unranked): the others come
          // first, so only there is a plain one called and another named next in every run.
          if (plainOnly && (op.kind === 'rank' || op.kind === 'pin' || op.kind === 'toPoint')) continue;
          if (op.kind === 'issue') {
            if (plainOnly) op.as = 'normal';
            const req = { kiosk: 'kiosk-1', service: SERVICES[op.service]!, language: LANGUAGES[op.language]!, ...(op.as === 'priority' ? { priority: 'accessibility' as const } : {}) };
            const booked = op.as === 'booked' ? { appointmentAt: new Date(clock.now().getTime() + op.bookedInMin * 60_000).toISOString() } : undefined;
            issued.push(s.store.issueTicket(req, undefined, booked).id);
            continue;
          }
          const id = issued[op.contact % Math.max(1, issued.length)];
          if (!id || s.contacts.load(id).state !== 'waiting') continue;
          if (op.kind === 'rank') s.contacts.rank(id, op.rank, who);
          else if (op.kind === 'pin') s.contacts.pin(id, op.agent === null ? null : AGENTS[op.agent]!, who);
          else if (op.kind === 'cancel') s.contacts.cancel(id, who);
          else if (op.kind === 'toPoint') { s.contacts.call(id, { servicePoint: 'disk-3' }, who); s.contacts.transfer(id, { servicePoint: POINTS[op.point]! }, who); }
          else { s.contacts.call(id, { servicePoint: 'disk-1' }, who); s.contacts.requeue(id, who); }
        }
        clock.advance(2 * 60_000);
        const kept = s.db.prepare(`SELECT site_id, service_id, channel, language, plain, n, versions, rows, weighted FROM waiting_groups
          WHERE n <> 0 OR versions <> 0 OR rows <> 0 OR weighted <> 0 ORDER BY 1, 2, 3, 4, 5`).all();
        const counted = s.db.prepare(`SELECT site_id, service_id, channel, language,
            (priority = 'normal' AND pinned_agent_id IS NULL AND pinned_service_point_id IS NULL AND rank IS NULL) AS plain,
            count(*) AS n, sum(version) AS versions, sum(rowid) AS rows, sum(rowid * version) AS weighted
          FROM contacts WHERE state = 'waiting' GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`).all();
        assert.deepEqual(kept, counted);
        const site = (s.db.prepare('SELECT id FROM sites').get() as { id: string }).id;
        const seat = { id: agent.id, service_point_id: point };
        const input: Omit<ChooseNextInput, 'contacts'> = {
          agent, services: new Map(), now: clock.now().getTime(), otherAvailableAgents: others, interpreterAfterSeconds,
          ...(profile ? { profile } : {}),
        };
        // As agent-store asks: every service when an escalate rule may widen the skills.
        const services = profile ? SERVICES : [...agent.skills.keys()];
        const whole = s.db.prepare<[string], RoutingRow>(`SELECT ${ROUTING_COLUMNS} FROM contacts WHERE site_id = ? AND state = 'waiting'`).all(site)
          .filter((r) => services.includes(r.service_id)).flatMap((r) => routableOf(r, seat) ?? []);
        const folded = createRoutingCandidates(s.db).read(site, services, ['visit'], seat, waitDecidesFate(input));
        assert.equal(folded.count, whole.length);
        const a = chooseNext({ ...input, contacts: whole });
        const b = chooseNext({ ...input, contacts: folded.contacts });
        assert.equal(b.contact?.id, a.contact?.id);
        assert.deepEqual(b.explanation, a.explanation);
      } finally {
        s.remove();
      }
    }), { numRuns: RUNS });
});

test('the folded read is answered from the indexes of migration 0017 and the groups of 0018, not by reading the line', (t) => {
  const s = tempDemoStore(manualClock('2026-11-25T09:00:00Z').now);
  t.after(s.remove);
  const plans: string[] = [];
  const prepare = s.db.prepare.bind(s.db);
  // Each statement the reader prepares, planned as SQLite would run it.
  (s.db as { prepare: typeof s.db.prepare }).prepare = ((sql: string) => { plans.push(...prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...sql.split('?').slice(1).map(() => 'x')).map((r) => (r as { detail: string }).detail)); return prepare(sql); }) as typeof s.db.prepare;
  createRoutingCandidates(s.db);
  const contactsPlans = plans.filter((p) => / contacts /.test(p));
  assert.equal(contactsPlans.length, 2, plans.join('\n'));
  for (const p of contactsPlans) assert.match(p, /USING (COVERING )?INDEX contacts_(plain|unplain)_line/, p);
  assert.ok(plans.some((p) => /SEARCH waiting_groups USING PRIMARY KEY \(site_id=\? AND service_id=\? AND channel=\?/.test(p)), plans.join('\n'));
});
