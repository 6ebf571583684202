/**
 * The wall display in real headless Chromium, several displays at once, on the real built
 * server (issue 7, acceptance 1–3 and 6 for displays): two counters calling at the same
 * moment, one chime per call and per recall, a test call, a reload, reception's message
 * on one zone until it expires, a zone reassignment from the console's API, each layout at
 * its size with axe-core, a broker restart (external Mosquitto) and a server that is gone.
 *
 * The browser's voice is the one fake here (headless Chromium has none): a recording
 * speechSynthesis, at the hardware port, so the spoken words can be checked.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AgentCallNextResponse, CallNextResponse, Contact, ZoneMessage } from '@entre/protocol';
import { openLobby, closeLobby } from './support/browser.js';
import { startMosquitto, type Lobby, type Mosquitto } from './support/lobby.js';
import { waitFor } from './support/ports.js';
import { pageReport, watchPage } from './support/page-watch.js';
import { axeViolations } from './support/a11y.js';
import { signIn } from './support/staff.js';

const SIZES = { landscape: { width: 1920, height: 1080 }, portrait: { width: 1080, height: 1920 }, counter: { width: 800, height: 480 } } as const;
type Layout = keyof typeof SIZES;
const SHOTS = '/tmp/shots';

/** A recording voice for Swedish, English and Arabic, installed before the app runs. */
const FAKE_VOICE = `(() => {
  window.__spoken = [];
  const voices = ['sv-SE', 'en-GB', 'ar'].map((lang) => ({ lang, name: lang, localService: true, default: false, voiceURI: lang }));
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
    getVoices: () => voices,
    speak: (u) => { window.__spoken.push(u.lang + ': ' + u.text); setTimeout(() => u.onend && u.onend(), 5); },
  } });
})();`;

/** One signed-in staff member: every request with the same session. */
async function staff(base: string, username: string) {
  const cookie = await signIn(base, username);
  return async <T = unknown>(method: string, path: string, body?: object, expect = 200): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    assert.equal(res.status, expect, `${method} ${path} as ${username}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

async function issue(base: string, service: string, language = 'sv'): Promise<Contact> {
  const res = await fetch(`${base}/api/v1/tickets`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kiosk: 'kiosk-1', service, language }),
  });
  assert.equal(res.status, 201);
  return (await res.json()) as Contact;
}

async function openDisplay(context: BrowserContext, base: string, id: string, size: { width: number; height: number }): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(size);
  await page.addInitScript(FAKE_VOICE);
  page.on('pageerror', (e) => { throw new Error(`display ${id}: ${e.message}`); });
  watchPage(page); // a failed wait names the display's warnings (a board ignored, a link refused)
  await page.goto(`${base}/display/?display=${id}`);
  await page.locator('[data-testid="display"][data-connected="true"]').waitFor({ timeout: 10_000 });
  return page;
}

const root = (page: Page) => page.getByTestId('display');
const chimes = async (page: Page) => Number(await root(page).getAttribute('data-chimes'));
const current = async (page: Page) => (await page.getByTestId('current-ticket').textContent({ timeout: 1000 }).catch(() => null))?.trim() ?? null;
const recent = async (page: Page) => (await page.getByTestId('recent-ticket').allTextContents()).map((s) => s.trim());
const spoken = (page: Page) => page.evaluate<string[]>('window.__spoken');

/** The server's own warnings and errors (pino levels 40 and up), set once the lobby runs. */
let serverWarnings = (): string[] => [];

async function showsCurrent(page: Page, number: string, ms = 5000): Promise<number> {
  const t0 = Date.now();
  try {
    await waitFor(`${number} as the current call`, async () => (await current(page)) === number || undefined, ms);
  } catch (e) {
    // What the display showed instead, and why it may have: a timeout alone says nothing.
    const shown = { current: await current(page), recent: await recent(page), connected: await root(page).getAttribute('data-connected') };
    throw new Error(`${(e as Error).message}; the display showed ${JSON.stringify(shown)}; ${pageReport(page)}; the server's last: ${serverWarnings().slice(-10).join('\n')}`);
  }
  return Date.now() - t0;
}

/** The server's order for a board: latest call first, the same instant by id descending. */
function boardOrder(calls: Contact[]): string[] {
  return [...calls].sort((a, b) => Date.parse(b.calledAt!) - Date.parse(a.calledAt!) || (b.id < a.id ? -1 : 1)).map((c) => c.number!);
}

describe('wall displays on the embedded broker', () => {
  let browser: Browser;
  let lobby: Lobby;
  let lobbyPage: Page;
  let floorPage: Page;
  let reception: Awaited<ReturnType<typeof staff>>;
  let message: ZoneMessage;
  let latest = '';

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ lobby, browser } = await openLobby());
    serverWarnings = () => lobby.server.output().split('\n').filter((l) => /"level":(40|50|60)/.test(l));
    reception = await staff(lobby.http, 'reception');
    await reception('PUT', '/api/v1/displays/lobby-1/settings', { speech: true, showStaffName: true });
    // Displays in two zones, each in its own browser context, as on two walls.
    lobbyPage = await openDisplay(await browser.newContext(), lobby.http, 'lobby-1', SIZES.landscape);
    floorPage = await openDisplay(await browser.newContext(), lobby.http, 'floor2-1', SIZES.portrait);
  });
  after(async () => {
    await closeLobby(lobby, browser);
  });

  test('two counters call at the same moment: both calls in order on the displays, one chime per call and per recall', async () => {
    // Errands only one of the two has as a skill, so who gets which does not depend on who is first.
    const a = await issue(lobby.http, 'parkering');
    const b = await issue(lobby.http, 'social', 'ar');
    const anna = await staff(lobby.http, 'anna');
    const hassan = await staff(lobby.http, 'hassan');
    await anna('POST', '/api/v1/agents/anna/state', { state: 'available', servicePoint: 'disk-1' }); // lobby only
    await hassan('POST', '/api/v1/agents/hassan/state', { state: 'available', servicePoint: 'disk-4' }); // lobby and floor 2
    assert.equal(await chimes(lobbyPage), 0, 'the retained board on load does not chime');

    const [byAnna, byHassan] = await Promise.all([
      anna<AgentCallNextResponse>('POST', '/api/v1/agents/anna/call-next', {}),
      hassan<AgentCallNextResponse>('POST', '/api/v1/agents/hassan/call-next', {}),
    ]);
    const called = [byAnna.called!, byHassan.called!];
    assert.notEqual(called[0]!.id, called[1]!.id, 'two different tickets');
    assert.deepEqual(called.map((c) => c.id), [a.id, b.id]);
    const order = boardOrder(called);

    await showsCurrent(lobbyPage, order[0]!);
    await waitFor('the other call first in the recent list', async () => (await recent(lobbyPage))[0] === order[1] || undefined);
    await showsCurrent(floorPage, byHassan.called!.number!);
    assert.ok(!(await recent(floorPage)).includes(byAnna.called!.number!), 'disk 1 is not announced on floor 2');
    assert.equal(await lobbyPage.getByTestId('current-call').getAttribute('data-new'), 'true', 'highlighted while new');

    await hassan('POST', `/api/v1/contacts/${byHassan.called!.id}/recall`, {});
    await showsCurrent(lobbyPage, byHassan.called!.number!);
    await waitFor('three chimes in the lobby', async () => (await chimes(lobbyPage)) >= 3 || undefined, 15_000);
    await waitFor('two chimes on floor 2', async () => (await chimes(floorPage)) >= 2 || undefined, 15_000);
    // Boards keep coming (queue counts, the recall); none of them may chime.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await chimes(lobbyPage), 3, 'two calls and one recall in the lobby');
    assert.equal(await chimes(floorPage), 2, 'one call and its recall on floor 2');
    assert.deepEqual(await recent(lobbyPage), [byAnna.called!.number!], 'the recalled one back on top, the other below');

    // Speech: Swedish, then the ticket's language (Hassan's visitor chose Arabic).
    const said = await waitFor('spoken calls', async () => { const s = await spoken(lobbyPage); return s.length >= 5 ? s : undefined; }, 15_000);
    const hn = byHassan.called!.number!;
    const spokenNumber = `${hn[0]} ${Number(hn.slice(1))}`;
    assert.ok(said.includes(`sv-SE: Nummer ${spokenNumber}, Disk 4`), said.join('\n'));
    assert.ok(said.some((s) => s.startsWith('ar: ') && s.includes(spokenNumber)), `Arabic after Swedish: ${said.join('\n')}`);
    assert.match(await lobbyPage.getByTestId('current-call').innerText(), /Hassan Ali/, 'the staff member\'s name, as configured');
    assert.doesNotMatch(await floorPage.getByTestId('current-call').innerText(), /Hassan Ali/, 'floor 2 is not set to show names');
    latest = hn;
  });

  test('a test call chimes and shows "test" on that display\'s zone only, and never enters the board', async () => {
    const lobbyBefore = await chimes(lobbyPage);
    const floorBefore = await chimes(floorPage);
    await reception('POST', '/api/v1/displays/lobby-1/test-call', {}, 202);
    await lobbyPage.getByTestId('test-call').waitFor({ timeout: 5000 });
    assert.match(await lobbyPage.getByTestId('test-call').innerText(), /TEST/);
    await waitFor('the test chime', async () => (await chimes(lobbyPage)) === lobbyBefore + 1 || undefined, 10_000);
    assert.equal((await recent(lobbyPage))[0], latest, 'the real latest call stays in sight');
    await lobbyPage.getByTestId('test-call').waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(await current(lobbyPage), latest, 'the board is as it was');
    assert.equal(await chimes(floorPage), floorBefore, 'floor 2 did not chime');
  });

  test('a reloaded display shows the correct board within 2 s, without a chime', async () => {
    const t0 = Date.now();
    await lobbyPage.reload();
    await showsCurrent(lobbyPage, latest, 2000);
    const ms = Date.now() - t0;
    assert.ok(ms < 2000, `board after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await chimes(lobbyPage), 0);
  });

  test('reception\'s message appears on the displays of that zone only', async () => {
    message = await reception<ZoneMessage>('POST', '/api/v1/zones/lobby/messages', {
      text: { sv: 'Receptionen stänger kl. 15 i dag.', en: 'Reception closes at 3 pm today.', ar: 'يغلق الاستقبال اليوم الساعة 3 مساءً.' }, minutes: 1,
    }, 201);
    await lobbyPage.locator(`[data-testid="message"][data-message-id="${message.id}"]`).waitFor({ timeout: 3000 });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await floorPage.getByTestId('message').count(), 0, 'not on floor 2');
  });

  test('a zone reassignment moves a display without touching it', async () => {
    await reception('PUT', '/api/v1/displays/floor2-1/settings', { zone: 'lobby' });
    await floorPage.locator('[data-testid="display"][data-zone="lobby"]').waitFor({ timeout: 2000 });
    await showsCurrent(floorPage, latest, 2000);
    await floorPage.locator(`[data-testid="message"][data-message-id="${message.id}"]`).waitFor({ timeout: 2000 });
    const before = await chimes(floorPage);
    const c = await issue(lobby.http, 'parkering');
    const disk = await staff(lobby.http, 'disk');
    await disk('POST', '/api/v1/service-points/disk-2/call-next'); // disk 2 is announced in the lobby only
    await showsCurrent(floorPage, c.number!);
    await waitFor('a disk 1 call chimes on the moved display', async () => (await chimes(floorPage)) === before + 1 || undefined, 10_000);
    latest = c.number!;
    await reception('PUT', '/api/v1/displays/floor2-1/settings', { zone: 'floor-2' });
    await floorPage.locator('[data-testid="display"][data-zone="floor-2"]').waitFor({ timeout: 2000 });
    await waitFor('back on floor 2: no lobby-only call', async () => (await current(floorPage)) !== c.number || undefined, 2000);
    assert.equal(await floorPage.getByTestId('message').count(), 0);
  });

  test('each layout at its target size: screenshot, WCAG 2.1 AA by axe-core, nothing off screen', async () => {
    // A hint beside the arrow, so the screenshots show wayfinding in full.
    const admin = await staff(lobby.http, 'admin');
    const points = await admin<{ servicePoints: { id: string; name: object; zones: string[]; services: string[] }[] }>('GET', '/api/v1/service-points');
    const point = points.servicePoints.find((p) => p.id === 'disk-1')!;
    await admin('PUT', '/api/v1/admin/service-points/disk-1', {
      name: point.name, zones: point.zones, services: point.services,
      wayfinding: { arrow: 'left', hint: { sv: 'Till vänster om entrén', en: 'Left of the entrance', ar: 'على يسار المدخل' } },
    });
    const c = await issue(lobby.http, 'allmant');
    // Anna sits at disk 1: only she (or reception) calls next there, and her "next" there
    // closes her own visit in hand; another counter account would be refused (409).
    const call = await (await staff(lobby.http, 'anna'))<CallNextResponse>('POST', '/api/v1/service-points/disk-1/call-next');
    assert.equal(call.called?.number, c.number, 'Anna calls the visitor just issued');
    latest = c.number!;

    for (const layout of Object.keys(SIZES) as Layout[]) {
      await reception('PUT', '/api/v1/displays/lobby-1/settings', { layout });
      const context = await browser.newContext({ reducedMotion: 'reduce' });
      const page = await openDisplay(context, lobby.http, 'lobby-1', SIZES[layout]);
      await page.locator(`[data-testid="display"][data-layout="${layout}"]`).waitFor({ timeout: 3000 });
      await showsCurrent(page, latest);
      assert.match(await page.getByTestId('current-hint').innerText(), /Till vänster om entrén|Left of the entrance|على يسار المدخل/);
      assert.equal(await page.locator('.way-arrow[data-arrow="left"]').first().count(), 1, 'the wayfinding arrow');
      if (layout !== 'counter') {
        await page.getByTestId('message').first().waitFor();
        assert.ok((await page.getByTestId('queue').count()) >= 5, 'the queue overview');
        assert.ok((await recent(page)).length >= 2, 'the last calls');
      } else {
        assert.equal(await page.getByTestId('recent-call').count(), 0, 'the counter sign shows only the latest call');
      }
      const overflow = await page.evaluate<boolean>('document.documentElement.scrollWidth > innerWidth || document.documentElement.scrollHeight > innerHeight');
      assert.equal(overflow, false, `${layout}: nothing off screen`);
      await page.screenshot({ path: `${SHOTS}/display-${layout}.png` });
      assert.deepEqual(await axeViolations(page), [], `${layout}: axe`);
      // The same screen with its fixed texts in Arabic, right to left.
      await page.locator('[data-testid="display"][data-language="ar"]').waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('.label[lang="ar"]').first().getAttribute('dir'), 'rtl');
      assert.deepEqual(await axeViolations(page), [], `${layout} in Arabic: axe`);
      if (layout === 'landscape') await page.screenshot({ path: `${SHOTS}/display-landscape-ar.png` });
      await context.close();
    }
    await reception('PUT', '/api/v1/displays/lobby-1/settings', { layout: 'landscape' });
  });

  test('the message disappears from the display at its expiry', async () => {
    const left = Date.parse(message.expiresAt) - Date.now();
    await lobbyPage.locator(`[data-testid="message"][data-message-id="${message.id}"]`).waitFor({ state: 'detached', timeout: left + 5000 });
    const late = Date.now() - Date.parse(message.expiresAt);
    assert.ok(late < 3000, `gone ${late} ms after its expiry`);
  });

  test('a display whose server is gone shows the offline indicator and keeps its last board', async () => {
    const shown = await current(lobbyPage);
    assert.ok(shown);
    assert.equal(await lobbyPage.getByTestId('offline').count(), 0);
    assert.equal(await lobby.stop(), 0);
    await lobbyPage.getByTestId('offline').waitFor({ timeout: 5000 });
    assert.equal(await root(lobbyPage).getAttribute('data-connected'), 'false');
    assert.equal(await current(lobbyPage), shown, 'the last board stays');
    assert.ok((await recent(lobbyPage)).length > 0);
    assert.deepEqual(await axeViolations(lobbyPage), [], 'the offline indicator is accessible too');
  });
});

describe('a display whose broker restarts (external Mosquitto)', () => {
  let browser: Browser;
  let lobby: Lobby;
  let mosquitto: Mosquitto;

  before(async () => {
    mosquitto = await startMosquitto();
    ({ lobby, browser } = await openLobby({ mqttUrl: mosquitto.url }));
  });
  after(async () => {
    await closeLobby(lobby, browser);
    await mosquitto?.stop();
  });

  test('shows the right board within 2 s of the broker being back, and kept the last one meanwhile', async () => {
    const page = await openDisplay(await browser.newContext(), lobby.http, 'lobby-1', SIZES.landscape);
    const disk = await staff(lobby.http, 'disk');
    const first = await issue(lobby.http, 'allmant');
    const second = await issue(lobby.http, 'allmant');
    await disk('POST', '/api/v1/service-points/disk-2/call-next');
    await showsCurrent(page, first.number!);

    await mosquitto.stopOnly();
    await page.getByTestId('offline').waitFor({ timeout: 5000 });
    assert.equal(await current(page), first.number, 'the last board stays while the broker is down');
    // The counter keeps working; the announcement waits in the outbox.
    const res = await disk<{ called: { number: string } }>('POST', '/api/v1/service-points/disk-3/call-next');
    assert.equal(res.called.number, second.number);

    await mosquitto.startAgain(); // no persistence: every retained topic is gone until the server republishes
    const back = Date.now();
    await showsCurrent(page, second.number!, 5000);
    const ms = Date.now() - back;
    assert.ok(ms < 2000, `the right board ${ms} ms after the broker was back`);
    await page.getByTestId('offline').waitFor({ state: 'detached', timeout: 2000 });
    assert.deepEqual(await recent(page), [first.number]);
  });
});
