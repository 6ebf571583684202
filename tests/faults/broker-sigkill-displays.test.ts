/**
 * Fault 3 (issue 9): SIGKILL of the broker while displays are connected.
 *
 * Real processes: Mosquitto (no persistence, so its retained topics die with it), the built
 * server on it (MQTT_URL), and two wall displays (lobby-1 in zone lobby, floor2-1 in zone
 * floor-2) in headless Debian Chromium, each in its own browser context. A counter user
 * calls tickets at three service points while the broker is dead; Mosquitto is started
 * again on the same port.
 *
 * Verified (each can fail):
 * - the counter keeps working while the broker is dead (every call-next answers 200);
 * - both displays notice the broker is gone (offline indicator) and keep their last board;
 * - within 2 s of Mosquitto listening again, each display shows exactly the board its zone
 *   should have: the latest call large and the earlier ones in order (floor 2 only the
 *   points it announces), and its offline indicator is gone. The time per display is
 *   measured and printed as a diagnostic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { freePort, waitFor } from '../support/ports.js';
import { mosquittoOn, reap, startServer, type ServerProc } from '../support/fault-procs.js';
import { signIn } from '../support/staff.js';

interface Call { number: string; point: string; calledAt: string }
/** Which service points each display's zone announces (demo seed). */
const ZONE_POINTS: Record<string, string[]> = { 'lobby-1': ['disk-1', 'disk-2', 'disk-3', 'disk-4'], 'floor2-1': ['disk-3', 'disk-4'] };

const current = async (page: Page) => (await page.getByTestId('current-ticket').textContent({ timeout: 500 }).catch(() => null))?.trim() ?? null;
const recent = async (page: Page) => (await page.getByTestId('recent-ticket').allTextContents()).map((s) => s.trim());

/** What a display of `display` must show: its zone's calls, latest first. */
function expected(display: string, calls: Call[]): string[] {
  return calls.filter((c) => ZONE_POINTS[display]!.includes(c.point))
    .sort((a, b) => Date.parse(b.calledAt) - Date.parse(a.calledAt)).map((c) => c.number);
}

async function shows(page: Page, want: string[]): Promise<boolean> {
  const [cur, rest] = [await current(page), await recent(page)];
  if (cur !== (want[0] ?? null)) return false;
  // The recent list may be cut to fit; what it shows must be the next calls, in order.
  return rest.length >= Math.min(want.length - 1, 1) && rest.every((n, i) => n === want[i + 1]);
}

test('SIGKILL of Mosquitto with two displays connected: calls made while it is dead are on both boards within 2 s of its restart', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-fault-broker-'));
  const mosquitto = mosquittoOn(await freePort());
  let server: ServerProc | undefined;
  let browser: Browser | undefined;
  t.after(async () => {
    await browser?.close().catch(() => undefined);
    await reap(server);
    await mosquitto.remove();
    rmSync(dir, { recursive: true, force: true });
  });
  await mosquitto.start();
  server = await startServer({ port: await freePort(), dbPath: join(dir, 'entre.db'), printsDir: join(dir, 'prints'), mqttUrl: mosquitto.url });
  const base = server.http;
  browser = await launchBrowser();

  const pages: Record<string, Page> = {};
  for (const [id, size] of [['lobby-1', { width: 1280, height: 720 }], ['floor2-1', { width: 720, height: 1280 }]] as const) {
    const context = await browser.newContext({ viewport: size, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    t.after(() => assert.deepEqual(errors, [], `no script errors on ${id}`));
    await page.goto(`${base}/display/?display=${id}`);
    await page.locator('[data-testid="display"][data-connected="true"]').waitFor({ timeout: 15_000 });
    pages[id] = page;
  }

  const issue = async (service: string) => {
    const res = await fetch(`${base}/api/v1/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kiosk: 'kiosk-1', service, language: 'sv' }) });
    assert.equal(res.status, 201);
  };
  for (const s of ['allmant', 'allmant', 'allmant', 'allmant', 'skola', 'bygglov', 'social']) await issue(s);
  const cookie = await signIn(base, 'disk');
  const calls: Call[] = [];
  const callNext = async (point: string) => {
    const res = await fetch(`${base}/api/v1/service-points/${point}/call-next`, { method: 'POST', headers: { cookie } });
    const text = await res.text();
    assert.equal(res.status, 200, `call-next at ${point}: ${text}`);
    const called = (JSON.parse(text) as { called: { number: string; calledAt: string } | null }).called;
    assert.ok(called, `someone waits for ${point}`);
    calls.push({ number: called.number, point, calledAt: called.calledAt });
  };

  // Before the fault: one call at a point both zones announce, both boards show it.
  await callNext('disk-4');
  for (const [id, page] of Object.entries(pages)) {
    await waitFor(`${id} shows ${calls[0]!.number}`, async () => (await shows(page, expected(id, calls))) || undefined, 5000);
  }

  await mosquitto.kill9();
  for (const [id, page] of Object.entries(pages)) {
    await page.getByTestId('offline').waitFor({ timeout: 5000 }).catch(() => assert.fail(`${id} never showed that it is offline`));
    assert.equal(await current(page), calls[0]!.number, `${id} keeps its last board while the broker is dead`);
  }
  // Calls while the broker is dead: lobby only (disk-2), both zones (disk-3), lobby only (disk-1).
  for (const point of ['disk-2', 'disk-3', 'disk-1']) await callNext(point);
  await new Promise((r) => setTimeout(r, 1000)); // dead for a while, as a real crash would be

  await mosquitto.start();
  const back = performance.now();
  const times: Record<string, number> = {};
  await Promise.all(Object.entries(pages).map(async ([id, page]) => {
    const want = expected(id, calls);
    await waitFor(`${id} shows ${want.join(', ')}`, async () => (await shows(page, want)) || undefined, 10_000)
      .catch(async () => assert.fail(`${id} should show ${want.join(', ')}; shows ${await current(page)} then ${(await recent(page)).join(', ')}`));
    times[id] = Math.round(performance.now() - back);
    await page.getByTestId('offline').waitFor({ state: 'detached', timeout: 2000 });
  }));
  t.diagnostic(`broker dead ${calls.length - 1} calls long; boards right after its restart: ${Object.entries(times).map(([id, ms]) => `${id} ${ms} ms`).join(', ')}`);
  for (const [id, ms] of Object.entries(times)) assert.ok(ms <= 2000, `${id} showed the right board ${ms} ms after the broker was back`);
  assert.deepEqual([await current(pages['floor2-1']!), ...(await recent(pages['floor2-1']!))], expected('floor2-1', calls), 'floor 2 announces only its own points');
});
