import { t, type LanguageInfo, type MessageKey } from '@entre/protocol';

/** A catalog label in the language currently rotating on the display. */
export function Label({ name, lang, class: className }: { name: MessageKey; lang: LanguageInfo; class?: string }) {
  return (
    <span class={className ?? 'label'} lang={lang.code} dir={lang.dir}>
      {t(lang.code, name)}
    </span>
  );
}
