import type { Localized } from '@entre/protocol';
import { pickText } from '../lib/localized.js';

/** Data from the server (service names) in the visitor's language when it exists. */
export function LocalizedText({ text, lang, class: className }: { text: Localized; lang: string; class?: string }) {
  const picked = pickText(text, lang);
  return <span class={className} lang={picked.lang} dir="auto">{picked.text}</span>;
}
