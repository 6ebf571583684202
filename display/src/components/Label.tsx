import type { DisplayKey } from '../lib/texts.js';
import { useDisplay } from '../state/context.js';

/** A catalog text in the language rotating on the display, marked with its language and direction. */
export function Label({ name, class: className }: { name: DisplayKey; class?: string }) {
  const state = useDisplay();
  const lang = state.language.value;
  return (
    <span class={className ?? 'label'} lang={lang.code} dir={lang.dir}>
      {state.label(name)}
    </span>
  );
}
