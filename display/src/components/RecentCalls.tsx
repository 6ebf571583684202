import { pick } from '@entre/protocol';
import { useDisplay } from '../state/context.js';
import { Label } from './Label.js';
import './RecentCalls.css';

const SHOWN = 6;

/** The calls before the latest one, newest first. */
export function RecentCalls() {
  const state = useDisplay();
  const lang = state.language.value;
  const recent = state.board.value?.calls.slice(1, 1 + SHOWN) ?? [];

  return (
    <section class="recent">
      <h2 class="heading"><Label name="display.latest" lang={lang} class="" /></h2>
      <ol class="recent-list">
        {recent.map((call) => (
          <li key={call.id} class="recent-call" data-testid="recent-call">
            <span class="recent-ticket" dir="ltr">{call.ticket}</span>
            <span class="recent-arrow" aria-hidden="true">→</span>
            <span class="recent-point" lang={lang.code} dir={lang.dir}>{pick(call.servicePointName, lang.code)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
