import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countByHour, expectedByHour, generatePlan, poissonTimes, ratePieces } from './arrivals.js';
import { CHANNELS, PROFILES, parseClock, type Profile } from './profiles.js';
import { mulberry32, streamFor } from './random.js';

const orebro = PROFILES['orebro-day']!;
const small = PROFILES['small']!;

test('the same seed gives the same day; another seed another one', () => {
  assert.deepEqual(generatePlan(orebro, { seed: 42 }), generatePlan(orebro, { seed: 42 }));
  assert.notDeepEqual(generatePlan(orebro, { seed: 42 }).arrivals, generatePlan(orebro, { seed: 43 }).arrivals);
  const r1 = mulberry32(7), r2 = mulberry32(7);
  for (let i = 0; i < 100; i++) { const x = r1(); assert.equal(x, r2()); assert.ok(x >= 0 && x < 1); }
  assert.notEqual(streamFor(1, 'phone:times')(), streamFor(1, 'chat:times')());
});

test('every arrival lies inside its channel’s opening hours, sorted, numbered in order', () => {
  for (const profile of [orebro, small]) {
    for (const seed of [1, 42, 99]) {
      const plan = generatePlan(profile, { seed });
      plan.arrivals.forEach((a, i) => {
        const cp = profile.channels[a.channel]!;
        assert.ok(a.at >= parseClock(cp.open) && a.at < parseClock(cp.close), `${a.channel} at ${a.at} outside ${cp.open}–${cp.close}`);
        assert.equal(a.seq, i);
        if (i > 0) assert.ok(a.at >= plan.arrivals[i - 1]!.at);
      });
    }
  }
});

test('counts per hour and channel stay within Poisson tolerance of the profile', () => {
  const expected = expectedByHour(orebro);
  for (const seed of [1, 42, 2026]) {
    for (const row of countByHour(generatePlan(orebro, { seed }))) {
      for (const c of CHANNELS) {
        const e = expected.get(row.hour)?.[c] ?? 0;
        // 4.5 standard deviations: a fixed seed cannot flake, and a wrong shape still fails.
        assert.ok(Math.abs(row.counts[c] - e) <= 4.5 * Math.sqrt(e) + 2, `seed ${seed} ${row.hour}:00 ${c}: ${row.counts[c]} vs ${e.toFixed(1)}`);
      }
    }
  }
  // Averaged over many days the shape is the profile's: morning peak, lunch dip, afternoon peak.
  const days = 40, mean = new Map<number, number>();
  for (let s = 0; s < days; s++) for (const r of countByHour(generatePlan(orebro, { seed: s }))) mean.set(r.hour, (mean.get(r.hour) ?? 0) + r.counts.phone / days);
  for (const [h, m] of mean) {
    const e = expected.get(h)!.phone;
    assert.ok(Math.abs(m - e) <= 0.05 * e + 1, `${h}:00 mean ${m.toFixed(1)} vs ${e.toFixed(1)}`);
  }
  assert.ok(mean.get(9)! > mean.get(12)! * 2 && mean.get(14)! > mean.get(12)!, 'peaks around a lunch dip');
  const total = [...mean.values()].reduce((s, x) => s + x, 0);
  assert.ok(Math.abs(total - 1600) < 40, `phone calls per day ${total.toFixed(0)}`);
});

test('the day’s volumes, errand and language mixes match the profile', () => {
  const plan = generatePlan(orebro, { seed: 42 });
  const by = (c: string) => plan.arrivals.filter((a) => a.channel === c).length;
  assert.ok(Math.abs(by('phone') - 1600) < 160);
  assert.ok(Math.abs(by('visit') - 150) < 50);
  assert.ok(Math.abs(by('chat') - 60) < 30);
  assert.ok(Math.abs(by('email') - 80) < 35);
  const share = (pred: (a: (typeof plan.arrivals)[number]) => boolean) => plan.arrivals.filter(pred).length / plan.arrivals.length;
  assert.ok(Math.abs(share((a) => a.service === 'allmant') - 0.35) < 0.04);
  assert.ok(Math.abs(share((a) => a.service === 'budget') - 0.05) < 0.02);
  assert.ok(Math.abs(share((a) => a.language === 'sv') - 0.8) < 0.04);
  assert.ok(share((a) => a.language === 'ar') > 0.02);
  assert.ok(Math.abs(share((a) => a.outcome === 'forwarded') - 0.25) < 0.04);
});

test('kiosk tickets use only the kiosk’s languages; other languages come by phone and chat', () => {
  const plan = generatePlan(orebro, { seed: 42 });
  const visits = plan.arrivals.filter((a) => a.channel === 'visit');
  assert.ok(visits.length > 0 && visits.every((a) => orebro.kioskLanguages.includes(a.language)));
  assert.ok(plan.arrivals.some((a) => a.channel !== 'visit' && !orebro.kioskLanguages.includes(a.language)));
});

test('each contact’s fate is drawn in range: handle time, patience, no-show, ROSA', () => {
  const plan = generatePlan(orebro, { seed: 5 });
  for (const a of plan.arrivals) {
    assert.ok(a.handleMinutes >= 0.5 && a.handleMinutes <= 60);
    assert.ok(Number.isInteger(a.rosaLevel) && a.rosaLevel >= 1 && a.rosaLevel <= 8);
    assert.equal(a.patienceMinutes === null, a.channel === 'visit' || a.channel === 'email', `${a.channel} patience`);
    if (a.noShow) assert.equal(a.channel, 'visit');
  }
  const resolved = plan.arrivals.filter((a) => a.outcome === 'resolved');
  assert.ok(resolved.filter((a) => a.rosaLevel <= 4).length / resolved.length > 0.85, 'first line is mostly ROSA 1–4');
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const phone = median(plan.arrivals.filter((a) => a.channel === 'phone').map((a) => a.handleMinutes));
  const visit = median(plan.arrivals.filter((a) => a.channel === 'visit').map((a) => a.handleMinutes));
  assert.ok(phone >= 4 && phone <= 8, `phone median ${phone}`);
  assert.ok(visit >= 8 && visit <= 15, `visit median ${visit}`);
});

test('--minutes is a true prefix of the full day, and --scale thins it', () => {
  const full = generatePlan(orebro, { seed: 42 });
  const hour = generatePlan(orebro, { seed: 42, minutes: 60 });
  assert.equal(hour.end, parseClock('08:00'));
  assert.deepEqual(hour.arrivals, full.arrivals.filter((a) => a.at < hour.end));
  const quarter = generatePlan(orebro, { seed: 42, scale: 0.25 }).arrivals.length;
  assert.ok(Math.abs(quarter - full.arrivals.length / 4) < 80, `scaled ${quarter}`);
});

test('rate pieces follow partial opening hours and integrate to the expected count', () => {
  const cp = { open: '10:30', close: '12:15', expected: 70, hourly: { 10: 1, 11: 2, 12: 1 }, handle: { median: 5, sigma: 0.3 } };
  const pieces = ratePieces(cp);
  assert.deepEqual(pieces.map((p) => [p.from, p.to]), [[630, 660], [660, 720], [720, 735]]);
  const total = pieces.reduce((s, p) => s + p.rate * (p.to - p.from), 0);
  assert.ok(Math.abs(total - 70) < 1e-9);
  assert.equal(pieces[1]!.rate, 2 * pieces[0]!.rate);
  const times = poissonTimes(mulberry32(3), pieces);
  assert.ok(times.every((t) => t >= 630 && t < 735));
  assert.throws(() => ratePieces({ ...cp, hourly: { 9: 1 } }), /no hourly weight/);
  const broken: Profile = { ...small, channels: { phone: { ...cp, close: '10:00' } } };
  assert.throws(() => generatePlan(broken, { seed: 1 }), /not after opening/);
});
