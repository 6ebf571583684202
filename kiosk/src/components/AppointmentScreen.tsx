import { useState } from 'preact/hooks';
import { useKiosk } from '../state/context.js';
import { ScreenTitle } from './ScreenTitle.js';
import { BackButton } from './BackButton.js';
import { Keypad } from './Keypad.js';
import { localTime } from '../lib/i18n.js';
import './AppointmentScreen.css';

const CODE_LENGTH = 6;

/** "I have an appointment": six digits from the booking confirmation, then a ticket. */
export function AppointmentScreen() {
  const state = useKiosk();
  const t = state.t.value;
  const [code, setCode] = useState('');
  const outcome = state.checkInOutcome.value;
  const timeZone = state.config.value?.timeZone ?? 'Europe/Stockholm';
  const busy = state.issuing.value;

  let message: string | null = null;
  if (outcome?.kind === 'not_found') message = t('appointment.notFound');
  else if (outcome?.kind === 'too_early') {
    message = t('appointment.tooEarly', { time: localTime(outcome.startsAt, timeZone), from: localTime(outcome.checkInFrom, timeZone) });
  } else if (state.failed.value) message = state.errorMessage.value;

  return (
    <section class="screen appointment-screen">
      <ScreenTitle>{t('appointment.title')}</ScreenTitle>
      <p class="question-hint">{t('appointment.hint')}</p>
      <label class="appointment-code-label" for="appointment-code">{t('appointment.code')}</label>
      <output id="appointment-code" class="appointment-code" dir="ltr" data-testid="appointment-code" aria-live="off">
        {Array.from({ length: CODE_LENGTH }, (_, i) => <span key={i} class="appointment-digit">{code[i] ?? ''}</span>)}
      </output>
      {message && <p class="error-notice" role="alert" data-testid="appointment-message">{message}</p>}
      <Keypad value={code} maxLength={CODE_LENGTH} deleteLabel={t('appointment.delete')}
        onChange={(next) => { setCode(next); state.clearCheckInOutcome(); }} />
      <div class="screen-actions appointment-actions">
        <BackButton />
        <button type="button" class="button button-primary" data-testid="check-in" disabled={code.length !== CODE_LENGTH || busy}
          onClick={() => void state.checkIn(code)}>
          {t('appointment.checkIn')}
        </button>
      </div>
    </section>
  );
}
