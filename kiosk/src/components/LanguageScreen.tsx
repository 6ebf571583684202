import { catalogs, t } from '@entre/protocol';
import { useKiosk } from '../state/context.js';
import { ScreenTitle } from './ScreenTitle.js';
import { ErrorNotice } from './ErrorNotice.js';
import './LanguageScreen.css';

/** How many languages greet the visitor in the heading before any choice is made. */
const GREETINGS = 3;

export function LanguageScreen() {
  const state = useKiosk();
  const languages = state.languages.value;
  const greeters = languages.filter((l) => catalogs[l.code]).slice(0, GREETINGS);

  return (
    <section class="screen language-screen">
      <ScreenTitle class="language-title">
        {greeters.map((l) => (
          <span key={l.code} class="language-greeting" lang={l.code} dir={l.dir}>
            {t(l.code, 'kiosk.welcome')}
          </span>
        ))}
      </ScreenTitle>
      <p class="language-prompt">
        {greeters.map((l) => (
          <span key={l.code} lang={l.code} dir={l.dir}>
            {t(l.code, 'kiosk.chooseLanguage')}
          </span>
        ))}
      </p>
      {state.failed.value && <ErrorNotice lang={state.textLanguage.value.code} />}
      <ul class="language-list">
        {languages.map((l) => (
          <li key={l.code}>
            <button
              type="button"
              class="language-button"
              data-testid={`lang-${l.code}`}
              lang={l.code}
              dir={l.dir}
              onClick={() => state.chooseLanguage(l.code)}
            >
              {l.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
