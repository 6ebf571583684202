import { useKiosk } from '../state/context.js';
import { Icon } from './Icon.js';

/** Back one step; the arrow points the way the visitor reads (mirrored right-to-left). */
export function BackButton() {
  const state = useKiosk();
  return (
    <button type="button" class="button button-secondary back-button" data-testid="back" onClick={() => state.back()}>
      <Icon name="back" class="back-arrow" />
      {state.t.value('kiosk.back')}
    </button>
  );
}
