import { chromium, type Browser, type Page } from 'playwright-core';
import { startLobby, type Lobby } from './lobby.js';

/** Debian's Chromium, headless; never a downloaded browser. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required'],
  });
}

/**
 * The real lobby and a browser for one suite: `before(async () => ({ lobby, browser } = await
 * openLobby()))`. `options` as for startLobby.
 */
export async function openLobby(options?: Parameters<typeof startLobby>[0]): Promise<{ lobby: Lobby; browser: Browser }> {
  const lobby = await startLobby(options);
  try {
    return { lobby, browser: await launchBrowser() };
  } catch (e) {
    await lobby.stop();
    lobby.remove();
    throw e;
  }
}

/** Closes what openLobby opened (either may be unset if its before hook failed); resolves with the server's exit code. */
export async function closeLobby(lobby: Lobby | undefined, browser: Browser | undefined): Promise<number | string | undefined> {
  await browser?.close();
  const code = await lobby?.stop();
  lobby?.remove();
  return code;
}

/** Signs a demo account in on the console's sign-in form the page shows. */
export async function signInAt(page: Page, username: string, password = 'entre-demo-2026'): Promise<void> {
  await page.locator('#sign-in-username').fill(username);
  await page.locator('#sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

/** A fresh desk-sized console page (Swedish, Stockholm time) at `hash`, signed in as `username`. */
export async function consolePage(browser: Browser, base: string, hash: string, username: string, viewport = { width: 1366, height: 768 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
  const page = await context.newPage();
  await page.goto(`${base}/console/${hash}`);
  await signInAt(page, username);
  return page;
}
