/**
 * The visitor's ticket on their phone (/t/<id>), on the real built lobby in headless
 * Chromium at phone size: it follows staff actions live over Server-Sent Events, alerts on
 * a call and a recall, speaks the visitor's language (Arabic right-to-left, Swedish after
 * a switch), cancels only after a second "yes", asks the 1–5 question after the visit, and
 * passes axe-core's WCAG 2.1 AA rules in both languages.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pick, t, type Ticket } from '@entre/protocol';
import { openLobby, closeLobby } from './support/browser.js';
import { type Lobby } from './support/lobby.js';
import { waitFor } from './support/ports.js';
import { axeViolations, foreignGlyphs, smallTargets } from './support/a11y.js';

const PHONE = { width: 360, height: 740 };

/**
 * Records what the page asks of the speaker and the vibration motor (neither exists
 * headless). A string, not a function: the test runner's transpiler would add helpers
 * the page does not have.
 */
const recordAlerts = `
  window.__tones = 0;
  window.__vibrations = [];
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) { window.__tones += 1; return start.apply(this, args); };
  Object.defineProperty(Navigator.prototype, 'vibrate', {
    configurable: true,
    value: (pattern) => { window.__vibrations.push(pattern); return true; },
  });
`;
interface Recorded { tones: number; vibrations: unknown[] }
const recorded = (page: Page) => page.evaluate(() => {
  const w = window as unknown as { __tones: number; __vibrations: unknown[] };
  return { tones: w.__tones, vibrations: w.__vibrations } satisfies Recorded;
});

/** What a phone user must be able to hit and read: no target under 44 px, nothing wider than the screen. */
async function assertPhoneFit(page: Page, where: string) {
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(sideways <= 0, `page scrolls sideways by ${sideways}px (${where})`);
  assert.deepEqual(await smallTargets(page, 44), [], `phone fit (${where})`);
}

async function assertAccessible(page: Page, where: string) {
  assert.deepEqual(await axeViolations(page), [], `axe-core WCAG 2.1 AA (${where})`);
  assert.deepEqual(await foreignGlyphs(page), [], `every glyph from our bundled fonts (${where})`);
  assert.equal(await page.locator('h1').count(), 1, `one h1 (${where})`);
  await assertPhoneFit(page, where);
}

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').trim();
const attr = (page: Page, name: string) => page.getByTestId('mobile-ticket').getAttribute(name);

async function waitForText(page: Page, testId: string, expected: string, ms = 10_000) {
  let last = '';
  await waitFor(`${testId} = "${expected}"`, async () => {
    last = await page.getByTestId(testId).textContent({ timeout: 1000 }).catch(() => '') ?? '';
    return last.trim() === expected || undefined;
  }, ms).catch((err: Error) => { throw new Error(`${err.message}; last: "${last.trim()}"`); });
}

async function waitForAttr(page: Page, name: string, expected: string) {
  await waitFor(`${name}=${expected}`, async () => (await attr(page, name)) === expected || undefined);
}

describe('the mobile ticket page', () => {
  let lobby: Lobby;
  let browser: Browser;
  let cookie = '';

  const api = async (method: 'GET' | 'POST', path: string, body?: object, withCookie = false) => {
    const res = await fetch(`${lobby.http}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(withCookie ? { cookie } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const payload = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${payload}`);
    return JSON.parse(payload) as Record<string, unknown>;
  };
  const issue = async (language: string) =>
    (await api('POST', '/api/v1/tickets', { kiosk: 'kiosk-1', service: 'allmant', language })) as unknown as Ticket;
  const ticketNow = async (id: string) => (await api('GET', `/api/v1/tickets/${id}`)) as unknown as Ticket;
  /** Acting as reception staff on the visitor's contact (the ticket's id is the contact's). */
  const staff = (id: string, action: string, body: object = {}) => api('POST', `/api/v1/contacts/${id}/${action}`, body, true);

  async function phone(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'sv-SE' });
    await context.addInitScript({ content: recordAlerts });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') errors.push(`${msg.text()} (${msg.location().url})`); });
    return { context, page, errors };
  }

  async function open(page: Page, id: string) {
    const res = await page.goto(`${lobby.http}/t/${id}`);
    assert.equal(res?.status(), 200);
    await page.locator('[data-testid="mobile-ticket"][data-view="ticket"]').waitFor({ timeout: 10_000 });
  }

  before(async () => {
    ({ lobby, browser } = await openLobby());
    const login = await fetch(`${lobby.http}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'reception', password: 'entre-demo-2026' }),
    });
    assert.equal(login.status, 200, await login.text());
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    assert.match(cookie, /=/);
  });

  after(async () => {
    const code = await closeLobby(lobby, browser);
    assert.equal(code, 0, `server exit: ${lobby?.server.output()}`);
  });

  test('in Arabic: follows the call live, alerts on call and recall, then asks and records the rating', async () => {
    const issued = await issue('ar');
    const { context, page, errors } = await phone();
    await open(page, issued.id);

    assert.equal(await text(page, 'ticket-number'), issued.number);
    assert.equal(await page.getByTestId('ticket-number').getAttribute('dir'), 'ltr');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');
    assert.equal(await text(page, 'ticket-service'), pick(issued.serviceName, 'ar'));
    assert.equal(await text(page, 'state-text'), t('ar', 'kiosk.waitingAhead', { n: issued.waitingAhead }));
    assert.equal(await text(page, 'keep-open'), t('ar', 'mobile.keepOpen'));
    assert.equal(await page.locator('label[for="mobile-language"]').textContent(), t('ar', 'mobile.language'));
    assert.equal(await page.locator('h1').textContent(), t('ar', 'mobile.title'));
    assert.equal(await attr(page, 'data-alerts'), '0', 'no alert for a ticket that is only waiting');
    await assertAccessible(page, 'Arabic, waiting');

    // The one tap browsers require before a page may make a sound.
    await page.getByTestId('enable-sound').click();
    await page.getByTestId('enable-sound').waitFor({ state: 'detached', timeout: 5000 });
    const tonesBefore = (await recorded(page)).tones;
    assert.ok(tonesBefore > 0, 'turning sound on plays a tone to say so');

    await staff(issued.id, 'call', { servicePoint: 'disk-1' });
    await waitForAttr(page, 'data-alerts', '1');
    const called = await ticketNow(issued.id);
    assert.equal(called.state, 'called');
    const point = pick(called.servicePointName!, 'ar');
    await waitForText(page, 'state-text', t('ar', 'mobile.called', { point }));
    // The title follows the state in an effect of its own: wait for it, as for the text.
    await waitFor('the called title', async () => (await page.title()) === t('ar', 'mobile.titleCalled', { ticket: issued.number }) || undefined, 5000);
    assert.equal(await attr(page, 'data-state'), 'called');
    assert.equal(await page.getByTestId('keep-open').count(), 0, 'the waiting hint goes once called');
    assert.equal(await page.getByTestId('cancel').count(), 0, 'no cancel once called');
    const alerted = await recorded(page);
    assert.ok(alerted.tones > tonesBefore, `the chime played (${alerted.tones} tones, ${tonesBefore} before)`);
    assert.deepEqual(alerted.vibrations, [[300, 150, 300]]);

    await staff(issued.id, 'recall');
    await waitForAttr(page, 'data-alerts', '2');
    await waitForText(page, 'state-text', t('ar', 'mobile.recalled', { point }));
    const again = await recorded(page);
    assert.equal(again.vibrations.length, 2, 'the recall vibrates again');
    assert.ok(again.tones > alerted.tones, 'and chimes again');

    await staff(issued.id, 'start');
    await waitForText(page, 'state-text', t('ar', 'mobile.serving', { point }));
    await waitFor('the title to calm down once served', async () => (await page.title()) !== t('ar', 'mobile.titleCalled', { ticket: issued.number }) || undefined, 5000);
    await staff(issued.id, 'finish', { outcome: 'resolved', rosaLevel: 1 });
    await waitForText(page, 'state-text', t('ar', 'mobile.done'));
    assert.equal(await attr(page, 'data-alerts'), '2', 'serving and done do not alert');

    // The 1–5 question, each answer with its digit and its words.
    const rating = page.getByTestId('rating');
    await rating.waitFor();
    assert.equal(await rating.getAttribute('role'), 'group');
    assert.equal(await page.locator('#rating-question').textContent(), t('ar', 'mobile.rate'));
    for (const n of [1, 2, 3, 4, 5] as const) {
      const label = (await text(page, `rate-${n}`)).replace(/\s+/g, '');
      assert.equal(label, `${n}${t('ar', `mobile.rate${n}`)}`.replace(/\s+/g, ''));
    }
    await assertAccessible(page, 'Arabic, done');

    assert.equal((await ticketNow(issued.id)).rating, undefined);
    await page.getByTestId('rate-4').click();
    await waitForText(page, 'rating-thanks', t('ar', 'mobile.rateThanks'));
    assert.equal((await ticketNow(issued.id)).rating, 4);
    assert.equal(await page.getByTestId('rating').count(), 0);

    // Back later: the answer is remembered by the server, so only the thanks shows.
    await open(page, issued.id);
    await waitForText(page, 'rating-thanks', t('ar', 'mobile.rateThanks'));
    assert.equal(await page.getByTestId('rating').count(), 0);
    assert.equal(await attr(page, 'data-alerts'), '0', 'opening the page later does not alert');

    assert.deepEqual(errors, [], 'no errors or warnings in the console');
    await context.close();
  });

  test('switching to Svenska shows Swedish left-to-right, is remembered, and stays accessible through the visit', async () => {
    const issued = await issue('ar');
    const { context, page } = await phone();
    await open(page, issued.id);
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    const options = await page.locator('#mobile-language option').allTextContents();
    assert.ok(options.includes('Svenska') && options.includes('العربية'), options.join());
    assert.ok(!options.includes('Svenskt teckenspråk'), 'no sign language among written languages');

    await page.locator('#mobile-language').selectOption('sv');
    await waitFor('Swedish on <html>', async () => (await page.evaluate(() => document.documentElement.lang)) === 'sv' || undefined);
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
    assert.equal(await text(page, 'state-text'), t('sv', 'kiosk.waitingAhead', { n: issued.waitingAhead }));
    assert.equal(await text(page, 'keep-open'), t('sv', 'mobile.keepOpen'));
    assert.equal(await text(page, 'ticket-service'), pick(issued.serviceName, 'sv'));
    assert.equal(await page.getByTestId('ticket-service').getAttribute('lang'), 'sv');
    assert.equal(await page.evaluate(() => localStorage.getItem('entre.mobile.lang')), 'sv');
    await assertAccessible(page, 'Swedish, waiting');

    // The cancel step, opened, is accessible too.
    await page.getByTestId('cancel').click();
    await page.getByTestId('cancel-confirm').waitFor();
    await assertAccessible(page, 'Swedish, cancel question');
    await page.getByTestId('cancel-no').click();

    // The choice outlives a reload: the ticket's own language does not win again.
    await page.reload();
    await page.locator('[data-testid="mobile-ticket"][data-view="ticket"]').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'sv');
    assert.equal(await page.locator('#mobile-language').inputValue(), 'sv');

    await staff(issued.id, 'call', { servicePoint: 'disk-1' });
    const point = pick((await ticketNow(issued.id)).servicePointName!, 'sv');
    await waitForText(page, 'state-text', t('sv', 'mobile.called', { point }));
    await waitFor('the called title', async () => (await page.title()) === t('sv', 'mobile.titleCalled', { ticket: issued.number }) || undefined, 5000);
    await staff(issued.id, 'start');
    assert.equal(await page.getByTestId('case-link').count(), 0, 'no case, no link');
    // Staff open a case for the errand: the visitor gets a link to follow it by its code.
    const created = await api('POST', '/api/v1/cases', { site: 'demo', service: 'allmant', contact: issued.id }, true);
    await staff(issued.id, 'finish', { outcome: 'forwarded', rosaLevel: 3, caseId: String(created['id']) });
    await waitForText(page, 'state-text', t('sv', 'mobile.done'));
    const code = (await ticketNow(issued.id)).caseTrackingCode;
    assert.ok(code, 'the ticket carries the case code');
    await waitForText(page, 'case-link', t('sv', 'mobile.case', { ref: code }));
    assert.equal(await page.getByTestId('case-link').getAttribute('href'), `/c/${encodeURIComponent(code)}`);
    await page.getByTestId('rating').waitFor();
    assert.equal(await text(page, 'rate-5'), `5${t('sv', 'mobile.rate5')}`);
    await assertAccessible(page, 'Swedish, done');
    await context.close();
  });

  test('cancelling asks first on the page; "no" keeps the place, "yes" cancels the ticket', async () => {
    const issued = await issue('sv');
    const { context, page, errors } = await phone();
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs++; void d.dismiss(); });
    await open(page, issued.id);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'sv');

    await page.getByTestId('cancel').click();
    await page.getByTestId('cancel-confirm').waitFor();
    assert.equal(await page.locator('#cancel-question').textContent(), t('sv', 'mobile.cancelConfirm'));
    // Focus follows in an effect after the render: wait for it rather than race it.
    await waitFor('focus on the question', async () => (await page.evaluate(() => document.activeElement?.id)) === 'cancel-question' || undefined, 5000);
    await page.getByTestId('cancel-no').click();
    await page.getByTestId('cancel').waitFor();
    await waitFor('focus back on the button', async () => (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'cancel' || undefined, 5000);
    assert.equal((await ticketNow(issued.id)).state, 'waiting', '"no" keeps the ticket');

    await page.getByTestId('cancel').click();
    await page.getByTestId('cancel-yes').click();
    await waitForAttr(page, 'data-state', 'cancelled');
    assert.equal(await text(page, 'state-text'), t('sv', 'mobile.cancelled'));
    assert.equal((await ticketNow(issued.id)).state, 'cancelled');
    assert.equal(await page.getByTestId('cancel').count(), 0);
    assert.equal(await page.getByTestId('rating').count(), 0, 'no rating question for a cancelled visit');
    assert.equal(dialogs, 0, 'no window.confirm');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an unknown ticket id shows that the ticket cannot be found', async () => {
    const { context, page } = await phone();
    const res = await page.goto(`${lobby.http}/t/no-such-ticket-0000`);
    assert.equal(res?.status(), 404);
    await waitForText(page, 'not-found', t('sv', 'mobile.notFound'));
    assert.equal(await attr(page, 'data-view'), 'notFound');
    assert.equal(await page.getByTestId('ticket-number').count(), 0);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'sv', 'the phone says sv-SE');
    await assertAccessible(page, 'not found');
    await context.close();
  });
});
