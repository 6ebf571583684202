import { useKiosk } from '../state/context.js';
import { ScreenTitle } from './ScreenTitle.js';
import { ErrorNotice } from './ErrorNotice.js';
import { BackButton } from './BackButton.js';
import { Icon } from './Icon.js';
import './SignLanguageScreen.css';

/**
 * Svenskt teckenspråk has no written form to translate into: this screen says what to do
 * in short Swedish sentences, each with a pictogram, and offers the two ways in — a
 * video call in sign language, or a number so staff come with an interpreter.
 */
export function SignLanguageScreen() {
  const state = useKiosk();
  const kiosk = state.config.value?.kiosk;
  const url = state.settings.value.signLanguageUrl;
  return (
    <section class="screen sign-screen" lang="sv">
      <ScreenTitle class="sign-title">
        <Icon name="sign-language" />
        <span>Svenskt teckenspråk</span>
      </ScreenTitle>
      {state.failed.value && <ErrorNotice />}
      <ol class="sign-steps">
        {url && kiosk && (
          <li class="sign-step">
            <Icon name="video" class="sign-pictogram" />
            <div>
              <p class="sign-step-title">Prata med oss på teckenspråk via video.</p>
              <p>Skanna koden med mobilen eller gå till adressen.</p>
              <img class="sign-qr" src={`/api/v1/kiosks/${encodeURIComponent(kiosk)}/sign-language-qr.svg`} alt="" width="240" height="240" />
              <p class="sign-url" dir="ltr">{url}</p>
            </div>
          </li>
        )}
        <li class="sign-step">
          <Icon name="ticket" class="sign-pictogram" />
          <div>
            <p class="sign-step-title">Eller ta en nummerlapp.</p>
            <p>Personalen kommer till dig. Vi ordnar en teckenspråkstolk.</p>
            <button type="button" class="button button-primary" data-testid="sign-ticket" disabled={state.issuing.value}
              onClick={() => void state.askPriority('interpreter')}>
              Ta en nummerlapp
            </button>
          </div>
        </li>
      </ol>
      <div class="screen-actions"><BackButton /></div>
    </section>
  );
}
