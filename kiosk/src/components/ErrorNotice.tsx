import { useKiosk } from '../state/context.js';
import './ErrorNotice.css';

/** The visitor-friendly error (or how long to wait); the technical cause is in the console log for staff. */
export function ErrorNotice() {
  const state = useKiosk();
  return (
    <p class="error-notice" role="alert" data-testid="error-notice">
      {state.errorMessage.value}
    </p>
  );
}
