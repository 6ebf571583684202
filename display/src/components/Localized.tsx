import { pick, type Localized as LocalizedText } from '@entre/protocol';
import { useDisplay } from '../state/context.js';
import { infoOf } from '../lib/texts.js';

/**
 * Data text (a service point's name, a message, a hint) in the rotating language when it
 * has one, else in Swedish, marked with the language it is actually in.
 */
export function Localized({ text, class: className, testid }: { text: LocalizedText; class?: string; testid?: string }) {
  const state = useDisplay();
  const want = state.language.value.code;
  const code = text[want] !== undefined ? want : text['sv'] !== undefined ? 'sv' : Object.keys(text)[0] ?? 'sv';
  return (
    <span class={className} lang={code} dir={infoOf(code).dir} data-testid={testid}>
      {pick(text, code)}
    </span>
  );
}
