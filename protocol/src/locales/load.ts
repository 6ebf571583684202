/**
 * One language's catalog on demand, for the kiosk and the mobile page: a visitor who
 * picks Tigrinya downloads Tigrinya, not twenty catalogs. Each import is its own chunk.
 */
import type { LocaleFile } from './types.js';

const loaders: Record<string, () => Promise<LocaleFile>> = {
  en: async () => (await import('./en.js')).en,
  ar: async () => (await import('./ar.js')).ar,
  fa: async () => (await import('./fa.js')).fa,
  prs: async () => (await import('./prs.js')).prs,
  ckb: async () => (await import('./ckb.js')).ckb,
  kmr: async () => (await import('./kmr.js')).kmr,
  tr: async () => (await import('./tr.js')).tr,
  az: async () => (await import('./az.js')).az,
  bs: async () => (await import('./bs.js')).bs,
  hr: async () => (await import('./hr.js')).hr,
  sr: async () => (await import('./sr.js')).sr,
  so: async () => (await import('./so.js')).so,
  ti: async () => (await import('./ti.js')).ti,
  ru: async () => (await import('./ru.js')).ru,
  uk: async () => (await import('./uk.js')).uk,
  pl: async () => (await import('./pl.js')).pl,
  de: async () => (await import('./de.js')).de,
  es: async () => (await import('./es.js')).es,
  it: async () => (await import('./it.js')).it,
  fi: async () => (await import('./fi.js')).fi,
};

/** The written languages that load on demand (Swedish is always bundled as the fallback). */
export const loadableCatalogs: readonly string[] = Object.keys(loaders);

/** The language's catalog, or undefined when there is none (a sign language, an unknown code). */
export async function loadLocale(code: string): Promise<LocaleFile | undefined> {
  return loaders[code]?.();
}
