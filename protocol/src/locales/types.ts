import type { sv } from './sv.js';

export type MessageKey = keyof typeof sv;
/** Every catalog has every key: the type makes a missing one a compile error. */
export type Catalog = Record<MessageKey, string>;

export interface LocaleLanguage {
  /** BCP-47 tag, as the site's language list and the ticket carry it. */
  code: string;
  /** The language's own name for itself, as the visitor looks for it. */
  name: string;
  englishName: string;
  dir: 'ltr' | 'rtl';
}

/** One language's visitor strings, as a translator hands them in. */
export interface LocaleFile {
  language: LocaleLanguage;
  /** false until a native speaker has checked every string; staff see it in the console. */
  reviewed: boolean;
  /**
   * Keys whose text is honestly the same as in English (a loanword, a name). The catalog
   * test fails on any other string equal to the English one: that is a string nobody
   * translated.
   */
  sameAsEnglish: MessageKey[];
  messages: Catalog;
}
