/**
 * Whether the server serves this browser as the kiosk or display its address names, and
 * the enrol form's few states. Part of each app's state (kiosk-state.ts and
 * display-state.ts decide when their enrol screen shows); the forms are the apps' own.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { deviceRefusal, type DeviceRefusal, type EnrolOutcome } from './enrolment.js';

export interface EnrolmentState {
  /** The device this page is, by its address. */
  readonly device: { kind: 'kiosk' | 'display'; id: string };
  /** Why the server refuses this device; null while it serves it (or before it said). */
  readonly refusal: ReadonlySignal<DeviceRefusal | null>;
  /** A code is on its way. */
  readonly busy: ReadonlySignal<boolean>;
  /** What the last code gave; `ok` stays while the page reloads. */
  readonly outcome: ReadonlySignal<EnrolOutcome | null>;
  /** True (and remembered) when `err` is the server refusing this device; false for any other error. */
  note(err: unknown): boolean;
  /** The server served the device: whatever was refused is no longer. */
  served(): void;
  submit(code: string): Promise<void>;
  /** Typing again clears the last failure. */
  clearOutcome(): void;
}

export function createEnrolmentState(deps: {
  device: { kind: 'kiosk' | 'display'; id: string };
  enrol(code: string): Promise<EnrolOutcome>;
  /** After a good code: start over as the enrolled device (the page's address keeps `?kiosk=` or `?display=`). */
  reload(): void;
}): EnrolmentState {
  const refusal = signal<DeviceRefusal | null>(null);
  const busy = signal(false);
  const outcome = signal<EnrolOutcome | null>(null);

  return {
    device: deps.device, refusal, busy, outcome,

    note(err) {
      const r = deviceRefusal(err);
      if (!r) return false;
      refusal.value = r;
      return true;
    },

    served() {
      if (refusal.value !== null) refusal.value = null;
    },

    async submit(code) {
      if (busy.value) return;
      batch(() => { busy.value = true; outcome.value = null; });
      let result: EnrolOutcome;
      try {
        result = await deps.enrol(code);
      } finally {
        busy.value = false;
      }
      outcome.value = result;
      if (result.ok) deps.reload();
    },

    clearOutcome() {
      if (outcome.value !== null && !outcome.value.ok) outcome.value = null;
    },
  };
}
