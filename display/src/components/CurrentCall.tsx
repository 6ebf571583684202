import { pick } from '@entre/protocol';
import { useDisplay } from '../state/context.js';
import { Label } from './Label.js';
import './CurrentCall.css';

/** The latest call, as large as the screen allows: "A001 → Disk 3". */
export function CurrentCall() {
  const state = useDisplay();
  const lang = state.language.value;
  const call = state.board.value?.calls[0];

  if (!call) {
    return (
      <section class="current">
        <div class="current-call current-call-empty" aria-hidden="true">
          <div class="current-part current-part-ticket">
            <Label name="display.number" lang={lang} />
            <span class="current-ticket">–</span>
          </div>
        </div>
      </section>
    );
  }

  const isNew = state.highlighted.value === call.id;
  return (
    <section class="current">
      <div class={isNew ? 'current-call is-new' : 'current-call'} data-testid="current-call" key={call.id}>
        <div class="current-part current-part-ticket">
          <Label name="display.number" lang={lang} />
          <span class="current-ticket" data-testid="current-ticket" dir="ltr">{call.ticket}</span>
        </div>
        <span class="current-arrow" aria-hidden="true">→</span>
        <div class="current-part current-part-point">
          <Label name="display.goTo" lang={lang} />
          <span class="current-point" data-testid="current-point" lang={lang.code} dir={lang.dir}>
            {pick(call.servicePointName, lang.code)}
          </span>
        </div>
      </div>
    </section>
  );
}
