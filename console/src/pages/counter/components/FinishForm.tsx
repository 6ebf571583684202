import { useEffect, useRef } from 'preact/hooks';
import { useCounter } from '../state/context.js';
import { strings } from '../strings.js';
import { shortcutKey } from '../shortcuts.js';
import type { FinishOutcome } from '../state/counter-state.js';
import './forms.css';

const OUTCOMES: FinishOutcome[] = ['resolved', 'forwarded'];
const LEVELS = [1, 2, 3, 4, 5, 6, 7, 8];

/**
 * Outcome and ROSA level, then done. Radios rather than a list box, so a number is one
 * click and the F shortcut still works with focus on them (a list box takes letters).
 */
export function FinishForm() {
  const state = useCounter();
  const c = state.current.value;
  const rosaFirst = useRef<HTMLInputElement>(null);
  const request = state.focusRequest.value;

  useEffect(() => {
    if (request?.field === 'rosa') rosaFirst.current?.focus();
  }, [request]);

  if (!c || !c.allowed.includes('finish')) return null;
  const rosa = state.finishRosa.value;

  return (
    <section class="counter-card" aria-labelledby="finish-heading">
      <h2 id="finish-heading" class="counter-heading">{strings.finishHeading}</h2>
      <form class="counter-form" data-testid="finish-form" onSubmit={(e) => { e.preventDefault(); void state.finish(); }}>
        <fieldset class="choice-row">
          <legend>{strings.outcome}</legend>
          {OUTCOMES.map((o) => (
            <label key={o} class="choice">
              <input
                type="radio" name="finish-outcome" value={o} data-testid={`outcome-${o}`}
                checked={state.finishOutcome.value === o} onChange={() => state.setFinishOutcome(o)}
              />
              <span>{strings.outcomes[o]}</span>
            </label>
          ))}
        </fieldset>
        <fieldset class="rosa-grid">
          <legend>{strings.rosa}</legend>
          {LEVELS.map((level) => (
            <label key={level} class="rosa-choice">
              <input
                ref={level === (rosa ?? 1) ? rosaFirst : undefined}
                type="radio" name="finish-rosa" value={level} data-testid={`rosa-${level}`}
                checked={rosa === level} onChange={() => state.setFinishRosa(level)}
              />
              <span class="rosa-number">{level}</span>
              <span class="rosa-text">{strings.rosaLevels[level - 1]}</span>
            </label>
          ))}
        </fieldset>
        <div class="form-buttons">
          <button type="submit" class="primary" data-testid="finish-submit" aria-keyshortcuts={shortcutKey('finish')} aria-disabled={state.busy.value !== null}>
            {strings.finish}
            <kbd class="key-hint" aria-hidden="true">{shortcutKey('finish')}</kbd>
          </button>
        </div>
      </form>
    </section>
  );
}
