/**
 * The console's facility and manager pages in real headless Chromium at a desk's 1366×768,
 * on the real built server with its bridge driving a printer on a socket: facility staff
 * see printer-1, send a test print that reaches the printer, see paper running low raised
 * as an alert and acknowledge it; the manager sees the dashboard with the API's figures; a
 * counter account is refused both pages' calls; WCAG 2.1 AA by axe-core on both pages.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { AlertList, Contact, Dashboard } from '@entre/protocol';
import { startSocketPrinter, type SocketPrinter } from '../firmware-bridge/src/test-support/socket-printer.js';
import { closeLobby, consolePage, openLobby } from './support/browser.js';
import { type Lobby } from './support/lobby.js';
import { waitFor } from './support/ports.js';
import { axeViolations } from './support/a11y.js';
import { asStaff, signIn } from './support/staff.js';
import { formatPercent } from '../console/src/pages/manager/format.js';

const SHOTS = '/tmp/shots';
// DLE EOT 1–4 of a healthy printer, and n=4 with both paper-near-end bits (0x0C) set.
const HEALTHY = { 1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12 };
const NEAR_END = { ...HEALTHY, 4: 0x1e };

/** Text as a person reads it: any run of spaces (the percent sign's no-break one too) as one space. */
const plain = (s: string) => s.replace(/\s+/g, ' ').trim();


describe('the console, facility and manager pages', () => {
  let browser: Browser;
  let lobby: Lobby;
  let printer: SocketPrinter;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    printer = await startSocketPrinter(HEALTHY);
    ({ lobby, browser } = await openLobby({
      env: {
        ENTRE_PRINTERS: JSON.stringify([{ id: 'printer-1', driver: 'network', host: '127.0.0.1', port: printer.port }]),
        ENTRE_STATUS_INTERVAL_MS: '200',
      },
    }));
  });
  after(async () => {
    await closeLobby(lobby, browser);
    await printer?.close();
  });

  test('facility: printer-1 with its status, a test print that reaches the printer, and paper running low raised and acknowledged', async () => {
    const page = await consolePage(browser, lobby.http, '#/facility', 'facility');
    const card = page.getByTestId('printer-printer-1');
    await card.waitFor({ timeout: 10_000 });
    await waitFor('printer-1 online with paper', async () =>
      (await page.getByTestId('printer-printer-1-online').innerText()) === 'Ansluten'
      && (await page.getByTestId('printer-printer-1-paper').innerText()) === 'Räcker' || undefined, 10_000);
    assert.match(await card.locator('h3').innerText(), /Kioskskrivare.*printer-1/);
    // The bridge reports itself online; the kiosk and the displays are listed too.
    await waitFor('the bridge in the device list', async () => /Ansluten/.test(await page.getByTestId('device-bridge-1').innerText().catch(() => '')) || undefined, 10_000);
    for (const id of ['kiosk-1', 'lobby-1', 'floor2-1']) assert.equal(await page.getByTestId(`device-${id}`).count(), 1, id);
    // A kiosk and a display opened elsewhere appear connected, live; the display's page closing shows at once.
    const deviceState = (id: string) => page.getByTestId(`device-${id}`).innerText().catch(() => '');
    const kiosk = await browser.newPage();
    await kiosk.goto(`${lobby.http}/kiosk/?kiosk=kiosk-1`);
    const display = await browser.newPage();
    await display.goto(`${lobby.http}/display/?display=floor2-1`);
    await waitFor('kiosk and display connected', async () => (/Ansluten/.test(await deviceState('kiosk-1')) && /Ansluten/.test(await deviceState('floor2-1'))) || undefined, 10_000);
    await display.close();
    await waitFor('the display offline, with its alert', async () =>
      (/Offline/.test(await deviceState('floor2-1')) && await page.getByTestId('alert-device_offline-floor2-1').count() === 1) || undefined, 10_000);
    await kiosk.close();

    // Test print, by keyboard: the job goes through the bridge to the printer's socket.
    const before = printer.received.length;
    await page.getByTestId('test-print-printer-1').focus();
    await page.keyboard.press('Enter');
    await waitFor('the notice', async () => /Testutskrift skickad/.test(await page.getByTestId('facility-notice').innerText()) || undefined, 5000);
    await waitFor('T000 on the printer', () => printer.received.slice(before).some((c) => c.includes(Buffer.from('T000'))) || undefined, 10_000);

    // Paper near its end: the bridge reports it, the server raises one alert, the page shows it.
    printer.setReplies(NEAR_END);
    const alert = page.getByTestId('alert-paper_near_end-printer-1');
    await alert.waitFor({ timeout: 12_000 });
    assert.equal(await alert.getAttribute('data-status'), 'new');
    assert.match(plain(await alert.innerText()), /Papperet snart slut – Kioskskrivare/);
    assert.equal(await page.getByTestId('printer-printer-1-paper').innerText(), 'Snart slut');
    assert.deepEqual(await axeViolations(page), [], 'facility page with an open alert');
    await page.screenshot({ path: `${SHOTS}/console-facility.png`, fullPage: true });

    // By keyboard; the button goes, and focus stays on the alert instead of falling to the page.
    await alert.getByRole('button', { name: 'Kvittera: Papperet snart slut, Kioskskrivare (virtuell)' }).focus();
    await page.keyboard.press('Enter');
    await waitFor('acknowledged', async () => (await alert.getAttribute('data-status')) === 'acknowledged' || undefined, 5000);
    assert.equal(await alert.evaluate((el) => el === document.activeElement), true, 'focus on the acknowledged alert');
    assert.match(plain(await alert.innerText()), /Kvitterat av Fastighet \(demo\)/);
    assert.equal(await alert.getByRole('button').count(), 0, 'nothing left to acknowledge');
    assert.match(await page.getByTestId('facility-notice').innerText(), /Kvitterat: Papperet snart slut/);
    // It stays listed as acknowledged, also after the next refreshes, and the server agrees.
    await page.waitForTimeout(5500);
    assert.equal(await alert.getAttribute('data-status'), 'acknowledged');
    const { alerts } = await asStaff<AlertList>(lobby.http, 'facility', 'GET', '/api/v1/alerts');
    const listed = alerts.find((a) => a.kind === 'paper_near_end' && a.subject === 'printer-1');
    assert.equal(listed?.acknowledgedBy, 'Fastighet (demo)');
    assert.equal(listed?.clearedAt, undefined);
    assert.deepEqual(await axeViolations(page), [], 'facility page with an acknowledged alert');
    printer.setReplies(HEALTHY);
    await page.context().close();
  });

  test('manager: the dashboard shows the figures the API gives, per queue, channel and staff', async () => {
    const post = (path: string, body: object = {}) => asStaff<Contact>(lobby.http, 'reception', 'POST', path, body, path === '/api/v1/contacts' ? 201 : 200);
    const contact = (channel: string, service: string, ref: string) => post('/api/v1/contacts', { channel, service, language: 'sv', externalRef: ref });
    const p1 = await contact('phone', 'allmant', 'pbx-1');
    const p2 = await contact('phone', 'allmant', 'pbx-2');
    const c1 = await contact('chat', 'skola', 'chat-1');
    await contact('email', 'bygglov', 'mail-1');
    for (const [c, outcome] of [[p1, 'resolved'], [c1, 'forwarded']] as const) {
      await post(`/api/v1/contacts/${c.id}/call`, { servicePoint: 'disk-1' });
      await post(`/api/v1/contacts/${c.id}/start`);
      await post(`/api/v1/contacts/${c.id}/finish`, { outcome, rosaLevel: 2 });
    }
    await post(`/api/v1/contacts/${p2.id}/abandon`);
    await post('/api/v1/agents/anna/state', { state: 'available', servicePoint: 'disk-1' });

    const api = await asStaff<Dashboard>(lobby.http, 'chef', 'GET', '/api/v1/dashboard');
    // Answered at once: 2 of 3 offered within the target; 1 of 2 finished resolved.
    assert.equal(api.total.serviceLevel, 2 / 3);
    assert.equal(api.total.firstContactResolution, 0.5);
    assert.equal(api.total.waiting, 1);

    const page = await consolePage(browser, lobby.http, '#/manager', 'chef');
    await page.getByTestId('total-sl').waitFor({ timeout: 10_000 });
    const text = async (id: string) => plain(await page.getByTestId(id).innerText());
    assert.equal(await text('total-waiting'), String(api.total.waiting));
    assert.equal(await text('total-sl'), plain(formatPercent(api.total.serviceLevel)));
    assert.equal(await text('total-fcr'), plain(formatPercent(api.total.firstContactResolution)));
    assert.equal(await text('total-available'), String(api.staff.byState.available));
    for (const q of api.queues) {
      assert.equal(await text(`queue-${q.service}-waiting`), String(q.waiting), q.service);
      assert.equal(await text(`queue-${q.service}-answered`), String(q.answered), q.service);
      assert.equal(await text(`queue-${q.service}-abandoned`), String(q.abandoned), q.service);
      assert.match(await text(`queue-${q.service}-sl`), new RegExp(`^${plain(formatPercent(q.serviceLevel))}`), q.service);
      assert.equal(await text(`queue-${q.service}-fcr`), plain(formatPercent(q.firstContactResolution)), q.service);
    }
    for (const c of api.channels) {
      assert.equal(await text(`channel-${c.channel}-waiting`), String(c.waiting), c.channel);
      assert.match(await text(`channel-${c.channel}-sl`), new RegExp(`^${plain(formatPercent(c.serviceLevel))}`), c.channel);
    }
    assert.equal(await text('channel-phone-abandoned'), '1');
    assert.match(await text('agent-anna'), /Anna Lindqvist Tillgänglig \d\d:\d\d disk-1/);
    // The charts carry their figures as text for screen readers.
    const sl = page.getByTestId('chart-queue-sl').locator('svg');
    assert.equal(await sl.getAttribute('role'), 'img');
    assert.match(plain(await sl.locator('desc').textContent() ?? ''), /Allmänna frågor: 50 % \(mål 80 %\), under målet/);
    assert.match(plain(await page.getByTestId('chart-staff').locator('desc').textContent() ?? ''), /Tillgänglig: 1 person/);

    // Live: a new call in the queue shows within one refresh (5 s).
    await contact('phone', 'allmant', 'pbx-3');
    await waitFor('the new call on the page', async () => (await text('queue-allmant-waiting')) === '1' || undefined, 8000);
    assert.equal(await text('total-waiting'), '2');

    assert.deepEqual(await axeViolations(page), [], 'manager page');
    await page.screenshot({ path: `${SHOTS}/console-manager.png`, fullPage: true });
    await page.context().close();
  });

  test('a counter account gets 403 from the facility and manager endpoints', async () => {
    const cookie = await signIn(lobby.http, 'disk');
    for (const [method, path] of [['GET', '/api/v1/dashboard'], ['GET', '/api/v1/devices'], ['GET', '/api/v1/alerts'], ['GET', '/api/v1/printers'],
      ['POST', '/api/v1/printers/printer-1/test-print'], ['POST', '/api/v1/alerts/any-alert/acknowledge']] as const) {
      const res = await fetch(`${lobby.http}${path}`, { method, headers: { cookie, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) }, ...(method === 'POST' ? { body: '{}' } : {}) });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(((await res.json()) as { code: string }).code, 'ENTRE_FORBIDDEN');
    }
  });
});
