import { pick, type Contact } from '@entre/protocol';
import { useCounter } from '../state/context.js';
import { strings } from '../strings.js';
import { languageName, minutesBetween } from '../format.js';
import './QueueList.css';

/** Priority, a booked time, a reservation by reception: shown under the number. */
const notes = (c: Contact): string[] =>
  [strings.priorities[c.priority], c.pinnedAgent || c.pinnedServicePoint ? strings.pinned : ''].filter((n) => n !== '');

/**
 * The live queues of this agent's skills (or this counter's errands), every channel in one
 * list: a call or a chat stands in line beside the visitors, marked with its channel.
 * Polled, so no live region: a list re-read every few seconds would drown a screen reader.
 */
export function QueueList() {
  const state = useCounter();
  const q = state.queue.value;
  const mine = q?.services.filter((s) => s.mine) ?? [];

  return (
    <section class="queue" aria-labelledby="queue-heading" data-testid="queue">
      <h2 id="queue-heading" class="counter-heading">{strings.queueHeading}</h2>
      {state.queueFailed.value && <p class="queue-note">{strings.queueFailed}</p>}
      {q && (
        <>
          <ul class="queue-services">
            {mine.map((s) => (
              <li key={s.id} data-testid={`queue-service-${s.id}`} data-waiting={s.waiting}>
                <span class="queue-service-name">{pick(s.name, 'sv')}</span>
                <span class="queue-service-count">{strings.queueTotal(s.waiting)}</span>
                {s.waiting > 0 && <span class="queue-service-wait">{strings.longestWait} {strings.minutes(Math.floor(s.longestWaitSeconds / 60))}</span>}
              </li>
            ))}
          </ul>
          {q.waiting.length === 0
            ? <p class="queue-note" data-testid="queue-empty">{strings.queueEmpty}</p>
            : (
              <table class="queue-table">
                <caption>{strings.queueCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{strings.colContact}</th>
                    <th scope="col">{strings.colChannel}</th>
                    <th scope="col">{strings.colService}</th>
                    <th scope="col">{strings.colLanguage}</th>
                    <th scope="col">{strings.colWaited}</th>
                  </tr>
                </thead>
                <tbody>
                  {q.waiting.map((c) => (
                    <tr key={c.id} data-testid="queue-row" data-id={c.id} data-channel={c.channel}>
                      <td class="queue-number">
                        {c.number ?? '–'}
                        {notes(c).map((n) => <span key={n} class="queue-mark">{n}</span>)}
                      </td>
                      <td><span class={`channel channel-${c.channel}`}>{strings.channels[c.channel]}</span></td>
                      <td>{pick(c.serviceName, 'sv')}</td>
                      <td>{languageName(c.language)}</td>
                      <td class="queue-waited">{strings.minutes(minutesBetween(c.queuedAt, q.at))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          {q.total > q.waiting.length && <p class="queue-note">{strings.queueMore(q.waiting.length, q.total)}</p>}
        </>
      )}
    </section>
  );
}
