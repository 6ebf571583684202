/**
 * The console's safety net under the live link (live.ts): a page reads its view now, then
 * again every `ms` while the tab is shown. A hidden tab does not poll; it catches up the
 * moment it is shown again. One read at a time: a slow server never gets a second on top
 * of the first, and a caller asking meanwhile shares the one in flight.
 */
import { browserTimers, type Timers } from '@entre/web-common/timers';

export interface Poller {
  /** Reads now and keeps reading until stop(); a second start does nothing. */
  start(): void;
  stop(): void;
  /** Reads now (or joins the read in flight). */
  refresh(): Promise<void>;
}

const hidden = () => typeof document !== 'undefined' && document.hidden;

export function createPoller(read: () => Promise<void>, ms: number, timers: Timers = browserTimers): Poller {
  let timer: number | undefined;
  let running = false;
  let inFlight: Promise<void> | null = null;

  function refresh(): Promise<void> {
    inFlight ??= read().finally(() => { inFlight = null; });
    return inFlight;
  }

  // The page's read shows its own errors; a failed poll must not stop the next one.
  const quietly = () => refresh().catch(() => {});

  function schedule() {
    timers.clearTimeout(timer);
    if (!running) return;
    timer = timers.setTimeout(() => {
      void (hidden() ? Promise.resolve() : quietly()).finally(schedule);
    }, ms);
  }

  const onVisible = () => { if (!hidden()) void quietly(); };

  return {
    refresh,
    start() {
      if (running) return;
      running = true;
      void quietly();
      if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisible);
      schedule();
    },
    stop() {
      running = false;
      timers.clearTimeout(timer);
      timer = undefined;
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
