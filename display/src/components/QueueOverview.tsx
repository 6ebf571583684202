import { useDisplay } from '../state/context.js';
import { Label } from './Label.js';
import { Localized } from './Localized.js';
import './QueueOverview.css';

/** How many wait for each errand, names in the rotating language. */
export function QueueOverview() {
  const state = useDisplay();
  const queues = state.board.value?.queues ?? [];
  if (queues.length === 0) return null;

  return (
    <section class="queues" aria-labelledby="queues-heading">
      <h2 class="heading" id="queues-heading"><Label name="display.waiting" class="" /></h2>
      <ul class="queue-list">
        {queues.map((q) => (
          <li key={q.service} class="queue" data-testid="queue" data-service={q.service}>
            <Localized text={q.name} class="queue-name" />
            <span class="queue-waiting" data-testid="queue-waiting">{q.waiting}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
