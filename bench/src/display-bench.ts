/**
 * Wall display figures (issue 7): the JavaScript a display downloads (gzipped, from the
 * built index.html's own script and preload links), and call → display paint latency in
 * headless Chromium with 20 displays open at once: from the moment the HTTP call-next is
 * sent to the moment each display has painted the new number (a MutationObserver sees the
 * number change, then the next animation frame has run and the frame is drawn). Node and
 * the pages run on one machine, so their Date.now() clocks are the same clock.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { buildApp } from '@entre/server/app';
import { validateConfig } from '@entre/server/config';
import { summary } from './stats.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(repoRoot, 'display', 'dist');
const DISPLAYS = Number(process.env.BENCH_DISPLAYS ?? 20);
const CALLS = Number(process.env.BENCH_DISPLAY_CALLS ?? 100);
const WARMUP = 5;

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function sizes(): string {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const assets = (re: RegExp) => [...html.matchAll(re)].map((m) => join(dist, m[1]!.replace(/^\/display\//, '')));
  const js = assets(/<script[^>]+src="([^"]+)"/g).concat(assets(/<link rel="modulepreload"[^>]+href="([^"]+)"/g));
  const css = assets(/<link rel="stylesheet"[^>]+href="([^"]+)"/g);
  const jsBytes = js.reduce((a, f) => a + gz(f), 0);
  return `display JS, gzipped (all of it, 21 languages' texts included): ${kb(jsBytes)} (goal ≤ 50 KB), CSS ${kb(css.reduce((a, f) => a + gz(f), 0))}`;
}

/** Arms a watcher in the page: resolves with Date.now() once a new number is on screen and painted. */
const ARM = `window.__painted = new Promise((resolve) => {
  const number = () => document.querySelector('[data-testid="current-ticket"]')?.textContent ?? '';
  const before = number();
  const observer = new MutationObserver(() => {
    const now = number();
    if (now === before) return;
    observer.disconnect();
    // rAF runs just before the frame is drawn; a task queued from it runs after.
    requestAnimationFrame(() => setTimeout(() => resolve({ ticket: now, at: Date.now() }), 0));
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
}); true`;

async function callToPaint(): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'entre-display-bench-'));
  const app = await buildApp(validateConfig({ dbPath: join(dir, 'bench.db'), port: 0, mqttPort: 0, logLevel: 'silent', appsDir: repoRoot,
    // A bench issues far more tickets from one kiosk and address than a lobby would.
    kioskTicketsPerMinute: 100_000, publicRequestsPerMinute: 1_000_000 }));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const urls = await app.start();
    for (let i = 0; i < CALLS + WARMUP; i++) app.store.issueTicket({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' });
    await app.flushed(60_000);
    const login = await fetch(`${urls.http}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'disk', password: 'entre-demo-2026' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

    const pages: Page[] = [];
    for (let i = 0; i < DISPLAYS; i++) {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      await page.goto(`${urls.http}/display/?display=lobby-1`);
      await page.locator('[data-testid="display"][data-connected="true"]').waitFor({ timeout: 15_000 });
      pages.push(page);
    }

    const samples: number[] = [];
    for (let i = 0; i < CALLS + WARMUP; i++) {
      await Promise.all(pages.map((p) => p.evaluate(ARM)));
      const t0 = Date.now();
      const res = await fetch(`${urls.http}/api/v1/service-points/disk-1/call-next`, { method: 'POST', headers: { cookie } });
      const body = (await res.json()) as { called: { number: string } | null };
      if (!body.called) throw new Error('queue ran dry');
      const painted = await Promise.all(pages.map((p) => p.evaluate<{ ticket: string; at: number }>('window.__painted')));
      for (const p of painted) {
        if (p.ticket !== body.called.number) throw new Error(`painted ${p.ticket}, called ${body.called.number}`);
        if (i >= WARMUP) samples.push(p.at - t0);
      }
    }
    return samples;
  } finally {
    await browser.close();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runDisplayBench(): Promise<string[]> {
  return [sizes(), summary(`call → display painted, ${DISPLAYS} displays (${CALLS} calls, Chromium)`, await callToPaint())];
}
