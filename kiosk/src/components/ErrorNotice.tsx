import { t } from '@entre/protocol';
import './ErrorNotice.css';

/** The visitor-friendly error; the technical cause is in the console log for staff. */
export function ErrorNotice({ lang }: { lang: string }) {
  return (
    <p class="error-notice" role="alert">
      {t(lang, 'kiosk.error')}
    </p>
  );
}
