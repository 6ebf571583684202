/**
 * Keeps each printer's published status current: polls on an interval (every read races
 * a timeout) and remembers what was last published, so state topics only change when the
 * printer did.
 */
import { readStatusWithin, type DeviceStatus, type PrinterPort } from '../drivers/port.js';

export interface StatusTracker {
  /** True when `status` differs from the last one recorded for `printer` (and records it). */
  changed(printer: string, status: DeviceStatus): boolean;
  /** Forgets everything, so the next status of every printer counts as changed (e.g. after a reconnect). */
  reset(): void;
}

export function createStatusTracker(): StatusTracker {
  const last = new Map<string, string>();
  return {
    changed(printer, status) {
      const key = JSON.stringify([status.online, status.paper, status.coverOpen, [...status.errors].sort()]);
      if (last.get(printer) === key) return false;
      last.set(printer, key);
      return true;
    },
    reset() {
      last.clear();
    },
  };
}

export interface StatusPollerOptions {
  printers: ReadonlyArray<{ id: string; driver: PrinterPort }>;
  intervalMs: number;
  readTimeoutMs: number;
  onStatus(printer: string, status: DeviceStatus): void | Promise<void>;
  onError(err: unknown): void;
}

export interface StatusPoller {
  start(): void;
  stop(): Promise<void>;
}

export function createStatusPoller(options: StatusPollerOptions): StatusPoller {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const pollOnce = async () => {
    for (const printer of options.printers) {
      if (stopped) return;
      const status = await readStatusWithin(printer.driver, options.readTimeoutMs);
      await options.onStatus(printer.id, status);
    }
  };

  const schedule = () => {
    if (stopped) return;
    // A chain of timeouts rather than setInterval: a slow printer never gets overlapping polls.
    timer = setTimeout(() => {
      running = pollOnce().catch(options.onError).finally(() => {
        running = undefined;
        schedule();
      });
    }, options.intervalMs);
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
