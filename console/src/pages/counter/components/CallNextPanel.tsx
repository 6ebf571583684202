import { useCounter } from '../state/context.js';
import { strings } from '../strings.js';
import { shortcutKey } from '../shortcuts.js';
import { CallOutcomeCard } from './CallOutcomeCard.js';
import { ContactActions } from './ContactActions.js';
import './CallNextPanel.css';

/** The desk's main action, what it called, and how many still wait. */
export function CallNextPanel() {
  const state = useCounter();
  const calling = state.calling.value;
  const waiting = state.waiting.value;

  return (
    <section class="call-panel" aria-labelledby="call-heading">
      <h2 id="call-heading" class="counter-heading" tabIndex={-1}>{strings.callHeading}</h2>
      <button
        type="button"
        class="call-next"
        data-testid="call-next"
        aria-disabled={calling}
        aria-busy={calling}
        aria-keyshortcuts={shortcutKey('next')}
        onClick={() => void state.callNext()}
      >
        {calling ? strings.calling : strings.callNext}
        <kbd class="key-hint" aria-hidden="true">{shortcutKey('next')}</kbd>
      </button>

      <div class="call-panel-facts">
        <CallOutcomeCard />
        <div class="fact">
          <span class="fact-label">{strings.waiting}</span>
          <span class="fact-value" data-testid="waiting-count">{waiting === null ? strings.unknown : String(waiting)}</span>
        </div>
      </div>
      <ContactActions />
    </section>
  );
}
