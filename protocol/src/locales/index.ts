import { sv } from './sv.js';
import { en } from './en.js';

export type MessageKey = keyof typeof sv;
/** Every catalog has every key: the type makes a missing one a compile error. */
export type Catalog = Record<MessageKey, string>;

export const catalogs: Record<string, Catalog> = { sv, en };

export interface LanguageInfo { code: string; name: string; dir: 'ltr' | 'rtl' }

/** Languages the visitor-facing apps have catalogs for, with native names. */
export const visitorLanguages: LanguageInfo[] = [
  { code: 'sv', name: 'Svenska', dir: 'ltr' },
  { code: 'en', name: 'English', dir: 'ltr' },
];

/** Looks up a visitor string and fills `{name}` placeholders; falls back to Swedish. */
export function t(lang: string, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = catalogs[lang]?.[key] ?? sv[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
