import { useCounter } from '../state/context.js';
import { strings } from '../lib/strings.js';

/** The ticket this desk called last (or serves now), or that nobody is waiting. */
export function CallOutcomeCard() {
  const outcome = useCounter().outcome.value;

  if (outcome === null) {
    return (
      <div class="fact">
        <span class="fact-label">{strings.lastCall}</span>
        <span class="fact-value">{strings.unknown}</span>
      </div>
    );
  }
  if (outcome.kind === 'none') {
    return (
      <div class="fact" role="status">
        <span class="fact-label">{strings.lastCall}</span>
        <span class="fact-value" data-testid="none-waiting">{strings.noneWaiting}</span>
      </div>
    );
  }
  return (
    <div class="fact" role="status">
      <span class="fact-label">{outcome.fresh ? strings.called : strings.current}</span>
      <span class="fact-value" data-testid="called-ticket">{outcome.number}</span>
      {outcome.service && <span class="fact-sub">{strings.service}: {outcome.service}</span>}
      {outcome.why && <span class="fact-sub" data-testid="call-why">{strings.why}: {outcome.why}</span>}
    </div>
  );
}
