import { useState } from 'preact/hooks';
import { useKiosk } from '../state/context.js';
import { ScreenTitle } from './ScreenTitle.js';
import { Icon } from './Icon.js';
import { Keypad } from './Keypad.js';
import './SmsScreen.css';

/** "+" and up to 15 digits (E.164); the server decides what is a mobile number. */
const MAX_LENGTH = 16;

/**
 * "Text me when it is almost my turn": the visitor types a mobile number on the keypad
 * (or a keyboard: digits, +, Backspace, Enter, Escape) and leaves it for this ticket. The number
 * lives in this screen and the ticket screen's confirmation only and is forgotten on start
 * over; the server keeps it only until the visit ends (the hint says so).
 */
export function SmsScreen() {
  const state = useKiosk();
  const t = state.t.value;
  const [phone, setPhone] = useState('');
  const ahead = state.settings.value.smsAhead ?? 3;

  return (
    <section class="screen sms-screen">
      <ScreenTitle class="sms-title">
        <Icon name="phone" class="sms-title-icon" />
        <span>{t('sms.title')}</span>
      </ScreenTitle>
      <p class="sms-hint">{t('sms.hint', { n: ahead })}</p>
      <div class="sms-number">
        <label class="sms-label" id="sms-phone-label" for="sms-phone">{t('sms.label')}</label>
        <output id="sms-phone" class="sms-phone" dir="ltr" data-testid="sms-phone" aria-live="off">{phone}</output>
      </div>
      {state.smsInvalid.value && <p class="error-notice" role="alert" data-testid="sms-invalid">{t('sms.invalid')}</p>}
      {state.failed.value && !state.smsInvalid.value && <p class="error-notice" role="alert">{state.errorMessage.value}</p>}
      <Keypad value={phone} onChange={setPhone} maxLength={MAX_LENGTH} extraKey="+" deleteLabel={t('appointment.delete')}
        labelledBy="sms-phone-label" onEnter={(typed) => void state.saveSms(typed)} onEscape={() => state.closeSms()} />
      <div class="screen-actions sms-actions">
        <button type="button" class="button button-secondary" data-testid="sms-cancel" onClick={() => state.closeSms()}>
          {t('sms.cancel')}
        </button>
        <button type="button" class="button button-primary" data-testid="sms-save" onClick={() => void state.saveSms(phone)}>
          {t('sms.save')}
        </button>
      </div>
    </section>
  );
}
