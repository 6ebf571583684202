import { useEffect } from 'preact/hooks';
import { useSignalEffect } from '@preact/signals';
import { useKiosk } from './state/context.js';
import { LanguageScreen } from './components/LanguageScreen.js';
import { ErrandScreen } from './components/ErrandScreen.js';
import { QuestionScreen } from './components/QuestionScreen.js';
import { HelpScreen } from './components/HelpScreen.js';
import { SignLanguageScreen } from './components/SignLanguageScreen.js';
import { TicketScreen } from './components/TicketScreen.js';
import { SmsScreen } from './components/SmsScreen.js';
import { AppointmentScreen } from './components/AppointmentScreen.js';
import { StaffScreen } from './components/StaffScreen.js';
import { ButtonScreen } from './components/ButtonScreen.js';
import { IdleWarning } from './components/IdleWarning.js';
import { EnrolScreen } from './components/EnrolScreen.js';

/** How long staff hold the header to reach the PIN pad; far longer than any visitor's touch. */
const STAFF_HOLD_MS = 3000;

export function App() {
  const state = useKiosk();

  // The page speaks the visitor's language: screen readers, fonts, hyphenation and the
  // whole layout's direction follow (mirrored right-to-left, not just right-aligned).
  useSignalEffect(() => {
    const { code, dir } = state.textLanguage.value;
    document.documentElement.lang = code;
    document.documentElement.dir = dir;
  });

  useEffect(() => {
    const onActivity = () => state.noteActivity();
    window.addEventListener('pointerdown', onActivity, { passive: true });
    window.addEventListener('keydown', onActivity);
    return () => {
      window.removeEventListener('pointerdown', onActivity);
      window.removeEventListener('keydown', onActivity);
    };
  }, [state]);

  // The staff screen: hold the header. Nothing on it looks like a control, so a visitor
  // has no reason to, and the PIN pad is all they could reach.
  let holdTimer: number | undefined;
  const holdStart = () => { window.clearTimeout(holdTimer); holdTimer = window.setTimeout(() => state.openStaff(), STAFF_HOLD_MS); };
  const holdEnd = () => window.clearTimeout(holdTimer);

  const screen = state.screen.value;
  const noTouch = state.settings.value.noTouchService !== undefined;
  return (
    <div class="kiosk" data-screen={screen}>
      <header class="kiosk-header" data-testid="kiosk-header" onPointerDown={holdStart} onPointerUp={holdEnd} onPointerLeave={holdEnd} onPointerCancel={holdEnd}>
        <span class="kiosk-site">{state.config.value?.siteName ?? ''}</span>
      </header>
      <main class="kiosk-main" inert={state.idleWarning.value !== null}>
        {screen === 'language' && (noTouch ? <ButtonScreen /> : <LanguageScreen />)}
        {screen === 'errand' && <ErrandScreen />}
        {screen === 'question' && <QuestionScreen />}
        {screen === 'help' && <HelpScreen />}
        {screen === 'sign' && <SignLanguageScreen />}
        {screen === 'ticket' && <TicketScreen />}
        {screen === 'sms' && <SmsScreen />}
        {screen === 'appointment' && <AppointmentScreen />}
        {screen === 'staff' && <StaffScreen />}
        {screen === 'enrol' && <EnrolScreen />}
      </main>
      <IdleWarning />
    </div>
  );
}
