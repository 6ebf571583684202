import type { CallEvent } from '@entre/protocol';
import { Localized } from './Localized.js';
import { WayArrow } from './WayArrow.js';
import './CurrentCall.css';

/** Reception's test call: sounds like a call, shows for a few seconds, never joins the board. */
export function TestCall({ call, size }: { call: CallEvent; size: 'wall' | 'sign' }) {
  return (
    <div class={`current-call current-call-${size} is-new is-test`} data-testid="test-call" key={call.id}>
      <div class="current-number">
        <span class="test-badge" lang="en">TEST</span>
        <span class="current-ticket" dir="ltr">{call.ticket}</span>
      </div>
      <div class="current-where">
        <WayArrow class="current-arrow" />
        <div class="current-where-text">
          <Localized text={call.servicePointName} class="current-point" />
        </div>
      </div>
    </div>
  );
}
