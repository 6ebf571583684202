/**
 * Issue 7: the console is live over MQTT/WebSocket with the browser's own session, and
 * that session decides what the browser may read. Real Chromium, real built server; the
 * console's polling is only a 15 s safety net, so a refresh within 2 s of a change, right
 * after a poll, can only have come over the live link.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { openLobby, closeLobby, signInAt } from './support/browser.js';
import { type Lobby } from './support/lobby.js';
import { waitFor } from './support/ports.js';


/**
 * From inside the page, with the page's own cookie: a raw MQTT 3.1.1 CONNECT and SUBSCRIBE
 * on /mqtt, answering the SUBACK return code (0x80 = refused). A string, so the test
 * runner's transpiler adds nothing the page lacks.
 */
const subscribeFromPage = (filter: string) => `new Promise((resolve, reject) => {
  const enc = new TextEncoder();
  const str = (s) => { const b = enc.encode(s); return [b.length >> 8, b.length & 255, ...b]; };
  const packet = (type, body) => new Uint8Array([type, body.length, ...body]);
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/mqtt', ['mqtt']);
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => ws.send(packet(0x10, [...str('MQTT'), 4, 2, 0, 30, ...str('')]));
  let buf = new Uint8Array(0);
  ws.onmessage = (ev) => {
    const next = new Uint8Array(ev.data);
    const joined = new Uint8Array(buf.length + next.length);
    joined.set(buf); joined.set(next, buf.length); buf = joined;
    // Frames may split or join packets (retained boards can come before the SUBACK): walk them.
    for (;;) {
      let len = 0, mul = 1, i = 1;
      for (; i < buf.length; i++) { len += (buf[i] & 127) * mul; mul *= 128; if (!(buf[i] & 128)) break; }
      if (i >= buf.length || buf.length < i + 1 + len) return;
      const type = buf[0] >> 4, body = buf.subarray(i + 1, i + 1 + len);
      buf = buf.slice(i + 1 + len);
      if (type === 2) ws.send(packet(0x82, [0, 1, ...str(${JSON.stringify(filter)}), 1]));
      if (type === 9) { resolve(body[2]); ws.close(); return; }
    }
  };
  ws.onerror = () => reject(new Error('websocket error'));
  setTimeout(() => reject(new Error('no SUBACK')), 5000);
})`;

describe('the console, live and gated', () => {
  let browser: Browser;
  let lobby: Lobby;
  before(async () => {
    ({ lobby, browser } = await openLobby());
  });
  after(async () => {
    await closeLobby(lobby, browser);
  });

  test('a new ticket reaches the counter\'s queue over the live link, not by polling', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${lobby.http}/console/`);
    await signInAt(page, 'anna');
    const queueGets: number[] = [];
    page.on('request', (r) => { if (r.method() === 'GET' && /\/api\/v1\/(agents|service-points)\/[^/]+\/queue$/.test(new URL(r.url()).pathname)) queueGets.push(Date.now()); });
    await waitFor('the counter page loaded its queue', () => queueGets.length > 0 || undefined);
    await page.waitForTimeout(1500); // the live link is up and the start-up fetches are done
    const before = queueGets.length;
    const issued = Date.now();
    const res = await fetch(`${lobby.http}/api/v1/tickets`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' }),
    });
    assert.equal(res.status, 201);
    await waitFor('a queue refresh after the ticket', () => queueGets.slice(before).some((t) => t >= issued) || undefined, 2000);
    await page.close();
  });

  test('each browser reads only its role\'s topics: a counter account is refused printer status, facility is not', async () => {
    const counter = await browser.newPage();
    await counter.goto(`${lobby.http}/console/`);
    await signInAt(counter, 'disk');
    await counter.locator('#sign-in-username').waitFor({ state: 'detached' });
    assert.equal(await counter.evaluate(subscribeFromPage('entre/v1/demo/printers/+/status')), 0x80, 'refused');
    assert.equal(await counter.evaluate(subscribeFromPage('entre/v1/demo/queues/+/summary')), 1, 'its own topics are granted');

    const facility = await browser.newPage();
    await facility.goto(`${lobby.http}/console/`);
    await signInAt(facility, 'facility');
    await facility.locator('#sign-in-username').waitFor({ state: 'detached' });
    assert.equal(await facility.evaluate(subscribeFromPage('entre/v1/demo/printers/+/status')), 1);
    assert.equal(await facility.evaluate(subscribeFromPage('entre/v1/demo/printers/+/jobs')), 0x80, 'not the print jobs');
    await counter.close();
    await facility.close();
  });
});
