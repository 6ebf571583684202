import { chromium, type Browser } from 'playwright-core';
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
