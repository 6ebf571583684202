/**
 * The console when a session ends under it, in real headless Chromium on the real built
 * server: Anna works at the counter on one desk and uses "Logga ut överallt" on another;
 * the first desk's next action gets 401, and instead of failing silently the page returns
 * to the sign-in form saying why, with her name filled in, and after signing in again she
 * is back on the same page. Her sign-out-everywhere ended the other desk's session on the
 * server too; an admin's "end sessions" does the same from the API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { openLobby, closeLobby, signInAt } from './support/browser.js';
import { type Lobby } from './support/lobby.js';
import { waitFor } from './support/ports.js';
import { asStaff, signIn } from './support/staff.js';

const DESK = { width: 1366, height: 768 };

describe('the console, when a session ends', () => {
  let browser: Browser;
  let lobby: Lobby;
  const crashes: string[] = [];

  async function desk(hash: string): Promise<Page> {
    const context = await browser.newContext({ viewport: DESK, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    page.on('pageerror', (e) => crashes.push(e.message));
    await page.goto(`${lobby.http}/console/${hash}`);
    await signInAt(page, 'anna');
    return page;
  }

  before(async () => { ({ lobby, browser } = await openLobby()); });
  after(async () => { await closeLobby(lobby, browser); });

  test('"Logga ut överallt" signs out here and on the other desk, which says so at its next action and keeps what it can', async () => {
    const first = await desk('#/counter');
    await first.getByTestId('counter-page').waitFor();
    await first.getByTestId('point-select').selectOption('disk-2');
    const second = await desk('#/counter');
    await second.getByTestId('counter-page').waitFor();

    await second.getByTestId('sign-out-everywhere').click();
    await second.getByTestId('sign-in-form').waitFor();
    assert.equal(await second.getByTestId('sign-in-error').innerText(), 'Du har loggats ut överallt, även här.');

    // The first desk's next request meets the ended session: a click, or its own poll, which
    // comes soon since the server closed the live link that was let in for that session.
    await first.getByTestId('state-available').click({ timeout: 2000 }).catch(() => undefined);
    await first.getByTestId('sign-in-form').waitFor({ timeout: 15000 });
    assert.match(await first.getByTestId('sign-in-error').innerText(), /^Du har loggats ut: sessionen gick ut eller avslutades\./);
    assert.equal(await first.locator('#sign-in-username').inputValue(), 'anna', 'her name is kept');
    assert.equal(await first.evaluate(() => document.activeElement?.id), 'sign-in-password', 'ready for the password');
    const address = new URL(first.url());
    assert.deepEqual([address.hash, address.searchParams.get('point')], ['#/counter', 'disk-2'], 'the address, and with it the page and the desk, is kept');

    await first.locator('#sign-in-password').fill('entre-demo-2026');
    await first.getByTestId('sign-in-submit').click();
    await first.getByTestId('counter-page').waitFor();
    assert.equal(await first.getByTestId('point-select').inputValue(), 'disk-2', 'back at the same desk');
    assert.deepEqual(crashes, []);
  });

  test('an admin ends a staff member\'s sessions: the open console returns to sign-in at its next action', async () => {
    const page = await desk('#/counter');
    await page.getByTestId('counter-page').waitFor();
    const me = await asStaff<{ staff: { id: string } }>(lobby.http, 'anna', 'GET', '/api/v1/auth/me');
    const res = await fetch(`${lobby.http}/api/v1/staff/${me.staff.id}/sessions/end`, { method: 'POST', headers: { cookie: await signIn(lobby.http, 'admin') } });
    assert.equal(res.status, 200);
    assert.ok(((await res.json()) as { ended: number }).ended >= 1);
    await page.getByTestId('state-available').click();
    await waitFor('the sign-in form', async () => (await page.getByTestId('sign-in-form').count()) === 1 || undefined, 8000);
    assert.match(await page.getByTestId('sign-in-error').innerText(), /^Du har loggats ut/);
    assert.deepEqual(crashes, []);
  });
});
