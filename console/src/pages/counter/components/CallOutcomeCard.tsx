import { useCounter } from '../state/context.js';
import { strings } from '../strings.js';
import { languageName } from '../format.js';

/** The contact this desk called last (or serves now), or that nobody is waiting. */
export function CallOutcomeCard() {
  const state = useCounter();
  const outcome = state.outcome.value;
  const c = state.current.value;

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
        {outcome.why && <span class="fact-sub">{strings.why}: {outcome.why}</span>}
      </div>
    );
  }
  return (
    <div class="fact" role="status" data-testid="current-contact" data-state={c?.state} data-channel={c?.channel}>
      <span class="fact-label">
        {c ? strings.visitStates[c.state] : outcome.fresh ? strings.called : strings.current}
        {c && c.channel !== 'visit' && <> · {strings.channels[c.channel]}</>}
      </span>
      <span class="fact-value" data-testid="called-ticket">{outcome.number}</span>
      {outcome.service && <span class="fact-sub">{strings.service}: {outcome.service}</span>}
      {c && <span class="fact-sub">{strings.language}: {languageName(c.language)}{c.priority !== 'normal' && <> · {strings.priorities[c.priority]}</>}</span>}
      {c && c.recalls > 0 && <span class="fact-sub" data-testid="recalls">{strings.recalled(c.recalls)}</span>}
      {outcome.why && <span class="fact-sub" data-testid="call-why">{strings.why}: {outcome.why}</span>}
    </div>
  );
}
