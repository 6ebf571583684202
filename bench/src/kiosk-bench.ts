/**
 * Kiosk figures (issue 6): what a kiosk downloads before its first screen (JavaScript and
 * CSS, gzipped, from the built index.html's own script, preload and stylesheet links), the
 * size of one language's catalog fetched on choice, the mobile ticket page's JavaScript,
 * and the time from a touch on an errand to the number on screen, in headless Chromium
 * against the real server (HTTP issue + SQLite commit + render).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildApp } from '@entre/server/app';
import { validateConfig } from '@entre/server/config';
import { summary } from './stats.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(repoRoot, 'kiosk', 'dist');
const TICKETS = Number(process.env.BENCH_KIOSK_TICKETS ?? 200);

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** JS and CSS an HTML page of the build loads up front. */
function firstLoad(page: string): { js: number; css: number } {
  const html = readFileSync(join(dist, page), 'utf8');
  const assets = (re: RegExp) => [...html.matchAll(re)].map((m) => join(dist, m[1]!.replace(/^\/kiosk\//, '')));
  const js = assets(/<script[^>]+src="([^"]+)"/g).concat(assets(/<link rel="modulepreload"[^>]+href="([^"]+)"/g));
  const css = assets(/<link rel="stylesheet"[^>]+href="([^"]+)"/g);
  return { js: js.reduce((a, f) => a + gz(f), 0), css: css.reduce((a, f) => a + gz(f), 0) };
}

function sizes(): string[] {
  const kiosk = firstLoad('index.html');
  const mobile = firstLoad('mobile.html');
  const assets = readdirSync(join(dist, 'assets'));
  const catalogs = assets.filter((f) => /^(en|ar|fa|prs|ckb|kmr|tr|az|bs|hr|sr|so|ti|ru|uk|pl|de|es|it|fi)-[\w-]+\.js$/.test(f)).map((f) => gz(join(dist, 'assets', f)));
  const fonts = assets.filter((f) => f.endsWith('.woff2')).reduce((a, f) => a + readFileSync(join(dist, 'assets', f)).length, 0);
  return [
    `kiosk first load, gzipped: JS ${kb(kiosk.js)} (goal ≤ 60 KB), CSS ${kb(kiosk.css)}`,
    `one language's catalog on choice, gzipped: ${kb(Math.min(...catalogs))}–${kb(Math.max(...catalogs))} (${catalogs.length} languages)`,
    `mobile ticket page first load, gzipped: JS ${kb(mobile.js)}, CSS ${kb(mobile.css)}`,
    `bundled Noto fonts (woff2, fetched per script on use): ${kb(fonts)} in all`,
  ];
}

async function touchToTicket(): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'entre-kiosk-bench-'));
  const app = await buildApp(validateConfig({ dbPath: join(dir, 'bench.db'), port: 0, mqttPort: 0, logLevel: 'silent', appsDir: repoRoot,
    // A bench issues far more tickets from one kiosk and address than a lobby would.
    kioskTicketsPerMinute: 100_000, publicRequestsPerMinute: 1_000_000 }));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const urls = await app.start();
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await page.goto(`${urls.http}/kiosk/?kiosk=kiosk-1`);
    const services = ['allmant', 'parkering', 'skola', 'social', 'aldre'];
    const samples: number[] = [];
    for (let i = 0; i < TICKETS + 5; i++) {
      await page.getByTestId('lang-en').click();
      const id = `service-${services[i % services.length]}`;
      await page.getByTestId(id).waitFor();
      // Measured inside the page: from the click's dispatch to the number in the DOM.
      // A string, not a function: tsx's helpers would not exist inside the page.
      const ms = await page.evaluate<number>(`new Promise((resolve) => {
        const start = performance.now();
        const observer = new MutationObserver(() => {
          if (document.querySelector('[data-testid="ticket-number"]')) { observer.disconnect(); resolve(performance.now() - start); }
        });
        observer.observe(document.body, { childList: true, subtree: true });
        document.querySelector('[data-testid=${JSON.stringify(id)}]').click();
      })`);
      if (i >= 5) samples.push(ms); // the first few warm up the JIT and the catalog cache
      await page.getByTestId('done').click();
    }
    return samples;
  } finally {
    await browser.close();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runKioskBench(): Promise<string[]> {
  return [...sizes(), summary(`touch on an errand → number on screen (${TICKETS}, Chromium)`, await touchToTicket())];
}
