import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from './db.js';
import { seedDemo } from './seed.js';
import { seedDemoHistory, type DemoHistoryOptions } from './demo-history.js';
import { createDashboardStore } from './dashboard-store.js';
import { createStatisticsStore } from './statistics-store.js';
import { transition, ACTIONS, type ContactAction, type ContactState } from '../core/lifecycle/machine.js';
import { serviceDay } from '../core/service-day.js';
import { swedishHolidays, addDays } from '../core/forecast/calendar.js';
import { configFromEnv, validateConfig } from '../config.js';
import { buildApp } from '../app.js';
import { repoRoot } from '../test-support/app.js';

const ZONE = 'Europe/Stockholm';
/** Monday 18 May 2026: four weeks back is 20 April; 1 May (Fri) and Ascension (Thu 14 May) are holidays. */
const BASE: DemoHistoryOptions = { siteId: 'demo', timeZone: ZONE, until: new Date('2026-05-18T08:00:00Z'), weeks: 4, scale: 0.1, seed: 7 };

function demoDb(): Db {
  const db = openDatabase(':memory:');
  seedDemo(db, 'http://kiosk.test');
  return db;
}

interface Row {
  id: string; channel: string; service_id: string; number: string | null; service_day: string; state: string; issued_at: string;
  queued_at: string; called_at: string | null; served_at: string | null; ended_at: string | null; recalls: number; outcome: string | null;
  rosa_level: number | null; rating: number | null; rated_at: string | null; agent_id: string | null; service_point_id: string | null;
  external_ref: string | null; version: number;
}
interface EventRow { contact_id: string; at: string; type: string; actor: string; service_point_id: string | null; agent_id: string | null; data_json: string | null }

const contactsOf = (db: Db) => db.prepare<[], Row>('SELECT * FROM contacts ORDER BY id').all();
const eventsOf = (db: Db) => db.prepare<[], EventRow>('SELECT contact_id, at, type, actor, service_point_id, agent_id, data_json FROM contact_events ORDER BY id').all();

// One seeded database for the read-only checks.
const db = demoDb();
const result = seedDemoHistory(db, BASE);
const rows = contactsOf(db);
const events = eventsOf(db);

test('every open weekday of the window has contacts; weekends, holidays and the day of `until` have none', () => {
  const holidays = new Set(swedishHolidays(2026).map((h) => h.date));
  const expected: string[] = [];
  for (let d = '2026-04-20'; d < '2026-05-18'; d = addDays(d, 1)) {
    const wd = new Date(`${d}T12:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6 && !holidays.has(d)) expected.push(d);
  }
  assert.equal(expected.length, 18);
  const days = [...new Set(rows.map((r) => r.service_day))].sort();
  assert.deepEqual(days, expected);
  assert.deepEqual(result, { days: 18, contacts: rows.length });
  // Nothing at or after the local midnight that starts 18 May (22:00Z in summer time).
  const end = Date.parse('2026-05-17T22:00:00Z');
  for (const r of rows) {
    assert.equal(serviceDay(new Date(r.issued_at), ZONE), r.service_day);
    for (const t of [r.issued_at, r.called_at, r.served_at, r.ended_at, r.rated_at]) if (t) assert.ok(Date.parse(t) < end, `${r.id} ${t}`);
  }
  for (const e of events) assert.ok(Date.parse(e.at) < end);
  // Every channel is there, in plausible proportions, and Mondays are busier than Fridays.
  const by = (f: (r: Row) => boolean) => rows.filter(f).length;
  for (const ch of ['visit', 'phone', 'chat', 'email']) assert.ok(by((r) => r.channel === ch) > 0, ch);
  assert.ok(by((r) => r.channel === 'phone') > 5 * by((r) => r.channel === 'visit'));
  const weekday = (r: Row) => new Date(`${r.service_day}T12:00:00Z`).getUTCDay();
  assert.ok(by((r) => weekday(r) === 1) / 4 > (by((r) => weekday(r) === 5) / 3) * 1.2, 'a Monday is busier than a Friday');
});

test('visit numbers run per prefix and day from 001 in issue order, and the day counters agree', () => {
  const prefixes = new Map(db.prepare<[], { id: string; prefix: string }>('SELECT id, prefix FROM services').all().map((s) => [s.id, s.prefix]));
  const last = new Map<string, number>();
  for (const r of [...rows].sort((a, b) => a.issued_at.localeCompare(b.issued_at))) {
    if (r.channel !== 'visit') {
      assert.equal(r.number, null);
      assert.ok(r.external_ref);
      continue;
    }
    assert.equal(r.external_ref, null);
    const prefix = prefixes.get(r.service_id)!;
    assert.match(r.number!, new RegExp(`^${prefix}\\d{3}$`));
    const key = `${r.service_day}/${prefix}`;
    const seq = (last.get(key) ?? 0) + 1;
    assert.equal(Number(r.number!.slice(prefix.length)), seq, `${key} in order`);
    last.set(key, seq);
  }
  const counters = db.prepare<[], { service_day: string; prefix: string; last: number }>('SELECT service_day, prefix, last FROM ticket_counters').all();
  assert.deepEqual(new Map(counters.map((c) => [`${c.service_day}/${c.prefix}`, c.last])), last);
  const refs = rows.filter((r) => r.external_ref).map((r) => `${r.channel}/${r.external_ref}`);
  assert.equal(new Set(refs).size, refs.length);
  // Budget counselling is a drop-in on Tuesday and Thursday only: no visits on other days.
  for (const r of rows) if (r.channel === 'visit' && r.service_id === 'budget') assert.ok([2, 4].includes(new Date(`${r.service_day}T12:00:00Z`).getUTCDay()));
});

test('each contact\'s events are a lifecycle the machine allows, ending in the stored state', () => {
  const byContact = new Map<string, EventRow[]>();
  for (const e of events) {
    const list = byContact.get(e.contact_id) ?? [];
    list.push(e);
    byContact.set(e.contact_id, list);
  }
  const skills = db.prepare<[], { agent_id: string; service_id: string }>('SELECT agent_id, service_id FROM agent_skills').all();
  const channels = new Map(db.prepare<[], { id: string; channels_json: string }>('SELECT id, channels_json FROM agents').all()
    .map((a) => [a.id, JSON.parse(a.channels_json) as string[]]));
  const offers = new Set(db.prepare<[], { service_point_id: string; service_id: string }>('SELECT * FROM service_point_services').all()
    .map((p) => `${p.service_point_id}/${p.service_id}`));
  const seen = new Set<string>();
  for (const r of rows) {
    const list = byContact.get(r.id) ?? [];
    assert.equal(list[0]?.type, r.channel === 'visit' ? 'issued' : 'queued', r.id);
    assert.equal(list[0]!.at, r.issued_at);
    assert.equal(r.queued_at, r.issued_at);
    let state: ContactState = 'waiting';
    let previous = list[0]!.at;
    for (const e of list.slice(1)) {
      assert.ok(e.at >= previous, `${r.id}: events in time order`);
      previous = e.at;
      seen.add(e.type);
      if (e.type === 'rated') { assert.equal(state, 'done'); continue; }
      assert.ok((ACTIONS as readonly string[]).includes(e.type), e.type);
      const next = transition(state, e.type as ContactAction);
      assert.ok(next.ok, `${r.id}: ${e.type} from ${state}`);
      state = next.to;
    }
    assert.equal(state, r.state, r.id);
    assert.equal(r.version, list.length - 1, 'one version per change, as the stores count');
    if (r.state === 'done') {
      assert.ok(r.outcome === 'resolved' || r.outcome === 'forwarded');
      assert.ok(r.rosa_level! >= 1 && r.rosa_level! <= 8);
      assert.ok(r.issued_at <= r.called_at! && r.called_at! <= r.served_at! && r.served_at! < r.ended_at!);
      const finish = list.find((e) => e.type === 'finish')!;
      assert.deepEqual(JSON.parse(finish.data_json!), { outcome: r.outcome, rosaLevel: r.rosa_level });
      assert.equal(finish.at, r.ended_at);
    } else if (r.state === 'no_show') {
      assert.equal(r.channel, 'visit');
      assert.equal(r.outcome, 'no_show');
      assert.ok(r.recalls >= 1 && r.recalls <= 2);
    } else {
      assert.equal(r.state, 'cancelled');
      assert.equal(r.outcome, 'abandoned');
      assert.ok(r.channel === 'phone' || r.channel === 'chat');
      assert.equal(r.agent_id, null);
    }
    if (r.rating !== null) {
      assert.ok(r.channel === 'visit' && r.state === 'done' && r.rating >= 1 && r.rating <= 5 && r.rated_at! > r.ended_at!);
    }
    const call = list.find((e) => e.type === 'call');
    if (call) {
      // Called by an agent who takes the channel and (where anyone has it) the errand; visits at a counter offering it.
      assert.equal(call.agent_id, r.agent_id);
      assert.equal(call.actor, `staff:${r.agent_id}`);
      assert.ok(channels.get(r.agent_id!)!.includes(r.channel), `${r.agent_id} takes ${r.channel}`);
      const skilled = skills.filter((k) => k.service_id === r.service_id && channels.get(k.agent_id)!.includes(r.channel));
      if (skilled.length) assert.ok(skilled.some((k) => k.agent_id === r.agent_id), `${r.agent_id} has ${r.service_id}`);
      if (r.channel === 'visit') assert.ok(offers.has(`${r.service_point_id}/${r.service_id}`));
      else assert.equal(r.service_point_id, null);
    }
  }
  for (const type of ['call', 'recall', 'start', 'finish', 'no_show', 'abandon', 'rated']) assert.ok(seen.has(type), `some ${type}`);
});

test('the dashboard and the statistics read a history day as a real one: a sane service level and FCR', async () => {
  const dashboard = createDashboardStore(db, { clock: () => new Date('2026-05-12T14:00:00Z') }).dashboard('demo');
  assert.equal(dashboard.serviceDay, '2026-05-12');
  const total = dashboard.total;
  assert.ok(total.answered > 50 && total.abandoned > 0, JSON.stringify(total));
  assert.ok(total.serviceLevel! > 0.5 && total.serviceLevel! < 1, `SL ${total.serviceLevel}`);
  assert.ok(total.firstContactResolution! > 0.6 && total.firstContactResolution! < 0.9, `FCR ${total.firstContactResolution}`);
  const visits = dashboard.channels.find((c) => c.channel === 'visit')!;
  assert.ok(visits.serviceLevel! > 0 && visits.serviceLevel! <= 1);

  const stats = await createStatisticsStore(db, { staff: { audit: () => 0 } }).statistics('demo', { from: '2026-04-20', to: '2026-05-17', period: 'week', by: 'channel' });
  const phone = stats.rows.filter((r) => r.group === 'phone');
  assert.equal(phone.length, 4);
  for (const r of phone) {
    assert.ok(r.serviceLevel! > 0.5 && r.serviceLevel! < 1);
    assert.ok(r.abandonmentRate! > 0 && r.abandonmentRate! < 0.3);
  }
  const visit = stats.rows.filter((r) => r.group === 'visit');
  assert.ok(visit.every((r) => r.noShowRate! > 0 && r.noShowRate! < 0.15 && r.satisfaction! > 3.5 && r.satisfaction! <= 5));
});

test('idempotent: once the site has history before `until`, another run adds nothing', () => {
  const before = { contacts: rows.length, events: events.length };
  assert.deepEqual(seedDemoHistory(db, BASE), { days: 0, contacts: 0 });
  assert.deepEqual(seedDemoHistory(db, { ...BASE, until: new Date('2026-06-01T08:00:00Z'), seed: 8 }), { days: 0, contacts: 0 });
  assert.equal(contactsOf(db).length, before.contacts);
  assert.equal(eventsOf(db).length, before.events);
  assert.deepEqual(seedDemoHistory(db, { ...BASE, weeks: 0 }), { days: 0, contacts: 0 });
});

test('deterministic: the same seed gives the same rows, another seed other ones', () => {
  const again = demoDb();
  const other = demoDb();
  try {
    seedDemoHistory(again, BASE);
    seedDemoHistory(other, { ...BASE, seed: 8 });
    assert.deepEqual(contactsOf(again), rows);
    assert.deepEqual(eventsOf(again), events);
    assert.notDeepEqual(contactsOf(other).map((r) => r.issued_at), rows.map((r) => r.issued_at));
  } finally {
    again.close();
    other.close();
  }
});

test('local wall-clock times map through the DST change of 25 October 2026', () => {
  const dst = demoDb();
  try {
    seedDemoHistory(dst, { ...BASE, until: new Date('2026-11-02T09:00:00Z'), weeks: 2 });
    const all = contactsOf(dst);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hourCycle: 'h23', hour: '2-digit' });
    const hours = (day: string) => all.filter((r) => r.service_day === day)
      .map((r) => ({ local: Number(local.format(new Date(r.issued_at))), utc: new Date(r.issued_at).getUTCHours() }));
    // Friday 23 October, summer time (UTC+2); Monday 26 October, winter time (UTC+1).
    const friday = hours('2026-10-23'), monday = hours('2026-10-26');
    assert.ok(friday.length > 0 && monday.length > 0);
    assert.ok(friday.every((h) => h.local - h.utc === 2));
    assert.ok(monday.every((h) => h.local - h.utc === 1));
    assert.ok(monday.some((h) => h.local === 9 && h.utc === 8), 'a contact at local 09:xx on Monday is 08:xx UTC');
    // The phone opens at 07:00 local: the first contact of each day is in that hour.
    assert.equal(Math.min(...friday.map((h) => h.local)), 7);
    assert.equal(Math.min(...monday.map((h) => h.utc)), 6);
    assert.equal(all.filter((r) => r.service_day === '2026-10-25' || r.service_day === '2026-10-31').length, 0);
  } finally {
    dst.close();
  }
});

test('ENTRE_DEMO_HISTORY_WEEKS: 8 weeks from the environment, none in a config built in code, validated', () => {
  assert.equal(configFromEnv({}, '/apps').demoHistoryWeeks, 8);
  assert.equal(configFromEnv({ ENTRE_DEMO_HISTORY_WEEKS: '0' }, '/apps').demoHistoryWeeks, 0);
  assert.equal(configFromEnv({ ENTRE_DEMO_HISTORY_WEEKS: '12' }, '/apps').demoHistoryWeeks, 12);
  assert.equal(validateConfig({ appsDir: '/apps' }).demoHistoryWeeks, 0);
  assert.throws(() => configFromEnv({ ENTRE_DEMO_HISTORY_WEEKS: 'eight' }, '/apps'), /ENTRE_DEMO_HISTORY_WEEKS=eight is not a whole number/);
  assert.throws(() => configFromEnv({ ENTRE_DEMO_HISTORY_WEEKS: '-1' }, '/apps'), /invalid configuration/);
  assert.throws(() => configFromEnv({ ENTRE_DEMO_HISTORY_WEEKS: '500' }, '/apps'), /invalid configuration/);
});

test('the server seeds the history with the demo site on a fresh database only, up to its clock\'s day', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-history-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = validateConfig({ dbPath: join(dir, 'e.db'), port: 0, mqttPort: 0, logLevel: 'silent', appsDir: repoRoot, demoHistoryWeeks: 1 });
  const clock = () => new Date('2026-05-20T10:00:00Z'); // Wednesday
  const count = (app: { db: Db }) => app.db.prepare<[], { n: number; last: string | null }>('SELECT count(*) AS n, max(service_day) AS last FROM contacts').get()!;
  const first = await buildApp(config, { clock });
  const seeded = count(first);
  await first.stop();
  assert.ok(seeded.n > 0);
  assert.equal(seeded.last, '2026-05-19');
  const second = await buildApp(config, { clock: () => new Date('2026-05-27T10:00:00Z') });
  try {
    assert.deepEqual(count(second), seeded);
  } finally {
    await second.stop();
  }
});

test('the statistics warm-up counts the last year\'s days once, so a question after it counts none', async () => {
  const db = demoDb(); // its own: the shared one above is read-only
  seedDemoHistory(db, { ...BASE, weeks: 2 });
  const stats = createStatisticsStore(db, { staff: { audit: () => 0 } });
  const kept = () => (db.prepare('SELECT count(*) AS n FROM statistics_days').get() as { n: number }).n;
  assert.equal(kept(), 0);
  const days = await stats.warm('demo', BASE.until);
  assert.equal(days, 366, 'a year of days before today');
  assert.equal(kept(), 366);
  // Every day is kept now: the same question again counts nothing new (the kept rows are untouched).
  const before = db.prepare('SELECT service_day, cells_json FROM statistics_days ORDER BY service_day').all();
  await stats.warm('demo', BASE.until);
  assert.deepEqual(db.prepare('SELECT service_day, cells_json FROM statistics_days ORDER BY service_day').all(), before);
});
