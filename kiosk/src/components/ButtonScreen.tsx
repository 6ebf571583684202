import { useEffect } from 'preact/hooks';
import { useKiosk } from '../state/context.js';
import { ScreenTitle } from './ScreenTitle.js';
import { ErrorNotice } from './ErrorNotice.js';
import { Icon } from './Icon.js';
import './ButtonScreen.css';

/**
 * No-touch mode, for a lobby with one errand: a hardware button beside the screen (it
 * types a key, as USB buttons, keypads and NFC readers do) or a touch anywhere on the
 * big button gives the next number. The ask is in each of the first offered languages.
 */
export function ButtonScreen() {
  const state = useKiosk();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat) return;
      e.preventDefault();
      void state.pressButton();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [state]);

  const greeters = state.greeters.value;
  return (
    <section class="screen button-screen">
      <ScreenTitle class="button-title">
        {greeters.map(({ language: l, t }) => <span key={l.code} lang={l.code} dir={l.dir}>{t('kiosk.welcome')}</span>)}
      </ScreenTitle>
      {state.failed.value && <ErrorNotice />}
      <button type="button" class="button-press" data-testid="press-button" disabled={state.issuing.value} onClick={() => void state.pressButton()}>
        <Icon name="ticket" />
        {greeters.map(({ language: l, t }) => <span key={l.code} lang={l.code} dir={l.dir}>{t('kiosk.pressButton')}</span>)}
      </button>
    </section>
  );
}
