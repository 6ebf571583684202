/**
 * The visitor's language on screen: Swedish is bundled (the fallback and the first
 * screen); every other catalog is fetched when a visitor picks it, so the kiosk loads
 * one language, not twenty-one.
 */
import { format, isSignLanguage, loadLocale, swedishMessages, type Catalog, type MessageKey } from '@entre/protocol';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(catalog: Partial<Catalog>): Translate {
  return (key, params) => format(catalog, key, params);
}

export const swedish: Translate = translator(swedishMessages);

/**
 * How long a visitor's tap on a language waits for its catalog. A browser gives a request
 * that gets no answer minutes, and the kiosk would stand still meanwhile; this is the
 * moment to go on in Swedish instead, as when the catalog fails.
 */
export const CATALOG_TIMEOUT_MS = 5_000;

/**
 * The language's catalog, or null when it has none (sign language, unknown code, offline,
 * or no answer within `timeoutMs`). `load` is the chunk import (tests pass their own).
 */
export async function loadCatalog(code: string, opts: { load?: typeof loadLocale; timeoutMs?: number } = {}): Promise<Catalog | null> {
  if (code === 'sv') return swedishMessages;
  if (isSignLanguage(code)) return null;
  const { load = loadLocale, timeoutMs = CATALOG_TIMEOUT_MS } = opts;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), timeoutMs); });
  try {
    const loaded = await Promise.race([load(code), late]);
    if (loaded === 'late') {
      console.warn(`kiosk: the ${code} catalog did not come within ${timeoutMs} ms; going on in Swedish`);
      return null;
    }
    return loaded?.messages ?? null;
  } catch (err) {
    // A chunk that failed to load (server restarting): the visitor still gets Swedish.
    console.warn(`kiosk: could not load the ${code} catalog`, err);
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** "14:30" in the site's zone, digits as the visitor's locale writes them where the browser knows it. */
export function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** "2026-12-01" in the site's zone: unambiguous in every language. */
export function localDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}
