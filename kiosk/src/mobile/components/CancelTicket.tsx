import { useEffect, useRef } from 'preact/hooks';
import { useTicketState } from '../state/context.js';
import type { Shown } from '../state/ticket-state.js';

/** "Cancel my ticket", asked twice on the page itself: a slip of the thumb must not cost a place. */
export function CancelTicket({ shown }: { shown: Shown }) {
  const state = useTicketState();
  const { t } = shown;
  const step = state.cancelStep.value;
  const question = useRef<HTMLParagraphElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  // Focus follows the step: onto the question when it opens, back to the button when kept.
  useEffect(() => {
    if (step === 'confirm' && !wasAsking.current) question.current?.focus();
    if (step === 'idle' && wasAsking.current) opener.current?.focus();
    wasAsking.current = step !== 'idle';
  }, [step]);

  if (step === 'idle') {
    return (
      <div class="cancel">
        <button type="button" ref={opener} class="button button-quiet" data-testid="cancel" onClick={() => state.askCancel()}>
          {t('mobile.cancel')}
        </button>
      </div>
    );
  }
  const sending = step === 'sending';
  return (
    <div class="cancel cancel-confirm" role="group" aria-labelledby="cancel-question" data-testid="cancel-confirm">
      <p id="cancel-question" ref={question} tabIndex={-1}>{t('mobile.cancelConfirm')}</p>
      <div class="cancel-actions">
        <button type="button" class="button button-danger" data-testid="cancel-yes" aria-disabled={sending}
          onClick={() => void state.confirmCancel()}>
          {t('mobile.cancelYes')}
        </button>
        <button type="button" class="button button-secondary" data-testid="cancel-no" onClick={() => state.keepTicket()}>
          {t('mobile.cancelNo')}
        </button>
      </div>
    </div>
  );
}
