/**
 * Issue 7, acceptance 4: a transfer to another errand keeps the visitor's number, and the
 * visitor's mobile ticket page (open on their phone, real Chromium) follows the move live
 * and in their language; then the call at the new errand's counter reaches it too.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { t, type Ticket } from '@entre/protocol';
import { demoTexts } from '../server/src/store/demo-text/index.js';
import { openLobby, closeLobby } from './support/browser.js';
import { type Lobby } from './support/lobby.js';
import { waitFor } from './support/ports.js';
import { asStaff } from './support/staff.js';

describe('a transfer, followed on the phone', () => {
  let browser: Browser;
  let lobby: Lobby;
  before(async () => {
    ({ lobby, browser } = await openLobby());
  });
  after(async () => {
    await closeLobby(lobby, browser);
  });

  test('the number stays, the page says where the errand went, then shows the call there', async () => {
    const issued = (await (await fetch(`${lobby.http}/api/v1/tickets`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kiosk: 'kiosk-1', service: 'allmant', language: 'so' }),
    })).json()) as Ticket;
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await phone.goto(`${lobby.http}/t/${issued.id}`);
    const text = (id: string) => phone.getByTestId(id).textContent().then((s) => (s ?? '').trim()).catch(() => '');
    await waitFor('the ticket on the phone', async () => (await text('ticket-number')) === issued.number || undefined);

    await asStaff(lobby.http, 'reception', 'POST', `/api/v1/contacts/${issued.id}/transfer`, { service: 'parkering', note: 'Gäller boendeparkering' });
    const parking = demoTexts['so']!.services.parkering.name;
    await waitFor('the move on the phone', async () => (await text('moved-to')) === t('so', 'mobile.movedTo', { service: parking }) || undefined);
    assert.equal(await text('ticket-number'), issued.number, 'the same number');
    const now = (await (await fetch(`${lobby.http}/api/v1/tickets/${issued.id}`)).json()) as Ticket;
    assert.deepEqual([now.number, now.service], [issued.number, 'parkering']);

    await asStaff(lobby.http, 'reception', 'POST', `/api/v1/contacts/${issued.id}/call`, { servicePoint: 'disk-3' });
    const counter = demoTexts['so']!.counter.replace('{n}', '3');
    await waitFor('the call on the phone', async () => (await phone.locator('main').innerText()).includes(counter) || undefined);
    await phone.close();
  });
});
