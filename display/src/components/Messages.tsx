import { pick } from '@entre/protocol';
import { useDisplay } from '../state/context.js';
import './Messages.css';

/** Notices from staff ("Reception closes at 15 today"), in the rotating language. */
export function Messages() {
  const state = useDisplay();
  const lang = state.language.value;
  const messages = state.board.value?.messages ?? [];
  if (messages.length === 0) return null;

  return (
    <ul class="messages">
      {messages.map((m) => (
        <li key={m.id} class="message" lang={lang.code} dir={lang.dir}>{pick(m.text, lang.code)}</li>
      ))}
    </ul>
  );
}
