import { useDisplay } from '../state/context.js';
import { Label } from './Label.js';
import './ConnectionBadge.css';

/**
 * Shown while the live link is down (and before it first comes up): the board stays as it
 * was, so visitors still see the last calls, and staff see why nothing changes.
 */
export function ConnectionBadge() {
  const state = useDisplay();
  const offline = !state.connected.value;
  return (
    <div class="connection-region" role="status">
      {offline && (
        <div class="connection" data-testid="offline">
          <svg class="connection-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M2 8.5a15 15 0 0 1 20 0M5.5 12a10 10 0 0 1 13 0M9 15.5a5 5 0 0 1 6 0" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
            <circle cx="12" cy="19" r="1.8" fill="currentColor" />
            <path d="M3 3l18 18" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
          </svg>
          <Label name="display.connecting" class="" />
        </div>
      )}
    </div>
  );
}
