/**
 * The manager's dashboard, polled from `GET /api/v1/dashboard` every 5 seconds while the
 * page is open; a failed poll keeps the last figures and says why.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { Dashboard, lightChecker, type Dashboard as DashboardT } from '@entre/protocol';
import { ApiError, type Http } from '@entre/web-common/http';
import { browserTimers, type Timers } from '@entre/web-common/timers';
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
  let timer: number | undefined;
  let inFlight: Promise<void> | null = null;

  function refresh(): Promise<void> {
    inFlight ??= (async () => {
      try {
        const d = await http.get('/dashboard', checkDashboard);
        batch(() => { dashboard.value = d; loadError.value = null; });
      } catch (err) {
        loadError.value = err instanceof ApiError ? (err.failure === 'network' ? s.networkError : err.detail) : String(err);
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  }

  return {
    dashboard, loadError, refresh,
    start() {
      if (timer !== undefined) return;
      void refresh();
      timer = timers.setInterval(() => { void refresh(); }, REFRESH_MS);
    },
    stop() {
      timers.clearInterval(timer);
      timer = undefined;
    },
  };
}
