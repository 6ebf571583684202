import type { MessageKey, Ticket } from '@entre/protocol';
import type { PrintWatch } from '../state/kiosk-state.js';
import { useKiosk } from '../state/context.js';
import { Icon } from './Icon.js';
import './PrintStatus.css';

type Look = 'busy' | 'ok' | 'problem' | 'quiet';

/**
 * What to tell the visitor about the paper ticket; the number stays on screen in every
 * case. Never the printer's fault code: that goes to facility staff, not to a visitor.
 */
function describe(state: Ticket['print']['state'], watch: PrintWatch): { key: MessageKey | null; look: Look } {
  switch (state) {
    case 'printed': return { key: 'kiosk.printed', look: 'ok' };
    case 'failed': return { key: 'kiosk.printFailed', look: 'problem' };
    case 'queued': return watch === 'timeout' ? { key: 'kiosk.printFailed', look: 'problem' } : { key: 'kiosk.printing', look: 'busy' };
    case 'none': return { key: null, look: 'quiet' };
  }
}

export function PrintStatus({ ticket, watch }: { ticket: Ticket; watch: PrintWatch }) {
  const t = useKiosk().t.value;
  const { key, look } = describe(ticket.print.state, watch);
  return (
    <p
      class={`print-status print-status-${look}`}
      data-testid="print-status"
      data-state={ticket.print.state}
      role="status"
      aria-live="polite"
    >
      {key && (
        <span class="print-status-icon" aria-hidden="true">
          {look === 'ok' && <Icon name="check" />}
          {look === 'problem' && <Icon name="alert" />}
        </span>
      )}
      {key && <span>{t(key)}</span>}
    </p>
  );
}
