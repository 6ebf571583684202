/**
 * The live staffing advice from `GET /api/v1/staffing/advice`: which queues are at risk in
 * the coming quarter hour and who could move there. Read again with the dashboard on every
 * live change, polled as a safety net; a failed read keeps the last advice and says why.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { StaffingAdvice, lightChecker, type StaffingAdvice as StaffingAdviceT } from '@entre/protocol';
import { ApiError, type Http } from '@entre/web-common/http';
import { browserTimers, type Timers } from '@entre/web-common/timers';
import { createPoller } from '../../lib/poll.js';
import { managerStrings as s } from './strings.js';

const checkAdvice = lightChecker(StaffingAdvice);

/** The same safety net as the dashboard's (manager-state.ts). */
export const ADVICE_REFRESH_MS = 15_000;

export interface AdviceState {
  readonly advice: ReadonlySignal<StaffingAdviceT | null>;
  readonly loadError: ReadonlySignal<string | null>;
  refresh(): Promise<void>;
  start(): void;
  stop(): void;
}

export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.failure === 'network' ? s.networkError : err.detail;
  return String(err);
}

export function createAdviceState(http: Http, timers: Timers = browserTimers): AdviceState {
  const advice = signal<StaffingAdviceT | null>(null);
  const loadError = signal<string | null>(null);
  const poller = createPoller(async () => {
    try {
      const a = await http.get('/staffing/advice', checkAdvice);
      batch(() => { advice.value = a; loadError.value = null; });
    } catch (err) {
      loadError.value = describeError(err);
    }
  }, ADVICE_REFRESH_MS, timers);
  return { advice, loadError, ...poller };
}
