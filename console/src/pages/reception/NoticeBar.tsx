import { useRef, useState } from 'preact/hooks';
import { useReception } from './reception-state.js';
import { rx } from './strings.js';

/**
 * What the last action did, read out by screen readers (a polite live region that is
 * always in the page), with "Ångra" where the API can put things back.
 */
export function NoticeBar() {
  const state = useReception();
  const notice = state.notice.value;
  const [undoing, setUndoing] = useState(false);
  const dismissRef = useRef<HTMLButtonElement>(null);
  return (
    <div class={`rx-notice${notice ? '' : ' is-empty'}`}>
      <p role="status" class="rx-notice-text" data-testid="rx-notice">{notice?.text ?? ''}</p>
      {notice && (
        <div class="rx-notice-actions">
          {notice.undo && (
            <button type="button" class="rx-button rx-button-quiet" key={notice.id} aria-disabled={undoing ? 'true' : undefined}
              onClick={async () => {
                if (undoing || !notice.undo) return;
                setUndoing(true);
                try { await notice.undo(); } finally { setUndoing(false); }
                // The undo button is gone with its notice: keep the focus in the bar.
                dismissRef.current?.focus();
              }}>
              {rx.undo}
            </button>
          )}
          <button type="button" ref={dismissRef} class="rx-button rx-button-quiet" aria-label={rx.dismissNotice}
            onClick={() => { state.dismissNotice(); document.getElementById('rx-queues-title')?.focus(); }}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
    </div>
  );
}
