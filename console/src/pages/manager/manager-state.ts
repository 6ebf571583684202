/**
 * The manager's dashboard from `GET /api/v1/dashboard`, read again on every live change
 * and polled as a safety net while the page is open; a failed read keeps the last figures
 * and says why.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { Dashboard, lightChecker, type Dashboard as DashboardT } from '@entre/protocol';
import { ApiError, type Http } from '@entre/web-common/http';
import { browserTimers, type Timers } from '@entre/web-common/timers';
import { createPoller } from '../../lib/poll.js';
import { managerStrings as s } from './strings.js';

const checkDashboard = lightChecker(Dashboard);

/** A safety net only: changes arrive over the live link (lib/live.ts). */
export const REFRESH_MS = 15_000;

export interface ManagerState {
  readonly dashboard: ReadonlySignal<DashboardT | null>;
  readonly loadError: ReadonlySignal<string | null>;
  refresh(): Promise<void>;
  start(): void;
  stop(): void;
}

export function createManagerState(http: Http, timers: Timers = browserTimers): ManagerState {
  const dashboard = signal<DashboardT | null>(null);
  const loadError = signal<string | null>(null);
  const poller = createPoller(async () => {
    try {
      const d = await http.get('/dashboard', checkDashboard);
      batch(() => { dashboard.value = d; loadError.value = null; });
    } catch (err) {
      loadError.value = err instanceof ApiError ? (err.failure === 'network' ? s.networkError : err.detail) : String(err);
    }
  }, REFRESH_MS, timers);

  return { dashboard, loadError, ...poller };
}
