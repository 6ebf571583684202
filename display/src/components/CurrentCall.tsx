import type { BoardCall } from '@entre/protocol';
import { useDisplay } from '../state/context.js';
import { Label } from './Label.js';
import { Localized } from './Localized.js';
import { WayArrow } from './WayArrow.js';
import { StaffName } from './StaffName.js';
import { TestCall } from './TestCall.js';
import './CurrentCall.css';

/** One call, large: the number, then where to go (arrow, room, floor hint, who called). */
export function CallCard({ call, isNew, size }: { call: BoardCall; isNew: boolean; size: 'wall' | 'sign' }) {
  const state = useDisplay();
  const hint = call.wayfinding?.hint;
  return (
    <div
      class={`current-call current-call-${size}${isNew ? ' is-new' : ''}`}
      data-testid="current-call" data-call-id={call.id} data-new={String(isNew)}
      // A new key on a recall restarts the pulse.
      key={`${call.id}@${call.calledAt}`}
    >
      <div class="current-number">
        <Label name="display.number" />
        <span class="current-ticket" data-testid="current-ticket" dir="ltr">{call.ticket}</span>
      </div>
      <div class="current-where">
        <WayArrow arrow={call.wayfinding?.arrow} class="current-arrow" />
        <div class="current-where-text">
          <Label name="display.goTo" />
          <Localized text={call.servicePointName} class="current-point" testid="current-point" />
          {hint && <Localized text={hint} class="current-hint" testid="current-hint" />}
          {state.showStaffName.value && call.staffName && <StaffName name={call.staffName} class="current-staff" />}
        </div>
      </div>
    </div>
  );
}

/**
 * The latest call, as large as the screen allows, highlighted for a few seconds when new:
 * on a wall (`wall`) beside the recent calls, or alone on a narrow counter-top sign (`sign`).
 */
export function CurrentCall({ size = 'wall' }: { size?: 'wall' | 'sign' }) {
  const state = useDisplay();
  const test = state.testCall.value;
  const call = state.board.value?.calls[0];

  return (
    <section class={size === 'sign' ? 'sign' : 'current'}>
      {test ? <TestCall call={test} size={size} />
        : call ? <CallCard call={call} isNew={state.highlighted.value === call.id} size={size} />
        : (
          <div class={`current-call current-call-${size} current-call-empty`}>
            <div class="current-number">
              <Label name="display.number" />
              <span class="current-ticket" aria-hidden="true">–</span>
            </div>
          </div>
        )}
    </section>
  );
}
