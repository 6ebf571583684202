import { useKiosk } from '../state/context.js';
import { ScreenTitle } from './ScreenTitle.js';
import { PrintStatus } from './PrintStatus.js';
import { LocalizedText } from './LocalizedText.js';
import './TicketScreen.css';

/**
 * The number, big, whatever the printer did: the paper is a copy, the screen and the
 * phone page are just as valid. Returns to start by itself, with the seconds shown.
 */
export function TicketScreen() {
  const state = useKiosk();
  const ticket = state.ticket.value;
  if (!ticket) return null;
  const t = state.t.value;
  const url = new URL(ticket.url, location.origin).href;
  const countdown = state.ticketCountdown.value;

  return (
    <section class="screen ticket-screen">
      <div class="ticket-card">
        <ScreenTitle class="ticket-title">
          <span class="ticket-label">{t('kiosk.yourNumber')}</span>
          <span class="ticket-number" data-testid="ticket-number" dir="ltr">{ticket.number}</span>
        </ScreenTitle>
        <p class="ticket-service"><LocalizedText text={ticket.serviceName} lang={state.language.value.code} /></p>
        <p class="ticket-ahead" data-testid="ticket-ahead">{t('kiosk.waitingAhead', { n: ticket.waitingAhead })}</p>
        {ticket.estimateMinutes !== undefined && ticket.waitingAhead > 0 && (
          <p class="ticket-ahead" data-testid="ticket-estimate">{t('kiosk.estimateMinutes', { n: ticket.estimateMinutes })}</p>
        )}
        {ticket.priority && <p class="ticket-priority">{t('help.priorityNote')}</p>}
      </div>
      <PrintStatus ticket={ticket} watch={state.printWatch.value} />
      <div class="ticket-follow">
        <img class="ticket-qr" src={`/api/v1/tickets/${encodeURIComponent(ticket.id)}/qr.svg`} alt="" width="240" height="240" />
        <p>
          <span>{t('kiosk.followOnPhone')}</span>
          <span class="ticket-url" dir="ltr">{url}</span>
        </p>
      </div>
      <div class="screen-actions ticket-actions">
        <button type="button" class="button button-primary" data-testid="done" onClick={() => state.startOver()}>
          {t('kiosk.done')}
        </button>
        {countdown !== null && (
          <p class="ticket-countdown" data-testid="ticket-countdown" aria-live="off">{t('kiosk.returningIn', { n: countdown })}</p>
        )}
      </div>
    </section>
  );
}
