/**
 * The counter page: pick the desk, set your state, call the next contact (and see why),
 * recall, serve, transfer, park, finish with outcome, ROSA level and case; the live queues
 * of your skills beside it, and one-letter shortcuts for the common steps.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { hasRole } from '@entre/protocol';
import { useApi } from '../../lib/api-context.js';
import { useAuth } from '../../auth/context.js';
import { createCounterApi } from './api.js';
import { localAgentMemory, localPointMemory } from './storage.js';
import { createCounterState } from './state/counter-state.js';
import { CounterContext, useCounter } from './state/context.js';
import { useShortcuts } from './use-shortcuts.js';
import { PointPicker } from './components/PointPicker.js';
import { AgentStatus } from './components/AgentStatus.js';
import { CallNextPanel } from './components/CallNextPanel.js';
import { TransferForm } from './components/TransferForm.js';
import { FinishForm } from './components/FinishForm.js';
import { CasePanel } from './components/CasePanel.js';
import { QueueList } from './components/QueueList.js';
import { ShortcutLegend } from './components/ShortcutLegend.js';
import './CounterPage.css';
import { LIVE, useLiveRefresh } from '../../lib/live.js';

export function CounterPage() {
  const http = useApi();
  const staff = useAuth().staff.value;
  const state = useMemo(() => {
    if (!staff) return null;
    return createCounterState({
      api: createCounterApi(http),
      staff,
      mayActForOthers: hasRole(staff.roles, ['reception']),
      pointMemory: localPointMemory(),
      agentMemory: localAgentMemory(),
      requestedPoint: new URLSearchParams(location.search).get('point'),
      defaultPoint: 'disk-1',
      onPointChange(point) {
        const url = new URL(location.href);
        if (url.searchParams.get('point') === point) return;
        url.searchParams.set('point', point);
        history.replaceState(history.state, '', url);
      },
    });
  }, [http, staff?.id]);
  useLiveRefresh([LIVE.queues, LIVE.calls], () => state?.refresh());

  useEffect(() => {
    if (!state) return;
    void state.start();
    return () => state.stop();
  }, [state]);

  if (!state) return null;
  return (
    <CounterContext.Provider value={state}>
      <Counter />
    </CounterContext.Provider>
  );
}

function Counter() {
  const state = useCounter();
  useShortcuts(state);
  // A step's button goes away with the step (Start once serving): focus would fall to the
  // page's end, so it comes back to the top of the desk's work instead.
  const step = `${state.current.value?.id ?? ''}:${state.current.value?.state ?? ''}:${state.transferOpen.value}`;
  const firstStep = useRef(true);
  useEffect(() => {
    if (firstStep.current) { firstStep.current = false; return; }
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (lost) document.getElementById('call-heading')?.focus();
  }, [step]);
  const ready = state.pointsStatus.value === 'ready' && (state.pointId.value !== null || state.agent.value !== null);
  return (
    <div class="counter" data-testid="counter-page">
      <div class="counter-toolbar">
        <PointPicker />
        <AgentStatus />
      </div>
      <Messages />
      <div class="counter-grid">
        <div class="counter-work">
          {ready && <CallNextPanel />}
          <TransferForm />
          <CasePanel />
          <FinishForm />
        </div>
        <div class="counter-side">
          <QueueList />
          <ShortcutLegend />
        </div>
      </div>
    </div>
  );
}

/** The live regions stay in the page, so what changes inside them is announced. */
function Messages() {
  const state = useCounter();
  const error = state.error.value;
  const notice = state.notice.value;
  return (
    <div class="counter-messages">
      <div role="alert" data-testid="counter-error">{error && <p class="alert">{error}</p>}</div>
      <div role="status" data-testid="counter-notice">{notice && <p class="notice">{notice}</p>}</div>
    </div>
  );
}
