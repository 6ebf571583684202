/**
 * The display's fixed texts: the catalog keys `display.*`, in every language a config may
 * rotate through. The build bundles exactly these keys of every visitor catalog (see
 * vite.config.ts), not the kiosk's whole catalogs; tests slice the catalogs the same way.
 */
import { languageInfo, type Catalog, type LanguageInfo, type MessageKey } from '@entre/protocol';

export type DisplayKey = Extract<MessageKey, `display.${string}`>;
export type DisplayCatalog = Record<DisplayKey, string>;
export type DisplayCatalogs = Record<string, DisplayCatalog>;

/** The `display.*` part of each catalog: what the build does, for tests and tools. */
export function sliceDisplayTexts(catalogs: Record<string, Catalog>): DisplayCatalogs {
  return Object.fromEntries(Object.entries(catalogs).map(([code, catalog]) =>
    [code, Object.fromEntries(Object.entries(catalog).filter(([key]) => key.startsWith('display.'))) as DisplayCatalog]));
}

/** A text with `{name}` placeholders filled, from `catalog`, else from Swedish. */
export function text(catalogs: DisplayCatalogs, lang: string, key: DisplayKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[lang]?.[key] ?? catalogs['sv']?.[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Name and direction of a language; an unknown code reads left to right. */
export function infoOf(code: string): LanguageInfo {
  return languageInfo(code) ?? { code, name: code, dir: 'ltr' };
}

/** "B042" as a voice should say it: the letters, then the number without its leading zeros ("B 42"). */
export function spokenTicket(ticket: string): string {
  const m = /^([A-Z]+)0*(\d+)$/.exec(ticket);
  return m ? `${m[1]} ${m[2]}` : ticket;
}
