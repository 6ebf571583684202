import { useCounter } from './state/context.js';
import { PointPicker } from './components/PointPicker.js';
import { CallNextPanel } from './components/CallNextPanel.js';
import { strings } from './lib/strings.js';
import { AuthGate, SignedInBar } from './auth/AuthGate.js';
import { useAuth } from './auth/context.js';

export function App() {
  const state = useCounter();
  const auth = useAuth();
  return (
    <div class="console">
      <header class="console-header">
        <h1 class="console-title">{strings.appTitle}</h1>
        {auth.staff.value && <PointPicker />}
        <SignedInBar />
      </header>
      <main class="console-main">
        <AuthGate>
          {state.pointId.value && state.pointsStatus.value === 'ready' && <CallNextPanel />}
        </AuthGate>
      </main>
    </div>
  );
}
