/**
 * Prints the skeleton's performance figures (issue 3): call→display latency with 1 and
 * 100 subscribed displays, and ticket-issue latency over HTTP. Everything is real: the
 * server in this process on a temp SQLite file, the embedded broker, HTTP on loopback,
 * displays as MQTT-over-WebSocket clients like the browser app.
 * Goals for later: call→display p99 < 50 ms; ticket issue p99 < 10 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import { performance } from 'node:perf_hooks';
import { CallEvent, checker, decodePayload, topics } from '@entre/protocol';
import { buildApp } from '@entre/server/app';
import { validateConfig } from '@entre/server/config';
import { summary } from './stats.js';
import { runRoutingBench } from './routing-bench.js';
import { runPrintBench } from './print-bench.js';
import { runKioskBench } from './kiosk-bench.js';
import { runDisplayBench } from './display-bench.js';
import { simulatorBenchLines } from './simulator-bench.js';
import { runStaffingBench } from './staffing-bench.js';
import { runForecastBench } from './forecast-bench.js';
import { runStatisticsBench } from './statistics-bench.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CALLS = Number(process.env.BENCH_CALLS ?? 1000);
const ISSUES = Number(process.env.BENCH_ISSUES ?? 2000);
const checkCall = checker(CallEvent);

async function withServer<T>(fn: (base: string, app: Awaited<ReturnType<typeof buildApp>>) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'entre-bench-'));
  const app = await buildApp(validateConfig({ dbPath: join(dir, 'bench.db'), port: 0, mqttPort: 0, logLevel: 'silent', appsDir: repoRoot }));
  try {
    const urls = await app.start();
    return await fn(urls.http, app);
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

let cookie = '';
async function signIn(base: string): Promise<void> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'disk', password: 'entre-demo-2026' }) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function callToDisplay(displays: number): Promise<number[]> {
  return withServer(async (base, app) => {
    const wsUrl = `${base.replace(/^http/, 'ws')}/mqtt`;
    const clients: MqttClient[] = [];
    const pending = new Map<string, { t0: number; left: number; done: () => void }>();
    const samples: number[] = [];
    for (let i = 0; i < displays; i++) {
      const c = await mqtt.connectAsync(wsUrl, { protocolVersion: 4, reconnectPeriod: 0 });
      c.on('message', (_topic, payload) => {
        const t1 = performance.now();
        const ev = decodePayload(checkCall, payload);
        if (!ev.ok) throw new Error('invalid call event');
        const p = pending.get(ev.value.id);
        if (!p) return;
        samples.push(t1 - p.t0);
        if (--p.left === 0) { pending.delete(ev.value.id); p.done(); }
      });
      await c.subscribeAsync(topics.calls('demo'), { qos: 1 });
      clients.push(c);
    }
    await signIn(base);
    // Fill the queue first, through the store, so only the calls are measured.
    for (let i = 0; i < CALLS; i++) app.store.issueTicket({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' });
    await app.flushed(60_000);
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      let done!: () => void;
      const received = new Promise<void>((r) => { done = r; });
      const res = (await post(`${base}/api/v1/service-points/disk-1/call-next`, {})) as { called: { id: string } | null };
      if (!res.called) throw new Error('queue ran dry');
      pending.set(res.called.id, { t0, left: displays, done });
      await received;
    }
    await Promise.all(clients.map((c) => c.endAsync()));
    return samples;
  });
}

async function ticketIssue(): Promise<number[]> {
  return withServer(async (base) => {
    const samples: number[] = [];
    // Every errand open now (one keeps drop-in hours): the bench must not depend on the time of day.
    const config = await (await fetch(`${base}/api/v1/kiosks/kiosk-1/config`)).json() as { services: { id: string; open: boolean }[] };
    const services = config.services.filter((s) => s.open).map((s) => s.id);
    for (let i = 0; i < 100; i++) await post(`${base}/api/v1/tickets`, { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' }); // warm-up
    for (let i = 0; i < ISSUES; i++) {
      const t0 = performance.now();
      await post(`${base}/api/v1/tickets`, { kiosk: 'kiosk-1', service: services[i % services.length], language: i % 2 ? 'sv' : 'en' });
      samples.push(performance.now() - t0);
    }
    return samples;
  });
}

/**
 * A steady 200 tickets/s for 30 s (autocannon's fixed overall rate), as issue 4 asks. The
 * server runs in its own process, as `npm start` runs it, so the load generator does not
 * share its event loop.
 */
async function ticketIssueUnderLoad(): Promise<string> {
  const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
  const rate = Number(process.env.BENCH_LOAD_RATE ?? 200);
  const dir = mkdtempSync(join(tmpdir(), 'entre-load-'));
  const port = await freePort();
  const server = spawn(process.execPath, [join(repoRoot, 'server', 'dist', 'main.js')], {
    env: { ...process.env, PORT: String(port), MQTT_PORT: String(await freePort()), ENTRE_DB: join(dir, 'load.db'), ENTRE_BRIDGE: 'none', ENTRE_DEMO_HISTORY_WEEKS: '0', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('Entré is running')) resolve(); });
      server.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const { default: autocannon } = await import('autocannon');
    const result = await autocannon({
      url: `${base}/api/v1/tickets`, method: 'POST', connections: 10, overallRate: rate, duration: seconds,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' }),
    });
    const l = result.latency;
    return `${`ticket issue at ${rate} req/s for ${seconds} s (autocannon)`.padEnd(52)} n=${String(result.requests.total).padStart(6)}  p50=${l.p50.toFixed(2).padStart(8)} ms  p99=${l.p99.toFixed(2).padStart(8)} ms  max=${l.max.toFixed(2).padStart(8)} ms  errors=${result.errors + result.non2xx}`;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const lines: string[] = [];
lines.push(summary(`call→display, 1 display (${CALLS} calls)`, await callToDisplay(1)));
lines.push(summary(`call→display, 100 displays (${CALLS} calls)`, await callToDisplay(100)));
lines.push(summary(`ticket issue over HTTP (${ISSUES} sequential)`, await ticketIssue()));
lines.push(await ticketIssueUnderLoad());
lines.push(...(await runRoutingBench()));
lines.push(...(await runPrintBench()));
lines.push(...(await runKioskBench()));
lines.push(...(await runDisplayBench()));
lines.push(...(await runForecastBench()));
lines.push(...(await runStatisticsBench()));
lines.push(...runStaffingBench());
lines.push(...simulatorBenchLines());
console.log('\nEntré bench (node ' + process.version + ', ' + (await import('node:os')).cpus().length + ' cores)');
console.log('call→display = HTTP call-next sent → CallEvent received by every display (MQTT over WebSocket)');
for (const l of lines) console.log(l);
