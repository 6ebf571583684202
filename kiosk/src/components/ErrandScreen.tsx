import { t } from '@entre/protocol';
import { useKiosk } from '../state/context.js';
import { ScreenTitle } from './ScreenTitle.js';
import { ErrorNotice } from './ErrorNotice.js';
import { LocalizedText } from './LocalizedText.js';
import './ErrandScreen.css';

export function ErrandScreen() {
  const state = useKiosk();
  const lang = state.textLanguage.value.code;
  const wanted = state.language.value.code;
  const services = state.config.value?.services ?? [];
  const issuing = state.issuing.value;

  return (
    <section class="screen errand-screen">
      <ScreenTitle>{t(lang, 'kiosk.chooseErrand')}</ScreenTitle>
      {state.failed.value && <ErrorNotice lang={lang} />}
      <ul class="errand-list" aria-busy={issuing}>
        {services.map((s) => {
          return (
            <li key={s.id}>
              <button
                type="button"
                class="errand"
                data-testid={`service-${s.id}`}
                disabled={!s.open}
                onClick={() => void state.chooseService(s.id)}
              >
                <span class="errand-prefix" aria-hidden="true">{s.prefix}</span>
                <span class="errand-text">
                  <LocalizedText class="errand-name" text={s.name} lang={wanted} />
                  {s.description && <LocalizedText class="errand-description" text={s.description} lang={wanted} />}
                  <span class="errand-meta">
                    {s.open ? t(lang, 'kiosk.waitingCount', { n: s.waiting }) : t(lang, 'kiosk.closed')}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <div class="screen-actions">
        <button type="button" class="button button-secondary" onClick={() => state.back()}>
          <span class="back-arrow" aria-hidden="true">←</span>
          {t(lang, 'kiosk.back')}
        </button>
      </div>
    </section>
  );
}
