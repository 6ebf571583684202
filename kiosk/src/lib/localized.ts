import type { Localized } from '@entre/protocol';

/**
 * Like protocol's `pick`, but also says which language the text is really in, so the
 * element can carry the right `lang` (pronunciation, fonts) when it fell back.
 */
export function pickText(text: Localized, lang: string): { text: string; lang: string } {
  for (const code of [lang, 'sv']) {
    const value = text[code];
    if (value !== undefined) return { text: value, lang: code };
  }
  const [code, value] = Object.entries(text)[0] ?? ['sv', ''];
  return { text: value, lang: code };
}
