import { t } from '@entre/protocol';
import { useKiosk } from '../state/context.js';
import { ScreenTitle } from './ScreenTitle.js';
import { PrintStatus } from './PrintStatus.js';
import { LocalizedText } from './LocalizedText.js';
import './TicketScreen.css';

export function TicketScreen() {
  const state = useKiosk();
  const ticket = state.ticket.value;
  if (!ticket) return null;
  const lang = state.textLanguage.value.code;
  const url = new URL(ticket.url, location.origin).href;

  return (
    <section class="screen ticket-screen">
      <div class="ticket-card">
        <ScreenTitle class="ticket-title">
          <span class="ticket-label">{t(lang, 'kiosk.yourNumber')}</span>
          <span class="ticket-number" data-testid="ticket-number" dir="ltr">{ticket.number}</span>
        </ScreenTitle>
        <p class="ticket-service"><LocalizedText text={ticket.serviceName} lang={state.language.value.code} /></p>
        <p class="ticket-ahead">{t(lang, 'kiosk.waitingAhead', { n: ticket.waitingAhead })}</p>
      </div>
      <PrintStatus ticket={ticket} watch={state.printWatch.value} lang={lang} />
      <p class="ticket-follow">
        <span>{t(lang, 'kiosk.followOnPhone')}</span>
        <span class="ticket-url" dir="ltr">{url}</span>
      </p>
      <div class="screen-actions ticket-actions">
        <button type="button" class="button button-primary" onClick={() => state.startOver()}>
          {t(lang, 'kiosk.done')}
        </button>
      </div>
    </section>
  );
}
