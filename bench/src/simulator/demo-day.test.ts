/**
 * A whole simulated day of the demo center (the Örebro profile, the seed's agents): the
 * properties that must hold whatever the figures are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDemoCenter, scaleForOccupancy } from './demo-center.js';
import { simulateDay } from './engine.js';
import { canServe, POLICIES } from './policies.js';
import { summarize } from './metrics.js';
import { PROFILES, generatePlan } from './server-modules.js';

const profile = PROFILES['orebro-day']!;
const center = loadDemoCenter({ staffing: profile.staffing });

test('the demo center is read from the seed: the staffed agents, counters, SL targets and interpreter rule', () => {
  assert.deepEqual(center.agents.map((a) => [a.id, a.servicePoint]), profile.staffing.map((s) => [s.agent, s.servicePoint]));
  const hassan = center.agents.find((a) => a.id === 'hassan')!;
  assert.ok(hassan.languages.includes('ar') && hassan.skills.get('social') === 0);
  for (const service of Object.keys(profile.services)) assert.ok(center.slTargetSeconds.get(service)! > 0, service);
  assert.ok(center.interpreterAfterSeconds > 0);
  assert.deepEqual([...center.servicePoints.keys()].sort(), ['disk-1', 'disk-2', 'disk-3', 'disk-4']);
  const doubled = loadDemoCenter({ staffing: profile.staffing, copies: 2 });
  assert.equal(doubled.agents.length, 12);
  assert.equal(doubled.agents.find((a) => a.id === 'anna-2')!.servicePoint, 'disk-1-2');
  assert.deepEqual(doubled.servicePoints.get('disk-1-2'), doubled.servicePoints.get('disk-1'));
});

test('every arrival ends exactly once, and every answer respects skills, channels, counters and patience', () => {
  const scale = scaleForOccupancy(profile, center, 0.85, 2);
  for (const seed of [1, 2]) {
    const plan = generatePlan(profile, { seed, scale });
    assert.ok(plan.arrivals.length > 300, `a real day: ${plan.arrivals.length} contacts`);
    for (const policy of POLICIES) {
      const r = simulateDay({ center, arrivals: plan.arrivals, policy, start: plan.start, end: plan.end });
      assert.deepEqual(r.contacts.map((c) => c.seq), plan.arrivals.map((a) => a.seq), 'one record per arrival, none extra');
      const total = summarize(r.contacts).at(-1)!;
      assert.equal(total.answered + total.abandoned + total.noShow + total.open, plan.arrivals.length);
      for (const c of r.contacts) {
        const a = plan.arrivals[c.seq]!;
        if (c.outcome === 'answered' || c.outcome === 'no_show') {
          const who = center.agents.find((x) => x.id === c.agent)!;
          assert.ok(canServe(who, a), `${who.id} cannot take ${a.channel}/${a.service}`);
          assert.ok(c.waitMinutes! >= 0);
          if (a.patienceMinutes !== null) assert.ok(c.waitMinutes! <= a.patienceMinutes, 'answered before giving up');
          assert.equal(c.outcome === 'no_show', a.channel === 'visit' && a.noShow);
        } else if (c.outcome === 'abandoned') {
          assert.ok(a.patienceMinutes !== null && Math.abs(c.waitMinutes! - a.patienceMinutes) < 1e-9);
        } else {
          assert.equal(c.waitMinutes, null);
        }
      }
      const busy = [...r.busyMinutes.values()].reduce((s, m) => s + m, 0);
      assert.ok(busy > 0 && busy <= r.busyMinutes.size * (r.end - r.start));
    }
  }
});

test('same seed, same day: two runs give identical records for both policies; another seed differs', () => {
  const plan = (seed: number) => generatePlan(profile, { seed, scale: 0.25 });
  for (const policy of POLICIES) {
    const day = (seed: number) => { const p = plan(seed); return simulateDay({ center, arrivals: p.arrivals, policy, start: p.start, end: p.end }); };
    const a = day(7), b = day(7);
    assert.deepEqual(a.contacts, b.contacts);
    assert.deepEqual([...a.busyMinutes], [...b.busyMinutes]);
    assert.notDeepEqual(day(8).contacts, a.contacts);
  }
});
