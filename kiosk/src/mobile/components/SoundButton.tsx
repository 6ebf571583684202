import { useTicketState } from '../state/context.js';
import type { Shown } from '../state/ticket-state.js';

/** Phones play sound only after a tap: this is that tap. Gone once sound is on. */
export function SoundButton({ shown }: { shown: Shown }) {
  const state = useTicketState();
  if (!state.soundSupported || state.soundOn.value) return null;
  return (
    <button type="button" class="button button-secondary" data-testid="enable-sound" onClick={() => void state.enableSound()}>
      <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor"
        stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
        <path d="M4 9h4l5-4v14l-5-4H4ZM16.5 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12" />
      </svg>
      <span>{shown.t('mobile.enableSound')}</span>
    </button>
  );
}
