import { useDisplay } from '../state/context.js';

/** Says each new call for screen-reader users; invisible on the wall. */
export function Announcer() {
  const state = useDisplay();
  return (
    <div class="visually-hidden" aria-live="assertive" aria-atomic="true" lang={state.primaryLanguage.value}>
      {state.announcement.value}
    </div>
  );
}
