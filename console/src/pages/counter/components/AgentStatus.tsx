import { useState } from 'preact/hooks';
import { useCounter } from '../state/context.js';
import { strings } from '../strings.js';
import './AgentStatus.css';

/**
 * Whom this desk works as and their state: available, paused (with a reason) or offline.
 * Reception (and admin) may act as any agent; a counter account without one works as the
 * desk alone, with "call next" for the desk's own errands.
 */
export function AgentStatus() {
  const state = useCounter();
  const agent = state.agent.value;
  const busy = state.busy.value !== null;
  const [reason, setReason] = useState<string>(strings.pauseReasons[0]);

  return (
    <section class="agent-status" aria-labelledby="agent-status-heading">
      <h2 id="agent-status-heading" class="visually-hidden">{strings.statusHeading}</h2>
      {state.mayActForOthers && (
        <label class="agent-field">
          <span>{strings.actAs}</span>
          <select
            data-testid="act-as"
            value={state.agentId.value ?? ''}
            disabled={busy}
            onChange={(e) => state.actAs(e.currentTarget.value || null)}
          >
            <option value="">{strings.actAsCounter}</option>
            {state.agents.value.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </label>
      )}
      {!agent && !state.mayActForOthers && <p class="agent-note">{strings.pointMode}</p>}
      {agent && (
        <>
          <p class="agent-state" data-testid="agent-state" data-state={agent.state}>
            <span class="agent-state-label">{strings.stateNow}:</span>{' '}
            <strong>{strings.agentStates[agent.state]}</strong>
            {agent.state === 'paused' && agent.pauseReason && <> ({agent.pauseReason})</>}
          </p>
          <div class="agent-controls">
            <button
              type="button" class="state-button" data-testid="state-available"
              aria-pressed={agent.state === 'available' || agent.state === 'serving'}
              aria-disabled={busy} onClick={() => void state.setState('available')}
            >{strings.setAvailable}</button>
            <span class="pause-group">
              <label class="visually-hidden" for="pause-reason">{strings.pauseReason}</label>
              <select id="pause-reason" data-testid="pause-reason" value={reason} disabled={busy} onChange={(e) => setReason(e.currentTarget.value)}>
                {strings.pauseReasons.map((r) => <option key={r} value={r}>{r}</option>)}
              </select>
              <button
                type="button" class="state-button" data-testid="state-paused"
                aria-pressed={agent.state === 'paused'}
                aria-disabled={busy} onClick={() => void state.setState('paused', reason)}
              >{strings.setPaused}</button>
            </span>
            <button
              type="button" class="state-button" data-testid="state-offline"
              aria-pressed={agent.state === 'offline'}
              aria-disabled={busy} onClick={() => void state.setState('offline')}
            >{strings.setOffline}</button>
          </div>
        </>
      )}
    </section>
  );
}
