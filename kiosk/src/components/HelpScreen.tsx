import type { PriorityReason } from '@entre/protocol';
import { useKiosk } from '../state/context.js';
import { ScreenTitle } from './ScreenTitle.js';
import { ErrorNotice } from './ErrorNotice.js';
import { BackButton } from './BackButton.js';
import { Icon, type IconName } from './Icon.js';
import './ErrandScreen.css';

const reasons: { reason: PriorityReason; key: 'help.accessibility' | 'help.interpreter' | 'help.staff'; icon: IconName }[] = [
  { reason: 'accessibility', key: 'help.accessibility', icon: 'people' },
  { reason: 'interpreter', key: 'help.interpreter', icon: 'info' },
  { reason: 'staff', key: 'help.staff', icon: 'help' },
];

/** The "need help / priority" path: one touch gives a priority number, with the reason for staff. */
export function HelpScreen() {
  const state = useKiosk();
  const t = state.t.value;
  return (
    <section class="screen help-screen">
      <ScreenTitle>{t('help.title')}</ScreenTitle>
      <p class="question-hint">{t('help.priorityNote')}</p>
      {state.failed.value && <ErrorNotice />}
      <ul class="errand-list answer-list" aria-busy={state.issuing.value}>
        {reasons.map((r) => (
          <li key={r.reason}>
            <button type="button" class="errand" data-testid={`priority-${r.reason}`} onClick={() => void state.askPriority(r.reason)}>
              <Icon name={r.icon} class="errand-icon" />
              <span class="errand-name">{t(r.key)}</span>
            </button>
          </li>
        ))}
      </ul>
      <div class="screen-actions"><BackButton /></div>
    </section>
  );
}
