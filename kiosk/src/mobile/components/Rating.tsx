import { useEffect, useRef } from 'preact/hooks';
import type { MessageKey } from '@entre/protocol';
import { useTicketState } from '../state/context.js';
import type { MobileTicket } from '../lib/ticket.js';
import type { Shown } from '../state/ticket-state.js';
import './Rating.css';

const scores = [1, 2, 3, 4, 5] as const;

/** One question after the visit, five answers, one tap; nothing personal is sent. */
export function Rating({ ticket, shown }: { ticket: MobileTicket; shown: Shown }) {
  const state = useTicketState();
  const { t } = shown;
  const step = state.ratingStep.value;
  const thanks = useRef<HTMLParagraphElement>(null);

  // The tapped button is gone: put focus (and a screen reader) on the thanks instead.
  useEffect(() => { if (step === 'thanks') thanks.current?.focus(); }, [step]);

  if (ticket.rating !== undefined || step === 'thanks') {
    return (
      <section class="rating">
        <p class="rating-thanks" ref={thanks} tabIndex={-1} data-testid="rating-thanks">{t('mobile.rateThanks')}</p>
      </section>
    );
  }
  const sending = step === 'sending';
  return (
    <section class="rating" aria-labelledby="rating-question">
      <h2 class="rating-question" id="rating-question">{t('mobile.rate')}</h2>
      <div class="rating-scale" role="group" aria-labelledby="rating-question" data-testid="rating">
        {scores.map((n) => (
          <button key={n} type="button" class="rating-option" data-testid={`rate-${n}`} aria-disabled={sending}
            onClick={() => void state.rate(n)}>
            <span class="rating-digit" dir="ltr">{n}</span>
            <span class="rating-label">{t(`mobile.rate${n}` as MessageKey)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
