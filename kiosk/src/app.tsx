import { useEffect } from 'preact/hooks';
import { useSignalEffect } from '@preact/signals';
import { useKiosk } from './state/context.js';
import { LanguageScreen } from './components/LanguageScreen.js';
import { ErrandScreen } from './components/ErrandScreen.js';
import { QuestionScreen } from './components/QuestionScreen.js';
import { HelpScreen } from './components/HelpScreen.js';
import { SignLanguageScreen } from './components/SignLanguageScreen.js';
import { TicketScreen } from './components/TicketScreen.js';
import { IdleWarning } from './components/IdleWarning.js';

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

  const screen = state.screen.value;
  return (
    <div class="kiosk" data-screen={screen}>
      <header class="kiosk-header">
        <span class="kiosk-site">{state.config.value?.siteName ?? ''}</span>
      </header>
      <main class="kiosk-main" inert={state.idleWarning.value !== null}>
        {screen === 'language' && <LanguageScreen />}
        {screen === 'errand' && <ErrandScreen />}
        {screen === 'question' && <QuestionScreen />}
        {screen === 'help' && <HelpScreen />}
        {screen === 'sign' && <SignLanguageScreen />}
        {screen === 'ticket' && <TicketScreen />}
      </main>
      <IdleWarning />
    </div>
  );
}
