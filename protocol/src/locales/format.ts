import { sv } from './sv.js';
import type { Catalog, MessageKey } from './types.js';

/** A catalog's string with `{name}` placeholders filled; a key it lacks comes from Swedish. */
export function format(catalog: Partial<Catalog>, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = catalog[key] ?? sv[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
