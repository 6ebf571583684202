import type { Command } from '../shortcuts.js';
import { shortcutKey } from '../shortcuts.js';
import { useCounter } from '../state/context.js';
import { strings } from '../strings.js';

/** The lifecycle steps the contact in hand allows now: exactly those, each with its key. */
export function ContactActions() {
  const state = useCounter();
  const c = state.current.value;
  if (!c) return null;
  const busy = state.busy.value !== null;
  const can = (action: string) => c.allowed.includes(action);

  const button = (command: Command, label: string, onClick: () => void, testid: string, extra: Record<string, unknown> = {}) => (
    <button type="button" class="action" data-testid={testid} aria-keyshortcuts={shortcutKey(command)} aria-disabled={busy} onClick={onClick} {...extra}>
      {label}
      <kbd class="key-hint" aria-hidden="true">{shortcutKey(command)}</kbd>
    </button>
  );

  return (
    <div class="contact-actions" role="group" aria-label={strings.contactHeading}>
      {can('recall') && button('recall', strings.recall, () => void state.recall(), 'recall')}
      {can('start') && button('serve', strings.start, () => void state.serve(), 'start')}
      {can('no_show') && button('noShow', strings.noShow, () => void state.noShow(), 'no-show')}
      {can('park') && button('park', strings.park, () => void state.togglePark(), 'park')}
      {can('resume') && button('park', strings.resume, () => void state.togglePark(), 'resume')}
      {can('transfer') && button('transfer', strings.transfer, () => state.openTransfer(!state.transferOpen.value), 'transfer-open', {
        'aria-expanded': state.transferOpen.value, 'aria-controls': 'transfer-form',
      })}
    </div>
  );
}
