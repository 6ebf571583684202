import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatePlan } from './arrivals.js';
import { PROFILES, type Channel } from './profiles.js';
import { emptyTally, formatPlan, formatSummary, formatWait, percentile, type Report } from './report.js';

test('waits print as a queue board shows them; p90 is the nearest rank', () => {
  assert.equal(formatWait(0), '0:00');
  assert.equal(formatWait(75.4), '1:15');
  assert.equal(formatWait(3725), '1:02:05');
  assert.equal(formatWait(NaN), '–');
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
  assert.equal(percentile([5], 90), 5);
  assert.ok(Number.isNaN(percentile([], 90)));
});

function report(errors: Report['errors']): Report {
  const channels = { phone: emptyTally(), visit: emptyTally(), chat: emptyTally(), email: emptyTally() } as Record<Channel, ReturnType<typeof emptyTally>>;
  Object.assign(channels.phone, { planned: 10, created: 10, answered: 8, abandoned: 2, resolved: 6, forwarded: 2, waits: [30, 60, 90], rosa: [1, 2, 5] });
  Object.assign(channels.visit, { planned: 2, created: 2, answered: 2, noShow: 1, resolved: 1, waits: [600], rosa: [3] });
  return { profile: 'small', seed: 1, speed: 600, start: 600, end: 640, realSeconds: 4, channels, foreign: 0, errors };
}

test('the summary has a row per channel and in all, first-contact resolution and the errors', () => {
  const lines = formatSummary(report([]));
  assert.match(lines[0]!, /small \(seed 1\), 10:00–10:40 at 600×/);
  assert.match(lines.find((l) => l.startsWith('phone'))!, /phone\s+10\s+10\s+8\s+2\s+0\s+0\s+1:00\s+1:30\s+75\.0 %/);
  assert.match(lines.find((l) => l.startsWith('all'))!, /all\s+12\s+12\s+10\s+2\s+1/);
  assert.ok(!lines.some((l) => l.startsWith('chat')), 'unused channels are left out');
  assert.match(lines.join('\n'), /Resolved at first contact: 77\.8 % of 9 finished/);
  assert.equal(lines.at(-1), 'Errors: none');
  const bad = formatSummary(report([{ request: 'POST /contacts/{id}/start', status: 409, code: 'ENTRE_INVALID_TRANSITION', detail: 'is done', count: 3 }]));
  assert.match(bad.join('\n'), /Errors: 3 request\(s\) failed\n  3 × POST \/contacts\/\{id\}\/start → 409 ENTRE_INVALID_TRANSITION: is done/);
});

test('the dry-run plan lists every hour with generated and expected counts', () => {
  const plan = generatePlan(PROFILES['orebro-day']!, { seed: 42 });
  const lines = formatPlan(plan, PROFILES['orebro-day']!);
  assert.equal(lines.filter((l) => /^\d\d:00–\d\d:00/.test(l)).length, 10);
  assert.match(lines.find((l) => l.startsWith('total'))!, new RegExp(`${plan.arrivals.length}$`));
  assert.match(lines.at(-1)!, /^Languages: sv /);
});
