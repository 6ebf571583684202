import { useEffect, useRef } from 'preact/hooks';
import { useTicketState } from './state/context.js';
import type { Shown } from './state/ticket-state.js';
import { isOpen, type MobileTicket } from './lib/ticket.js';
import { Message } from './lib/message.js';
import { TicketCard } from './components/TicketCard.js';
import { StateMessage } from './components/StateMessage.js';
import { LanguageSelect } from './components/LanguageSelect.js';
import { SoundButton } from './components/SoundButton.js';
import { CancelTicket } from './components/CancelTicket.js';
import { Rating } from './components/Rating.js';

/** The visitor's ticket on their phone, following the queue live. */
export function App() {
  const state = useTicketState();
  const shown = state.shown.value;
  const view = state.view.value;
  const ticket = state.ticket.value;

  // The page speaks the shown language: lang and dir on <html>, so the whole layout mirrors.
  useEffect(() => {
    if (!shown) return;
    document.documentElement.lang = shown.code;
    document.documentElement.dir = shown.dir;
  }, [shown]);

  // The tab's title says "your turn" while called: a visitor in another app sees it there too.
  const title = !shown ? null
    : ticket && view === 'ticket' && ticket.state === 'called' ? shown.t('mobile.titleCalled', { ticket: ticket.number })
    : ticket && view === 'ticket' ? `${ticket.number} · ${shown.t('mobile.title')}`
    : shown.t('mobile.title');
  useEffect(() => { if (title) document.title = title; }, [title]);

  return (
    <div class="mobile" data-testid="mobile-ticket" data-view={view} data-state={ticket?.state} data-alerts={state.alerts.value}>
      {shown && (
        <header class="mobile-header">
          <h1 class="mobile-title">{shown.t('mobile.title')}</h1>
          <LanguageSelect shown={shown} />
        </header>
      )}
      <main class="mobile-main" aria-busy={view === 'loading'}>
        {/* Always in the page, so a screen reader hears it appear; empty while online. */}
        <div role="status" class={state.offline.value && shown ? 'notice notice-offline' : 'notice-empty'} data-testid="offline">
          {state.offline.value && shown ? shown.t('mobile.offline') : null}
        </div>
        {shown && view === 'notFound' && (
          <p class="notice notice-error" data-testid="not-found">{shown.t('mobile.notFound')}</p>
        )}
        {shown && view === 'ticket' && ticket && <TicketView ticket={ticket} shown={shown} />}
      </main>
    </div>
  );
}

function TicketView({ ticket, shown }: { ticket: MobileTicket; shown: Shown }) {
  const state = useTicketState();
  const { t } = shown;
  const waiting = ticket.state === 'waiting';
  const status = useRef<HTMLDivElement>(null);
  const lastState = useRef(ticket.state);
  // A state change can remove the focused button (cancel): then focus the news itself.
  useEffect(() => {
    if (lastState.current === ticket.state) return;
    lastState.current = ticket.state;
    const active = document.activeElement;
    if (!active || active === document.body) status.current?.focus();
  }, [ticket.state]);
  return (
    <>
      <TicketCard ticket={ticket} shown={shown}>
        <div class="ticket-card-status" aria-live="polite" data-testid="ticket-status" ref={status} tabIndex={-1}>
          <StateMessage ticket={ticket} shown={shown} movedTo={state.movedTo.value} />
        </div>
        {waiting && ticket.estimateMinutes !== undefined && ticket.waitingAhead > 0 && (
          <p class="ticket-card-estimate" data-testid="estimate">{t('mobile.estimate', { n: ticket.estimateMinutes })}</p>
        )}
      </TicketCard>

      {state.actionFailed.value && <p class="notice notice-error" role="alert" data-testid="action-error">{t('kiosk.error')}</p>}

      {waiting && <p class="hint" data-testid="keep-open">{t('mobile.keepOpen')}</p>}
      {isOpen(ticket.state) && ticket.state !== 'serving' && <SoundButton shown={shown} />}

      {ticket.caseTrackingCode && (
        <p class="case-link">
          <a href={`/c/${encodeURIComponent(ticket.caseTrackingCode)}`} data-testid="case-link">
            <Message t={t} k="mobile.case" params={{ ref: <bdi dir="ltr">{ticket.caseTrackingCode}</bdi> }} />
          </a>
        </p>
      )}

      {ticket.state === 'done' && <Rating ticket={ticket} shown={shown} />}
      {waiting && <CancelTicket shown={shown} />}
    </>
  );
}
