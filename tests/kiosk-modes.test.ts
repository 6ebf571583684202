/**
 * The kiosk's other ways in, in real headless Chromium at 1080×1920 on the real built
 * server: a booked visitor checks in by code, staff open the kiosk's own screen with a
 * PIN (and a visitor cannot), and a single-errand lobby runs with one hardware button.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { t, type Appointment, type TestPrintResponse } from '@entre/protocol';
import { openLobby, closeLobby } from './support/browser.js';
import { type Lobby } from './support/lobby.js';
import { waitFor } from './support/ports.js';
import { axeViolations, foreignGlyphs, smallTargets } from './support/a11y.js';
import { asStaff } from './support/staff.js';

const KIOSK = { width: 1080, height: 1920 };

describe('the kiosk: appointments, staff screen, no-touch mode', () => {
  let browser: Browser;
  let lobby: Lobby;

  before(async () => {
    ({ lobby, browser } = await openLobby());
  });
  after(async () => {
    await closeLobby(lobby, browser);
  });

  async function kiosk(): Promise<Page> {
    const page = await browser.newPage({ viewport: KIOSK });
    await page.goto(`${lobby.http}/kiosk/?kiosk=kiosk-1`);
    await page.getByTestId('lang-sv').waitFor();
    return page;
  }

  const book = (minutesFromNow: number, language = 'sv') => asStaff<Appointment>(lobby.http, 'reception', 'POST', '/api/v1/appointments', {
    service: 'allmant', startsAt: new Date(Date.now() + minutesFromNow * 60_000).toISOString(), language,
  }, 201);

  test('a booked visitor types the code (fast, by keyboard) and gets an appointment ticket; a wrong code says what to do', async () => {
    const booked = await book(20, 'ar');
    const page = await kiosk();
    await page.getByTestId('lang-ar').click();
    await page.getByTestId('have-appointment').click();
    await page.getByTestId('check-in').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'appointment screen (ar)');
    assert.deepEqual(await smallTargets(page, 60), []);
    assert.deepEqual(await foreignGlyphs(page), []);

    // A wrong code first, typed on the screen's keys.
    for (const d of '000000') await page.getByTestId(`key-${d}`).click();
    await page.getByTestId('check-in').click();
    await waitFor('not found', async () => (await page.getByTestId('appointment-message').textContent().catch(() => null)) === t('ar', 'appointment.notFound') || undefined);
    for (let i = 0; i < 6; i++) await page.getByTestId('key-delete').click();
    assert.equal((await page.getByTestId('appointment-code').innerText()).replace(/\s/g, ''), '', 'erased');

    // The right one, typed as fast as a keyboard goes: no digit may be lost.
    await page.keyboard.type(booked.code, { delay: 0 });
    assert.equal((await page.getByTestId('appointment-code').innerText()).replace(/\s/g, ''), booked.code);
    await page.getByTestId('check-in').click();
    await page.getByTestId('ticket-number').waitFor();
    const shown = await page.getByTestId('checked-in').innerText();
    assert.match(shown, /\d{2}:\d{2}/, 'says the booked time');
    const number = (await page.getByTestId('ticket-number').innerText()).trim();
    const listed = await asStaff<{ appointments: Appointment[] }>(lobby.http, 'reception', 'GET', '/api/v1/appointments');
    assert.equal(listed.appointments.find((a) => a.id === booked.id)?.ticket?.number, number);
    await page.close();
  });

  test('too early: the visitor is told the booked time and from when to check in, and no ticket is made', async () => {
    const booked = await book(180);
    const page = await kiosk();
    await page.getByTestId('lang-en').click();
    await page.getByTestId('have-appointment').click();
    // Typed once the screen is there (a keystroke before it lands on the previous screen).
    await page.getByTestId('appointment-code').waitFor();
    await page.keyboard.type(booked.code);
    await page.getByTestId('check-in').click();
    const message = page.getByTestId('appointment-message');
    await message.waitFor();
    assert.match(await message.innerText(), /^Your appointment is at \d{2}:\d{2}\. You can check in from \d{2}:\d{2}\.$/);
    const after = await asStaff<Appointment>(lobby.http, 'reception', 'GET', `/api/v1/appointments/${booked.id}`);
    assert.equal(after.state, 'booked');
    await page.close();
  });

  test('staff hold the header for the PIN pad; a wrong PIN is refused; the right one shows the kiosk and prints a test', async () => {
    await asStaff(lobby.http, 'admin', 'PUT', '/api/v1/admin/kiosks/kiosk-1/pin', { pin: '482913' }, 204);
    const page = await kiosk();
    const header = page.getByTestId('kiosk-header');
    // A visitor's tap on the header does nothing.
    await header.click();
    await page.waitForTimeout(3500);
    assert.equal(await page.getByTestId('staff-unlock').count(), 0);

    const box = (await header.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    await page.mouse.down();
    await page.getByTestId('staff-unlock').waitFor({ timeout: 5000 });
    await page.mouse.up();
    assert.deepEqual(await axeViolations(page), [], 'PIN pad');

    await page.keyboard.type('1111');
    await page.getByTestId('staff-unlock').click();
    await waitFor('wrong PIN', async () => (await page.locator('.error-notice').textContent().catch(() => null)) === 'Fel PIN.' || undefined);
    await page.keyboard.type('482913');
    await page.getByTestId('staff-unlock').click();
    await page.getByTestId('staff-facts').waitFor();
    assert.match(await page.getByTestId('staff-printer').innerText(), /online, papper ok/);
    assert.deepEqual(await axeViolations(page), [], 'staff facts');

    const printed = page.waitForResponse((r) => r.url().endsWith('/test-print'));
    await page.getByTestId('staff-test-print').click();
    const job = (await (await printed).json()) as TestPrintResponse;
    await waitFor('test ticket on the virtual printer', () => existsSync(join(lobby.printsDir, `${job.jobId}.bin`)) || undefined);
    await page.getByTestId('staff-close').click();
    await page.getByTestId('lang-sv').waitFor();
    await page.close();
  });

  test('no-touch mode: any key of a hardware button issues the default errand\'s ticket, then the button screen again', async () => {
    await asStaff(lobby.http, 'admin', 'PUT', '/api/v1/admin/kiosks/kiosk-1/settings', {
      idleSeconds: 20, warnSeconds: 5, ticketSeconds: 5, priorityHelp: true, noTouchService: 'allmant',
    });
    try {
      const page = await browser.newPage({ viewport: KIOSK });
      await page.goto(`${lobby.http}/kiosk/?kiosk=kiosk-1`);
      await page.getByTestId('press-button').waitFor();
      assert.deepEqual(await axeViolations(page), [], 'button screen');
      assert.deepEqual(await foreignGlyphs(page), []);
      await page.keyboard.press('F12'); // a USB push-button types a key such as F12 or Enter
      await page.getByTestId('ticket-number').waitFor();
      assert.match((await page.getByTestId('ticket-number').innerText()).trim(), /^A\d{3}$/);
      await page.getByTestId('press-button').waitFor({ timeout: 8000 });
      await page.close();
    } finally {
      await asStaff(lobby.http, 'admin', 'PUT', '/api/v1/admin/kiosks/kiosk-1/settings', {
        idleSeconds: 45, warnSeconds: 10, ticketSeconds: 20, priorityHelp: true, priorityService: 'allmant',
      });
    }
  });
});
