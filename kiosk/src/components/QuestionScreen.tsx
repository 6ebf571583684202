import { pick } from '@entre/protocol';
import { useKiosk } from '../state/context.js';
import { ScreenTitle } from './ScreenTitle.js';
import { ErrorNotice } from './ErrorNotice.js';
import { LocalizedText } from './LocalizedText.js';
import { BackButton } from './BackButton.js';
import './ErrandScreen.css';

/** The errand's one follow-up question; the answer decides the queue. */
export function QuestionScreen() {
  const state = useKiosk();
  const service = state.asking.value;
  if (!service?.question) return null;
  const wanted = state.language.value.code;
  const t = state.t.value;
  return (
    <section class="screen question-screen">
      <p class="question-errand"><LocalizedText text={service.name} lang={wanted} /></p>
      <ScreenTitle><LocalizedText text={service.question.text} lang={wanted} /></ScreenTitle>
      <p class="question-hint">{t('kiosk.answerQuestion')}</p>
      {state.failed.value && <ErrorNotice />}
      <ul class="errand-list answer-list" aria-busy={state.issuing.value}>
        {service.question.options.map((o) => (
          <li key={o.id}>
            <button type="button" class="errand answer" data-testid={`option-${o.id}`} onClick={() => void state.answer(o.id)}>
              <span class="errand-name" lang={o.text[wanted] ? wanted : 'sv'}>{pick(o.text, wanted)}</span>
            </button>
          </li>
        ))}
      </ul>
      <div class="screen-actions"><BackButton /></div>
    </section>
  );
}
