/**
 * The languages Entré speaks to visitors, with their own names, in the order the kiosk
 * offers them (the site chooses which). Small on purpose: the kiosk bundles this list and
 * loads a language's strings only when a visitor picks it.
 */
export interface LanguageInfo { code: string; name: string; dir: 'ltr' | 'rtl' }

export const visitorLanguages: LanguageInfo[] = [
  { code: 'sv', name: 'Svenska', dir: 'ltr' },
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
  { code: 'fa', name: 'فارسی', dir: 'rtl' },
  { code: 'prs', name: 'دری', dir: 'rtl' },
  { code: 'ckb', name: 'کوردی', dir: 'rtl' },
  { code: 'kmr', name: 'Kurmancî', dir: 'ltr' },
  { code: 'tr', name: 'Türkçe', dir: 'ltr' },
  { code: 'az', name: 'Azərbaycanca', dir: 'ltr' },
  { code: 'bs', name: 'Bosanski', dir: 'ltr' },
  { code: 'hr', name: 'Hrvatski', dir: 'ltr' },
  { code: 'sr', name: 'Српски', dir: 'ltr' },
  { code: 'so', name: 'Soomaali', dir: 'ltr' },
  { code: 'ti', name: 'ትግርኛ', dir: 'ltr' },
  { code: 'ru', name: 'Русский', dir: 'ltr' },
  { code: 'uk', name: 'Українська', dir: 'ltr' },
  { code: 'pl', name: 'Polski', dir: 'ltr' },
  { code: 'de', name: 'Deutsch', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
  { code: 'it', name: 'Italiano', dir: 'ltr' },
  { code: 'fi', name: 'Suomi', dir: 'ltr' },
  // No written catalog: the kiosk offers a sign-language video contact, explained in Swedish with pictograms.
  { code: 'sgn-SE', name: 'Svenskt teckenspråk', dir: 'ltr' },
];

/** Swedish Sign Language: no written catalog; the kiosk offers a video contact instead. */
export function isSignLanguage(code: string): boolean {
  return code === 'sgn-SE' || code === 'swl';
}

/** The written languages, the ones with a catalog. */
export const catalogCodes: readonly string[] = visitorLanguages.filter((l) => !isSignLanguage(l.code)).map((l) => l.code);

export function languageInfo(code: string): LanguageInfo | undefined {
  return visitorLanguages.find((l) => l.code === code);
}
