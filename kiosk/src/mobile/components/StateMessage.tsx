import type { Localized } from '@entre/protocol';
import { pickText } from '../../lib/localized.js';
import { Message } from '../lib/message.js';
import type { MobileTicket } from '../lib/ticket.js';
import type { Shown } from '../state/ticket-state.js';

/** What is happening now, in one sentence: the text the live region reads out on a change. */
export function StateMessage({ ticket, shown, movedTo }: { ticket: MobileTicket; shown: Shown; movedTo: Localized | null }) {
  const { t, code } = shown;
  const point = pointName(ticket, code);
  const moved = movedTo && pickText(movedTo, code);
  return (
    <>
      {moved && (
        <p class="state-moved" data-testid="moved-to">
          <Message t={t} k="mobile.movedTo" params={{ service: <span lang={moved.lang}>{moved.text}</span> }} />
        </p>
      )}
      <p class="state-text" data-testid="state-text">{sentence()}</p>
    </>
  );

  function sentence() {
    switch (ticket.state) {
      case 'waiting': return t('kiosk.waitingAhead', { n: ticket.waitingAhead });
      case 'called': return <Message t={t} k={ticket.recalls > 0 ? 'mobile.recalled' : 'mobile.called'} params={{ point }} />;
      case 'serving': return <Message t={t} k="mobile.serving" params={{ point }} />;
      case 'parked': return t('mobile.parked');
      case 'done': return t('mobile.done');
      case 'no_show': return t('mobile.noShow');
      case 'cancelled': return t('mobile.cancelled');
    }
  }
}

function pointName(ticket: MobileTicket, lang: string) {
  if (!ticket.servicePointName) return <strong dir="ltr">{ticket.servicePoint ?? ''}</strong>;
  const name = pickText(ticket.servicePointName, lang);
  return <strong lang={name.lang} data-testid="service-point">{name.text}</strong>;
}
