import { useEffect } from 'preact/hooks';
import { pick, type ReceptionContact, type ReceptionQueue } from '@entre/protocol';
import { contactName, useReception } from './reception-state.js';
import { languageName, minutesWaited, timeOf, timeWithSeconds } from './format.js';
import { rx } from './strings.js';

/** Every errand's line, live: who waits, how long, with which marks; move, and open one to act on. */
export function QueueBoard() {
  const state = useReception();
  const data = state.queues.value;
  const error = state.refreshError.value;
  const request = state.focusRequest.value;
  const busy = state.busy.value;

  // After a redraw, put the focus where the last action asked (the moved row's arrow, …).
  useEffect(() => {
    if (!request || busy) return;
    state.focusRequest.value = null;
    const row = document.querySelector<HTMLElement>(`[data-contact="${CSS.escape(request.contact)}"]`);
    const wanted = row?.querySelector<HTMLButtonElement>(`[data-control="${request.control}"]`);
    // At the top the up arrow is disabled: the other arrow of the same row keeps the place.
    const target = wanted && !wanted.disabled ? wanted
      : row?.querySelector<HTMLButtonElement>('button:not([disabled])')
      ?? document.getElementById(headingId(request.service));
    target?.focus();
  });

  return (
    <section class="rx-queues" aria-labelledby="rx-queues-title">
      <div class="rx-section-head">
        <h2 id="rx-queues-title" tabIndex={-1}>{rx.queuesTitle}</h2>
        {data && <p class="rx-updated">{rx.updatedAt(timeWithSeconds(new Date(state.fetchedAt.value)))}</p>}
      </div>
      {error && (
        <p class="alert" role="alert">
          {rx.refreshFailed(data ? timeWithSeconds(new Date(state.fetchedAt.value)) : null)} {error}
        </p>
      )}
      {!data && !error && <p class="rx-muted">{rx.loading}</p>}
      {data && (
        <div class="rx-queue-grid">
          {data.queues.map((q) => <QueueCard key={q.service} queue={q} />)}
        </div>
      )}
    </section>
  );
}

const headingId = (service: string) => `rx-queue-${service}`;

function QueueCard({ queue }: { queue: ReceptionQueue }) {
  const name = pick(queue.name, 'sv');
  return (
    <section class={`rx-queue${queue.waiting.length ? '' : ' is-empty'}`} aria-labelledby={headingId(queue.service)} data-service={queue.service}>
      <div class="rx-queue-head">
        <h3 id={headingId(queue.service)} tabIndex={-1}>
          {name} <span class="rx-prefix">({queue.prefix})</span>
        </h3>
        <p class="rx-queue-count" data-testid={`count-${queue.service}`}>
          {rx.waitingCount(queue.total)}
          {!queue.open && <span class="rx-closed"> · {rx.closed}</span>}
        </p>
      </div>
      {queue.waiting.length > 0 && (
        <ol class="rx-line">
          {queue.waiting.map((c, i) => (
            <ContactRow key={c.id} queue={queue} contact={c} first={i === 0} last={i === queue.waiting.length - 1} />
          ))}
        </ol>
      )}
      {queue.total > queue.waiting.length && <p class="rx-muted">{rx.shownOf(queue.waiting.length, queue.total)}</p>}
    </section>
  );
}

function ContactRow({ queue, contact: c, first, last }: { queue: ReceptionQueue; contact: ReceptionContact; first: boolean; last: boolean }) {
  const state = useReception();
  const busy = state.busy.value;
  const who = contactName(c);
  const waited = minutesWaited(c.issuedAt, state.serverNow());
  const marks: { text: string; kind: string }[] = [];
  if (c.priority === 'priority') marks.push({ text: c.priorityReason ? rx.priorityReasons[c.priorityReason] : rx.priority, kind: 'priority' });
  if (c.priority === 'appointment' || c.appointmentAt) marks.push({ text: rx.appointment(c.appointmentAt ? timeOf(c.appointmentAt) : null), kind: 'appointment' });
  if (c.pinnedAgent) marks.push({ text: rx.pinnedTo(state.agentName(c.pinnedAgent)), kind: 'pin' });
  if (c.pinnedServicePoint) marks.push({ text: rx.pinnedToPoint(c.pinnedServicePoint), kind: 'pin' });
  if (c.rank !== undefined) marks.push({ text: rx.ranked, kind: 'rank' });

  // While a move is in flight the arrows stay focusable (aria-disabled) and ignore clicks.
  const move = (direction: 'up' | 'down') => () => { if (!state.busy.value) void state.move(queue, c, direction); };
  return (
    <li class="rx-contact" data-contact={c.id} data-number={c.number ?? ''}>
      <div class="rx-contact-info">
        <p class="rx-contact-line">
          <span class="rx-number">{c.number ?? rx.noNumber}</span>
          <span class="rx-wait"><span class="visually-hidden">{rx.waitedLabel} </span>{rx.waitedMinutes(waited)}</span>
        </p>
        <ul class="rx-marks">
          <li>{rx.channels[c.channel]}</li>
          <li>{languageName(c.language)}</li>
          {marks.map((m) => <li key={m.text} class={`rx-mark rx-mark-${m.kind}`}>{m.text}</li>)}
        </ul>
      </div>
      <div class="rx-contact-actions">
        <button type="button" class="rx-icon-button" data-control="up" aria-label={rx.moveUp(who)} disabled={first}
          aria-disabled={busy ? 'true' : undefined} onClick={move('up')}>
          <span aria-hidden="true">↑</span>
        </button>
        <button type="button" class="rx-icon-button" data-control="down" aria-label={rx.moveDown(who)} disabled={last}
          aria-disabled={busy ? 'true' : undefined} onClick={move('down')}>
          <span aria-hidden="true">↓</span>
        </button>
        <button type="button" class="rx-button rx-button-quiet" data-control="manage" aria-label={rx.manageLabel(who)}
          onClick={() => { state.selected.value = { contact: c, service: queue.service }; }}>
          {rx.manage}
        </button>
      </div>
    </li>
  );
}
