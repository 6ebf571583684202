/**
 * The live advice ("Råd just nu"): each queue at risk in the coming quarter hour as a sentence
 * a manager can act on ("Bygglov, besök: 5 behövs, 2 i tjänst. Flytta Anna och Maria från
 * telefon till disken i 30 min."), with the figures behind it.
 */
import { managerStrings as s } from './strings.js';
import { adviceText } from './sentences.js';
import type { AdviceState } from './advice-state.js';

export function AdvicePanel({ state }: { state: AdviceState }) {
  const advice = state.advice.value;
  const error = state.loadError.value;
  return (
    <section class="manager-section" aria-labelledby="manager-advice" data-testid="advice">
      <h2 id="manager-advice" class="manager-heading">{s.advice.heading}</h2>
      {advice && <p class="manager-note">{s.advice.forInterval(advice.interval)}</p>}
      {error && <p class="manager-note" data-testid="advice-error">{s.advice.failed(error)}</p>}
      {!advice && !error && <p class="manager-note">{s.advice.loading}</p>}
      {advice && advice.risks.length === 0 && <p class="advice-none" data-testid="advice-none">{s.advice.none}</p>}
      {advice && advice.risks.length > 0 && (
        <ul class="advice-list">
          {advice.risks.map((r) => {
            const text = adviceText(r);
            return (
              <li key={`${r.service}/${r.channel}`} class="advice-item" data-testid={`advice-${r.service}-${r.channel}`}>
                <p class="advice-text">
                  <strong>{text.summary}</strong> {text.actions.join(' ')}
                </p>
                <p class="advice-detail">{text.detail}</p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
