import { useEffect } from 'preact/hooks';
import { useSignalEffect } from '@preact/signals';
import { useKiosk } from './state/context.js';
import { LanguageScreen } from './components/LanguageScreen.js';
import { ErrandScreen } from './components/ErrandScreen.js';
import { TicketScreen } from './components/TicketScreen.js';

export function App() {
  const state = useKiosk();

  // The page speaks the visitor's language: screen readers, hyphenation and direction follow.
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
    <div class="kiosk">
      <header class="kiosk-header">
        <span class="kiosk-site">{state.config.value?.siteName ?? ''}</span>
      </header>
      <main class="kiosk-main">
        {screen === 'language' && <LanguageScreen />}
        {screen === 'errand' && <ErrandScreen />}
        {screen === 'ticket' && <TicketScreen />}
      </main>
    </div>
  );
}
