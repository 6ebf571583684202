import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checker, Statistics, type Dashboard, type Statistics as StatisticsT, type StatisticsRow } from '@entre/protocol';
import { postAsReception, signIn, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';

type App = Awaited<ReturnType<typeof tempApp>>['app'];
const checkStatistics = checker(Statistics);

async function ok(app: App, url: string, payload?: unknown): Promise<Record<string, any>> {
  const res = await postAsReception(app, url, payload);
  assert.ok(res.status < 300, `${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The API a service center's day goes through, at the clock's time. */
function center(app: App) {
  return {
    visit: async (service: string) => (await ok(app, '/api/v1/tickets', { kiosk: 'kiosk-1', service, language: 'sv' })).id as string,
    queued: async (channel: 'phone' | 'chat', service: string, ref: string) => (await ok(app, '/api/v1/contacts', { channel, service, language: 'sv', externalRef: ref })).id as string,
    /** Visits are called to a counter; calls and chats by an agent. */
    call: (id: string, where: 'counter' | 'agent' = 'counter') => ok(app, `/api/v1/contacts/${id}/call`, where === 'counter' ? { servicePoint: 'disk-1' } : { agent: 'anna' }),
    start: (id: string) => ok(app, `/api/v1/contacts/${id}/start`),
    finish: (id: string, outcome: 'resolved' | 'forwarded', rosaLevel: number) => ok(app, `/api/v1/contacts/${id}/finish`, { outcome, rosaLevel }),
    transfer: (id: string, service: string) => ok(app, `/api/v1/contacts/${id}/transfer`, { service }),
    abandon: (id: string) => ok(app, `/api/v1/contacts/${id}/abandon`),
    cancel: (id: string) => ok(app, `/api/v1/contacts/${id}/cancel`, { reason: 'dubblett' }),
    recall: (id: string) => ok(app, `/api/v1/contacts/${id}/recall`),
    noShow: (id: string) => ok(app, `/api/v1/contacts/${id}/no-show`),
    rate: async (id: string, score: number) => {
      const res = await app.http.inject({ method: 'POST', url: `/api/v1/tickets/${id}/rating`, payload: { score } });
      assert.equal(res.statusCode, 200, res.body);
    },
  };
}

async function get(app: App, cookie: string, url: string, headers: Record<string, string> = {}) {
  return app.http.inject({ method: 'GET', url, headers: { cookie, ...headers } });
}

async function statistics(app: App, cookie: string, query: string): Promise<StatisticsT> {
  const res = await get(app, cookie, `/api/v1/statistics?${query}`);
  assert.equal(res.statusCode, 200, res.body);
  const s = res.json() as StatisticsT;
  assert.ok(checkStatistics(s).ok, `the answer matches its schema: ${JSON.stringify(checkStatistics(s))}`);
  return s;
}

/** A row without its period fields, for comparing figures. */
const figures = ({ period: _p, start: _s, end: _e, name: _n, ...rest }: StatisticsRow) => rest;

test('statistics of a hand-checked day: every count and ratio per service, answer group, channel and in total', async (t) => {
  const T0 = Date.parse('2026-11-24T09:00:00.000Z'); // Tuesday 10:00 in Stockholm
  const clock = manualClock(new Date(T0));
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const at = (s: number) => clock.set(new Date(T0 + s * 1000));
  const c = center(app);
  const phone = (ref: string) => app.contacts.create('demo', { channel: 'phone', service: 'allmant', language: 'sv', externalRef: ref }, { actor: 'test' });
  // The day before, late evening local time, and the first minutes of the 25th: other days.
  at(-37_800); phone('pbx-yesterday'); // 2026-11-23T22:30Z = 23:30 local
  at(14 * 3600 + 30 * 60); phone('pbx-tomorrow'); // 2026-11-24T23:30Z = 00:30 local on the 25th
  at(0);
  const chef = await signIn(app, 'chef');

  // The site's rule: an abandon within 10 s is a misdial, never offered; the others count in the SL.
  const put = await app.http.inject({ method: 'PUT', url: '/api/v1/statistics/settings', headers: { cookie: chef }, payload: { shortAbandonSeconds: 10, abandonedInServiceLevel: 'counted' } });
  assert.equal(put.statusCode, 200, put.body);
  // SL targets: allmant 600 s (the default), bygglov 120 s, parkering 300 s. Answer groups:
  // forsta-linjen = {allmant}; samhallsbyggnad = {bygglov, parkering}.
  app.db.prepare("UPDATE services SET sl_target_seconds = 120 WHERE id = 'bygglov'").run();
  app.db.prepare("UPDATE services SET sl_target_seconds = 300 WHERE id = 'parkering'").run();

  // Times are seconds after 10:00 local. Visits V1–V7, phone calls P1–P5, chats C1–C4.
  at(0);
  const V1 = await c.visit('allmant');
  const V2 = await c.visit('allmant');
  const V3 = await c.visit('bygglov');
  const V4 = await c.visit('bygglov');
  const V5 = await c.visit('parkering');
  const V6 = await c.visit('allmant');
  const P1 = await c.queued('phone', 'allmant', 'pbx-1');
  const P2 = await c.queued('phone', 'allmant', 'pbx-2');
  const P3 = await c.queued('phone', 'allmant', 'pbx-3');
  const P4 = await c.queued('phone', 'bygglov', 'pbx-4');
  const P5 = await c.queued('phone', 'parkering', 'pbx-5');
  const C1 = await c.queued('chat', 'allmant', 'chat-1');
  const C2 = await c.queued('chat', 'bygglov', 'chat-2');
  const C3 = await c.queued('chat', 'parkering', 'chat-3');
  at(5); await c.abandon(P2); //               short abandon (5 s < 10 s)
  at(10); await c.abandon(P5); //              10 s is not short: an abandon
  at(20); await c.call(C1, 'agent'); //        20 s ≤ 600: in target
  at(25); await c.start(C1);
  at(30); await c.call(P1, 'agent'); //        30 s: in target
  at(35); await c.start(P1);
  at(50); await c.cancel(V6); //               cancelled: not offered, not abandoned
  at(60); await c.call(V3); //                 60 s ≤ 120: in target
  at(90); await c.start(V3);
  at(100); await c.call(V1); await c.call(C2, 'agent'); // V1 100 ≤ 600; C2 100 ≤ 120: in target
  at(110); await c.start(C2);
  at(130); await c.start(V1);
  at(150); await c.call(P4, 'agent'); //       150 > 120: late
  at(160); await c.start(P4);
  at(200);
  await c.call(V4); //                         200 > 120: late
  await c.abandon(P3); //                      200 s: an abandon
  await c.transfer(C2, 'allmant'); //          after the answer: waits anew in allmant from 200 s
  at(250); await c.call(V5); //                250 ≤ 300: in target
  at(260); await c.start(V5); await c.recall(V4); await c.call(C2, 'agent'); // C2 in allmant: 60 s, in target
  at(265); await c.finish(C1, 'resolved', 2); // handle 265 − 25 = 240
  at(270); await c.start(C2);
  at(320); await c.recall(V4);
  at(335); await c.finish(P1, 'resolved', 1); // handle 300
  at(380); await c.noShow(V4);
  at(400); await c.transfer(V5, 'bygglov'); await c.abandon(C3); // V5 waits anew in bygglov; C3 abandons at 400 s

  // A look in the middle of the day: the day's summary is kept, and must not go stale.
  const early = await statistics(app, chef, 'from=2026-11-24&to=2026-11-24&by=total');
  assert.equal(early.rows[0]!.resolved, 2);

  at(430); await c.finish(V1, 'resolved', 1); // handle 430 − 130 = 300
  at(460); await c.call(V5); await c.finish(P4, 'resolved', 4); // V5 in bygglov: 60 s, in target; P4 handle 300
  at(470); await c.start(V5);
  at(500); await c.rate(V1, 5);
  at(570); await c.finish(C2, 'forwarded', 7); // handle from the first start: 570 − 110 = 460
  at(690); await c.finish(V3, 'resolved', 3); // handle 600
  at(700); await c.call(V2); //                700 > 600: late
  at(720); await c.start(V2);
  at(770); await c.finish(V5, 'resolved', 2); // handle from the first start: 770 − 260 = 510
  at(800); await c.rate(V3, 4); await c.rate(V5, 3);
  at(1000); const V7 = await c.visit('allmant');
  at(1020); await c.finish(V2, 'forwarded', 5); // handle 300
  at(1050); await c.rate(V2, 2);
  at(1100); await c.transfer(V7, 'parkering'); // while waiting: the entry moves, its wait still from 1000 s
  at(1300); await c.call(V7); //               300 s ≤ 300 (parkering): exactly the target is in target
  at(1310); await c.start(V7);
  at(1500); const C4 = await c.queued('chat', 'allmant', 'chat-4'); // still waiting: no entry decided
  at(1610); await c.finish(V7, 'forwarded', 6); // handle 300
  assert.ok(V6 && C4);

  // By service (the contact's outcome under its service at the end; entries in their queue):
  //   allmant   contacts V1 V2 V6 P1 P2 P3 C1 C2 C4 = 9 (C2 ended here; V7 moved on)
  //             entries  V1 100 in, V2 700 late, P1 30 in, C1 20 in, C2 60 in; P3 abandoned; P2 short
  //             SL 4 ÷ (5 + 1) = 2/3; ASA (100+700+30+20+60) ÷ 5 = 182; abandonment 1/6
  //             resolved V1 P1 C1, forwarded V2 C2: FCR 3/5; no-show 0/5; handle (300+300+300+240+460) ÷ 5 = 320
  //             ROSA 1,5,1,2,7; ratings 5, 2 → 3.5
  //   bygglov   contacts V3 V4 V5 P4 = 4; entries V3 60 in, V4 200 late, V5 60 in, P4 150 late, C2 100 in
  //             SL 3/5; ASA 570 ÷ 5 = 114; abandonment 0/5; resolved V3 V5 P4: FCR 1; no-show V4: 1/(1+3)
  //             handle (600+510+300) ÷ 3 = 470; ROSA 3,2,4; ratings 4, 3 → 3.5
  //   parkering contacts V7 P5 C3 = 3; entries V5 250 in, V7 300 in; P5, C3 abandoned
  //             SL 2/4; ASA 550 ÷ 2 = 275; abandonment 2/4; forwarded V7: FCR 0, forwarded 1; handle 300; ROSA 6
  const rosa = (...levels: number[]) => [1, 2, 3, 4, 5, 6, 7, 8].map((l) => levels.filter((x) => x === l).length);
  const byService = await statistics(app, chef, 'from=2026-11-24&to=2026-11-24&period=day&by=service');
  assert.deepEqual(byService.settings, { shortAbandonSeconds: 10, abandonedInServiceLevel: 'counted' });
  assert.deepEqual(byService.rows.map((r) => [r.period, r.start, r.end, r.group, r.name]), [
    ['2026-11-24', '2026-11-24', '2026-11-24', 'allmant', 'Allmänna frågor'],
    ['2026-11-24', '2026-11-24', '2026-11-24', 'bygglov', 'Bygglov'],
    ['2026-11-24', '2026-11-24', '2026-11-24', 'parkering', 'Parkering'],
  ]);
  const [allmant, bygglov, parkering] = byService.rows.map(figures);
  assert.deepEqual(allmant, {
    group: 'allmant', contacts: 9, answered: 5, answeredInTarget: 4, abandoned: 1, shortAbandoned: 1,
    serviceLevel: 4 / 6, asaSeconds: 182, abandonmentRate: 1 / 6,
    resolved: 3, forwarded: 2, firstContactResolution: 3 / 5, forwardedShare: 2 / 5, noShow: 0, noShowRate: 0,
    handled: 5, meanHandleSeconds: 320, rosa: rosa(1, 5, 1, 2, 7), rated: 2, satisfaction: 3.5,
  });
  assert.deepEqual(bygglov, {
    group: 'bygglov', contacts: 4, answered: 5, answeredInTarget: 3, abandoned: 0, shortAbandoned: 0,
    serviceLevel: 3 / 5, asaSeconds: 114, abandonmentRate: 0,
    resolved: 3, forwarded: 0, firstContactResolution: 1, forwardedShare: 0, noShow: 1, noShowRate: 1 / 4,
    handled: 3, meanHandleSeconds: 470, rosa: rosa(3, 2, 4), rated: 2, satisfaction: 3.5,
  });
  // Nobody rated a parkering contact: no satisfaction figure, rather than 0.
  assert.deepEqual(parkering, {
    group: 'parkering', contacts: 3, answered: 2, answeredInTarget: 2, abandoned: 2, shortAbandoned: 0,
    serviceLevel: 2 / 4, asaSeconds: 275, abandonmentRate: 2 / 4,
    resolved: 0, forwarded: 1, firstContactResolution: 0, forwardedShare: 1, noShow: 0, noShowRate: 0,
    handled: 1, meanHandleSeconds: 300, rosa: rosa(6), rated: 0,
  });

  // By answer group: forsta-linjen is allmant; samhallsbyggnad is bygglov + parkering:
  //   SL (3+2) ÷ (5+2+2) = 5/9; ASA (570+550) ÷ 7 = 160; abandonment 2/9; FCR 3/4; no-show 1/(1+4);
  //   handle (1410+300) ÷ 4 = 427.5
  const byGroup = await statistics(app, chef, 'from=2026-11-24&to=2026-11-24&by=answerGroup');
  assert.deepEqual(byGroup.rows.map((r) => [r.group, r.name]), [['forsta-linjen', 'Frågor och service'], ['samhallsbyggnad', 'Bygga, bo och trafik']]);
  assert.deepEqual({ ...figures(byGroup.rows[0]!), group: 'allmant' }, allmant);
  assert.deepEqual(figures(byGroup.rows[1]!), {
    group: 'samhallsbyggnad', contacts: 7, answered: 7, answeredInTarget: 5, abandoned: 2, shortAbandoned: 0,
    serviceLevel: 5 / 9, asaSeconds: 1120 / 7, abandonmentRate: 2 / 9,
    resolved: 3, forwarded: 1, firstContactResolution: 3 / 4, forwardedShare: 1 / 4, noShow: 1, noShowRate: 1 / 5,
    handled: 4, meanHandleSeconds: 427.5, rosa: rosa(3, 2, 4, 6), rated: 2, satisfaction: 3.5,
  });

  // By channel:
  //   visit  V1–V7: entries 100 in, 700 late, 60 in, 200 late, 250 in, 60 in, 300 in → SL 5/7, ASA 1670 ÷ 7
  //          resolved V1 V3 V5, forwarded V2 V7, no-show V4 → FCR 3/5, no-show 1/6; handle 2010 ÷ 5 = 402
  //   phone  P1–P5: 30 in, 150 late; P3, P5 abandoned; P2 short → SL 1/4, ASA 90, abandonment 2/4
  //   chat   C1–C4: 20 in, 100 in, 60 in; C3 abandoned → SL 3/4, ASA 60; FCR 1/2; handle (240+460) ÷ 2
  const byChannel = await statistics(app, chef, 'from=2026-11-24&to=2026-11-24&by=channel');
  assert.deepEqual(byChannel.rows.map((r) => [r.group, r.name]), [['visit', 'Besök'], ['phone', 'Telefon'], ['chat', 'Chatt']]);
  assert.deepEqual(byChannel.rows.map(figures), [
    {
      group: 'visit', contacts: 7, answered: 7, answeredInTarget: 5, abandoned: 0, shortAbandoned: 0,
      serviceLevel: 5 / 7, asaSeconds: 1670 / 7, abandonmentRate: 0,
      resolved: 3, forwarded: 2, firstContactResolution: 3 / 5, forwardedShare: 2 / 5, noShow: 1, noShowRate: 1 / 6,
      handled: 5, meanHandleSeconds: 402, rosa: rosa(1, 5, 3, 2, 6), rated: 4, satisfaction: 3.5,
    },
    {
      group: 'phone', contacts: 5, answered: 2, answeredInTarget: 1, abandoned: 2, shortAbandoned: 1,
      serviceLevel: 1 / 4, asaSeconds: 90, abandonmentRate: 2 / 4,
      resolved: 2, forwarded: 0, firstContactResolution: 1, forwardedShare: 0, noShow: 0, noShowRate: 0,
      handled: 2, meanHandleSeconds: 300, rosa: rosa(1, 4), rated: 0,
    },
    {
      group: 'chat', contacts: 4, answered: 3, answeredInTarget: 3, abandoned: 1, shortAbandoned: 0,
      serviceLevel: 3 / 4, asaSeconds: 60, abandonmentRate: 1 / 4,
      resolved: 1, forwarded: 1, firstContactResolution: 1 / 2, forwardedShare: 1 / 2, noShow: 0, noShowRate: 0,
      handled: 2, meanHandleSeconds: 350, rosa: rosa(2, 7), rated: 0,
    },
  ]);

  // In total: 16 contacts; SL 9 ÷ (12 + 3) = 0.6; ASA 2030 ÷ 12; abandonment 3/15; FCR 6/9; no-show 1/10;
  // handle 3310 ÷ 9; ROSA 1,1,2,2,3,4,5,6,7; ratings 5, 2, 4, 3 → 3.5.
  const total = await statistics(app, chef, 'from=2026-11-24&to=2026-11-24');
  assert.equal(total.period, 'day');
  assert.equal(total.by, 'total');
  assert.deepEqual(total.rows.map(figures), [{
    group: 'total', contacts: 16, answered: 12, answeredInTarget: 9, abandoned: 3, shortAbandoned: 1,
    serviceLevel: 9 / 15, asaSeconds: 2030 / 12, abandonmentRate: 3 / 15,
    resolved: 6, forwarded: 3, firstContactResolution: 6 / 9, forwardedShare: 3 / 9, noShow: 1, noShowRate: 1 / 10,
    handled: 9, meanHandleSeconds: 3310 / 9, rosa: rosa(1, 1, 2, 2, 3, 4, 5, 6, 7), rated: 4, satisfaction: 3.5,
  }]);
  assert.equal(total.rows[0]!.name, 'Totalt');

  // The live dashboard, the same day, counts abandons by the same rule.
  const dashboard = async () => (await get(app, chef, '/api/v1/dashboard')).json() as Dashboard;
  const d = await dashboard();
  assert.deepEqual([d.total.answered, d.total.answeredInTarget, d.total.abandoned, d.total.serviceLevel], [12, 9, 3, 0.6]);
  assert.equal(d.queues.find((q) => q.service === 'allmant')!.serviceLevel, 4 / 6);

  // Abandons left out of the SL: 9 ÷ 12, here and there; the abandonment rate stays 3/15.
  const excluded = await app.http.inject({ method: 'PUT', url: '/api/v1/statistics/settings', headers: { cookie: chef }, payload: { shortAbandonSeconds: 10, abandonedInServiceLevel: 'excluded' } });
  assert.equal(excluded.statusCode, 200, excluded.body);
  const t2 = (await statistics(app, chef, 'from=2026-11-24&to=2026-11-24')).rows[0]!;
  assert.deepEqual([t2.serviceLevel, t2.abandonmentRate], [9 / 12, 3 / 15]);
  assert.equal((await dashboard()).total.serviceLevel, 9 / 12);
  // No short abandons: P2 counts too, 9 ÷ (12 + 4), and abandonment 4/16.
  await app.http.inject({ method: 'PUT', url: '/api/v1/statistics/settings', headers: { cookie: chef }, payload: { shortAbandonSeconds: 0, abandonedInServiceLevel: 'counted' } });
  const t3 = (await statistics(app, chef, 'from=2026-11-24&to=2026-11-24')).rows[0]!;
  assert.deepEqual([t3.abandoned, t3.shortAbandoned, t3.serviceLevel, t3.abandonmentRate], [4, 0, 9 / 16, 4 / 16]);
  assert.deepEqual([(await dashboard()).total.abandoned, (await dashboard()).total.serviceLevel], [4, 9 / 16]);

  // The neighbouring days hold one call each, nothing of the 24th.
  const around = await statistics(app, chef, 'from=2026-11-23&to=2026-11-25&period=day');
  assert.deepEqual(around.rows.map((r) => [r.period, r.contacts]), [['2026-11-23', 1], ['2026-11-24', 16], ['2026-11-25', 1]]);
});

test('weeks and months are of local service days, across a DST change and a month boundary', async (t) => {
  const clock = manualClock('2026-03-28T12:00:00.000Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  // Summer time starts in Stockholm on Sunday 29 March 2026 at 01:00 UTC (02:00 → 03:00).
  const instants = [
    '2026-03-28T22:59:00.000Z', // Sat 28 Mar 23:59 CET            W13, March
    '2026-03-29T00:30:00.000Z', // Sun 29 Mar 01:30 CET            W13
    '2026-03-29T01:30:00.000Z', // Sun 29 Mar 03:30 CEST           W13
    '2026-03-29T22:30:00.000Z', // Mon 30 Mar 00:30 CEST (UTC: Sunday)   W14
    '2026-03-31T21:59:00.000Z', // Tue 31 Mar 23:59 CEST           W14, March
    '2026-03-31T22:30:00.000Z', // Wed 1 Apr 00:30 CEST (UTC: 31 March)  W14, April
    '2026-04-05T21:30:00.000Z', // Sun 5 Apr 23:30 CEST            W14
    '2026-04-05T22:30:00.000Z', // Mon 6 Apr 00:30 CEST            W15
  ];
  instants.forEach((at, i) => {
    clock.set(at);
    app.contacts.create('demo', { channel: 'phone', service: 'allmant', language: 'sv', externalRef: `pbx-${i}` }, { actor: 'test' });
  });
  const chef = await signIn(app, 'chef');
  const rows = async (query: string) => (await statistics(app, chef, `from=2026-03-28&to=2026-04-06&${query}`)).rows.map((r) => [r.period, r.start, r.end, r.contacts]);
  assert.deepEqual(await rows('period=day'), [
    ['2026-03-28', '2026-03-28', '2026-03-28', 1], ['2026-03-29', '2026-03-29', '2026-03-29', 2], ['2026-03-30', '2026-03-30', '2026-03-30', 1],
    ['2026-03-31', '2026-03-31', '2026-03-31', 1], ['2026-04-01', '2026-04-01', '2026-04-01', 1], ['2026-04-05', '2026-04-05', '2026-04-05', 1],
    ['2026-04-06', '2026-04-06', '2026-04-06', 1],
  ]);
  // ISO weeks run Monday–Sunday; the first and last are cut to the asked range.
  assert.deepEqual(await rows('period=week'), [
    ['2026-W13', '2026-03-28', '2026-03-29', 3], ['2026-W14', '2026-03-30', '2026-04-05', 4], ['2026-W15', '2026-04-06', '2026-04-06', 1],
  ]);
  assert.deepEqual(await rows('period=month&by=service'), [['2026-03', '2026-03-28', '2026-03-31', 5], ['2026-04', '2026-04-01', '2026-04-06', 3]]);
});

test('CSV for Excel: BOM, header row, RFC 4180 quoting, "." decimals, empty cells for absent ratios', async (t) => {
  const T0 = Date.parse('2026-11-24T09:00:00.000Z');
  const clock = manualClock(new Date(T0));
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const at = (s: number) => clock.set(new Date(T0 + s * 1000));
  const c = center(app);
  const chef = await signIn(app, 'chef');
  app.db.prepare(`UPDATE services SET name_json = '{"sv":"Bygglov, \\"akut\\""}' WHERE id = 'bygglov'`).run();
  const v = await c.visit('allmant');
  const p = await c.queued('phone', 'bygglov', 'pbx-1');
  at(30); await c.call(v);
  at(40); await c.start(v);
  at(45); await c.abandon(p);
  at(340); await c.finish(v, 'resolved', 2);
  at(400); await c.rate(v, 4);

  const url = '/api/v1/statistics?from=2026-11-24&to=2026-11-24&by=service';
  const res = await get(app, chef, `${url}&format=csv`);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8; header=present');
  assert.equal(res.headers['content-disposition'], 'attachment; filename="entre-statistik_demo_2026-11-24_2026-11-24_day_service.csv"');
  assert.equal(res.body, '\uFEFF' + [
    'period,start,end,group,name,contacts,answered,answeredInTarget,abandoned,shortAbandoned,serviceLevel,asaSeconds,abandonmentRate,'
      + 'resolved,forwarded,firstContactResolution,forwardedShare,noShow,noShowRate,handled,meanHandleSeconds,'
      + 'rosa1,rosa2,rosa3,rosa4,rosa5,rosa6,rosa7,rosa8,rated,satisfaction',
    '2026-11-24,2026-11-24,2026-11-24,allmant,Allmänna frågor,1,1,1,0,0,1,30,0,1,0,1,0,0,0,1,300,0,1,0,0,0,0,0,0,1,4',
    '2026-11-24,2026-11-24,2026-11-24,bygglov,"Bygglov, ""akut""",1,0,0,1,0,0,,1,0,0,,,0,,0,,0,0,0,0,0,0,0,0,0,',
  ].join('\r\n') + '\r\n');
  // Accept: text/csv asks for the same; JSON stays the default.
  assert.equal((await get(app, chef, url, { accept: 'text/csv' })).body, res.body);
  assert.match(String((await get(app, chef, url, { accept: 'application/json, text/csv;q=0.5' })).headers['content-type']), /^application\/json/);
  assert.match(String((await get(app, chef, url)).headers['content-type']), /^application\/json/);
  // Ratios that do not divide evenly keep 4 decimals.
  at(500);
  const w = await c.visit('allmant');
  at(1500); await c.call(w); // 1000 s: late
  const csv = (await get(app, chef, '/api/v1/statistics?from=2026-11-24&to=2026-11-24&format=csv')).body.split('\r\n')[1]!.split(',');
  assert.deepEqual([csv[10], csv[11], csv[12]], ['0.3333', '515', '0.3333']); // SL 1 ÷ (2 + 1); ASA (30 + 1000) ÷ 2; abandoned 1 ÷ 3
});

test('only managers (and admins) read statistics and set the abandon rule; bad parameters are named', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const ask = async (cookie: string | undefined, url: string) => (await app.http.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} }));
  const url = '/api/v1/statistics?from=2026-11-01&to=2026-11-30&period=week&by=service';
  assert.equal((await ask(undefined, url)).statusCode, 401);
  for (const who of ['disk', 'reception', 'facility', 'anna']) {
    const cookie = await signIn(app, who);
    assert.equal((await ask(cookie, url)).statusCode, 403, who);
    assert.equal((await ask(cookie, '/api/v1/statistics/settings')).statusCode, 403, who);
    const put = await app.http.inject({ method: 'PUT', url: '/api/v1/statistics/settings', headers: { cookie }, payload: { shortAbandonSeconds: 5, abandonedInServiceLevel: 'counted' } });
    assert.equal(put.statusCode, 403, who);
  }
  const chef = await signIn(app, 'chef');
  const admin = await signIn(app, 'admin');
  assert.equal((await ask(chef, url)).statusCode, 200);
  assert.equal((await ask(admin, url)).statusCode, 200);
  assert.equal((await ask(chef, url)).headers['cache-control'], 'no-store');

  // The rule: read, set, audited; a bad one is refused and changes nothing.
  assert.deepEqual((await ask(chef, '/api/v1/statistics/settings')).json(), { shortAbandonSeconds: 0, abandonedInServiceLevel: 'counted' });
  const set = await app.http.inject({ method: 'PUT', url: '/api/v1/statistics/settings', headers: { cookie: chef }, payload: { shortAbandonSeconds: 8, abandonedInServiceLevel: 'excluded' } });
  assert.deepEqual([set.statusCode, set.json()], [200, { shortAbandonSeconds: 8, abandonedInServiceLevel: 'excluded' }]);
  for (const payload of [{ shortAbandonSeconds: -1, abandonedInServiceLevel: 'counted' }, { shortAbandonSeconds: 5, abandonedInServiceLevel: 'sometimes' }, { shortAbandonSeconds: 5 }]) {
    const bad = await app.http.inject({ method: 'PUT', url: '/api/v1/statistics/settings', headers: { cookie: chef }, payload });
    assert.equal(bad.statusCode, 400, JSON.stringify(payload));
  }
  assert.deepEqual((await ask(chef, '/api/v1/statistics/settings')).json(), { shortAbandonSeconds: 8, abandonedInServiceLevel: 'excluded' });
  const audit = (await ask(chef, '/api/v1/audit?action=statistics.settings.update')).json() as { entries: { details: unknown }[] };
  assert.deepEqual(audit.entries.map((e) => e.details), [{
    before: { shortAbandonSeconds: 0, abandonedInServiceLevel: 'counted' }, after: { shortAbandonSeconds: 8, abandonedInServiceLevel: 'excluded' },
  }]);

  const problem = async (query: string) => {
    const res = await ask(chef, `/api/v1/statistics?${query}`);
    assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const body = res.json() as { code: string; detail: string; errors?: { path: string }[] };
    assert.equal(body.code, 'ENTRE_VALIDATION');
    return body;
  };
  const paths = async (query: string) => (await problem(query)).errors?.map((e) => e.path);
  assert.deepEqual(await paths('from=2026-11-30&to=2026-11-01'), ['/to']);
  assert.match((await problem('from=2026-11-30&to=2026-11-01')).detail, /\/to must not be before from/);
  assert.deepEqual(await paths('from=2026-02-30&to=2026-03-01'), ['/from']);
  assert.deepEqual(await paths('from=2024-01-01&to=2026-01-02'), ['/to']);
  assert.match((await problem('from=2024-01-01&to=2026-01-02')).detail, /at most 731 days/);
  assert.match((await problem('from=yesterday&to=2026-01-02')).detail, /from/);
  assert.match((await problem('from=2026-01-01&to=2026-01-02&period=year')).detail, /period/);
  assert.match((await problem('from=2026-01-01&to=2026-01-02&by=agent')).detail, /by/);
  assert.match((await problem('to=2026-01-02')).detail, /from/);
  assert.match((await problem('from=2026-01-01&to=2026-01-02&colour=blue')).detail, /additional properties/);
});

test('the OpenAPI document describes the statistics routes, JSON and CSV', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const doc = (await app.http.inject({ method: 'GET', url: '/docs/json' })).json() as {
    paths: Record<string, Record<string, { parameters?: { name: string }[]; responses: Record<string, { content: Record<string, unknown> }> }>>;
  };
  const stats = doc.paths['/api/v1/statistics']!['get']!;
  assert.deepEqual(stats.parameters!.map((p) => p.name), ['from', 'to', 'period', 'by', 'format']);
  assert.deepEqual(Object.keys(stats.responses['200']!.content), ['application/json', 'text/csv']);
  assert.deepEqual(Object.keys(doc.paths['/api/v1/statistics/settings']!).sort(), ['get', 'put']);
});

test('kept day summaries follow every later change: a new event, another SL target, another threshold', async (t) => {
  const T0 = Date.parse('2026-11-24T09:00:00.000Z');
  const clock = manualClock(new Date(T0));
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const at = (s: number) => clock.set(new Date(T0 + s * 1000));
  const c = center(app);
  const chef = await signIn(app, 'chef');
  const sl = async () => (await statistics(app, chef, 'from=2026-11-20&to=2026-11-24')).rows.map((r) => [r.period, r.answered, r.abandoned, r.serviceLevel]);
  const p1 = await c.queued('phone', 'allmant', 'pbx-1');
  const p2 = await c.queued('phone', 'allmant', 'pbx-2');
  at(200); await c.call(p1, 'agent');
  assert.deepEqual(await sl(), [['2026-11-24', 1, 0, 1]]);
  at(205); await c.abandon(p2); // a new event of the kept day
  assert.deepEqual(await sl(), [['2026-11-24', 1, 1, 0.5]]);
  app.db.prepare("UPDATE services SET sl_target_seconds = 100 WHERE id = 'allmant'").run(); // 200 s is now late
  assert.deepEqual(await sl(), [['2026-11-24', 1, 1, 0]]);
  await app.http.inject({ method: 'PUT', url: '/api/v1/statistics/settings', headers: { cookie: chef }, payload: { shortAbandonSeconds: 300, abandonedInServiceLevel: 'counted' } });
  assert.deepEqual(await sl(), [['2026-11-24', 1, 0, 0]]); // 205 s < 300 s: a short abandon now
  // What is kept is counts per day, service and channel: nothing personal.
  const kept = app.db.prepare('SELECT service_day, cells_json FROM statistics_days WHERE site_id = ? ORDER BY service_day').all('demo') as { service_day: string; cells_json: string }[];
  assert.deepEqual(kept.map((k) => k.service_day), ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24']);
  assert.deepEqual(Object.keys((JSON.parse(kept[4]!.cells_json) as object[])[0]!), [
    'service', 'channel', 'contacts', 'answered', 'answeredInTarget', 'waitSeconds', 'abandoned', 'shortAbandoned', 'resolved', 'forwarded',
    'noShow', 'handled', 'handleSeconds', 'rosa', 'rated', 'ratingSum',
  ]);
});
