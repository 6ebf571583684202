/**
 * Every visitor catalog, loaded at once: for the server (printed ticket labels, SMS texts)
 * and for tests. The kiosk loads only the chosen language's file (see load.ts).
 */
import { sv } from './sv.js';
import { en } from './en.js';
import { ar } from './ar.js';
import { fa } from './fa.js';
import { prs } from './prs.js';
import { ckb } from './ckb.js';
import { kmr } from './kmr.js';
import { tr } from './tr.js';
import { az } from './az.js';
import { bs } from './bs.js';
import { hr } from './hr.js';
import { sr } from './sr.js';
import { so } from './so.js';
import { ti } from './ti.js';
import { ru } from './ru.js';
import { uk } from './uk.js';
import { pl } from './pl.js';
import { de } from './de.js';
import { es } from './es.js';
import { it } from './it.js';
import { fi } from './fi.js';
import type { Catalog, LocaleFile, MessageKey } from './types.js';
import { format } from './format.js';

export type { Catalog, LocaleFile, LocaleLanguage, MessageKey } from './types.js';
export { format } from './format.js';
export { loadLocale, loadableCatalogs } from './load.js';
export { sv as swedishMessages } from './sv.js';
export { visitorLanguages, languageInfo, isSignLanguage, catalogCodes, type LanguageInfo } from './languages.js';

export const swedish: LocaleFile = {
  language: { code: 'sv', name: 'Svenska', englishName: 'Swedish', dir: 'ltr' },
  // The source language: written by the team in Swedish.
  reviewed: true,
  sameAsEnglish: [],
  messages: sv,
};

export const localeFiles: Record<string, LocaleFile> = /* @__PURE__ */ Object.fromEntries(
  [swedish, en, ar, fa, prs, ckb, kmr, tr, az, bs, hr, sr, so, ti, ru, uk, pl, de, es, it, fi].map((f) => [f.language.code, f]),
);

export const catalogs: Record<string, Catalog> = /* @__PURE__ */ Object.fromEntries(
  Object.entries(localeFiles).map(([code, f]) => [code, f.messages]),
);

/** Looks up a visitor string and fills `{name}` placeholders; falls back to Swedish. */
export function t(lang: string, key: MessageKey, params: Record<string, string | number> = {}): string {
  return format(catalogs[lang] ?? sv, key, params);
}
