import { useDisplay } from '../state/context.js';
import { Localized } from './Localized.js';
import './Messages.css';

/** Reception's notices for this zone ("Reception closes at 15 today"), until they expire. */
export function Messages() {
  const state = useDisplay();
  const messages = state.board.value?.messages ?? [];
  if (messages.length === 0) return null;

  return (
    <ul class="messages" data-testid="messages">
      {messages.map((m) => (
        <li key={m.id} class="message" data-testid="message" data-message-id={m.id}>
          <svg class="message-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="11" fill="currentColor" />
            <rect class="message-icon-i" x="10.6" y="10" width="2.8" height="8" rx="1" />
            <circle class="message-icon-i" cx="12" cy="6.6" r="1.7" />
          </svg>
          <Localized text={m.text} />
        </li>
      ))}
    </ul>
  );
}
