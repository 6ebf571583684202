/**
 * What the facility page shows: printers, devices and alerts, refreshed every few seconds
 * from the server (the record), plus the two things facility staff do here: a test print
 * and acknowledging an alert. Each answer is checked against the protocol's schema.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  AlertList, AlertView, DeviceList, PrinterList, TestPrintResponse, lightChecker,
  type AlertView as Alert, type DeviceView, type PrinterView,
} from '@entre/protocol';
import { ApiError, type Http } from '@entre/web-common/http';
import { browserTimers, type Timers } from '@entre/web-common/timers';
import { createPoller } from '../../lib/poll.js';
import { facilityStrings as s } from './strings.js';

const check = {
  printers: lightChecker(PrinterList),
  devices: lightChecker(DeviceList),
  alerts: lightChecker(AlertList),
  alert: lightChecker(AlertView),
  testPrint: lightChecker(TestPrintResponse),
};

/** A safety net only: changes arrive over the live link (lib/live.ts). */
export const REFRESH_MS = 15_000;

/** A message for the page's live region: what an action did, or why it did not. */
export interface Notice { kind: 'ok' | 'error'; text: string }

export interface FacilityState {
  readonly printers: ReadonlySignal<PrinterView[] | null>;
  readonly devices: ReadonlySignal<DeviceView[] | null>;
  readonly alerts: ReadonlySignal<Alert[] | null>;
  /** Open alerts nobody acknowledged yet. */
  readonly unacknowledged: ReadonlySignal<number>;
  /** When the last refresh answered (ms), and why the last one failed, if it did. */
  readonly updatedAt: ReadonlySignal<number | null>;
  readonly loadError: ReadonlySignal<string | null>;
  /** Actions on their way: `print:<printer>` and `ack:<alert>`. */
  readonly pending: ReadonlySignal<ReadonlySet<string>>;
  readonly notice: ReadonlySignal<Notice | null>;
  refresh(): Promise<void>;
  testPrint(printer: PrinterView): Promise<void>;
  /** Resolves true once the server recorded it. */
  acknowledge(alert: Alert): Promise<boolean>;
  /** Refreshes now and then every REFRESH_MS until stop(). */
  start(): void;
  stop(): void;
}

export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.failure === 'network' ? s.networkError : err.detail;
  return String(err);
}

export function createFacilityState(http: Http, timers: Timers = browserTimers): FacilityState {
  const printers = signal<PrinterView[] | null>(null);
  const devices = signal<DeviceView[] | null>(null);
  const alerts = signal<Alert[] | null>(null);
  const updatedAt = signal<number | null>(null);
  const loadError = signal<string | null>(null);
  const pending = signal<ReadonlySet<string>>(new Set());
  const notice = signal<Notice | null>(null);

  const mark = (key: string, on: boolean) => {
    const next = new Set(pending.value);
    if (on) next.add(key); else next.delete(key);
    pending.value = next;
  };

  const poller = createPoller(async () => {
    try {
      const [p, d, a] = await Promise.all([
        http.get('/printers', check.printers), http.get('/devices', check.devices), http.get('/alerts', check.alerts),
      ]);
      batch(() => {
        printers.value = p.printers;
        devices.value = d.devices;
        alerts.value = a.alerts;
        updatedAt.value = timers.now();
        loadError.value = null;
      });
    } catch (err) {
      loadError.value = describeError(err);
    }
  }, REFRESH_MS, timers);
  const { refresh } = poller;

  return {
    printers, devices, alerts, updatedAt, loadError, pending, notice,
    unacknowledged: computed(() => (alerts.value ?? []).filter((a) => !a.clearedAt && !a.acknowledgedAt).length),
    refresh,

    async testPrint(printer) {
      const key = `print:${printer.id}`;
      if (pending.value.has(key)) return;
      mark(key, true);
      try {
        await http.post(`/printers/${encodeURIComponent(printer.id)}/test-print`, {}, check.testPrint);
        notice.value = { kind: 'ok', text: s.testPrintSent(printer.name) };
        await refresh();
      } catch (err) {
        notice.value = { kind: 'error', text: s.testPrintFailed(printer.name, describeError(err)) };
      } finally {
        mark(key, false);
      }
    },

    async acknowledge(alert) {
      const key = `ack:${alert.id}`;
      if (pending.value.has(key)) return false;
      mark(key, true);
      try {
        const updated = await http.post(`/alerts/${encodeURIComponent(alert.id)}/acknowledge`, {}, check.alert);
        batch(() => {
          alerts.value = (alerts.value ?? []).map((a) => (a.id === updated.id ? updated : a));
          notice.value = { kind: 'ok', text: s.acknowledgedNotice(s.alertKind[updated.kind], updated.subjectName) };
        });
        return true;
      } catch (err) {
        notice.value = { kind: 'error', text: s.acknowledgeFailed(describeError(err)) };
        return false;
      } finally {
        mark(key, false);
      }
    },

    start: poller.start,
    stop: poller.stop,
  };
}
