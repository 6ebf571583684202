/**
 * The console's reception page in real headless Chromium at a desk's 1366×768, on the real
 * built server: every queue live; reorder, pin, transfer (with undo), cancel (asked twice);
 * a ticket issued for a visitor; a booking and its code; WCAG 2.1 AA by axe-core; and a
 * counter account refused every reception call the page makes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { Appointment, AppointmentList, Contact, ReceptionQueues, Ticket } from '@entre/protocol';
import { openLobby, closeLobby } from './support/browser.js';
import { type Lobby } from './support/lobby.js';
import { waitFor } from './support/ports.js';
import { axeViolations } from './support/a11y.js';
import { asStaff, signIn } from './support/staff.js';

const DESK = { width: 1366, height: 768 };
const SHOT = '/tmp/shots/console-reception.png';

describe('the console, reception page', () => {
  let browser: Browser;
  let lobby: Lobby;
  let page: Page;
  const tickets: Record<string, Ticket> = {};

  const queues = () => asStaff<ReceptionQueues>(lobby.http, 'reception', 'GET', '/api/v1/reception/queues');
  const contact = (id: string) => asStaff<Contact>(lobby.http, 'reception', 'GET', `/api/v1/contacts/${id}`);
  /** The ticket numbers of one queue as the page shows them, in order. */
  const shown = (service: string) => page.locator(`[data-service="${service}"] [data-contact]`).evaluateAll(
    (rows) => rows.map((r) => (r as HTMLElement).dataset['number']));
  const until = async (what: string, service: string, want: string[]) => {
    await waitFor(what, async () => {
      const now = await shown(service);
      return JSON.stringify(now) === JSON.stringify(want) || undefined;
    }, 8000).catch(async (err: Error) => { throw new Error(`${err.message}; shows ${JSON.stringify(await shown(service))}`); });
  };
  const notice = () => page.getByTestId('rx-notice').innerText();

  before(async () => {
    ({ lobby, browser } = await openLobby());
    // Several errands waiting before reception opens the page.
    for (const [key, service, language] of [
      ['a1', 'allmant', 'sv'], ['a2', 'allmant', 'en'], ['a3', 'allmant', 'ar'], ['b1', 'bygglov', 'sv'], ['b2', 'bygglov', 'so'], ['p1', 'parkering', 'sv'],
    ] as const) {
      const res = await fetch(`${lobby.http}/api/v1/tickets`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kiosk: 'kiosk-1', service, language }),
      });
      assert.equal(res.status, 201);
      tickets[key] = (await res.json()) as Ticket;
    }
    const context = await browser.newContext({ viewport: DESK, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    page = await context.newPage();
    await page.goto(`${lobby.http}/console/#/reception`);
    await page.locator('#sign-in-username').fill('reception');
    await page.locator('#sign-in-password').fill('entre-demo-2026');
    await page.getByTestId('sign-in-submit').click();
  });
  after(async () => {
    await closeLobby(lobby, browser);
  });

  test('shows every queue live, in line order, with number, channel, language and wait', async () => {
    const { a1, a2, a3, b1, b2, p1 } = tickets as Record<string, Ticket>;
    await until('the allmant queue', 'allmant', [a1!.number, a2!.number, a3!.number]);
    assert.deepEqual(await shown('bygglov'), [b1!.number, b2!.number]);
    assert.deepEqual(await shown('parkering'), [p1!.number]);
    const row = page.locator(`[data-contact="${a3!.id}"]`);
    const text = await row.innerText();
    assert.match(text, /Besök/);
    assert.match(text, /Arabiska/);
    assert.match(text, /(under 1|\d+) min/);
    assert.match(await page.getByTestId('count-allmant').innerText(), /3 väntar/);

    // Live: a ticket taken at the kiosk appears without touching the page (polling).
    const res = await fetch(`${lobby.http}/api/v1/tickets`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kiosk: 'kiosk-1', service: 'parkering', language: 'sv', priority: 'accessibility' }),
    });
    const p2 = (await res.json()) as Ticket;
    await until('the kiosk ticket', 'parkering', [p2.number, p1!.number]);
    assert.match(await page.locator(`[data-contact="${p2.id}"]`).innerText(), /Förtur: tillgänglighet/);
  });

  test('reorders two: moving one up puts it before the other, here and for the routing', async () => {
    const { a1, a2, a3 } = tickets as Record<string, Ticket>;
    await page.getByRole('button', { name: `Flytta ${a2!.number} uppåt` }).click();
    await until('A002 before A001', 'allmant', [a2!.number, a1!.number, a3!.number]);
    const line = (await queues()).queues.find((q) => q.service === 'allmant')!.waiting;
    assert.deepEqual(line.map((c) => [c.number, c.rank]), [[a2!.number, 0], [a1!.number, 1], [a3!.number, undefined]]);
    // The focus stays on the moved row, so the keyboard can keep moving it.
    await waitFor('focus on the moved row', () => page.evaluate((id) => document.activeElement?.closest('[data-contact]')?.getAttribute('data-contact') === id || undefined, a2!.id));
    assert.match(await notice(), new RegExp(`${a2!.number} flyttad uppåt`));
  });

  test('pins one to Anna from the contact dialog', async () => {
    const { a3 } = tickets as Record<string, Ticket>;
    await page.getByRole('button', { name: `Hantera ${a3!.number}` }).click();
    const dialog = page.getByRole('dialog', { name: `Hantera ${a3!.number}` });
    await dialog.waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the open dialog');
    await dialog.getByLabel('Kollega', { exact: true }).selectOption('anna');
    await dialog.getByRole('button', { name: 'Fäst', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitFor('pinned mark', async () => /Fäst hos Anna/.test(await page.locator(`[data-contact="${a3!.id}"]`).innerText()) || undefined);
    assert.equal((await contact(a3!.id)).pinnedAgent, 'anna');
    // Back on the row's button after the dialog.
    await waitFor('focus back on the row', () => page.evaluate((id) => document.activeElement?.closest('[data-contact]')?.getAttribute('data-contact') === id || undefined, a3!.id));
  });

  test('transfers one to another errand keeping its number, and undoes it', async () => {
    const { b1, b2, p1 } = tickets as Record<string, Ticket>;
    await page.getByRole('button', { name: `Hantera ${b1!.number}` }).click();
    const dialog = page.getByRole('dialog', { name: `Hantera ${b1!.number}` });
    await dialog.getByLabel('Nytt ärende', { exact: true }).selectOption('parkering');
    assert.equal(await dialog.getByLabel('Behåll platsen i kön').isChecked(), true);
    await dialog.getByRole('button', { name: 'Flytta', exact: true }).click();
    await waitFor('B001 in parkering', async () => (await shown('parkering')).includes(b1!.number) || undefined);
    assert.deepEqual(await shown('bygglov'), [b2!.number]);
    const moved = await contact(b1!.id);
    assert.deepEqual({ service: moved.service, number: moved.number, state: moved.state }, { service: 'parkering', number: b1!.number, state: 'waiting' });
    assert.ok((await shown('parkering')).indexOf(b1!.number) < (await shown('parkering')).indexOf(p1!.number), 'it kept its place (issued before P001)');

    await page.getByRole('button', { name: 'Ångra' }).click();
    await until('B001 back in bygglov', 'bygglov', [b1!.number, b2!.number]);
    assert.equal((await contact(b1!.id)).service, 'bygglov');

    // And for good: to parkering, number kept.
    await page.getByRole('button', { name: `Hantera ${b1!.number}` }).click();
    await dialog.getByLabel('Nytt ärende', { exact: true }).selectOption('parkering');
    await dialog.getByRole('button', { name: 'Flytta', exact: true }).click();
    await waitFor('B001 in parkering again', async () => (await shown('parkering')).includes(b1!.number) || undefined);
    assert.equal((await contact(b1!.id)).number, b1!.number);
  });

  test('cancels one only after a second, explicit confirmation', async () => {
    const { a1 } = tickets as Record<string, Ticket>;
    await page.getByRole('button', { name: `Hantera ${a1!.number}` }).click();
    const dialog = page.getByRole('dialog', { name: `Hantera ${a1!.number}` });
    await dialog.getByRole('button', { name: 'Ta bort …' }).click();
    const confirm = dialog.getByRole('button', { name: `Ja, ta bort ${a1!.number}` });
    await confirm.waitFor();
    assert.equal((await contact(a1!.id)).state, 'waiting', 'nothing happens before the confirmation');
    await dialog.getByLabel('Orsak', { exact: true }).selectOption('Besökaren har gått');
    await confirm.click();
    await dialog.waitFor({ state: 'hidden' });
    await waitFor('A001 gone', async () => !(await shown('allmant')).includes(a1!.number) || undefined);
    const cancelled = await contact(a1!.id);
    assert.equal(cancelled.state, 'cancelled');
    assert.ok(cancelled.events?.some((e) => e.type === 'cancel' && e.actor === 'staff:reception' && e.data?.['reason'] === 'Besökaren har gått'));
    assert.match(await notice(), new RegExp(`${a1!.number} borttagen`));
  });

  test('issues a ticket for a visitor at the desk: it appears in its queue', async () => {
    await page.getByTestId('issue-service').selectOption('skola');
    await page.getByTestId('issue-language').selectOption('ar');
    await page.getByRole('button', { name: 'Skapa kölapp' }).click();
    await page.getByTestId('issued-number').waitFor();
    const number = (await page.getByTestId('issued-number').locator('strong').innerText()).trim();
    assert.match(number, /^F\d{3}$/);
    await until('the new ticket in skola', 'skola', [number]);
    const issued = (await queues()).queues.find((q) => q.service === 'skola')!.waiting[0]!;
    assert.deepEqual({ number: issued.number, language: issued.language, channel: issued.channel }, { number, language: 'ar', channel: 'visit' });
    assert.match(await notice(), new RegExp(`Kölapp ${number}.*Ingen lapp skrivs ut`));
    // Issued as the staff member, not as a kiosk, and printed nowhere unless asked.
    assert.ok((await contact(issued.id)).events?.some((e) => e.type === 'issued' && e.actor === 'staff:reception'));
    const first = (await (await fetch(`${lobby.http}/api/v1/tickets/${issued.id}`)).json()) as Ticket;
    assert.deepEqual(first.print, { state: 'none' });

    // A slip (wrong errand) is undone from the status line: the ticket is voided. This one
    // reception chose to print, at the kiosk's printer.
    await page.getByTestId('issue-printer').selectOption('printer-1');
    await page.getByRole('button', { name: 'Skapa kölapp' }).click();
    await waitFor('the second ticket', async () => (await shown('skola')).length === 2 || undefined);
    const slip = (await queues()).queues.find((q) => q.service === 'skola')!.waiting[1]!;
    assert.equal(((await (await fetch(`${lobby.http}/api/v1/tickets/${slip.id}`)).json()) as Ticket).print.printer, 'printer-1');
    await waitFor('the printed notice', async () => /skrivs ut på/.test(await notice()) || undefined);
    await page.getByRole('button', { name: 'Ångra' }).click();
    await until('the slip voided', 'skola', [number]);
    assert.equal((await contact(slip.id)).state, 'cancelled');
    assert.match(await notice(), new RegExp(`Kölapp ${slip.number} makulerad`));
    assert.equal(await page.getByTestId('issued-number').count(), 0, 'the voided number is no longer shown to read out');
  });

  test('books an appointment and shows the code to give the visitor, and the day’s list has it', async () => {
    await page.getByTestId('book-service').selectOption('bygglov');
    await page.getByRole('button', { name: 'Boka', exact: true }).click();
    await page.getByTestId('booked-code').waitFor();
    const code = String(await page.getByTestId('booked-code').getAttribute('data-code'));
    assert.match(code, /^\d{6}$/);
    assert.equal((await page.getByTestId('booked-code').innerText()).replace(/\s/g, ''), code);
    await waitFor('the booking in the list', async () => (await page.locator(`[data-testid="appointments"] [data-code="${code}"]`).count()) === 1 || undefined);
    const day = await page.getByTestId('book-date').inputValue();
    const list = await asStaff<AppointmentList>(lobby.http, 'reception', 'GET', `/api/v1/appointments?day=${day}`);
    const booked = list.appointments.find((a: Appointment) => a.code === code);
    assert.equal(booked?.service, 'bygglov');
    assert.equal(booked?.state, 'booked');
  });

  test('meets WCAG 2.1 AA (axe-core) and is photographed at 1366×768', async () => {
    assert.deepEqual(await axeViolations(page), []);
    mkdirSync('/tmp/shots', { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: SHOT });
    await page.screenshot({ path: SHOT.replace('.png', '-full.png'), fullPage: true });
  });

  test('a counter account is refused every reception call the page makes (403) and does not get the page', async () => {
    const { a2 } = tickets as Record<string, Ticket>;
    const disk = await signIn(lobby.http, 'disk');
    const call = async (method: string, path: string, body?: object) => (await fetch(`${lobby.http}${path}`, {
      method, headers: { cookie: disk, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
    })).status;
    assert.equal(await call('GET', '/api/v1/reception/queues'), 403);
    assert.equal(await call('POST', '/api/v1/reception/tickets', { service: 'allmant', language: 'sv' }), 403);
    assert.equal(await call('GET', '/api/v1/reception/printers'), 403);
    assert.equal(await call('POST', `/api/v1/contacts/${a2!.id}/rank`, { rank: 5 }), 403);
    assert.equal(await call('POST', `/api/v1/contacts/${a2!.id}/pin`, { agent: 'anna' }), 403);
    assert.equal(await call('POST', '/api/v1/appointments', { service: 'bygglov', startsAt: new Date(Date.now() + 3_600_000).toISOString() }), 403);
    assert.equal((await contact(a2!.id)).rank, 0, 'nothing changed');

    const context = await browser.newContext({ viewport: DESK, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const counter = await context.newPage();
    await counter.goto(`${lobby.http}/console/#/reception`);
    await counter.locator('#sign-in-username').fill('disk');
    await counter.locator('#sign-in-password').fill('entre-demo-2026');
    await counter.getByTestId('sign-in-submit').click();
    await counter.locator('#main').getByText(/behörighet/).waitFor();
    assert.equal(await counter.locator('.rx-queues').count(), 0);
    await context.close();
  });
});
