import { pick } from '@entre/protocol';
import { useDisplay } from '../state/context.js';
import { Label } from './Label.js';
import './QueueOverview.css';

/** How many wait for each errand. */
export function QueueOverview() {
  const state = useDisplay();
  const lang = state.language.value;
  const queues = state.board.value?.queues ?? [];
  if (queues.length === 0) return null;

  return (
    <section class="queues">
      <h2 class="heading"><Label name="display.waiting" lang={lang} class="" /></h2>
      <ul class="queue-list">
        {queues.map((q) => (
          <li key={q.service} class="queue">
            <span class="queue-name" lang={lang.code} dir={lang.dir}>{pick(q.name, lang.code)}</span>
            <span class="queue-waiting">{q.waiting}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
