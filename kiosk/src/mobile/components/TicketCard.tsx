import type { ComponentChildren } from 'preact';
import { Icon } from '../../components/Icon.js';
import { pickText } from '../../lib/localized.js';
import type { MobileTicket } from '../lib/ticket.js';
import type { Shown } from '../state/ticket-state.js';
import './TicketCard.css';

/** The number as the display will call it, big and always left-to-right, and the errand. */
export function TicketCard({ ticket, shown, children }: { ticket: MobileTicket; shown: Shown; children?: ComponentChildren }) {
  const service = pickText(ticket.serviceName, shown.code);
  return (
    <section class={`ticket-card ticket-card-${ticket.state}`} aria-labelledby="ticket-label">
      <p class="ticket-card-label" id="ticket-label">
        <Icon name="ticket" />
        <span>{shown.t('kiosk.yourNumber')}</span>
      </p>
      <p class="ticket-card-number" dir="ltr" data-testid="ticket-number">{ticket.number}</p>
      <p class="ticket-card-service" lang={service.lang} data-testid="ticket-service">{service.text}</p>
      {children}
    </section>
  );
}
