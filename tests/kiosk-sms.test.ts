/**
 * SMS notices from the kiosk, in real headless Chromium at the kiosk's size on the real
 * built server with a fake SMS gateway (a real HTTP server): the visitor leaves a number
 * on the keypad, staff call the ticket, and the gateway gets the texts. The SMS screen
 * passes axe-core, 60 px targets and our-fonts-only, in Swedish and Arabic, by touch and
 * by keyboard.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { t, type Ticket } from '@entre/protocol';
import { startSmsGateway, type SmsGateway } from '../server/src/test-support/sms-gateway.js';
import { openLobby, closeLobby } from './support/browser.js';
import { type Lobby } from './support/lobby.js';
import { waitFor } from './support/ports.js';
import { axeViolations, foreignGlyphs, smallTargets } from './support/a11y.js';
import { asStaff } from './support/staff.js';

const KIOSK = { width: 1080, height: 1920 };

async function asReception(base: string, path: string, body: object): Promise<void> {
  await asStaff(base, 'reception', 'POST', path, body);
}

describe('SMS from the kiosk', () => {
  let browser: Browser;
  let lobby: Lobby;
  let gateway: SmsGateway;

  before(async () => {
    gateway = await startSmsGateway();
    ({ lobby, browser } = await openLobby({ env: { ENTRE_SMS_URL: gateway.url, ENTRE_SMS_KEY: 'kiosk-test-key', ENTRE_SMS_FROM: 'Kommunen', ENTRE_SMS_AHEAD: '3' } }));
  });
  after(async () => {
    await closeLobby(lobby, browser);
    await gateway?.close();
  });

  /** A ticket for `service` in `lang`, on screen; answers the ticket as the server issued it. */
  async function ticketAtKiosk(lang: string, service = 'allmant'): Promise<{ page: Page; ticket: Ticket }> {
    const page = await browser.newPage({ viewport: KIOSK });
    await page.goto(`${lobby.http}/kiosk/?kiosk=kiosk-1`);
    await page.getByTestId(`lang-${lang}`).click();
    const issued = page.waitForResponse((r) => r.url().endsWith('/api/v1/tickets') && r.request().method() === 'POST');
    await page.getByTestId(`service-${service}`).click();
    const ticket = (await (await issued).json()) as Ticket;
    await page.getByTestId('ticket-number').waitFor();
    return { page, ticket };
  }

  const audit = async (page: Page, screen: string) => {
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${screen}: ${JSON.stringify(violations, null, 1)}`);
    assert.deepEqual(await smallTargets(page, 60), [], `${screen}: touch targets under 60 px`);
    assert.deepEqual(await foreignGlyphs(page), [], `${screen}: glyphs outside our fonts`);
  };

  test('a visitor leaves a number on the keypad; staff call the ticket and the gateway gets the texts', async () => {
    const { page, ticket } = await ticketAtKiosk('sv');
    const offer = page.getByTestId('sms-offer');
    assert.equal((await offer.innerText()).trim(), t('sv', 'sms.offer'));
    await audit(page, 'ticket screen with the offer');
    await offer.click();

    await page.getByTestId('sms-save').waitFor();
    assert.equal((await page.locator('h1').innerText()).trim(), t('sv', 'sms.title'));
    assert.equal((await page.locator('.sms-hint').innerText()).trim(), t('sv', 'sms.hint', { n: 3 }));
    assert.equal((await page.locator('label[for="sms-phone"]').innerText()).trim(), t('sv', 'sms.label'));
    await audit(page, 'SMS screen');

    // A wrong number is refused on screen, and the server keeps nothing.
    for (const k of '12345') await page.getByTestId(`key-${k}`).click();
    await page.getByTestId('sms-save').click();
    const invalid = page.getByTestId('sms-invalid');
    await invalid.waitFor();
    assert.equal(await invalid.getAttribute('role'), 'alert');
    assert.equal((await invalid.innerText()).trim(), t('sv', 'sms.invalid'));
    await audit(page, 'SMS screen with the error');
    assert.equal(((await (await fetch(`${lobby.http}/api/v1/tickets/${ticket.id}`)).json()) as Ticket).sms, false);
    for (let i = 0; i < 5; i++) await page.getByTestId('key-delete').click();
    assert.equal(await page.getByTestId('sms-phone').innerText(), '');

    // The keypad and a keyboard both type.
    for (const k of '070') await page.getByTestId(`key-${k}`).click();
    await page.keyboard.type('1234567');
    assert.equal(await page.getByTestId('sms-phone').innerText(), '0701234567');
    await page.getByTestId('sms-save').click();

    const saved = page.getByTestId('sms-saved');
    await saved.waitFor();
    assert.equal((await saved.innerText()).trim(), t('sv', 'sms.saved', { phone: '0701234567' }));
    assert.equal(await page.getByTestId('sms-offer').count(), 0, 'offered once');
    assert.equal(((await (await fetch(`${lobby.http}/api/v1/tickets/${ticket.id}`)).json()) as Ticket).sms, true);

    // Nobody is ahead: "soon" goes out at once; the call follows when staff call.
    await waitFor('the soon text', () => gateway.received.length >= 1 || undefined);
    await asReception(lobby.http, `/api/v1/contacts/${ticket.id}/call`, { servicePoint: 'disk-1' });
    await waitFor('the called text', () => gateway.received.length >= 2 || undefined);
    assert.deepEqual(gateway.texts(), [
      ['+46701234567', t('sv', 'sms.soonText', { ticket: ticket.number, n: 0 })],
      ['+46701234567', t('sv', 'sms.calledText', { ticket: ticket.number, point: 'Disk 1' })],
    ]);
    assert.ok(gateway.received.every((r) => r.headers.authorization === 'Bearer kiosk-test-key' && r.body.from === 'Kommunen'));
    await page.close();
  });

  test('in Arabic, by keyboard alone: right to left around a left-to-right keypad; "no thanks" keeps nothing', async () => {
    const sent = gateway.received.length;
    const { page, ticket } = await ticketAtKiosk('ar', 'parkering');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['testid'] ?? document.activeElement?.tagName);
    // From the number's heading: Done, then the offer.
    const toOffer = async () => {
      await waitFor('focus on the heading', async () => (await focused()) === 'H1' || undefined, 5000);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'sms-offer');
      await page.keyboard.press('Enter');
      await page.getByTestId('sms-save').waitFor();
      // The screen takes the keys once it has moved focus to its heading: typing sooner loses digits.
      await waitFor('focus on the number\'s heading', async () => (await focused()) === 'H1' || undefined, 5000);
    };
    await toOffer();
    assert.equal((await page.locator('h1').innerText()).trim(), t('ar', 'sms.title'));
    assert.equal(await page.locator('.keypad').getAttribute('dir'), 'ltr', 'digits where they always are');
    await audit(page, 'SMS screen (ar)');

    // Escape is "no thanks": back to the ticket, the offer still there, nothing sent or kept.
    await page.keyboard.type('0701');
    assert.equal(await page.getByTestId('sms-phone').innerText(), '0701');
    await page.keyboard.press('Escape');
    await page.getByTestId('sms-offer').waitFor();
    assert.equal(await page.getByTestId('sms-saved').count(), 0);
    assert.equal(((await (await fetch(`${lobby.http}/api/v1/tickets/${ticket.id}`)).json()) as Ticket).sms, false);

    // Again, with an international number typed on the keyboard, a slip erased, and Enter.
    await toOffer();
    assert.equal(await page.getByTestId('sms-phone').innerText(), '', 'a fresh screen, the earlier digits gone');
    await page.keyboard.type('+3584012345678');
    await page.keyboard.press('Backspace');
    assert.equal(await page.getByTestId('sms-phone').innerText(), '+358401234567');
    await page.keyboard.press('Enter');
    const saved = page.getByTestId('sms-saved');
    await saved.waitFor();
    assert.equal((await saved.innerText()).replace(/[\u2066-\u2069]/g, '').trim(), t('ar', 'sms.saved', { phone: '+358401234567' }));
    assert.equal(await page.getByTestId('sms-saved-phone').getAttribute('dir'), 'ltr');
    await audit(page, 'ticket screen with the saved number (ar)');
    assert.equal(((await (await fetch(`${lobby.http}/api/v1/tickets/${ticket.id}`)).json()) as Ticket).sms, true);
    await waitFor('the Arabic soon text', () => gateway.received.length > sent || undefined);
    assert.deepEqual(gateway.texts()[sent], ['+358401234567', t('ar', 'sms.soonText', { ticket: ticket.number, n: 0 })]);

    // Done: the kiosk forgets the number on screen.
    await waitFor('focus on the heading', async () => (await focused()) === 'H1' || undefined, 5000);
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'done');
    await page.keyboard.press('Enter');
    await page.getByTestId('lang-sv').waitFor();
    assert.doesNotMatch(await page.locator('body').innerText(), /358401234567/);
    await page.close();
  });
});
