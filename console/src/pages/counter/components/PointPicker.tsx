import { pick } from '@entre/protocol';
import { useCounter } from '../state/context.js';
import { strings } from '../strings.js';
import './PointPicker.css';

/** Which desk this browser is; remembered, and settable with `?point=`. */
export function PointPicker() {
  const state = useCounter();
  const status = state.pointsStatus.value;

  if (status === 'loading' && state.points.value.length === 0) {
    return <p class="point-picker-note" role="status">{strings.loadingPoints}</p>;
  }
  if (status === 'failed') {
    return (
      <div class="alert point-picker-failed" role="alert">
        {strings.pointsFailed} {state.error.value}
        <button type="button" class="button button-link" onClick={() => void state.loadPoints()}>{strings.retry}</button>
      </div>
    );
  }
  if (state.points.value.length === 0) return <p class="point-picker-note">{strings.noPoints}</p>;

  // An agent with a contact in hand finishes it first: the display announced this desk.
  const locked = state.agent.value !== null && state.current.value !== null;
  return (
    <div class="point-picker-wrap">
      <label class="point-picker">
        <span class="point-picker-label">{strings.servicePoint}</span>
        <select
          class="point-picker-select"
          data-testid="point-select"
          value={state.pointId.value ?? ''}
          disabled={state.busy.value !== null || locked}
          aria-describedby={locked ? 'point-locked' : undefined}
          onChange={(e) => void state.selectPoint(e.currentTarget.value)}
        >
          {state.pointId.value === null && <option value="" disabled>{strings.choosePoint}</option>}
          {state.points.value.map((p) => (
            <option key={p.id} value={p.id}>{pick(p.name, 'sv')}</option>
          ))}
        </select>
      </label>
      {locked && <p id="point-locked" class="point-picker-note">{strings.pointLocked}</p>}
    </div>
  );
}
