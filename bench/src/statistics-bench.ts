/**
 * Statistics over a year of history (issue 8): a temp database built by the real server
 * (every migration, the demo site), filled in bulk with ≈ 500 000 contacts of all channels
 * and their event history as the stores write them, then the manager's statistics for the
 * whole year, per month and by service, timed through the real route (goal < 1 s), and the
 * other groupings beside it. Run alone with
 *   node --conditions=source --import tsx bench/src/statistics-bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { buildApp, type EntreApp } from '@entre/server/app';
import { validateConfig } from '@entre/server/config';
import { mulberry32, type Rng } from '@entre/server/simulate/random';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CONTACTS = Number(process.env.BENCH_STATS_CONTACTS ?? 500_000);
const RUNS = Number(process.env.BENCH_STATS_RUNS ?? 5);
const YEAR_FROM = '2025-01-01';
const YEAR_TO = '2025-12-31';

/** The demo site's errands (seed.ts) with the share of contacts each gets. */
const SERVICES: readonly (readonly [string, string, number])[] = [
  ['allmant', 'A', 40], ['bygglov', 'B', 12], ['parkering', 'P', 10], ['skola', 'F', 12], ['social', 'S', 12], ['aldre', 'E', 8], ['budget', 'K', 6],
];
const CHANNELS = [['visit', 45], ['phone', 35], ['chat', 15], ['email', 5]] as const;
type Channel = (typeof CHANNELS)[number][0];

function weighted<I extends readonly unknown[]>(rand: Rng, items: readonly I[], weight: (i: I) => number): I[0] {
  const total = items.reduce((s, i) => s + weight(i), 0);
  let r = rand() * total;
  for (const i of items) { r -= weight(i); if (r < 0) return i[0]; }
  return items[items.length - 1]![0];
}
const exp = (rand: Rng, mean: number) => -Math.log(1 - rand()) * mean;

/** Minutes east of UTC of a zone at local noon of a day (DST changes happen at night). */
function offsetMinutes(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const parts = f.formatToParts(new Date(Date.UTC(y, m - 1, d, 12)));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return get('hour') * 60 + get('minute') - 12 * 60;
}

export interface FillOptions { site: string; timeZone: string; from: string; to: string; contacts: number; seed?: number; idPrefix?: string; firstNumber?: number }

/**
 * Fills a year (or any range) of weekdays with contacts and their events in bulk: one
 * transaction per day, prepared statements, the shapes the contact and lobby stores write
 * (issued/queued, call, recall, start, transfer, finish, no_show, abandon, cancel, rated).
 */
export function fillHistory(db: EntreApp['db'], o: FillOptions): { contacts: number; events: number; days: number } {
  const rand = mulberry32(o.seed ?? 0x57a7);
  const insertContact = db.prepare(`INSERT INTO contacts (id, site_id, channel, service_id, number, service_day, language, priority, state,
      issued_at, queued_at, called_at, served_at, ended_at, recalls, service_point_id, agent_id, outcome, rosa_level, rating, rated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'normal', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertEvent = db.prepare('INSERT INTO contact_events (contact_id, at, type, actor, service_point_id, agent_id, data_json) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const days: string[] = [];
  for (let t = Date.parse(`${o.from}T00:00:00Z`); t <= Date.parse(`${o.to}T00:00:00Z`); t += 86_400_000) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) days.push(new Date(t).toISOString().slice(0, 10));
  }
  const perDay = o.contacts / days.length;
  const points = ['disk-1', 'disk-2', 'disk-3', 'disk-4'];
  const agents = ['anna', 'hassan', 'maria', 'erik', 'leyla', 'amir'];
  let n = 0;
  let events = 0;
  const fillDay = db.transaction((day: string, count: number) => {
    const midnight = Date.parse(`${day}T00:00:00Z`) - offsetMinutes(day, o.timeZone) * 60_000;
    const numbers = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      const id = `${o.idPrefix ?? 'c'}${String(++n).padStart(7, '0')}-${Math.floor(rand() * 0xffffffff).toString(16).padStart(8, '0')}`;
      const channel: Channel = weighted(rand, CHANNELS, (c) => c[1]);
      let service = weighted(rand, SERVICES, (s) => s[2]);
      const prefix = SERVICES.find((s) => s[0] === service)![1];
      let number: string | null = null;
      if (channel === 'visit') {
        const k = (numbers.get(prefix) ?? o.firstNumber ?? 0) + 1;
        numbers.set(prefix, k);
        number = `${prefix}${String(k).padStart(3, '0')}`;
      }
      // Open 08:00–17:00 local; e-mail arrives around the clock and waits for hours.
      const issued = midnight + (channel === 'email' ? rand() * 24 * 60 : 8 * 60 + rand() * 9 * 60) * 60_000;
      const meanWait = { visit: 360, phone: 150, chat: 120, email: 4 * 3600 }[channel];
      const point = channel === 'visit' ? points[Math.floor(rand() * points.length)]! : null;
      const agent = agents[Math.floor(rand() * agents.length)]!;
      const staff = `staff:${agent}`;
      const iso = (ms: number) => new Date(ms).toISOString();
      const ev: [string, string, string | null, string | null][] = [];
      ev.push([iso(issued), channel === 'visit' ? 'issued' : 'queued', null, JSON.stringify(channel === 'visit' ? { kiosk: 'kiosk-1' } : { channel })]);
      let t = issued + exp(rand, meanWait) * 1000;
      let state = 'done';
      let outcome: string | null = null;
      let called: number | null = null;
      let served: number | null = null;
      let ended: number | null = null;
      let recalls = 0;
      let rosa: number | null = null;
      let rating: number | null = null;
      const r = rand();
      if (channel !== 'visit' && channel !== 'email' && r < (channel === 'phone' ? 0.1 : 0.08)) {
        // Hung up or closed the chat before an answer; a third of them within 10 s.
        t = issued + (rand() < 0.33 ? rand() * 10 : exp(rand, 120)) * 1000;
        ev.push([iso(t), 'abandon', null, null]);
        state = 'cancelled'; outcome = 'abandoned'; ended = t;
      } else if (r < 0.12) {
        ev.push([iso(t), 'cancel', null, JSON.stringify({ reason: 'left' })]);
        state = 'cancelled'; outcome = 'cancelled'; ended = t;
      } else if (channel === 'visit' && r < 0.17) {
        called = t;
        ev.push([iso(t), 'call', agent, null]);
        for (recalls = 0; recalls < 2; recalls++) { t += 60_000; ev.push([iso(t), 'recall', agent, JSON.stringify({ recall: recalls + 1 })]); }
        ev.push([iso(t + 60_000), 'no_show', agent, null]);
        state = 'no_show'; outcome = 'no_show'; ended = t + 60_000;
      } else {
        called = t;
        ev.push([iso(t), 'call', agent, null]);
        t += (channel === 'visit' ? 30 : 2) * 1000;
        served = t;
        ev.push([iso(t), 'start', agent, null]);
        if (rand() < 0.05) {
          // Transferred to another errand after the answer: waits anew and is answered there.
          const to = SERVICES[Math.floor(rand() * SERVICES.length)]![0];
          t += exp(rand, 180) * 1000;
          ev.push([iso(t), 'transfer', null, JSON.stringify({ from: service, to, keepPlace: true, note: 'vidare' })]);
          service = to;
          t += exp(rand, meanWait) * 1000;
          called = t;
          ev.push([iso(t), 'call', agent, null]);
          t += 2000;
          ev.push([iso(t), 'start', agent, null]);
        }
        t += exp(rand, { visit: 420, phone: 300, chat: 480, email: 600 }[channel]) * 1000;
        outcome = rand() < 0.72 ? 'resolved' : 'forwarded';
        rosa = rand() < 0.85 ? 1 + Math.floor(rand() * 4) : 5 + Math.floor(rand() * 4);
        ev.push([iso(t), 'finish', agent, JSON.stringify({ outcome, rosaLevel: rosa })]);
        ended = t;
        if (channel === 'visit' && rand() < 0.15) {
          rating = weighted(rand, [[5, 40], [4, 30], [3, 15], [2, 8], [1, 7]] as const, (x) => x[1]);
          ev.push([iso(t + 120_000), 'rated', null, JSON.stringify({ score: rating })]);
        }
      }
      insertContact.run(id, o.site, channel, service, number, day, rand() < 0.8 ? 'sv' : 'en', state,
        iso(issued), iso(issued), called === null ? null : iso(called), served === null ? null : iso(served), ended === null ? null : iso(ended),
        recalls, called === null ? null : point, called === null ? null : agent, outcome, rosa, rating, rating === null ? null : iso(ended! + 120_000));
      for (const [at, type, who, data] of ev) {
        insertEvent.run(id, at, type, who ? staff : type === 'issued' ? 'kiosk:kiosk-1' : 'pbx', who ? point : null, who, data);
        events++;
      }
    }
  });
  let carry = 0;
  for (const day of days) {
    carry += perDay;
    const count = Math.floor(carry);
    carry -= count;
    fillDay(day, count);
  }
  return { contacts: n, events, days: days.length };
}

const ms = (x: number) => `${x.toFixed(0).padStart(5)} ms`;

/**
 * Fills a temp server's database with a year and times the year's statistics through the
 * route: the first question (every day counted from the contacts and their events), the
 * same again (the day summaries added up), after a busy day of new contacts (that day
 * recounted), and the other groupings and CSV.
 */
export async function runStatisticsBench(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'entre-stats-bench-'));
  const app = await buildApp(validateConfig({ dbPath: join(dir, 'stats.db'), port: 0, mqttPort: 0, logLevel: 'silent', appsDir: repoRoot }));
  try {
    const t0 = performance.now();
    const filled = fillHistory(app.db, { site: 'demo', timeZone: 'Europe/Stockholm', from: YEAR_FROM, to: YEAR_TO, contacts: CONTACTS });
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const fillMs = performance.now() - t0;
    const login = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'chef', password: 'entre-demo-2026' } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    // Wall time, and this process's CPU time: on a shared machine the second is the steadier figure.
    const once = async (query: string, accept = 'application/json') => {
      const s = performance.now();
      const cpu = process.cpuUsage();
      const res = await app.http.inject({ method: 'GET', url: `/api/v1/statistics?from=${YEAR_FROM}&to=${YEAR_TO}&${query}`, headers: { cookie, accept } });
      const elapsed = performance.now() - s;
      const used = process.cpuUsage(cpu);
      if (res.statusCode !== 200) throw new Error(`statistics ${query}: ${res.statusCode} ${res.body}`);
      return { ms: elapsed, cpuMs: (used.user + used.system) / 1000, bytes: res.rawPayload.length };
    };
    const median = async (query: string, accept?: string) => {
      const runs: { ms: number; cpuMs: number; bytes: number }[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await once(query, accept));
      runs.sort((a, b) => a.ms - b.ms);
      return runs[Math.floor(runs.length / 2)]!;
    };
    const MONTHLY = 'period=month&by=service';
    const lines = [`statistics: ${filled.contacts} contacts, ${filled.events} events over ${filled.days} weekdays of ${YEAR_FROM.slice(0, 4)} (filled in ${(fillMs / 1000).toFixed(1)} s)`];
    const label = (s: string) => `statistics, year ${s}`.padEnd(60);
    const cold = await once(MONTHLY);
    lines.push(`${label('per month by service, first (counts 365 days)')} ${ms(cold.ms)}  cpu ${ms(cold.cpuMs)}`);
    const warm = await median(MONTHLY);
    lines.push(`${label('per month by service (goal < 1 s)')} ${ms(warm.ms)}  cpu ${ms(warm.cpuMs)}  median of ${RUNS}, ${(warm.bytes / 1024).toFixed(0)} KB JSON`);
    fillHistory(app.db, { site: 'demo', timeZone: 'Europe/Stockholm', from: '2025-12-30', to: '2025-12-30', contacts: 2500, seed: 7, idPrefix: 'n', firstNumber: 5000 });
    const after = await once(MONTHLY);
    lines.push(`${label('per month by service, after 2 500 new contacts')} ${ms(after.ms)}  cpu ${ms(after.cpuMs)}  (their day recounted)`);
    for (const [what, query, accept] of [
      ['per month by service, CSV', MONTHLY, 'text/csv'],
      ['per ISO week by answer group', 'period=week&by=answerGroup', undefined],
      ['per day by channel', 'period=day&by=channel', undefined],
    ] as const) {
      const r = await median(query, accept);
      lines.push(`${label(what)} ${ms(r.ms)}  cpu ${ms(r.cpuMs)}  median of ${RUNS}, ${(r.bytes / 1024).toFixed(0)} KB`);
    }
    return lines;
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const l of await runStatisticsBench()) console.log(l);
}
