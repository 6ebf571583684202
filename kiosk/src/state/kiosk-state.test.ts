/// <reference types="node" />
/**
 * The kiosk's answer to the server's ticket rate limit, through the real API client over
 * real HTTP: a stand-in server answers as ours does (429 problem+json ENTRE_RATE_LIMITED
 * with Retry-After; server/src/http/rate-limits.test.ts checks that answer on the server).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalogs, catalogCodes, visitorLanguages, type KioskConfig } from '@entre/protocol';
import { createHttp } from '@entre/web-common/http';
import type { Timers } from '@entre/web-common/timers';
import { createKioskApi } from '../lib/api.js';
import { createKioskState } from './kiosk-state.js';

const config: KioskConfig = {
  site: 'demo', siteName: 'Demo', kiosk: 'kiosk-1', timeZone: 'Europe/Stockholm',
  languages: visitorLanguages,
  groups: [{ id: 'g', name: { sv: 'Allmänt' }, icon: 'info' }],
  services: [{ id: 'allmant', prefix: 'A', name: { sv: 'Allmänna frågor' }, group: 'g', icon: 'info', open: true, waiting: 0 }],
  settings: { idleSeconds: 45, warnSeconds: 10, ticketSeconds: 20, priorityHelp: true },
};

/** Timers that never fire by themselves: the idle and refresh clocks stay out of the way. */
const stillTimers: Timers = { setTimeout: () => 0, clearTimeout: () => {}, setInterval: () => 0, clearInterval: () => {}, now: () => 0 };

function problem(res: ServerResponse, status: number, code: string, detail: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
  res.end(JSON.stringify({ type: `https://entre.example/problems/${code.toLowerCase()}`, title: 'x', status, detail, code }));
}

async function standInServer(t: { after(fn: () => unknown): void }) {
  let ticketAnswer: 'limited' | 'closed' = 'limited';
  let ticketRequests = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    if (req.method === 'GET' && req.url === '/api/v1/kiosks/kiosk-1/config') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(config));
    } else if (req.method === 'POST' && req.url === '/api/v1/tickets') {
      ticketRequests++;
      if (ticketAnswer === 'limited') {
        problem(res, 429, 'ENTRE_RATE_LIMITED', 'Many tickets were taken at this kiosk in a short time; please wait 7 seconds.', { 'retry-after': '7' });
      } else {
        problem(res, 409, 'ENTRE_TICKET_CLOSED_SERVICE', 'The errand "allmant" is closed now.');
      }
    } else {
      res.writeHead(204).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(r)));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  return { base, answer: (a: typeof ticketAnswer) => { ticketAnswer = a; }, ticketRequests: () => ticketRequests };
}

test('a rate-limited ticket says, in the visitor\'s own language (every written one), how long to wait; other failures stay general', async (t) => {
  t.mock.method(console, 'warn', () => {}); // the kiosk logs each failure for staff; not for this output
  const server = await standInServer(t);
  const state = createKioskState({ api: createKioskApi(createHttp({ base: server.base })), kiosk: 'kiosk-1', timers: stillTimers });
  t.after(() => state.stop());
  state.start();
  for (let i = 0; i < 200 && !state.config.value; i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(state.config.value, 'the kiosk loaded its configuration');

  for (const code of catalogCodes) {
    await state.chooseLanguage(code);
    assert.equal(state.textLanguage.value.code, code, `${code}: its texts are loaded`);
    const before = server.ticketRequests();
    await state.chooseService('allmant');
    assert.equal(server.ticketRequests(), before + 1, `${code}: a refusal is not retried behind the visitor's back`);
    assert.equal(state.failed.value, true);
    assert.equal(state.screen.value, 'errand', 'the visitor stays where they were');
    const expected = catalogs[code]!['kiosk.rateLimited'].replace('{n}', '7');
    assert.equal(state.errorMessage.value, expected, code);
    assert.notEqual(state.errorMessage.value, catalogs[code]!['kiosk.error']);
    state.startOver();
    assert.equal(state.failed.value, false, 'starting over clears it');
  }

  server.answer('closed');
  await state.chooseLanguage('en');
  await state.chooseService('allmant');
  assert.equal(state.errorMessage.value, catalogs['en']!['kiosk.error'], 'any other refusal: the general message');
  await new Promise((r) => setTimeout(r, 100)); // the configuration reload a failure starts, before the server goes
});
