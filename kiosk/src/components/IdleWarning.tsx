import { useEffect, useRef } from 'preact/hooks';
import { useKiosk } from '../state/context.js';
import './IdleWarning.css';

/**
 * "Are you still there?" before an idle kiosk starts over, so a visitor who stepped back
 * to read is not thrown out mid-choice. Any touch or key keeps the screen.
 */
export function IdleWarning() {
  const state = useKiosk();
  const left = state.idleWarning.value;
  const button = useRef<HTMLButtonElement>(null);
  const open = left !== null;
  useEffect(() => { if (open) button.current?.focus(); }, [open]);
  if (!open) return null;
  const t = state.t.value;
  return (
    <div class="idle-backdrop">
      <div class="idle-dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-body" data-testid="idle-warning">
        <h2 id="idle-title" class="idle-title">{t('idle.title')}</h2>
        <p id="idle-body" class="idle-body">{t('idle.body', { n: left })}</p>
        <button ref={button} type="button" class="button button-primary" data-testid="idle-stay" onClick={() => state.noteActivity()}>
          {t('idle.stay')}
        </button>
      </div>
    </div>
  );
}
