import { useTicketState } from '../state/context.js';
import type { Shown } from '../state/ticket-state.js';

/** Every written language by its own name; the choice stays on this phone. */
export function LanguageSelect({ shown }: { shown: Shown }) {
  const state = useTicketState();
  return (
    <div class="language-select">
      <label for="mobile-language">{shown.t('mobile.language')}</label>
      <select id="mobile-language" data-testid="language" value={state.language.value ?? shown.code}
        onChange={(e) => state.chooseLanguage(e.currentTarget.value)}>
        {state.languages.map((l) => (
          <option key={l.code} value={l.code} lang={l.code} dir={l.dir}>{l.name}</option>
        ))}
      </select>
    </div>
  );
}
