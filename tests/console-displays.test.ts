/**
 * The reception page's "Skärmar" section in real headless Chromium at a desk's 1366×768, on
 * the real built server and broker: a display's layout, zone (with undo) and volume set from
 * the console; a message to one zone that reaches that zone's board only, then taken down; a
 * test call on the calls topic; connected or not per display; WCAG 2.1 AA by axe-core.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { topics, type Board, type CallEvent, type DisplayConfig, type DisplayStatus, type DisplayStatusList, type ZoneMessageList } from '@entre/protocol';
import { launchBrowser, closeLobby } from './support/browser.js';
import { startLobby, type Lobby } from './support/lobby.js';
import { waitFor } from './support/ports.js';
import { axeViolations } from './support/a11y.js';
import { signIn } from './support/staff.js';

const DESK = { width: 1366, height: 768 };
const SHOT = '/tmp/shots/console-reception-displays.png';
const SITE = 'demo';

describe('the console, reception page: the displays', () => {
  let browser: Browser;
  let lobby: Lobby;
  let page: Page;
  let broker: MqttClient;
  /** The latest retained board per zone, display config per display, and every call event, as the broker delivered them. */
  const boards = new Map<string, Board>();
  const configs = new Map<string, DisplayConfig>();
  const calls: CallEvent[] = [];

  let reception = '';
  /** A GET as reception, signed in once (each sign-in hashes a password). */
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${lobby.http}${path}`, { headers: { cookie: reception } });
    assert.equal(res.status, 200, `GET ${path}`);
    return (await res.json()) as T;
  };
  const liveMessages = async () => (await get<ZoneMessageList>('/api/v1/messages')).messages;
  const displays = async () => (await get<DisplayStatusList>('/api/v1/displays')).displays;
  const display = async (id: string) => (await displays()).find((d) => d.id === id) as DisplayStatus;
  const notice = () => page.getByTestId('rx-notice').innerText();
  const card = (id: string) => page.locator(`[data-display="${id}"]`);

  before(async () => {
    lobby = await startLobby();
    reception = await signIn(lobby.http, 'reception');
    broker = await mqtt.connectAsync(lobby.mqtt, { protocolVersion: 4 });
    broker.on('message', (topic, payload) => {
      const body = JSON.parse(payload.toString()) as unknown;
      if (topic === topics.calls(SITE)) calls.push(body as CallEvent);
      else if (topic.endsWith('/board')) boards.set((body as Board).zone, body as Board);
      else if (topic.endsWith('/config')) configs.set((body as DisplayConfig).display, body as DisplayConfig);
    });
    await broker.subscribeAsync([topics.calls(SITE), topics.zoneBoard(SITE, 'lobby'), topics.zoneBoard(SITE, 'floor-2'),
      topics.displayConfig(SITE, 'lobby-1'), topics.displayConfig(SITE, 'floor2-1')], { qos: 1 });
    // The lobby's screen is up; the one upstairs lost its network (retained, as a last will leaves it).
    for (const [device, state] of [['lobby-1', 'online'], ['floor2-1', 'offline']] as const) {
      await broker.publishAsync(topics.deviceAvailability(SITE, device), JSON.stringify({ v: 1, at: new Date().toISOString(), device, state }), { qos: 1, retain: true });
    }
    await waitFor('availability recorded', async () => {
      const list = await get<{ devices: { id: string; state: string }[] }>('/api/v1/devices');
      return list.devices.some((d) => d.id === 'floor2-1' && d.state === 'offline') || undefined;
    });

    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: DESK, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    page = await context.newPage();
    await page.goto(`${lobby.http}/console/#/reception`);
    await page.locator('#sign-in-username').fill('reception');
    await page.locator('#sign-in-password').fill('entre-demo-2026');
    await page.getByTestId('sign-in-submit').click();
    await card('lobby-1').waitFor();
  });
  after(async () => {
    await broker?.endAsync();
    await closeLobby(lobby, browser);
  });

  test('lists every display with its zone, layout, sound and whether it is connected', async () => {
    assert.deepEqual(await page.locator('[data-display]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['display'])), ['lobby-1', 'floor2-1'], 'by name');
    assert.equal(await card('lobby-1').getByRole('heading', { level: 3 }).innerText(), 'Skärm entréhallen');
    assert.equal(await card('lobby-1').getByLabel('Zon', { exact: true }).inputValue(), 'lobby');
    assert.equal(await card('floor2-1').getByLabel('Layout', { exact: true }).inputValue(), 'portrait');
    assert.equal(await page.getByTestId('volume-value-lobby-1').innerText(), '80 %');
    assert.equal(await card('lobby-1').getByLabel('Ljudsignal vid anrop').isChecked(), true);
    assert.equal(await card('lobby-1').getByLabel('Visa handläggarens namn').isChecked(), false);
    assert.match(await page.getByTestId('device-lobby-1').innerText(), /^Ansluten/);
    assert.match(await page.getByTestId('device-floor2-1').innerText(), /^Inte ansluten/);
    assert.match(await card('floor2-1').innerText(), /når skärmen när den är ansluten igen/);
    // Zones by their names, from the site's list.
    assert.deepEqual(await card('lobby-1').getByLabel('Zon', { exact: true }).locator('option').allInnerTexts(), ['Entréhallen', 'Väntrum plan 2']);
  });

  test('changes lobby-1 to portrait: the API and its retained config say so', async () => {
    await card('lobby-1').getByLabel('Layout', { exact: true }).selectOption('portrait');
    await waitFor('layout saved', async () => (await display('lobby-1')).layout === 'portrait' || undefined);
    await waitFor('the notice /Skärm entréhallen: layouten är stående\./', async () => /Skärm entréhallen: layouten är stående\./.test(await notice()) || undefined);
    await waitFor('config published', () => configs.get('lobby-1')?.layout === 'portrait' || undefined);
    assert.equal((await display('lobby-1')).zone, 'lobby', 'nothing else changed');
  });

  test('moves floor2-1 to the lobby, and the status line\'s undo moves it back', async () => {
    await card('floor2-1').getByLabel('Zon', { exact: true }).selectOption('lobby');
    await waitFor('zone saved', async () => (await display('floor2-1')).zone === 'lobby' || undefined);
    await waitFor('config published', () => configs.get('floor2-1')?.zone === 'lobby' || undefined);
    await waitFor('the notice /Skärm väntrum plan 2 visar nu Entréhallen\./', async () => /Skärm väntrum plan 2 visar nu Entréhallen\./.test(await notice()) || undefined);
    await page.getByRole('button', { name: 'Ångra' }).click();
    await waitFor('zone back', async () => (await display('floor2-1')).zone === 'floor-2' || undefined);
    await waitFor('select back', async () => (await card('floor2-1').getByLabel('Zon', { exact: true }).inputValue()) === 'floor-2' || undefined);
    await waitFor('the notice /Ångrat\./', async () => /Ångrat\./.test(await notice()) || undefined);
  });

  test('sets the volume from the keyboard, a step per arrow key, with the value shown', async () => {
    const slider = card('lobby-1').getByLabel('Volym', { exact: true });
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getByTestId('volume-value-lobby-1').innerText(), '70 %');
    assert.equal(await slider.getAttribute('aria-valuetext'), '70 %');
    await waitFor('volume saved', async () => (await display('lobby-1')).volume === 0.7 || undefined);
    await waitFor('the notice', async () => /volymen är 70 %/.test(await notice()) || undefined);
    await card('lobby-1').getByRole('button', { name: 'Höj volymen på Skärm entréhallen' }).click();
    await waitFor('volume up', async () => (await display('lobby-1')).volume === 0.75 || undefined);
    // The toggles too: the staff member's name on the board.
    await card('lobby-1').getByLabel('Visa handläggarens namn').check();
    await waitFor('staff name on', async () => (await display('lobby-1')).showStaffName || undefined);
  });

  test('will not post a message without its Swedish text', async () => {
    await page.getByTestId('message-post').click();
    assert.equal(await page.getByRole('alert').filter({ hasText: 'Skriv meddelandet på svenska.' }).count(), 1);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'message-sv');
    assert.equal(await page.getByTestId('message-sv').getAttribute('aria-invalid'), 'true');
    assert.deepEqual((await liveMessages()), []);
  });

  let posted = '';
  test('posts a message to the lobby: listed with its time left, on the lobby board, not upstairs', async () => {
    await page.getByTestId('message-zone').selectOption('lobby');
    await page.getByLabel('Text på svenska').fill('Kassan stänger kl. 15.00 i dag');
    await page.getByLabel('Text på engelska (frivillig)').fill('The cash desk closes at 3 pm today');
    await page.getByTestId('message-minutes').selectOption('15');
    await page.getByTestId('message-post').click();
    const messages = await waitFor('the message', async () => {
      const list = (await liveMessages());
      return list.length ? list : undefined;
    });
    assert.equal(messages.length, 1);
    const m = messages[0]!;
    posted = m.id;
    assert.deepEqual([m.zone, m.text], ['lobby', { sv: 'Kassan stänger kl. 15.00 i dag', en: 'The cash desk closes at 3 pm today' }]);
    assert.equal(Date.parse(m.expiresAt) - Date.parse(m.createdAt), 15 * 60_000);

    const row = page.locator(`[data-message="${m.id}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /Kassan stänger kl\. 15\.00 i dag/);
    assert.match(await row.innerText(), /Entréhallen/);
    assert.match(await row.getByTestId('message-left').innerText(), /^1[45] min kvar \(till \d\d:\d\d\)$/);
    await waitFor('the notice /Meddelandet visas i Entréhallen till \d\d:\d\d\./', async () => /Meddelandet visas i Entréhallen till \d\d:\d\d\./.test(await notice()) || undefined);
    assert.equal(await page.getByTestId('message-sv').inputValue(), '', 'the form is ready for the next one');

    await waitFor('on the lobby board', () => boards.get('lobby')?.messages.some((b) => b.id === m.id) || undefined);
    assert.deepEqual(boards.get('lobby')!.messages.find((b) => b.id === m.id)!.text, m.text);
    assert.ok(boards.has('floor-2'), 'the upstairs board was received');
    assert.deepEqual(boards.get('floor-2')!.messages, [], 'not upstairs');
  });

  test('a test call reaches the calls topic as a test, for the display\'s zone', async () => {
    const before = calls.length;
    await page.getByRole('button', { name: 'Provanrop på Skärm entréhallen' }).click();
    const call = await waitFor('the test call', () => calls.slice(before).find((c) => c.test === true));
    assert.deepEqual(call.zones, ['lobby']);
    assert.equal(call.test, true);
    await waitFor('the notice', async () => /Provanrop skickat till Skärm entréhallen/.test(await notice()) || undefined);
    assert.ok(!boards.get('lobby')!.calls.some((c) => c.id === call.id), 'a test call is never on the board');
  });

  test('meets WCAG 2.1 AA (axe-core) with the section open, and is photographed at 1366×768', async () => {
    const row = page.locator(`[data-message="${posted}"]`);
    await row.getByRole('button', { name: /^Ta bort/ }).click();
    // The confirmation step, the display cards and the form: all checked at once.
    assert.deepEqual(await axeViolations(page), []);
    await row.getByRole('button', { name: 'Nej, behåll' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Ta bort', 'the focus is back where it was');
    mkdirSync('/tmp/shots', { recursive: true });
    // The status line is fixed at the bottom edge; closed, it hides nothing of the section.
    await page.getByRole('button', { name: 'Stäng meddelandet' }).click();
    await page.locator('.rx-displays').screenshot({ path: SHOT });
    await page.locator('.rx-displays').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: SHOT.replace('.png', '-viewport.png') });
    assert.deepEqual(await axeViolations(page), []);
  });

  test('takes the message down only after a confirmation; it leaves the lobby board', async () => {
    const row = page.locator(`[data-message="${posted}"]`);
    await row.getByRole('button', { name: 'Ta bort meddelandet: Kassan stänger kl. 15.00 i dag' }).click();
    const confirm = row.getByRole('button', { name: 'Ja, ta bort det' });
    await confirm.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Ja, ta bort det', 'the focus is on the confirmation');
    assert.equal((await liveMessages()).length, 1, 'nothing happens before it');
    await confirm.click();
    await row.waitFor({ state: 'detached' });
    assert.deepEqual((await liveMessages()), []);
    await waitFor('off the lobby board', () => (boards.get('lobby') && !boards.get('lobby')!.messages.some((b) => b.id === posted)) || undefined);
    await waitFor('the notice /Meddelandet i Entréhallen är borttaget\./', async () => /Meddelandet i Entréhallen är borttaget\./.test(await notice()) || undefined);
    assert.match(await page.locator('.rx-displays').innerText(), /Inga meddelanden visas just nu\./);
  });

  test('a counter account may not change a display, call a test or read the zones (403)', async () => {
    const disk = await signIn(lobby.http, 'disk');
    const call = async (method: string, path: string, body?: object) => (await fetch(`${lobby.http}${path}`, {
      method, headers: { cookie: disk, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
    })).status;
    assert.equal(await call('PUT', '/api/v1/displays/lobby-1/settings', { layout: 'counter' }), 403);
    assert.equal(await call('POST', '/api/v1/displays/lobby-1/test-call', {}), 403);
    assert.equal(await call('POST', '/api/v1/zones/lobby/messages', { text: { sv: 'Hej' }, minutes: 5 }), 403);
    assert.equal(await call('GET', '/api/v1/zones'), 403);
    assert.equal(await call('GET', '/api/v1/devices'), 403);
    assert.equal((await display('lobby-1')).layout, 'portrait', 'nothing changed');
  });
});
