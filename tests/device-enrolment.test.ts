/**
 * Device enrolment in real headless Chromium on the real built server, with devices
 * required to enrol (ENTRE_DEVICE_AUTH=enrolled; issue 9): an unenrolled kiosk and display
 * show their enrol screens; the admin registers each in the console's "Enheter" and reads
 * the one-time code; typed on the device (lower case, a space for the dash), it reloads as
 * the enrolled kiosk, which issues a ticket, and the enrolled display, which shows a
 * counter's call. Revoked in the console, the display leaves its board for the enrol
 * screen within seconds. axe-core on both enrol screens and the console section.
 *
 * No firmware bridge (ENTRE_BRIDGE=none): unenrolled, it could not reach the broker, and
 * printing is not what this is about.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { openLobby, closeLobby, consolePage } from './support/browser.js';
import { type Lobby } from './support/lobby.js';
import { axeViolations } from './support/a11y.js';
import { signIn } from './support/staff.js';

describe('device enrolment, kiosk and display, from the console', () => {
  let browser: Browser;
  let lobby: Lobby;
  let admin: Page;
  const crashes: string[] = [];

  async function device(path: string, viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    page.on('pageerror', (e) => crashes.push(`${path}: ${e.message}`));
    await page.goto(`${lobby.http}${path}`);
    return page;
  }

  /** Registers the device in the console and answers the code it shows (once). */
  async function register(kind: 'kiosk' | 'display', id: string): Promise<string> {
    assert.equal(await admin.getByTestId('issued-code').count(), 0, 'no earlier code on screen');
    await admin.getByTestId('register-kind').selectOption(kind);
    await admin.getByTestId('register-pick').selectOption(id);
    await admin.getByTestId('register-submit').click();
    const code = (await admin.getByTestId('enrolment-code').innerText()).trim();
    assert.match(code, /^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    assert.equal(await admin.evaluate(() => document.activeElement?.id), 'admin-code-title', 'the code takes the focus');
    assert.equal(await admin.getByTestId('enrolment-hint').inputValue(), `${lobby.http}/${kind}/?${kind}=${id}`);
    assert.match(await admin.getByTestId('enrolment-code-expiry').innerText(), /^Giltig till \d/);
    return code;
  }

  /** Types the code as staff might (lower case, a space for the dash) and waits for the reload. */
  async function enrol(page: Page, code: string): Promise<void> {
    await page.getByTestId('enrol-code').fill(code.toLowerCase().replace('-', ' '));
    await Promise.all([page.waitForEvent('load'), page.getByTestId('enrol-submit').click()]);
  }

  before(async () => {
    ({ lobby, browser } = await openLobby({ env: { ENTRE_DEVICE_AUTH: 'enrolled', ENTRE_BRIDGE: 'none' } }));
    admin = await consolePage(browser, lobby.http, '#/admin', 'admin');
    admin.on('pageerror', (e) => crashes.push(`console: ${e.message}`));
    await admin.getByTestId('devices-section').waitFor();
  });
  after(async () => {
    await closeLobby(lobby, browser);
  });

  test('the kiosk: enrol screen, a code from the console, then the language screen and a ticket', async () => {
    const kiosk = await device('/kiosk/?kiosk=kiosk-1', { width: 1080, height: 1920 });
    await kiosk.locator('[data-testid="enrol-screen"][data-refusal="unenrolled"]').waitFor();
    assert.match(await kiosk.getByTestId('enrol-screen').innerText(), /Registrera den här kiosken\s+Enrol this kiosk/);
    assert.equal(await kiosk.evaluate(() => document.activeElement?.id), 'enrol-code', 'ready to type');
    assert.deepEqual(await axeViolations(kiosk), [], 'the kiosk\'s enrol screen');

    // A wrong code: said in both languages, nothing reloads.
    await kiosk.getByTestId('enrol-code').fill('aaaaa-bbbbb');
    await kiosk.getByTestId('enrol-submit').click();
    assert.match(await kiosk.getByTestId('enrol-error').innerText(), /Koden gäller inte.*\s+The code is not valid/s);

    const code = await register('kiosk', 'kiosk-1');
    assert.deepEqual(await axeViolations(admin), [], 'the console section with a code on screen');
    await enrol(kiosk, code);
    assert.equal(new URL(kiosk.url()).searchParams.get('kiosk'), 'kiosk-1', 'the same address');
    await kiosk.getByTestId('lang-sv').click();
    await kiosk.getByTestId('service-allmant').click();
    assert.match(await kiosk.getByTestId('ticket-number').innerText(), /^[A-Z]\d{3}$/);
    // The console, watching while its code is on screen, sees the kiosk take it.
    await admin.getByTestId('enrolment-code-used').filter({ hasText: /^Koden är använd/ }).waitFor({ timeout: 5000 });
    await admin.locator('[data-testid="credential-kiosk-1-state"]', { hasText: 'Registrerad' }).waitFor();
    await admin.getByTestId('close-code').click();
    assert.equal(await admin.evaluate(() => document.activeElement?.id), 'admin-devices', 'back to the section');
  });

  test('the display: enrol screen, a code, the board with a counter\'s call; revoked, the enrol screen within seconds', async () => {
    const display = await device('/display/?display=lobby-1', { width: 1920, height: 1080 });
    await display.locator('[data-testid="enrol-screen"][data-refusal="unenrolled"]').waitFor();
    assert.deepEqual(await axeViolations(display), [], 'the display\'s enrol screen');

    await enrol(display, await register('display', 'lobby-1'));
    await display.locator('[data-testid="display"][data-connected="true"]').waitFor({ timeout: 10_000 });
    const called = await fetch(`${lobby.http}/api/v1/service-points/disk-1/call-next`, {
      method: 'POST', headers: { cookie: await signIn(lobby.http, 'anna'), 'content-type': 'application/json' }, body: '{}',
    }).then((r) => r.json() as Promise<{ called: { number: string } | null }>);
    assert.ok(called.called, 'the kiosk\'s ticket was waiting');
    await display.getByTestId('current-ticket').filter({ hasText: called.called.number }).waitFor({ timeout: 5000 });

    // Revoking asks first, and says what it does.
    await admin.getByTestId('close-code').click();
    await admin.locator('[data-testid="credential-lobby-1"][data-state="enrolled"]').waitFor({ timeout: 5000 });
    await admin.getByTestId('revoke-lobby-1').click();
    const confirm = admin.getByRole('group', { name: /Återkalla/ });
    assert.match(await confirm.innerText(), /stängs av direkt/);
    assert.equal(await admin.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'revoke-confirm-lobby-1');
    assert.deepEqual(await axeViolations(admin), [], 'the console section asking to confirm');
    const t0 = Date.now();
    await admin.getByTestId('revoke-confirm-lobby-1').click();
    await admin.locator('[data-testid="credential-lobby-1"][data-state="revoked"]').waitFor();
    await display.locator('[data-testid="enrol-screen"][data-refusal="unenrolled"]').waitFor({ timeout: 10_000 });
    const seconds = (Date.now() - t0) / 1000;
    assert.ok(seconds < 8, `the board went within seconds (${seconds.toFixed(1)} s)`);
    assert.match(await display.getByTestId('enrol-reason').innerText(), /gäller inte längre.*\s+no longer valid/s);
    assert.deepEqual(crashes, []);
  });
});
