import { useKiosk } from '../state/context.js';
import { localTime } from '../lib/i18n.js';
import { ScreenTitle } from './ScreenTitle.js';
import { PrintStatus } from './PrintStatus.js';
import { LocalizedText } from './LocalizedText.js';
import { Icon } from './Icon.js';
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
  const smsPhone = state.smsPhone.value;
  const bookedAt = state.bookedAt.value;
  const timeZone = state.config.value?.timeZone ?? 'Europe/Stockholm';
  const offerSms = state.settings.value.sms === true && ticket.state === 'waiting' && smsPhone === null;

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
        {bookedAt && <p class="ticket-priority" data-testid="checked-in">{t('appointment.checkedIn', { time: localTime(bookedAt, timeZone) })}</p>}
      </div>
      <PrintStatus ticket={ticket} watch={state.printWatch.value} />
      <div class="ticket-follow">
        <img class="ticket-qr" src={`/api/v1/tickets/${encodeURIComponent(ticket.id)}/qr.svg`} alt="" width="240" height="240" />
        <p>
          <span>{t('kiosk.followOnPhone')}</span>
          <span class="ticket-url" dir="ltr">{url}</span>
        </p>
      </div>
      {smsPhone !== null && (
        <p class="ticket-sms-saved" data-testid="sms-saved">
          <Icon name="check" class="ticket-sms-icon" />
          <SavedText text={t('sms.saved', { phone: PLACE })} phone={smsPhone} />
        </p>
      )}
      <div class="screen-actions ticket-actions">
        <button type="button" class="button button-primary" data-testid="done" onClick={() => state.startOver()}>
          {t('kiosk.done')}
        </button>
        {offerSms && (
          <button type="button" class="button button-secondary ticket-sms" data-testid="sms-offer" onClick={() => state.openSms()}>
            <Icon name="phone" class="ticket-sms-icon" />
            {t('sms.offer')}
          </button>
        )}
        {countdown !== null && (
          <p class="ticket-countdown" data-testid="ticket-countdown" aria-live="off">{t('kiosk.returningIn', { n: countdown })}</p>
        )}
      </div>
    </section>
  );
}

const PLACE = '\u0000';

/** The catalog's sentence with the number isolated left to right, also inside Arabic or Persian text. */
function SavedText({ text, phone }: { text: string; phone: string }) {
  const [before = '', after = ''] = text.split(PLACE);
  return <span>{before}<bdi dir="ltr" data-testid="sms-saved-phone">{phone}</bdi>{after}</span>;
}
