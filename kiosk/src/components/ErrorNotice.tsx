import { useKiosk } from '../state/context.js';
import './ErrorNotice.css';

/** The visitor-friendly error; the technical cause is in the console log for staff. */
export function ErrorNotice() {
  const state = useKiosk();
  return (
    <p class="error-notice" role="alert">
      {state.t.value('kiosk.error')}
    </p>
  );
}
