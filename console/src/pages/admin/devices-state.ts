/**
 * The admin page's "Enheter" (device enrolment, issue 9): which kiosks, displays and
 * bridges are registered and in what state, registering one (a one-time code, shown once),
 * a new code for one, and revoking one, which cuts it off at once. Refreshed from the
 * server while the page is open; every answer is checked against the protocol's schema.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  DeviceCredential, DeviceCredentialList, DeviceList, EnrolmentCode, PrinterList, ServicePointList, lightChecker,
  type CredentialState, type DeviceCredential as Credential, type DeviceView, type EnrolmentCode as Code,
  type EnrolledDeviceKind, type PrinterView, type RegisterDeviceRequest, type ServicePoint,
} from '@entre/protocol';
import { ApiError, type Http } from '@entre/web-common/http';
import { deviceAddress } from '@entre/web-common/enrolment';
import { browserTimers, type Timers } from '@entre/web-common/timers';
import { createPoller } from '../../lib/poll.js';
import { adminStrings as s } from './strings.js';

const check = {
  credentials: lightChecker(DeviceCredentialList),
  credential: lightChecker(DeviceCredential),
  code: lightChecker(EnrolmentCode),
  places: lightChecker(DeviceList),
  printers: lightChecker(PrinterList),
  points: lightChecker(ServicePointList),
};

/** Devices rarely change under an admin's eyes; this is a safety net, not a live view. */
export const REFRESH_MS = 15_000;
/** While a code is on screen the list is read this often, so the admin sees the device take it. */
export const WATCH_MS = 3_000;

export interface Notice { kind: 'ok' | 'error'; text: string }

/** A kiosk or display the admin can pick, with its enrolment state if it has one. */
export interface Pickable { id: string; name: string; state: CredentialState | null }

/** What the register form holds, as typed. */
export interface RegisterForm {
  kind: EnrolledDeviceKind;
  /** The kiosk or display picked. */
  pick: string;
  bridgeId: string;
  name: string;
  printers: string[];
  counters: string[];
}

export type Checked =
  | { ok: true; request: RegisterDeviceRequest }
  | { ok: false; field: 'pick' | 'bridgeId' | 'scope'; message: string };

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The kiosks (or displays) of the site, each with its enrolment state, for the picker. */
export function pickable(kind: 'kiosk' | 'display', places: readonly DeviceView[], credentials: readonly Credential[]): Pickable[] {
  return places.filter((p) => p.kind === kind).map((p) => ({
    id: p.id, name: p.name, state: credentials.find((c) => c.id === p.id && c.kind === kind)?.state ?? null,
  }));
}

/** The form as a request, or what is missing; the server checks it again (unknown ids, printers). */
export function checkRegistration(form: RegisterForm): Checked {
  const name = form.name.trim();
  if (form.kind !== 'bridge') {
    if (!form.pick) return { ok: false, field: 'pick', message: s.pickRequired(s.kinds[form.kind]) };
    return { ok: true, request: { kind: form.kind, id: form.pick } };
  }
  const id = form.bridgeId.trim().toLowerCase();
  if (!ID.test(id)) return { ok: false, field: 'bridgeId', message: s.bridgeIdInvalid };
  if (form.printers.length === 0 && form.counters.length === 0) return { ok: false, field: 'scope', message: s.bridgeNeedsSomething };
  return { ok: true, request: { kind: 'bridge', id, ...(name ? { name } : {}), printers: [...form.printers], counters: [...form.counters] } };
}

/** What to do on the device with the code: open an address (kiosk, display) or start the bridge with it. */
export type EnrolmentHint = { kind: 'address'; url: string } | { kind: 'command'; text: string };

export function enrolmentHint(origin: string, code: Code): EnrolmentHint {
  const path = deviceAddress(code.device.kind, code.device.id);
  if (path) return { kind: 'address', url: `${origin}${path}` };
  return { kind: 'command', text: `ENTRE_SERVER_URL=${origin} ENTRE_BRIDGE_ID=${code.device.id} ENTRE_ENROL_CODE=${code.code} npm run bridge` };
}

/** The request that gives an existing device a new code, keeping its name and scope. */
export function reissueRequest(device: Credential): RegisterDeviceRequest {
  return device.kind === 'bridge'
    ? { kind: 'bridge', id: device.id, name: device.name, printers: device.printers, counters: device.counters }
    : { kind: device.kind, id: device.id };
}

export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.failure === 'network' ? s.networkError : err.detail;
  return String(err);
}

export interface DevicesState {
  readonly credentials: ReadonlySignal<Credential[] | null>;
  /** The site's kiosks and displays (GET /devices), to pick from. */
  readonly places: ReadonlySignal<DeviceView[]>;
  readonly printers: ReadonlySignal<PrinterView[]>;
  readonly servicePoints: ReadonlySignal<ServicePoint[]>;
  readonly updatedAt: ReadonlySignal<number | null>;
  readonly loadError: ReadonlySignal<string | null>;
  /** Actions on their way: `register`, `code:<id>`, `revoke:<id>`. */
  readonly pending: ReadonlySignal<ReadonlySet<string>>;
  readonly notice: ReadonlySignal<Notice | null>;
  /** The code just issued: shown once, gone when dismissed or when the page closes. */
  readonly issued: ReadonlySignal<Code | null>;
  /** The device has used the code on screen: it is enrolled now. */
  readonly codeUsed: ReadonlySignal<boolean>;
  refresh(): Promise<void>;
  /** Resolves true once the server issued the code. */
  register(request: RegisterDeviceRequest): Promise<boolean>;
  newCode(device: Credential): Promise<boolean>;
  /** Resolves true once the server revoked it. */
  revoke(device: Credential): Promise<boolean>;
  dismissCode(): void;
  start(): void;
  stop(): void;
}

export function createDevicesState(http: Http, timers: Timers = browserTimers): DevicesState {
  const credentials = signal<Credential[] | null>(null);
  const places = signal<DeviceView[]>([]);
  const printers = signal<PrinterView[]>([]);
  const servicePoints = signal<ServicePoint[]>([]);
  const updatedAt = signal<number | null>(null);
  const loadError = signal<string | null>(null);
  const pending = signal<ReadonlySet<string>>(new Set());
  const notice = signal<Notice | null>(null);
  const issued = signal<Code | null>(null);

  const mark = (key: string, on: boolean) => {
    const next = new Set(pending.value);
    if (on) next.add(key); else next.delete(key);
    pending.value = next;
  };

  /** Enrolled since the code was issued (a new enrolment time; the old one, if any, was before). */
  const codeUsed = computed(() => {
    const code = issued.value;
    const now = code && credentials.value?.find((d) => d.id === code.device.id);
    return !!now && now.state === 'enrolled' && now.enrolledAt !== code.device.enrolledAt;
  });

  const watcher = createPoller(async () => {
    try {
      credentials.value = (await http.get('/admin/devices', check.credentials)).devices;
    } catch { /* the regular read reports it */ }
    if (codeUsed.value) watcher.stop();
  }, WATCH_MS, timers);

  const poller = createPoller(async () => {
    try {
      const [c, d, p, sp] = await Promise.all([
        http.get('/admin/devices', check.credentials), http.get('/devices', check.places),
        http.get('/printers', check.printers), http.get('/service-points', check.points),
      ]);
      batch(() => {
        credentials.value = c.devices;
        places.value = d.devices;
        printers.value = p.printers;
        servicePoints.value = sp.servicePoints;
        updatedAt.value = timers.now();
        loadError.value = null;
      });
    } catch (err) {
      loadError.value = describeError(err);
    }
  }, REFRESH_MS, timers);
  const { refresh } = poller;

  /** The device's row, as the server now has it. */
  const upsert = (device: Credential) => {
    const list = credentials.value ?? [];
    credentials.value = list.some((d) => d.id === device.id) ? list.map((d) => (d.id === device.id ? device : d)) : [...list, device];
  };

  async function issue(request: RegisterDeviceRequest, key: string, failed: (detail: string) => string): Promise<boolean> {
    if (pending.value.has(key)) return false;
    mark(key, true);
    try {
      const code = await http.post('/admin/devices', request, check.code);
      batch(() => {
        issued.value = code;
        upsert(code.device);
        notice.value = { kind: 'ok', text: s.registered(code.device.name) };
      });
      watcher.start();
      return true;
    } catch (err) {
      notice.value = { kind: 'error', text: failed(describeError(err)) };
      return false;
    } finally {
      mark(key, false);
    }
  }

  return {
    credentials, places, printers, servicePoints, updatedAt, loadError, pending, notice, issued, codeUsed, refresh,

    register: (request) => issue(request, 'register', s.registerFailed),

    newCode: (device) => issue(reissueRequest(device), `code:${device.id}`, (detail) => s.newCodeFailed(device.name, detail)),

    async revoke(device) {
      const key = `revoke:${device.id}`;
      if (pending.value.has(key)) return false;
      mark(key, true);
      try {
        const updated = await http.post(`/admin/devices/${encodeURIComponent(device.id)}/revoke`, {}, check.credential);
        batch(() => {
          upsert(updated);
          // A code still on screen for it is worth nothing now.
          if (issued.value?.device.id === updated.id) { issued.value = null; watcher.stop(); }
          notice.value = { kind: 'ok', text: s.revoked(updated.name) };
        });
        return true;
      } catch (err) {
        notice.value = { kind: 'error', text: s.revokeFailed(device.name, describeError(err)) };
        return false;
      } finally {
        mark(key, false);
      }
    },

    dismissCode() {
      issued.value = null;
      watcher.stop();
      // The device may have taken the code since the last read.
      void refresh();
    },

    start: poller.start,
    stop() {
      poller.stop();
      watcher.stop();
    },
  };
}
