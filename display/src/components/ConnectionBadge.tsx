import { useDisplay } from '../state/context.js';
import { Label } from './Label.js';
import './ConnectionBadge.css';

/** A discreet hint in the corner while the live link is down; the board stays as it was. */
export function ConnectionBadge() {
  const state = useDisplay();
  if (state.connected.value) return null;
  return (
    <div class="connection" role="status">
      <span class="connection-dot" aria-hidden="true" />
      <Label name="display.connecting" lang={state.language.value} class="" />
    </div>
  );
}
