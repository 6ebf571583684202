/**
 * Prints the skeleton's performance figures (issue 3): call→display latency with 1 and
 * 100 subscribed displays, and ticket-issue latency over HTTP. Everything is real: the
 * server in this process on a temp SQLite file, the embedded broker, HTTP on loopback,
 * displays as MQTT-over-WebSocket clients like the browser app. Then the other issues'
 * benches, among them the load at 200 tickets/s (load-bench.ts, the server in its own process).
 * Goals: call→display p99 < 50 ms; ticket issue p99 < 10 ms at 200/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
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
import { loadOptions, runLoadBench } from './load-bench.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CALLS = Number(process.env.BENCH_CALLS ?? 1000);
const ISSUES = Number(process.env.BENCH_ISSUES ?? 2000);
const checkCall = checker(CallEvent);

async function withServer<T>(fn: (base: string, app: Awaited<ReturnType<typeof buildApp>>) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'entre-bench-'));
  const app = await buildApp(validateConfig({ dbPath: join(dir, 'bench.db'), port: 0, mqttPort: 0, logLevel: 'silent', appsDir: repoRoot,
    // A bench issues far more tickets from one kiosk and address than a lobby would.
    kioskTicketsPerMinute: 100_000, publicRequestsPerMinute: 1_000_000 }));
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
 * `npm run bench` runs every bench but the soak; `npm run bench -- load --seconds 10` (or
 * `display issue routing …`) only the named ones, and their flags (see load-bench.ts).
 */
const benches: Record<string, () => Promise<string[]> | string[]> = {
  display: async () => [
    summary(`call→display, 1 display (${CALLS} calls)`, await callToDisplay(1)),
    summary(`call→display, 100 displays (${CALLS} calls)`, await callToDisplay(100)),
  ],
  issue: async () => [summary(`ticket issue over HTTP (${ISSUES} sequential)`, await ticketIssue())],
  load: () => runLoadBench(loadOptions(process.argv.slice(2))),
  routing: runRoutingBench,
  print: runPrintBench,
  kiosk: runKioskBench,
  paint: runDisplayBench,
  forecast: runForecastBench,
  statistics: runStatisticsBench,
  staffing: runStaffingBench,
  simulator: simulatorBenchLines,
};
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-') && a in benches);
const unknown = process.argv.slice(2).filter((a, i, all) => !a.startsWith('-') && !(a in benches) && !all[i - 1]?.startsWith('--'));
if (unknown.length) {
  console.error(`unknown bench ${unknown.join(', ')}; there are: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
const lines: string[] = [];
for (const [name, run] of Object.entries(benches)) {
  if (asked.length === 0 || asked.includes(name)) lines.push(...(await run()));
}
console.log('\nEntré bench (node ' + process.version + ', ' + (await import('node:os')).cpus().length + ' cores)');
if (asked.length === 0 || asked.includes('display')) console.log('call→display = HTTP call-next sent → CallEvent received by every display (MQTT over WebSocket)');
for (const l of lines) console.log(l);
