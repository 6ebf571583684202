/**
 * The walking skeleton end to end, on real parts: the built server as `npm start` runs it,
 * its forked bridge with the virtual printer, a real broker (embedded aedes, then an
 * external Mosquitto), and the three apps in headless Chromium.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import mqtt from 'mqtt';
import { topics, type Ticket } from '@entre/protocol';
import { openLobby, closeLobby } from './support/browser.js';
import { startLobby, startMosquitto, type Lobby } from './support/lobby.js';
import { waitFor } from './support/ports.js';

const hex = (b: Buffer | number[]) => Buffer.from(b).toString('hex');

/** Issues a ticket through the kiosk UI; the issue response gives the record to check the printout against. */
async function issueAtKiosk(page: Page, base: string, service: string): Promise<Ticket> {
  await page.goto(`${base}/kiosk/?kiosk=kiosk-1`);
  await page.getByTestId('lang-en').click();
  const issued = page.waitForResponse((r) => r.url().endsWith('/api/v1/tickets') && r.request().method() === 'POST');
  await page.getByTestId(`service-${service}`).click();
  // An errand with a follow-up question (the demo's building permits) asks it first.
  const answer = page.locator('.answer').first();
  const asked = await Promise.race([answer.waitFor({ timeout: 10_000 }).then(() => true), issued.then(() => false)]);
  if (asked) await answer.click();
  const ticket = (await (await issued).json()) as Ticket;
  await waitFor('number on the kiosk screen', async () =>
    (await page.getByTestId('ticket-number').textContent())?.trim() === ticket.number || undefined);
  return ticket;
}

async function ticketNow(lobby: Lobby, id: string): Promise<Ticket> {
  const res = await fetch(`${lobby.http}/api/v1/tickets/${id}`);
  assert.equal(res.status, 200);
  return (await res.json()) as Ticket;
}

function assertTicketBytes(bin: Buffer, number: string, url: string) {
  const init = [0x1b, 0x40];
  const codePage858 = [0x1b, 0x74, 19];
  const doubleSize = [0x1d, 0x21, 0x11];
  const normalSize = [0x1d, 0x21, 0x00];
  const cut = [0x1d, 0x56, 0x42, 0x00];
  assert.equal(hex(bin.subarray(0, 2)), hex(init), 'starts with ESC @');
  assert.ok(bin.indexOf(Buffer.from(codePage858)) >= 2 && bin.indexOf(Buffer.from(codePage858)) < 8, 'selects PC858 right after init');
  const big = bin.indexOf(Buffer.from([...doubleSize, ...Buffer.from(number, 'ascii')]));
  assert.ok(big > 0, `the number ${number} right after GS ! 0x11: ${hex(bin)}`);
  const back = bin.indexOf(Buffer.from(normalSize), big);
  assert.ok(back > big, 'size set back to normal after the number');
  const between = bin.subarray(big + 3, back).toString('latin1').replace(/\n/g, '');
  assert.equal(between, number, 'only the number is printed large');
  const qrData = Buffer.from(url, 'ascii');
  const store = Buffer.from([0x1d, 0x28, 0x6b, (qrData.length + 3) & 0xff, (qrData.length + 3) >> 8, 0x31, 0x50, 0x30]);
  assert.ok(bin.indexOf(Buffer.concat([store, qrData])) > back, 'QR code (GS ( k store) carries the ticket URL');
  assert.equal(hex(bin.subarray(bin.length - cut.length)), hex(cut), 'ends with feed-and-cut GS V 66 0');
}

for (const broker of ['embedded aedes', 'external Mosquitto'] as const) {
  describe(`a visit end to end (${broker})`, () => {
    let browser: Browser;
    let lobby: Lobby;
    let mosquitto: Awaited<ReturnType<typeof startMosquitto>> | undefined;

    before(async () => {
      if (broker === 'external Mosquitto') mosquitto = await startMosquitto();
      ({ lobby, browser } = await openLobby(mosquitto ? { mqttUrl: mosquitto.url } : {}));
    });
    after(async () => {
      const code = await closeLobby(lobby, browser);
      await mosquitto?.stop();
      assert.equal(code, 0, `server exit: ${lobby?.server.output()}`);
    });

    test('kiosk issues, console calls, display shows, printer printed the exact bytes', async () => {
      const context = await browser.newContext();
      const kiosk = await context.newPage();
      const display = await context.newPage();
      const consolePage = await context.newPage();

      await display.goto(`${lobby.http}/display/?display=lobby-1`);
      await display.locator('[data-testid="display"][data-connected="true"]').waitFor({ timeout: 10_000 });

      const issued = await issueAtKiosk(kiosk, lobby.http, 'bygglov');
      const number = issued.number;
      assert.equal(number, 'B001');
      await kiosk.locator('[data-testid="print-status"][data-state="printed"]').waitFor({ timeout: 10_000 });

      await consolePage.goto(`${lobby.http}/console/?point=disk-3`);
      // Counter staff sign in before they can call anyone (demo account).
      await consolePage.locator('#sign-in-username').fill('disk');
      await consolePage.locator('#sign-in-password').fill('entre-demo-2026');
      await consolePage.getByTestId('sign-in-submit').click();
      await consolePage.getByTestId('call-next').click();
      await waitFor('called ticket in the console', async () => (await consolePage.getByTestId('called-ticket').textContent())?.trim() === number || undefined);
      assert.match(await consolePage.locator('main').innerText(), /Bygglov/, 'the console names the errand');
      assert.match((await consolePage.getByTestId('call-why').textContent()) ?? '', /Varför: \S/, 'and says why this visitor');

      await waitFor('the display to show the call', async () =>
        (await display.getByTestId('current-ticket').textContent())?.trim() === number || undefined);
      assert.match((await display.getByTestId('current-point').textContent()) ?? '', /Disk 3|Counter 3/);

      const ticket = await ticketNow(lobby, issued.id);
      assert.equal(ticket.print.state, 'printed');
      const bin = readFileSync(join(lobby.printsDir, `${ticket.print.jobId}.bin`));
      assertTicketBytes(bin, number, ticket.url);
      const txt = readFileSync(join(lobby.printsDir, `${ticket.print.jobId}.txt`), 'utf8');
      assert.match(txt, /B001/);
      assert.match(txt, /Building permits/);
      await context.close();
    });

    test('a reloaded display shows the current board from retained state', async () => {
      const context = await browser.newContext();
      const display = await context.newPage();
      await display.goto(`${lobby.http}/display/?display=lobby-1`);
      // No new call is made: only the retained board can put B001 on the screen.
      await waitFor('retained board after load', async () =>
        (await display.getByTestId('current-ticket').textContent())?.trim() === 'B001' || undefined, 5000);
      await display.reload();
      await waitFor('retained board after reload', async () =>
        (await display.getByTestId('current-ticket').textContent())?.trim() === 'B001' || undefined, 5000);
      await context.close();
    });

    test('a display drops malformed payloads with a warning and keeps its board', async () => {
      const context = await browser.newContext();
      const display = await context.newPage();
      const warnings: string[] = [];
      const crashes: string[] = [];
      display.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
      display.on('pageerror', (e) => crashes.push(e.message));
      await display.goto(`${lobby.http}/display/?display=lobby-1`);
      await waitFor('board', async () => (await display.getByTestId('current-ticket').textContent())?.trim() === 'B001' || undefined);

      const device = await mqtt.connectAsync(lobby.mqtt, { protocolVersion: 4 });
      try {
        await device.publishAsync(topics.zoneBoard('demo', 'lobby'), 'garbage{', { qos: 1 });
        await device.publishAsync(topics.zoneBoard('demo', 'lobby'), JSON.stringify({ v: 1, at: new Date().toISOString(), zone: 'lobby', calls: [{ ticket: 'HACK' }] }), { qos: 1 });
        await device.publishAsync(topics.calls('demo'), JSON.stringify({ v: 9 }), { qos: 1 });
      } finally {
        await device.endAsync();
      }
      await waitFor('three warnings', () => warnings.length >= 3 || undefined, 5000);
      assert.equal((await display.getByTestId('current-ticket').textContent())?.trim(), 'B001');
      assert.deepEqual(crashes, []);
      await context.close();
    });
  });
}

describe('npm start, then Ctrl-C', () => {
  test('serves all three apps and the API, prints their URLs, and shuts down cleanly', async () => {
    const lobby = await startLobby({ npmStart: true });
    let stopped = false;
    try {
      const out = lobby.server.output();
      for (const app of ['kiosk', 'display', 'console']) {
        assert.match(out, new RegExp(`${app[0]!.toUpperCase()}${app.slice(1)}:\\s+http://127\\.0\\.0\\.1:\\d+/${app}/`));
        const res = await fetch(`${lobby.http}/${app}/`);
        assert.equal(res.status, 200, app);
        assert.match(await res.text(), /<div id="app"|<!doctype html>/i, app);
      }
      // A display still connected over WebSocket must not hold the shutdown up.
      const display = await mqtt.connectAsync(`${lobby.http.replace(/^http/, 'ws')}/mqtt`, { protocolVersion: 4, reconnectPeriod: 0 });
      display.on('error', () => undefined);
      const pgid = lobby.server.child.pid!;
      const code = await lobby.stop();
      display.end(true);
      stopped = true;
      // npm re-raises the Ctrl-C it got, as it should in a terminal; the server under it
      // must have finished its own shutdown first.
      assert.ok(code === 0 || code === 'SIGINT', `npm exit: ${code}`);
      assert.match(lobby.server.output(), /Entré stopped\.\n/, lobby.server.output());
      assert.doesNotMatch(lobby.server.output(), /"level":(50|60)/, 'no errors logged');
      assert.throws(() => process.kill(-pgid, 0), /ESRCH/, 'no orphan: the bridge ended with the server');
      assert.equal(existsSync(`${lobby.dbPath}-wal`), false, 'database closed (WAL checkpointed and removed)');
    } finally {
      if (!stopped) await lobby.stop();
      lobby.remove();
    }
  });
});
