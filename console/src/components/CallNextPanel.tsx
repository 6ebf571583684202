import { useCounter } from '../state/context.js';
import { strings } from '../lib/strings.js';
import { CallOutcomeCard } from './CallOutcomeCard.js';
import './CallNextPanel.css';

/** The desk's main action; later recall, transfer and finish join it here. */
export function CallNextPanel() {
  const state = useCounter();
  const calling = state.calling.value;
  const waiting = state.waiting.value;

  return (
    <section class="call-panel" aria-label={strings.callNext}>
      <button
        type="button"
        class="call-next"
        data-testid="call-next"
        disabled={calling}
        aria-busy={calling}
        onClick={() => void state.callNext()}
      >
        {calling ? strings.calling : strings.callNext}
      </button>

      {state.error.value && <p class="alert" role="alert">{state.error.value}</p>}

      <div class="call-panel-facts">
        <CallOutcomeCard />
        <div class="fact">
          <span class="fact-label">{strings.waiting}</span>
          <span class="fact-value" data-testid="waiting-count">{waiting === null ? strings.unknown : String(waiting)}</span>
        </div>
      </div>
    </section>
  );
}
