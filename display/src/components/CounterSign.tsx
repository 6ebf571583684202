import { useDisplay } from '../state/context.js';
import { CallCard } from './CurrentCall.js';
import { TestCall } from './TestCall.js';
import { Label } from './Label.js';

/** The narrow counter-top sign: only the latest call of its zone, as large as it goes. */
export function CounterSign() {
  const state = useDisplay();
  const test = state.testCall.value;
  const call = state.board.value?.calls[0];
  return (
    <section class="sign">
      {test ? <TestCall call={test} size="sign" />
        : call ? <CallCard call={call} isNew={state.highlighted.value === call.id} size="sign" />
        : (
          <div class="current-call current-call-sign current-call-empty">
            <div class="current-number">
              <Label name="display.number" />
              <span class="current-ticket" aria-hidden="true">–</span>
            </div>
          </div>
        )}
    </section>
  );
}
