import { useSignalEffect } from '@preact/signals';
import { useDisplay } from './state/context.js';
import { CurrentCall } from './components/CurrentCall.js';
import { RecentCalls } from './components/RecentCalls.js';
import { QueueOverview } from './components/QueueOverview.js';
import { Messages } from './components/Messages.js';
import { ConnectionBadge } from './components/ConnectionBadge.js';
import { Announcer } from './components/Announcer.js';
import { EnrolScreen } from './components/EnrolScreen.js';

/**
 * One of three layouts, as the display's config says: a landscape wall screen (current
 * call beside the recent calls and queues), a portrait one (stacked), or a counter-top
 * sign (only the latest call). The data attributes are for tests and for staff who look.
 * While the server refuses this display (enrolment), the enrol screen instead.
 */
export function App() {
  const state = useDisplay();
  const layout = state.layout.value;

  useSignalEffect(() => {
    document.documentElement.lang = state.primaryLanguage.value;
  });

  if (state.enrolment.refusal.value) return <EnrolScreen />;
  return (
    <main
      class={`display layout-${layout}`}
      data-testid="display"
      data-layout={layout}
      data-zone={state.zone.value ?? ''}
      data-language={state.language.value.code}
      data-connected={String(state.connected.value)}
      data-chimes={state.chimes.value}
    >
      <h1 class="visually-hidden">{state.config.value?.name ?? 'Entré'}</h1>
      {layout === 'counter' ? <CurrentCall size="sign" /> : (
        <>
          <CurrentCall />
          <div class="display-side">
            <RecentCalls shown={layout === 'portrait' ? 6 : 5} />
            <QueueOverview />
          </div>
          <Messages />
        </>
      )}
      <ConnectionBadge />
      <Announcer />
    </main>
  );
}
