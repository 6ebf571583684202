/**
 * Load (issue 9): tickets at a steady rate (default 200/s for 60 s) from many kiosks, while
 * 100 wall displays listen on MQTT over WebSocket and 20 counters call next, against the
 * server as `npm start` runs it (`node server/dist/main.js`, its own process, so its RSS is
 * its own). Prints p50/p99/max and errors of ticket issue and call-next, call → display
 * delivery, the server's RSS over the run, its CPU, and its event-loop delay beside the
 * load generator's own (loop-delay.mjs; high in both means the machine was busy, not the
 * server). Goal: ticket issue p99 < 10 ms at 200/s, no errors, RSS < 150 MB.
 *
 * Open loop: request k is due at start + k/rate whatever the earlier ones did, and its
 * latency counts from that due time (open-loop.ts), so a stall shows as latency instead of
 * a lower rate. The bench and the server share the machine; a busy machine is in the figures.
 *
 *   npm run bench -- load                   the 60 s run (after a 5 s warm-up)
 *   npm run bench -- load --seconds 10      a quick check
 *   npm run bench -- load --soak            one hour (ENTRE_SOAK_MINUTES=N for another length):
 *                                           memory and latency every minute; visitors who are not
 *                                           called within --leave-after s (default 60) cancel,
 *                                           so the line stays the size of the 60 s run's
 *   npm run bench -- load --cpu-prof        also profiles the server (node --cpu-prof) and
 *                                           prints where its time went
 * Other knobs: --rate, --kiosks, --displays, --counters, --call-every (s per counter), --warmup,
 * --server-flags "--max-semi-space-size=8" (node flags for the server process instead of those
 * `npm start` uses).
 *
 * Besides the end-to-end figures it prints two shares of the ticket's latency: the generator's
 * own lag in sending (its loop is busy too) and the time inside the server, from its HTTP
 * parser having the request to the response sent (loop-delay.mjs); the rest is the wait before
 * the server read the request and the loopback network. The displays run on a thread of their
 * own (load-displays.ts), so their work does not lag the generator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '@entre/server/store/db';
import { DEMO_SITE, seedDemo } from '@entre/server/store/seed';
import { MAX_SEQUENCE } from '@entre/server/numbering';
import { openLoop } from './open-loop.js';
import { startDisplays } from './load-displays.js';
import { percentile, summary } from './stats.js';
import { profileSummary, type CpuProfile } from './cpu-profile.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PASSWORD = 'entre-demo-2026';
/** The demo's counter accounts: its six agents, then the bare counter account for the rest. */
const AGENTS = ['anna', 'hassan', 'maria', 'erik', 'leyla', 'amir'];
/** Limits of the server lifted for the bench: 200 tickets/s is many kiosks' and one address's traffic. */
const SERVER_LIMITS = { ENTRE_KIOSK_TICKETS_PER_MINUTE: '100000', ENTRE_PUBLIC_REQUESTS_PER_MINUTE: '1000000' };

export interface LoadOptions {
  rate: number; seconds: number; warmupSeconds: number;
  kiosks: number; displays: number; counters: number; callEverySeconds: number;
  /** Soak: report every minute; visitors still waiting this long after their ticket cancel it. */
  soak: boolean; leaveAfterSeconds: number | null;
  cpuProf: boolean;
  /** Node flags for the server process; by default those `npm start` gives it (startFlags). */
  serverFlags: string[];
}

/** Options from the command line (`load --seconds 10`, `--soak`) and the environment. */
export function loadOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): LoadOptions {
  const { values } = parseArgs({
    args: argv, allowPositionals: true, strict: false,
    options: {
      seconds: { type: 'string' }, rate: { type: 'string' }, warmup: { type: 'string' }, kiosks: { type: 'string' },
      displays: { type: 'string' }, counters: { type: 'string' }, 'call-every': { type: 'string' }, 'leave-after': { type: 'string' },
      soak: { type: 'boolean' }, 'cpu-prof': { type: 'boolean' }, 'server-flags': { type: 'string' },
    },
  });
  const num = (v: unknown, fallback: number) => {
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`load bench: ${String(v)} is not a number`);
    return n;
  };
  const soakMinutes = values.soak || env.ENTRE_SOAK_MINUTES ? num(env.ENTRE_SOAK_MINUTES, 60) : 0;
  const soak = soakMinutes > 0;
  return {
    rate: num(values.rate ?? env.BENCH_LOAD_RATE, 200),
    seconds: soak ? soakMinutes * 60 : num(values.seconds ?? env.BENCH_LOAD_SECONDS, 60),
    warmupSeconds: num(values.warmup, 5),
    kiosks: Math.max(1, Math.round(num(values.kiosks, 50))),
    displays: Math.round(num(values.displays, 100)),
    counters: Math.round(num(values.counters, 20)),
    callEverySeconds: num(values['call-every'], 2),
    soak,
    leaveAfterSeconds: values['leave-after'] !== undefined ? num(values['leave-after'], 60) : soak ? 60 : null,
    cpuProf: values['cpu-prof'] === true,
    serverFlags: typeof values['server-flags'] === 'string' ? values['server-flags'].split(/\s+/).filter(Boolean) : startFlags(),
  };
}

/** The node flags `npm start` runs the server with (root package.json), so the bench runs it the same way. */
export function startFlags(packageJson = readFileSync(join(repoRoot, 'package.json'), 'utf8')): string[] {
  const start = (JSON.parse(packageJson) as { scripts: { start: string } }).scripts.start;
  const m = /(?:^|&&\s*)node\s+((?:--\S+\s+)*)server\/dist\/main\.js/.exec(start);
  if (!m) throw new Error(`load bench: cannot find "node … server/dist/main.js" in the start script: ${start}`);
  return m[1]!.split(/\s+/).filter(Boolean);
}

// ---------------------------------------------------------------- the site and the server

interface Site { kiosks: string[]; points: string[]; displays: string[] }

/**
 * The demo site with enough devices for the load: kiosks (each with its printer), counters
 * serving every errand, displays in both zones. Written before the server starts, through
 * the server's own migrations and seed; the demo's own kiosk, counters and displays come first.
 */
function prepareDatabase(path: string, publicUrl: string, o: LoadOptions): Site {
  const db = openDatabase(path);
  try {
    seedDemo(db, publicUrl);
    const services = db.prepare<[string], { id: string }>('SELECT id FROM services WHERE site_id = ?').all(DEMO_SITE).map((s) => s.id);
    const site: Site = { kiosks: ['kiosk-1'], points: ['disk-1', 'disk-2', 'disk-3', 'disk-4'], displays: ['lobby-1', 'floor2-1'] };
    // An errand gives out at most MAX_SEQUENCE numbers a day (then 409: core/numbering.ts); an
    // hour at 200/s is 720 000 tickets, so a soak gets errands of its own (prefixes LA, LB, …)
    // until the numbers last, with room to spare.
    const soakErrands = o.soak ? Math.max(0, Math.ceil((o.rate * (o.seconds + o.warmupSeconds)) / (0.8 * MAX_SEQUENCE)) - services.length) : 0;
    db.transaction(() => {
      const errand = db.prepare(`INSERT INTO services (id, site_id, prefix, name_json, answer_group, position) VALUES (?, ?, ?, ?, 'forsta-linjen', ?)`);
      for (let i = 0; i < soakErrands; i++) {
        const prefix = String.fromCharCode(76 + Math.floor(i / 26), 65 + (i % 26));
        errand.run(`load-errand-${i + 1}`, DEMO_SITE, prefix, JSON.stringify({ sv: `Ärende ${prefix}`, en: `Errand ${prefix}` }), 100 + i);
        services.push(`load-errand-${i + 1}`);
      }
      const printer = db.prepare('INSERT INTO printers (id, site_id, name) VALUES (?, ?, ?)');
      const kiosk = db.prepare('INSERT INTO kiosks (id, site_id, name, printer_id) VALUES (?, ?, ?, ?)');
      for (let i = site.kiosks.length + 1; i <= o.kiosks; i++) {
        const id = `load-kiosk-${i}`;
        printer.run(`load-printer-${i}`, DEMO_SITE, `Load printer ${i}`);
        kiosk.run(id, DEMO_SITE, `Load kiosk ${i}`, `load-printer-${i}`);
        site.kiosks.push(id);
      }
      const point = db.prepare('INSERT INTO service_points (id, site_id, name_json, position) VALUES (?, ?, ?, ?)');
      const zone = db.prepare('INSERT INTO service_point_zones (service_point_id, zone_id) VALUES (?, ?)');
      const serves = db.prepare('INSERT INTO service_point_services (service_point_id, service_id) VALUES (?, ?)');
      for (let i = site.points.length + 1; i <= o.counters; i++) {
        const id = `load-disk-${i}`;
        point.run(id, DEMO_SITE, JSON.stringify({ sv: `Disk ${i}`, en: `Counter ${i}` }), i);
        zone.run(id, i % 2 ? 'lobby' : 'floor-2');
        for (const s of services) serves.run(id, s);
        site.points.push(id);
      }
      const display = db.prepare('INSERT INTO displays (id, site_id, zone_id, name, languages_json) VALUES (?, ?, ?, ?, ?)');
      for (let i = site.displays.length + 1; i <= o.displays; i++) {
        const id = `load-display-${i}`;
        display.run(id, DEMO_SITE, i % 2 ? 'lobby' : 'floor-2', `Load display ${i}`, '["sv","en"]');
        site.displays.push(id);
      }
    })();
    site.kiosks.length = Math.min(site.kiosks.length, o.kiosks);
    site.points.length = Math.min(site.points.length, o.counters);
    site.displays.length = Math.min(site.displays.length, o.displays);
    return site;
  } finally {
    db.close();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** `node server/dist/main.js` on the prepared file; resolves once it says it is running. */
async function startServer(dbPath: string, port: number, profileDir: string | null, flags: string[]): Promise<ChildProcess> {
  const main = join(repoRoot, 'server', 'dist', 'main.js');
  if (!existsSync(main)) throw new Error('server/dist/main.js is missing: run `node scripts/build.mjs --if-stale` (npm run bench does)');
  const server = spawn(process.execPath, [
    // --expose-gc: only so loop-delay.mjs can weigh the live heap once the run is over.
    ...flags, '--expose-gc', ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
    '--import', pathToFileURL(join(repoRoot, 'bench', 'src', 'loop-delay.mjs')).href, main,
  ], {
    env: {
      ...process.env, PORT: String(port), MQTT_PORT: String(await freePort()), ENTRE_DB: dbPath, ENTRE_BRIDGE: 'none',
      ENTRE_DEMO_HISTORY_WEEKS: '0', LOG_LEVEL: 'error', ...SERVER_LIMITS,
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    let banner = '';
    const onData = (d: Buffer) => {
      banner += d.toString();
      if (!banner.includes('Entré is running')) return;
      // From now on the server's output (errors only) is passed on as it comes.
      server.stdout!.off('data', onData);
      server.stdout!.on('data', (more: Buffer) => {
        const text = more.toString().replace(/^Entré stopped\.\n/m, '');
        if (text) process.stderr.write(`server: ${text}`);
      });
      resolve();
    };
    server.stdout!.on('data', onData);
    server.once('exit', (code) => reject(new Error(`server exited ${code} before it was running:\n${banner}`)));
  });
  return server;
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  const kill = setTimeout(() => server.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(kill);
}

interface LoopDelay {
  p50: number; p99: number; max: number;
  /** The server's event loop held up over 100 ms: how long, and when in the measured run. */
  stalls?: string[];
  /** Ticket issue as the server times it (ms), from the request parsed to the response sent. */
  tickets?: { n: number; p50: number; p99: number; max: number } | null;
  /** The server's memory as it counts it, MB. */
  memory?: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number; live?: number };
}

/** The server's event-loop delay since the last reset (loop-delay.mjs). */
function serverLoopDelay(server: ChildProcess): Promise<LoopDelay | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 5000);
    server.once('message', (m) => { clearTimeout(timer); resolve(m as LoopDelay); });
    server.send('entre-bench:report');
  });
}

/**
 * The peak so far, and the peak started over from the current RSS (Linux: `5` to
 * /proc/<pid>/clear_refs), so VmHWM at the end is the measured run's own, as the latencies
 * are. Start-up and warm-up hold what the load does not: demo staff seeded and counters
 * signing in, each password hash 32 MiB while it runs. Where the reset is refused, VmHWM
 * stays the peak since the start, and the report says so.
 */
function startMeasuredPeak(pid: number): { kb: number; reset: boolean } {
  const kb = procStatusKb(pid, 'VmHWM');
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return { kb, reset: true };
  } catch {
    return { kb, reset: false };
  }
}

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM), or NaN once the process is gone. */
function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** CPU seconds a process has used so far (user + system), from /proc/<pid>/stat; NaN once it is gone. */
function procCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------- clients

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

interface Answer { status: number; body: string; headers: http.IncomingHttpHeaders }

/** One HTTP request on a kept-alive connection (lighter than fetch, so the load generator stays out of the way). */
function request(port: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, method, path, agent,
      headers: { ...(data !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)) } : {}), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function signIn(port: number, username: string): Promise<string> {
  const res = await request(port, 'POST', '/api/v1/auth/login', { username, password: PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in as ${username}: ${res.status} ${res.body}`);
  return String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
}

/** Latencies and errors of one kind of request, overall and for the current reporting window. */
class Tally {
  readonly samples: number[] = [];
  window: number[] = [];
  readonly errors = new Map<string, number>();
  /** Measured requests sent and not answered yet. */
  pending = 0;
  add(ms: number): void { this.samples.push(ms); this.window.push(ms); }
  fail(what: string, n = 1): void { this.errors.set(what, (this.errors.get(what) ?? 0) + n); }
  get errorCount(): number { let n = 0; for (const v of this.errors.values()) n += v; return n; }
  errorText(): string {
    return `errors=${this.errorCount}${this.errors.size ? ` (${[...this.errors].map(([k, v]) => `${k}×${v}`).join(', ')})` : ''}`;
  }
  takeWindow(): number[] { const w = this.window; this.window = []; return w; }
}

// ---------------------------------------------------------------- the run

const f = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const pct = (cpuSeconds: number, wallMs: number) => `${Math.round((100 * cpuSeconds * 1000) / wallMs)}%`;
const mb = (kb: number) => (Number.isFinite(kb) ? `${Math.round(kb / 1024)} MB` : '–');

/** Runs the load; the soak's minute lines go to `log` as they come, the summary is returned. */
export async function runLoadBench(o: LoadOptions, log: (line: string) => void = (l) => console.log(l)): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'entre-load-'));
  const profileDir = o.cpuProf ? mkdtempSync(join(tmpdir(), 'entre-load-profile-')) : null;
  const port = await freePort();
  const site = prepareDatabase(join(dir, 'load.db'), `http://127.0.0.1:${port}`, o);
  const server = await startServer(join(dir, 'load.db'), port, profileDir, o.serverFlags);
  const pid = server.pid!;
  let displays: { close(): Promise<void> } | undefined;
  const lines: string[] = [];
  try {
    const rss: { at: number; kb: number }[] = [];
    const t0 = performance.now();
    // The WAL's size too: it should stay small, as the checkpoint worker empties it (store/db.ts).
    let walMax = 0;
    const walPath = join(dir, 'load.db-wal');
    const sampleRss = () => {
      rss.push({ at: (performance.now() - t0) / 1000, kb: procStatusKb(pid, 'VmRSS') });
      try { walMax = Math.max(walMax, statSync(walPath).size); } catch { /* not there yet */ }
    };
    sampleRss();
    const rssTimer = setInterval(sampleRss, 1000);

    // Counters: signed-in staff, one per counter (the demo's agents first, then the bare counter account).
    const cookies: string[] = [];
    for (let c = 0; c < site.points.length; c++) cookies.push(await signIn(port, AGENTS[c] ?? 'disk'));

    // Displays, and call → display delivery: from the call's due time to the CallEvent at each display.
    let measuring = false;
    /** Requests due before this are the warm-up's. */
    let measureFrom = Infinity;
    const issued = new Tally();
    /** How late the generator sent each measured ticket request (its own loop's share of the latency). */
    const sentLate: number[] = [];
    const calls = new Tally();
    const delivery = new Tally();
    const cancels = new Tally();
    let drops = 0;
    let cancelsGone = 0;
    let emptyCalls = 0;
    const dueOfCall = new Map<string, { due: number; left: number }>();
    const early = new Map<string, number[]>();
    const delivered = (due: number, at: number) => { if (measuring && due >= measureFrom) delivery.add(at - due); };
    const onCall = (id: string, at: number) => {
      const known = dueOfCall.get(id);
      if (!known) { const list = early.get(id) ?? []; list.push(at); early.set(id, list); return; }
      delivered(known.due, at);
      if (--known.left === 0) dueOfCall.delete(id);
    };
    const called = (id: string, due: number) => {
      const before = early.get(id) ?? [];
      early.delete(id);
      for (const at of before) delivered(due, at);
      if (before.length < site.displays.length) dueOfCall.set(id, { due, left: site.displays.length - before.length });
    };
    // On a thread of their own (load-displays.ts): their work must not hold up the ticket generator's loop.
    displays = await startDisplays(port, site.displays, { call: onCall, drop: () => { if (measuring) drops++; } });

    // The errands open now (budget keeps drop-in hours): the run must not depend on the time of day.
    const config = JSON.parse((await request(port, 'GET', '/api/v1/kiosks/kiosk-1/config')).body) as { services: { id: string; open: boolean }[] };
    const services = config.services.filter((s) => s.open).map((s) => s.id);
    /** Visitors waiting now, as the kiosk counts them. */
    const waiting = async () => {
      const now = JSON.parse((await request(port, 'GET', '/api/v1/kiosks/kiosk-1/config')).body) as { services: { waiting: number }[] };
      return now.services.reduce((n, s) => n + s.waiting, 0);
    };
    const runId = Math.random().toString(36).slice(2, 10);
    const inflight = new Set<Promise<unknown>>();
    /** A request whose answer `then` handles; one still unanswered at the end is an error of `tally`. */
    const track = (tally: Tally, due: number, p: Promise<unknown>) => {
      const measured = due >= measureFrom;
      if (measured) tally.pending++;
      inflight.add(p);
      void p.finally(() => { inflight.delete(p); if (measured) tally.pending--; });
    };

    // Visitors who give up (soak): a ticket still waiting `leaveAfter` s after it was issued is cancelled.
    const leaving: { id: string; at: number }[] = [];
    const calledIds = new Set<string>();
    let leaveTimer: NodeJS.Timeout | undefined;
    if (o.leaveAfterSeconds !== null) {
      leaveTimer = setInterval(() => {
        const now = performance.now();
        while (leaving.length && leaving[0]!.at <= now) {
          const { id } = leaving.shift()!;
          if (calledIds.delete(id)) continue;
          // Timed from the send: the leave times are kept only to the 100 ms of this timer.
          const sent = performance.now();
          track(cancels, sent, request(port, 'POST', `/api/v1/tickets/${id}/cancel`, {}).then((res) => {
            if (res.status === 200) cancels.add(performance.now() - sent);
            else if (res.status === 409) cancelsGone++; // called meanwhile
            else cancels.fail(String(res.status));
          }, (err: Error & { code?: string }) => cancels.fail(err.code ?? err.message)));
        }
      }, 100);
    }

    const issue = (k: number, due: number) => {
      if (measuring && due >= measureFrom) sentLate.push(performance.now() - due);
      const body = { kiosk: site.kiosks[k % site.kiosks.length]!, service: services[k % services.length]!, language: k % 2 ? 'sv' : 'en' };
      track(issued, due, request(port, 'POST', '/api/v1/tickets', body, { 'idempotency-key': `${runId}-${k}` }).then((res) => {
        if (!measuring || due < measureFrom) return;
        if (res.status !== 201) { issued.fail(String(res.status)); return; }
        issued.add(performance.now() - due);
        if (o.leaveAfterSeconds !== null) leaving.push({ id: (JSON.parse(res.body) as { id: string }).id, at: due + o.leaveAfterSeconds * 1000 });
      }, (err: Error & { code?: string }) => { if (measuring) issued.fail(err.code ?? err.message); }));
    };
    const callNext = (k: number, due: number) => {
      const c = k % site.points.length;
      track(calls, due, request(port, 'POST', `/api/v1/service-points/${site.points[c]}/call-next`, {}, { cookie: cookies[c]! }).then((res) => {
        const measured = measuring && due >= measureFrom;
        if (res.status !== 200) { if (measured) calls.fail(String(res.status)); return; }
        const body = JSON.parse(res.body) as { called: { id: string } | null; waiting: number };
        if (measured) calls.add(performance.now() - due);
        if (!body.called) { if (measured) emptyCalls++; return; }
        called(body.called.id, due);
        if (o.leaveAfterSeconds !== null) calledIds.add(body.called.id);
      }, (err: Error & { code?: string }) => { if (measuring) calls.fail(err.code ?? err.message); }));
    };

    // Warm-up and measured run are one schedule; only what is due after the warm-up counts.
    const start = performance.now() + 100;
    measureFrom = start + o.warmupSeconds * 1000;
    measuring = true;
    const total = o.warmupSeconds + o.seconds;
    let peakBefore: { kb: number; reset: boolean } = { kb: NaN, reset: false };
    const tickets = openLoop({ rate: o.rate, count: Math.round(o.rate * total), start, fire: issue });
    const callRate = site.points.length / o.callEverySeconds;
    const counters = openLoop({ rate: callRate, count: Math.floor(callRate * total), start, fire: callNext });

    // CPU over the measured part: the server's, and the load generator's own (they share the machine).
    const cpu = { from: NaN, to: NaN, server0: NaN, server1: NaN, bench0: process.cpuUsage(), bench1: process.cpuUsage() };
    // Event-loop delay: the server's (time it was blocked, or not scheduled) and the load
    // generator's own (when it is high too, the machine was busy: noise, not the server).
    const benchLoop = monitorEventLoopDelay({ resolution: 1 });
    benchLoop.enable();
    setTimeout(() => {
      cpu.from = performance.now(); cpu.server0 = procCpuSeconds(pid); cpu.bench0 = process.cpuUsage();
      peakBefore = startMeasuredPeak(pid);
      server.send('entre-bench:reset');
      benchLoop.reset();
    }, Math.max(0, measureFrom - performance.now()));

    // Soak: a line a minute, as it goes (and one for what is left of the last minute).
    let soakTimer: NodeJS.Timeout | undefined;
    let minute = 0;
    const soakLine = async () => {
      minute++;
      const [i, c, d] = [issued.takeWindow(), calls.takeWindow(), delivery.takeWindow()];
      const waitingNow = await waiting().then((n) => String(n), () => '?');
      log(`soak ${String(minute).padStart(3)} min: server RSS ${mb(procStatusKb(pid, 'VmRSS'))} (peak ${mb(procStatusKb(pid, 'VmHWM'))})`
        + `  issue n=${i.length} p50=${f(percentile(i, 50))} p99=${f(percentile(i, 99))} ms errors=${issued.errorCount}`
        + `  call-next p99=${f(percentile(c, 99))} ms  display p99=${f(percentile(d, 99))} ms  waiting ${waitingNow}`);
    };
    if (o.soak) {
      setTimeout(() => {
        for (const t of [issued, calls, delivery]) t.takeWindow();
        soakTimer = setInterval(() => void soakLine(), 60_000);
      }, Math.max(0, measureFrom - performance.now()));
    }

    await Promise.all([tickets.done, counters.done]);
    Object.assign(cpu, { to: performance.now(), server1: procCpuSeconds(pid), bench1: process.cpuUsage(cpu.bench0) });
    const loop = await serverLoopDelay(server);
    benchLoop.disable();
    clearInterval(leaveTimer);
    clearInterval(soakTimer);
    const answered = Promise.allSettled([...inflight]);
    await Promise.race([answered, new Promise((r) => setTimeout(r, 30_000))]);
    await new Promise((r) => setTimeout(r, 1000)); // the last calls' way to the displays
    if (o.soak && issued.window.length > 0) await soakLine();
    measuring = false;
    clearInterval(rssTimer);
    sampleRss();
    for (const t of [issued, calls, cancels]) if (t.pending > 0) t.fail('unanswered', t.pending);
    let missed = 0;
    for (const d of dueOfCall.values()) if (d.due >= measureFrom) missed += d.left;
    const health = JSON.parse((await request(port, 'GET', '/api/v1/health')).body) as { outbox: number };
    const waitingAtEnd = await waiting();
    const peak = procStatusKb(pid, 'VmHWM');

    const during = rss.filter((r) => r.at * 1000 >= measureFrom - t0);
    const every = o.soak ? 60 : 10;
    const timeline = during.filter((_, i) => i % every === 0).map((r) => Math.round(r.kb / 1024)).join(' ');
    lines.push(
      `load: ${o.rate} tickets/s for ${o.seconds} s (after ${o.warmupSeconds} s warm-up, open loop, latency from each request's due time)`
      + ` over ${site.kiosks.length} kiosks; ${site.displays.length} displays on /mqtt; ${site.points.length} counters calling next every ${o.callEverySeconds} s`
      + `${o.leaveAfterSeconds !== null ? `; visitors not called within ${o.leaveAfterSeconds} s cancel` : ''}`,
      `  server: node ${o.serverFlags.length ? `${o.serverFlags.join(' ')} ` : ''}server/dist/main.js in its own process, ${Object.entries(SERVER_LIMITS).map(([k, v]) => `${k}=${v}`).join(' ')}`
      + ' (200/s is a municipality\'s kiosks, not one kiosk or one address), no print bridge',
      `${summary('ticket issue (POST /api/v1/tickets)', issued.samples)}  ${issued.errorText()}`,
      `  of which the generator's own lag in sending              p50=${f(percentile(sentLate, 50)).padStart(8)} ms  p99=${f(percentile(sentLate, 99)).padStart(8)} ms  max=${f(sentLate.reduce((a, b) => Math.max(a, b), 0)).padStart(8)} ms`,
      ...(loop?.tickets ? [`  of which inside the server (parsed → sent)          n=${String(loop.tickets.n).padStart(6)}  p50=${f(loop.tickets.p50).padStart(8)} ms  p99=${f(loop.tickets.p99).padStart(8)} ms  max=${f(loop.tickets.max).padStart(8)} ms`] : []),
      `${summary(`call-next (${site.points.length} counters)`, calls.samples)}  ${calls.errorText()}  queue empty=${emptyCalls}`,
      `${summary(`call → display (${site.displays.length} displays, MQTT/WebSocket)`, delivery.samples)}  missed=${missed} disconnects=${drops}`,
      ...(o.leaveAfterSeconds !== null ? [`${summary('visitor cancels (POST …/cancel)', cancels.samples)}  ${cancels.errorText()}  already called=${cancelsGone}`] : []),
      `server RSS: ${mb(during[0]?.kb ?? NaN)} at the start, peak ${mb(peak)}${peakBefore.reset ? '' : ' (since the server started)'},`
      + ` ${mb(rss.at(-1)!.kb)} at the end (goal < 150 MB); every ${every} s (MB): ${timeline}`,
      ...(peakBefore.reset ? [`  before the measured run the peak was ${mb(peakBefore.kb)}: start-up and warm-up, where staff sign in`
        + ' (each sign-in\'s scrypt holds 32 MiB while it runs)'] : []),
      `server CPU ${pct(cpu.server1 - cpu.server0, cpu.to - cpu.from)} of one core over the measured run`
      + ` (≈ ${f(((cpu.server1 - cpu.server0) * 1000) / (o.rate * o.seconds))} ms per ticket, all its other work included);`
      + ` load generator ${pct((cpu.bench1.user + cpu.bench1.system) / 1e6, cpu.to - cpu.from)}`,
      `event-loop delay (ms): server p50=${f(loop?.p50 ?? NaN)} p99=${f(loop?.p99 ?? NaN)} max=${f(loop?.max ?? NaN)}`
      + `${loop?.stalls?.length ? ` (held up over 100 ms: ${loop.stalls.join(', ')})` : ''};`
      + ` load generator p99=${f(benchLoop.percentile(99) / 1e6)} max=${f(benchLoop.max / 1e6)} (high there too: the machine was busy)`,
      ...(loop?.memory ? [`server memory at the end of the run (MB): RSS ${loop.memory.rss} = V8 heap ${loop.memory.heapTotal} (${loop.memory.heapUsed} used)`
        + ` + external ${loop.memory.external} (array buffers ${loop.memory.arrayBuffers}) + native ${loop.memory.rss - loop.memory.heapTotal - loop.memory.external}`
        + ` (code, SQLite, threads); live heap after a full GC ${loop.memory.live ?? '?'}`] : []),
      `after the run: outbox ${health.outbox} rows, ${waitingAtEnd} visitors waiting; the WAL was at most ${(walMax / 1048576).toFixed(1)} MB`,
    );
  } finally {
    await displays?.close();
    await stopServer(server);
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  if (profileDir) {
    // One profile a thread: the main thread's is the largest (the others are the checkpoint worker's).
    const file = readdirSync(profileDir).filter((n) => n.endsWith('.cpuprofile'))
      .sort((a, b) => statSync(join(profileDir, b)).size - statSync(join(profileDir, a)).size)[0];
    if (file) {
      const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
      lines.push(`server CPU profile: ${join(profileDir, file)} (open in Chrome DevTools)`, ...profileSummary(profile, 25));
    } else {
      lines.push(`server CPU profile: none written in ${profileDir}`);
    }
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const lines = await runLoadBench(loadOptions(process.argv.slice(2)));
  for (const l of lines) console.log(l);
}
