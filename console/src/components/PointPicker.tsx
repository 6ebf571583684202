import { pick } from '@entre/protocol';
import { useCounter } from '../state/context.js';
import { strings } from '../lib/strings.js';
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
        <button type="button" class="button-link" onClick={() => void state.loadPoints()}>{strings.retry}</button>
      </div>
    );
  }
  if (state.points.value.length === 0) return <p class="point-picker-note">{strings.noPoints}</p>;

  return (
    <label class="point-picker">
      <span class="point-picker-label">{strings.servicePoint}</span>
      <select
        class="point-picker-select"
        data-testid="point-select"
        value={state.pointId.value ?? ''}
        disabled={state.calling.value}
        onChange={(e) => state.selectPoint(e.currentTarget.value)}
      >
        {state.pointId.value === null && <option value="" disabled>{strings.choosePoint}</option>}
        {state.points.value.map((p) => (
          <option key={p.id} value={p.id}>{pick(p.name, 'sv')}</option>
        ))}
      </select>
    </label>
  );
}
