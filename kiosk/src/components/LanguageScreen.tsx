import { isSignLanguage } from '@entre/protocol';
import { useKiosk } from '../state/context.js';
import { ScreenTitle } from './ScreenTitle.js';
import { ErrorNotice } from './ErrorNotice.js';
import { Icon } from './Icon.js';
import type { Translate } from '../lib/i18n.js';
import './LanguageScreen.css';

/**
 * The first screen: every offered language by its own name, no flags (a flag is a
 * country, not a language). The heading greets in the first languages whose text is
 * loaded; Swedish is always there.
 */
export function LanguageScreen() {
  const state = useKiosk();
  const languages = state.languages.value;
  const greeters = state.greeters.value;

  return (
    <section class="screen language-screen">
      <ScreenTitle class="language-title">
        {greeters.map(({ language: l, t }) => (
          <span key={l.code} class="language-greeting" lang={l.code} dir={l.dir}>{t('kiosk.welcome')}</span>
        ))}
      </ScreenTitle>
      <p class="language-prompt">
        {greeters.map(({ language: l, t }) => (
          <span key={l.code} lang={l.code} dir={l.dir}>{t('kiosk.chooseLanguage')}</span>
        ))}
      </p>
      {state.failed.value && <ErrorNotice />}
      <ul class="language-list">
        {languages.map((l) => {
          const sign = isSignLanguage(l.code);
          return (
            <li key={l.code} class={sign ? 'language-sign' : undefined}>
              <button
                type="button"
                class="language-button"
                data-testid={`lang-${l.code}`}
                lang={sign ? 'sv' : l.code}
                dir={l.dir}
                onClick={() => void state.chooseLanguage(l.code)}
              >
                {sign && <Icon name="sign-language" />}
                <span>{l.name}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

