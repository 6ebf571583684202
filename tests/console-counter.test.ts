/**
 * The console's counter page in real headless Chromium at a desk's 1366×768, on the real
 * built server: Anna signs in, sits at disk-1, goes available, calls next (and sees why),
 * recalls, serves, transfers a visit to another errand (the number is kept), finishes one
 * with outcome, ROSA level and a new case, attaches a phone call to that case and sees its
 * earlier contact; the one-letter shortcuts, which stay quiet while she types; phone and
 * chat in the same live list; WCAG 2.1 AA by axe-core; and the shell's role gate.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Agent, CaseDetail, Contact, Ticket } from '@entre/protocol';
import { openLobby, closeLobby, signInAt } from './support/browser.js';
import { type Lobby } from './support/lobby.js';
import { waitFor } from './support/ports.js';
import { axeViolations } from './support/a11y.js';
import { asStaff } from './support/staff.js';

const DESK = { width: 1366, height: 768 };
const SHOT = '/tmp/shots/console-counter.png';

async function issue(base: string, service: string, language = 'sv'): Promise<Ticket> {
  const res = await fetch(`${base}/api/v1/tickets`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kiosk: 'kiosk-1', service, language }),
  });
  assert.equal(res.status, 201);
  return (await res.json()) as Ticket;
}


describe('the console, counter page', () => {
  let browser: Browser;
  let lobby: Lobby;
  let context: BrowserContext;
  let page: Page;
  const crashes: string[] = [];
  const tickets: Ticket[] = [];

  const ticket = (id: string) => asStaff<Ticket>(lobby.http, 'reception', 'GET', `/api/v1/tickets/${id}`);
  const contact = (id: string) => asStaff<Contact>(lobby.http, 'reception', 'GET', `/api/v1/contacts/${id}`);
  const calledNumber = async () => (await page.getByTestId('called-ticket').textContent())?.trim() ?? '';
  const currentState = () => page.getByTestId('current-contact').getAttribute('data-state');
  const waitState = (want: string) => waitFor(`the contact ${want}`, async () => (await currentState()) === want || undefined, 8000);
  const notice = () => page.getByTestId('counter-notice').innerText();
  /** The visit the page shows as current, from what the server issued. */
  const shownTicket = async () => {
    const number = await calledNumber();
    const t = tickets.find((x) => x.number === number);
    assert.ok(t, `the page shows one of the issued tickets, not "${number}"`);
    return t;
  };

  before(async () => {
    ({ lobby, browser } = await openLobby());
    // Two visitors in Anna's errands before she signs in.
    tickets.push(await issue(lobby.http, 'parkering'), await issue(lobby.http, 'allmant', 'en'));
    context = await browser.newContext({ viewport: DESK, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    page = await context.newPage();
    page.on('pageerror', (e) => crashes.push(e.message));
  });
  after(async () => {
    await closeLobby(lobby, browser);
  });

  test('Anna signs in, lands on the counter, picks disk-1 and goes available', async () => {
    await page.goto(`${lobby.http}/console/`);
    await signInAt(page, 'anna');
    await page.getByTestId('counter-page').waitFor();
    assert.equal(new URL(page.url()).hash, '#/counter', 'the landing page of a counter account');
    assert.deepEqual(await page.locator('.shell-nav a').allInnerTexts(), ['Disk'], 'only the pages her role opens');
    assert.equal(await page.locator('h1').innerText(), 'Entré – Disk');

    await page.getByTestId('point-select').selectOption('disk-1');
    assert.equal(new URL(page.url()).searchParams.get('point'), 'disk-1');
    await page.getByTestId('state-available').click();
    await waitFor('available', async () => (await page.getByTestId('agent-state').getAttribute('data-state')) === 'available' || undefined);
    const anna = await asStaff<Agent>(lobby.http, 'reception', 'GET', '/api/v1/agents/anna');
    assert.deepEqual([anna.state, anna.servicePoint], ['available', 'disk-1']);

    // Her live queue: both visits, with their channel.
    await waitFor('two in the queue', async () => (await page.getByTestId('queue-row').count()) === 2 || undefined);
    assert.deepEqual(await page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['channel'])), ['visit', 'visit']);
    assert.match(await page.getByTestId('queue').innerText(), /Engelska/);
  });

  test('calls next and says why; recalls; starts serving', async () => {
    await page.getByTestId('call-next').click();
    await waitState('called');
    const t = await shownTicket();
    assert.match(await page.getByTestId('call-why').innerText(), /^Varför: \S/);
    assert.equal((await ticket(t.id)).state, 'called');
    assert.equal((await ticket(t.id)).servicePoint, 'disk-1');

    await page.getByTestId('recall').click();
    await waitFor('recalled once', async () => /Ropad igen 1 gång/.test(await page.getByTestId('current-contact').innerText()) || undefined);
    assert.equal((await ticket(t.id)).recalls, 1);

    await page.getByTestId('start').click();
    await waitState('serving');
    assert.equal((await ticket(t.id)).state, 'serving');
  });

  test('transfers the visit to another errand with a note; the number is kept', async () => {
    const t = await shownTicket();
    await page.getByTestId('transfer-open').click();
    await page.getByTestId('transfer-kind-service').check();
    await page.getByTestId('transfer-target').selectOption('social');
    await page.getByTestId('transfer-note').fill('Vill prata om försörjningsstöd');
    assert.deepEqual(await axeViolations(page), [], 'the counter with the transfer form open');
    await page.getByTestId('transfer-submit').click();
    await waitFor('transferred notice', async () => (await notice()).includes(`${t.number} flyttad till`) || undefined);
    assert.match(await notice(), /Numret behålls/);

    const after = await ticket(t.id);
    assert.equal(after.number, t.number, 'same number');
    assert.equal(after.service, 'social');
    assert.equal(after.state, 'waiting');
    const events = (await contact(t.id)).events ?? [];
    assert.equal(events.at(-1)?.type, 'transfer');
    assert.equal(events.at(-1)?.data?.['note'], 'Vill prata om försörjningsstöd');
    // Social is not one of Anna's errands: it leaves her list.
    await waitFor('one left in her queue', async () => (await page.getByTestId('queue-row').count()) === 1 || undefined);
    assert.equal(await page.getByTestId('current-contact').count(), 0);
  });

  test('shortcuts: N calls, R recalls, S serves, F asks for the ROSA level; none fire while typing', async () => {
    const before = await page.getByTestId('called-ticket').count();
    assert.equal(before, 0);
    assert.match(await page.getByTestId('shortcut-legend').innerText(), /N\s*Ropa nästa/);

    await page.locator('h1').click(); // focus off any field
    await page.keyboard.press('n');
    await waitState('called');
    const t = await shownTicket();
    await page.keyboard.press('r');
    await waitFor('recalled by R', async () => (await ticket(t.id)).recalls === 1 || undefined);

    // Typing in a field is typing: an "s" or "n" in the case code does nothing else.
    const code = page.getByTestId('case-code-input');
    await code.click();
    await page.keyboard.type('ns');
    assert.equal(await code.inputValue(), 'ns');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await currentState(), 'called', 'S in a field did not start serving');
    assert.equal((await ticket(t.id)).state, 'called');
    await code.fill('');

    await page.locator('h1').click();
    await page.keyboard.press('s');
    await waitState('serving');
    await page.keyboard.press('f');
    await waitFor('asks for ROSA', async () => /Välj ROSA-nivå/.test(await page.getByTestId('counter-error').innerText()) || undefined);
    await waitFor('focus on the ROSA choice', async () =>
      (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)) === 'finish-rosa' || undefined, 3000);
    assert.equal((await ticket(t.id)).state, 'serving', 'not finished without a level');
  });

  test('finishes with outcome, ROSA level and a new case', async () => {
    const t = await shownTicket();
    await page.getByTestId('case-new').click();
    await page.getByTestId('case-detail').waitFor();
    const code = (await page.getByTestId('case-code').innerText()).trim();
    assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}$/);
    assert.equal(await page.getByTestId('case-detail').getAttribute('data-attached'), 'true');

    await page.getByTestId('outcome-forwarded').check();
    await page.getByTestId('rosa-3').check();
    // F with focus on a radio still finishes: a radio is not a text field.
    await page.keyboard.press('f');
    await waitFor('finished notice', async () => (await notice()).includes(`${t.number} avslutad`) || undefined);

    const done = await contact(t.id);
    assert.deepEqual([done.state, done.outcome, done.rosaLevel], ['done', 'forwarded', 3]);
    assert.ok(done.caseId, 'the contact belongs to the case');
    const c = await asStaff<CaseDetail>(lobby.http, 'reception', 'GET', `/api/v1/cases/${done.caseId}`);
    assert.equal(c.trackingCode, code);
    assert.deepEqual(c.contacts.map((x) => x.id), [t.id]);
    assert.equal((await asStaff<Agent>(lobby.http, 'reception', 'GET', '/api/v1/agents/anna')).state, 'available', 'free for the next one');
  });

  test('phone and chat wait in the same list with their channel; a call is attached to an earlier case; axe finds nothing', async () => {
    const codeOfFirstCase = (await contact(tickets[0]!.id)).caseId ?? (await contact(tickets[1]!.id)).caseId;
    assert.ok(codeOfFirstCase);
    const earlier = await asStaff<CaseDetail>(lobby.http, 'reception', 'GET', `/api/v1/cases/${codeOfFirstCase}`);
    const phone = await asStaff<Contact>(lobby.http, 'reception', 'POST', '/api/v1/contacts',
      { channel: 'phone', service: 'allmant', language: 'sv', externalRef: 'pbx-counter-1' }, 201);
    const chat = await asStaff<Contact>(lobby.http, 'reception', 'POST', '/api/v1/contacts',
      { channel: 'chat', service: 'parkering', language: 'ar', externalRef: 'chat-counter-1' }, 201);
    const email = await asStaff<Contact>(lobby.http, 'reception', 'POST', '/api/v1/contacts',
      { channel: 'email', service: 'allmant', language: 'sv', externalRef: 'mail-counter-1' }, 201);

    await waitFor('phone and chat in the list', async () => {
      const channels = await page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['channel']));
      return (channels.includes('phone') && channels.includes('chat')) || undefined;
    }, 8000);
    assert.match(await page.locator(`[data-testid="queue-row"][data-id="${phone.id}"]`).innerText(), /Telefon/);
    assert.match(await page.locator(`[data-testid="queue-row"][data-id="${chat.id}"]`).innerText(), /Chatt[\s\S]*Arabiska/);
    assert.equal(await page.locator(`[data-testid="queue-row"][data-id="${email.id}"]`).count(), 0, 'Anna takes no e-mail');
    assert.deepEqual(await axeViolations(page), [], 'the counter between contacts');

    // Next until the phone call is in hand (routing decides the order, and says why).
    const channelNow = async () => ((await page.getByTestId('current-contact').count()) ? page.getByTestId('current-contact').getAttribute('data-channel') : null);
    for (let i = 0; i < 3 && (await channelNow()) !== 'phone'; i++) {
      if (await page.getByTestId('current-contact').count()) {
        await page.getByTestId('start').click();
        await waitState('serving');
        await page.getByTestId('rosa-1').check();
        await page.getByTestId('finish-submit').click();
        await waitFor('finished', async () => (await page.getByTestId('current-contact').count()) === 0 || undefined);
      }
      await page.getByTestId('call-next').click();
      await waitState('called');
    }
    assert.equal(await page.getByTestId('current-contact').getAttribute('data-channel'), 'phone');
    assert.equal(await calledNumber(), 'Telefon');
    await page.getByTestId('start').click();
    await waitState('serving');

    await page.getByTestId('case-code-input').fill(earlier.trackingCode);
    await page.getByTestId('case-find').click();
    await page.getByTestId('case-contacts').waitFor();
    assert.match(await page.getByTestId('case-contacts').innerText(), /Besök [A-Z]\d{3}/, 'the earlier visit');
    assert.equal(await page.getByTestId('case-detail').getAttribute('data-attached'), 'false');
    await page.getByTestId('case-attach').click();
    await waitFor('attached', async () => (await page.getByTestId('case-detail').getAttribute('data-attached')) === 'true' || undefined);
    assert.equal((await contact(phone.id)).caseId, earlier.id);

    await page.getByTestId('rosa-2').check();
    await page.locator('h1').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    assert.deepEqual(await axeViolations(page), [], 'the counter serving a call, with its case');
    mkdirSync('/tmp/shots', { recursive: true });
    await page.screenshot({ path: SHOT, fullPage: true });

    await page.keyboard.press('f');
    await waitFor('finished call', async () => (await contact(phone.id)).state === 'done' || undefined);
    const withCall = await asStaff<CaseDetail>(lobby.http, 'reception', 'GET', `/api/v1/cases/${earlier.id}`);
    assert.deepEqual(withCall.contacts.map((x) => x.channel), ['visit', 'phone']);
    assert.deepEqual(crashes, []);
  });

  test('a counter account cannot open reception, facility or manager pages: it is told so', async () => {
    const other = await browser.newContext({ viewport: DESK, locale: 'sv-SE' });
    try {
      const desk = await other.newPage();
      await desk.goto(`${lobby.http}/console/#/reception`);
      await signInAt(desk, 'disk');
      await desk.getByTestId('no-access').waitFor();
      assert.match(await desk.getByTestId('no-access').innerText(), /Du har inte behörighet till den här sidan\./);
      assert.equal(await desk.getByTestId('counter-page').count(), 0);
      assert.deepEqual(await desk.locator('.shell-nav a').allInnerTexts(), ['Disk']);
      for (const p of ['facility', 'manager']) {
        await desk.evaluate((h) => { location.hash = h; }, `#/${p}`);
        await waitFor(`no access to ${p}`, async () => (await desk.getByTestId('no-access').count()) === 1 || undefined);
      }
      assert.deepEqual(await axeViolations(desk), [], 'the no-access message');
      await desk.getByRole('link', { name: 'Gå till disk' }).click();
      await desk.getByTestId('counter-page').waitFor();
      assert.equal(new URL(desk.url()).hash, '#/counter');

      // Reception may use a counter too; it lands on its own page.
      const rx = await (await browser.newContext({ viewport: DESK })).newPage();
      await rx.goto(`${lobby.http}/console/`);
      await signInAt(rx, 'reception');
      await waitFor('reception lands on reception', () => new URL(rx.url()).hash === '#/reception' || undefined);
      assert.deepEqual(await rx.locator('.shell-nav a').allInnerTexts(), ['Disk', 'Reception']);
      await rx.context().close();
    } finally {
      await other.close();
    }
  });
});
