import { useCounter } from './state/context.js';
import { PointPicker } from './components/PointPicker.js';
import { CallNextPanel } from './components/CallNextPanel.js';
import { strings } from './lib/strings.js';

export function App() {
  const state = useCounter();
  return (
    <div class="console">
      <header class="console-header">
        <h1 class="console-title">{strings.appTitle}</h1>
        <PointPicker />
      </header>
      <main class="console-main">
        {state.pointId.value && state.pointsStatus.value === 'ready' && <CallNextPanel />}
      </main>
    </div>
  );
}
