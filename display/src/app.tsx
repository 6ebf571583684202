import { useSignalEffect } from '@preact/signals';
import { useDisplay } from './state/context.js';
import { CurrentCall } from './components/CurrentCall.js';
import { RecentCalls } from './components/RecentCalls.js';
import { QueueOverview } from './components/QueueOverview.js';
import { Messages } from './components/Messages.js';
import { ConnectionBadge } from './components/ConnectionBadge.js';
import { Announcer } from './components/Announcer.js';

export function App() {
  const state = useDisplay();

  useSignalEffect(() => {
    document.documentElement.lang = state.primaryLanguage.value;
  });

  return (
    <div class="display" data-testid="display" data-connected={String(state.connected.value)}>
      <CurrentCall />
      <aside class="display-side">
        <RecentCalls />
        <QueueOverview />
      </aside>
      <Messages />
      <ConnectionBadge />
      <Announcer />
    </div>
  );
}
