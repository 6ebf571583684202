import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempApp } from '../test-support/app.js';
import { generatePlan } from './arrivals.js';
import { drive } from './driver.js';
import { CHANNELS, PROFILES } from './profiles.js';
import { errorCount, formatSummary } from './report.js';

test('the small day replayed at 600× against a real server: every contact lands, agents serve, no errors', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const { http } = await app.start();
  const profile = PROFILES['small']!;
  const plan = generatePlan(profile, { seed: 42 });
  // The plan is data: make one visitor a sure no-show so that path runs too.
  plan.arrivals.find((a) => a.channel === 'visit')!.noShow = true;
  const before = app.db.prepare<[], { id: string; state: string }>('SELECT id, state FROM agents ORDER BY id').all();
  const lines: string[] = [];

  const report = await drive({ baseUrl: http, plan, profile, speed: 600, out: (l) => lines.push(l) });
  const summary = formatSummary(report);
  t.diagnostic(summary.join('\n'));

  assert.equal(errorCount(report), 0, summary.join('\n'));
  assert.equal(report.interrupted, undefined);
  const rows = app.db.prepare<[], { channel: string; n: number }>('SELECT channel, count(*) n FROM contacts GROUP BY channel').all();
  const inDb = Object.fromEntries(rows.map((r) => [r.channel, r.n]));
  for (const c of CHANNELS) {
    const planned = plan.arrivals.filter((a) => a.channel === c).length;
    assert.equal(report.channels[c].planned, planned);
    assert.equal(report.channels[c].created, planned, `${c} created`);
    assert.equal(inDb[c] ?? 0, planned, `${c} in the database`);
  }

  const finished = CHANNELS.reduce((s, c) => s + report.channels[c].resolved + report.channels[c].forwarded, 0);
  assert.ok(finished > plan.arrivals.length / 2, `agents finished ${finished} of ${plan.arrivals.length}`);
  const done = app.db.prepare<[], { n: number }>(`SELECT count(*) n FROM contacts WHERE state = 'done' AND rosa_level BETWEEN 1 AND 8`).get()!;
  assert.equal(done.n, finished, 'every finish the run counted is in the store with its ROSA level');
  const noShows = app.db.prepare<[], { n: number }>(`SELECT count(*) n FROM contacts WHERE state = 'no_show'`).get()!;
  assert.ok(report.channels.visit.noShow >= 1);
  assert.equal(noShows.n, report.channels.visit.noShow);
  const inHand = app.db.prepare<[], { n: number }>(`SELECT count(*) n FROM contacts WHERE state IN ('called','serving','parked')`).get()!;
  assert.equal(inHand.n, 0, 'the wind-down leaves no contact half-served');
  assert.ok(lines.length > 0 && lines.every((l) => /^\[10:\d\d\] arrived \d+/.test(l)), 'progress lines');
  // Agents who were signed out before the run are signed out again.
  const after = app.db.prepare<[], { id: string; state: string }>('SELECT id, state FROM agents ORDER BY id').all();
  assert.deepEqual(after, before);
});

test('without agents callers hang up when their patience runs out and visitors are still waiting at the end', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const { http } = await app.start();
  const profile = PROFILES['small']!;
  const plan = generatePlan(profile, { seed: 7, minutes: 30 });
  const report = await drive({ baseUrl: http, plan, profile, speed: 1200, agents: false });

  assert.equal(errorCount(report), 0, formatSummary(report).join('\n'));
  const abandoned = report.channels.phone.abandoned + report.channels.chat.abandoned;
  assert.ok(report.channels.phone.abandoned > 0, 'some callers gave up');
  assert.equal(report.channels.visit.abandoned + report.channels.email.abandoned, 0, 'tickets and e-mails do not hang up');
  const byState = Object.fromEntries(app.db.prepare<[], { state: string; n: number }>('SELECT state, count(*) n FROM contacts GROUP BY state').all().map((r) => [r.state, r.n]));
  assert.equal(byState['cancelled'] ?? 0, abandoned);
  assert.equal(byState['waiting'] ?? 0, CHANNELS.reduce((s, c) => s + report.channels[c].waitingAtEnd, 0));
  assert.equal(report.channels.visit.waitingAtEnd, plan.arrivals.filter((a) => a.channel === 'visit').length);
  assert.equal(CHANNELS.reduce((s, c) => s + report.channels[c].answered, 0), 0);
});
