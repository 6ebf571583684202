/**
 * "Enheter": every registered kiosk, display and bridge with its state; registering one
 * (kiosks and displays picked from the site's own, bridges given an id and what they
 * serve); its one-time code shown once, large, with where to type it; a new code; and
 * revoking, after a confirmation that says it cuts the device off at once.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { pick, type DeviceCredential, type EnrolledDeviceKind } from '@entre/protocol';
import { useApi } from '../../lib/api-context.js';
import { formatClockSeconds, formatTime } from '../facility/format.js';
import {
  checkRegistration, createDevicesState, enrolmentHint, pickable, type DevicesState, type RegisterForm,
} from './devices-state.js';
import { adminStrings as s } from './strings.js';

export function DevicesSection() {
  const http = useApi();
  const state = useMemo(() => createDevicesState(http), [http]);
  useEffect(() => {
    state.start();
    return () => state.stop();
  }, [state]);

  const notice = state.notice.value;
  return (
    <section class="admin-section" aria-labelledby="admin-devices" data-testid="devices-section">
      <h2 id="admin-devices" class="admin-heading" tabIndex={-1}>{s.devicesHeading}</h2>
      <p class="admin-intro">{s.devicesIntro}</p>
      <p class="admin-updated">{state.updatedAt.value !== null ? s.updated(formatClockSeconds(state.updatedAt.value)) : s.loading}</p>
      {state.loadError.value && <p class="alert" role="alert">{s.loadFailed(state.loadError.value)}</p>}
      {/* Always in the page, so screen readers announce what a button did when it changes. */}
      <p class={`admin-notice admin-notice--${notice?.kind ?? 'none'}`} role="status" data-testid="devices-notice">{notice?.text ?? ''}</p>
      {state.issued.value && <IssuedCode state={state} />}
      <Register state={state} />
      <DeviceTable state={state} />
    </section>
  );
}

/** The code, once: large, with its expiry and what to do with it on the device. */
function IssuedCode({ state }: { state: DevicesState }) {
  const issued = state.issued.value!;
  const heading = useRef<HTMLHeadingElement>(null);
  const hint = enrolmentHint(location.origin, issued);
  const [copied, setCopied] = useState<string | null>(null);
  const copyText = useRef<HTMLInputElement>(null);
  // A new code takes the focus, so keyboard and screen-reader users land on it.
  useLayoutEffect(() => { heading.current?.focus(); setCopied(null); }, [issued.code]);

  const copy = async () => {
    const text = hint.kind === 'address' ? hint.url : hint.text;
    try {
      // The clipboard API exists only in secure contexts; the lobby LAN is often plain http.
      if (navigator.clipboard) await navigator.clipboard.writeText(text);
      else {
        copyText.current?.select();
        if (!document.execCommand('copy')) throw new Error('copy refused');
      }
      setCopied(s.copied);
    } catch {
      setCopied(s.copyFailed);
    }
  };

  return (
    <div class="admin-code-panel" role="region" aria-labelledby="admin-code-title" data-testid="issued-code">
      <h3 id="admin-code-title" class="admin-subheading" ref={heading} tabIndex={-1}>{s.codeHeading(issued.device.name)}</h3>
      <p class="admin-code" data-testid="enrolment-code">{issued.code}</p>
      <p class="admin-code-expiry" data-testid="enrolment-code-expiry"><strong>{s.codeExpires(formatTime(issued.expiresAt))}</strong> {s.codeOnce}</p>
      <p>
        {hint.kind === 'address'
          ? (issued.device.kind === 'kiosk' ? s.codeStepKiosk(hint.url) : s.codeStepDisplay(hint.url))
          : s.codeStepBridge}
      </p>
      <div class="admin-copy-row">
        <label class="visually-hidden" for="admin-copy-text">{hint.kind === 'address' ? s.copyAddress : s.copyCommand}</label>
        <input id="admin-copy-text" ref={copyText} class="admin-copy-text" readOnly value={hint.kind === 'address' ? hint.url : hint.text}
          data-testid="enrolment-hint" onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
        <button type="button" class="button" onClick={() => void copy()}>{hint.kind === 'address' ? s.copyAddress : s.copyCommand}</button>
      </div>
      <p class="admin-muted" role="status">{copied ?? ''}</p>
      {issued.device.state === 'enrolled' && <p class="admin-muted">{s.replacesOld}</p>}
      <p class="admin-code-used" role="status" data-testid="enrolment-code-used">{state.codeUsed.value ? s.codeUsed(issued.device.name) : ''}</p>
      <button type="button" class="button button--primary" data-testid="close-code"
        onClick={() => { state.dismissCode(); document.getElementById('admin-devices')?.focus(); }}>
        {s.closeCode}
      </button>
    </div>
  );
}

const EMPTY: RegisterForm = { kind: 'kiosk', pick: '', bridgeId: '', name: '', printers: [], counters: [] };

function Register({ state }: { state: DevicesState }) {
  const [form, setForm] = useState<RegisterForm>(EMPTY);
  const [error, setError] = useState<{ field: 'pick' | 'bridgeId' | 'scope'; message: string } | null>(null);
  const busy = state.pending.value.has('register');
  const ids = { kind: useId(), pick: useId(), bridgeId: useId(), name: useId(), error: useId() };
  const credentials = state.credentials.value ?? [];
  const choices = form.kind === 'bridge' ? [] : pickable(form.kind, state.places.value, credentials);
  const update = (patch: Partial<RegisterForm>) => { setForm({ ...form, ...patch }); setError(null); };
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));
  const kindName = form.kind === 'kiosk' ? s.pickKiosk : s.pickDisplay;

  const submit = async (ev: Event) => {
    ev.preventDefault();
    if (busy) return;
    const checked = checkRegistration(form);
    if (!checked.ok) {
      setError({ field: checked.field, message: checked.message });
      const target = checked.field === 'pick' ? ids.pick : checked.field === 'bridgeId' ? ids.bridgeId : 'admin-printers-legend';
      document.getElementById(target)?.focus();
      return;
    }
    if (await state.register(checked.request)) setForm({ ...EMPTY, kind: form.kind });
  };

  const invalid = (field: string) => (error?.field === field ? { 'aria-invalid': 'true' as const, 'aria-describedby': ids.error } : {});

  return (
    <form class="admin-register" aria-labelledby="admin-register-title" onSubmit={(e) => void submit(e)} noValidate data-testid="register-device">
      <h3 id="admin-register-title" class="admin-subheading">{s.registerHeading}</h3>
      <div class="admin-fields">
        <div class="admin-field">
          <label for={ids.kind}>{s.kindLabel}</label>
          <select id={ids.kind} value={form.kind} data-testid="register-kind"
            onChange={(e) => update({ kind: (e.currentTarget as HTMLSelectElement).value as EnrolledDeviceKind, pick: '' })}>
            {(['kiosk', 'display', 'bridge'] as const).map((k) => <option key={k} value={k}>{s.kindOptions[k]}</option>)}
          </select>
        </div>
        {form.kind !== 'bridge' ? (
          <div class="admin-field">
            <label for={ids.pick}>{kindName}</label>
            <select id={ids.pick} value={form.pick} data-testid="register-pick" {...invalid('pick')}
              onChange={(e) => update({ pick: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="">{s.pickPlaceholder}</option>
              {choices.map((c) => (
                <option key={c.id} value={c.id}>{c.name}{c.name !== c.id ? ` (${c.id})` : ''}{c.state ? ` – ${s.pickState(c.state)}` : ''}</option>
              ))}
            </select>
            {state.credentials.value !== null && choices.length === 0 && <p class="admin-muted">{s.noneToPick(kindName)}</p>}
          </div>
        ) : (
          <>
            <div class="admin-field">
              <label for={ids.bridgeId}>{s.bridgeId}</label>
              <input id={ids.bridgeId} type="text" autocomplete="off" spellcheck={false} value={form.bridgeId} data-testid="register-bridge-id"
                aria-describedby={error?.field === 'bridgeId' ? `${ids.bridgeId}-hint ${ids.error}` : `${ids.bridgeId}-hint`}
                aria-invalid={error?.field === 'bridgeId' ? 'true' : undefined}
                onInput={(e) => update({ bridgeId: (e.currentTarget as HTMLInputElement).value })} />
              <p id={`${ids.bridgeId}-hint`} class="admin-muted">{s.bridgeIdHint}</p>
            </div>
            <div class="admin-field">
              <label for={ids.name}>{s.nameLabel}</label>
              <input id={ids.name} type="text" autocomplete="off" maxLength={80} value={form.name}
                onInput={(e) => update({ name: (e.currentTarget as HTMLInputElement).value })} />
            </div>
          </>
        )}
      </div>
      {form.kind === 'bridge' && (
        <div class="admin-fields">
          <fieldset class="admin-checks" {...invalid('scope')}>
            <legend id="admin-printers-legend" tabIndex={-1}>{s.printersLegend}</legend>
            {state.printers.value.length === 0 && <p class="admin-muted">{s.noPrinters}</p>}
            {state.printers.value.map((p) => (
              <label key={p.id} class="admin-check">
                <input type="checkbox" checked={form.printers.includes(p.id)} data-testid={`register-printer-${p.id}`}
                  onChange={(e) => update({ printers: toggle(form.printers, p.id, (e.currentTarget as HTMLInputElement).checked) })} />
                {p.name} <span class="admin-id">({p.id})</span>
              </label>
            ))}
          </fieldset>
          <fieldset class="admin-checks" {...invalid('scope')}>
            <legend>{s.countersLegend}</legend>
            {state.servicePoints.value.length === 0 && <p class="admin-muted">{s.noCounters}</p>}
            {state.servicePoints.value.map((sp) => (
              <label key={sp.id} class="admin-check">
                <input type="checkbox" checked={form.counters.includes(sp.id)} data-testid={`register-counter-${sp.id}`}
                  onChange={(e) => update({ counters: toggle(form.counters, sp.id, (e.currentTarget as HTMLInputElement).checked) })} />
                {pick(sp.name, 'sv')} <span class="admin-id">({sp.id})</span>
              </label>
            ))}
          </fieldset>
        </div>
      )}
      {error && <p id={ids.error} class="alert" role="alert">{error.message}</p>}
      <div>
        <button type="submit" class="button button--primary" aria-disabled={busy ? 'true' : undefined} data-testid="register-submit">
          {busy ? s.registering : s.register}
        </button>
      </div>
    </form>
  );
}

function DeviceTable({ state }: { state: DevicesState }) {
  const list = state.credentials.value;
  if (list === null) return null;
  if (list.length === 0) return <p class="admin-muted">{s.noDevices}</p>;
  return (
    <table class="admin-table" data-testid="device-credentials">
      <caption class="visually-hidden">{s.listCaption}</caption>
      <thead>
        <tr>
          <th scope="col">{s.colDevice}</th><th scope="col">{s.colKind}</th><th scope="col">{s.colState}</th>
          <th scope="col">{s.colWhen}</th><th scope="col">{s.colActions}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((d) => <DeviceRow key={d.id} state={state} device={d} />)}
      </tbody>
    </table>
  );
}

function when(d: DeviceCredential): string {
  if (d.state === 'revoked' && d.revokedAt) return s.revokedAt(formatTime(d.revokedAt));
  if (d.codeExpiresAt) return s.codeValidUntil(formatTime(d.codeExpiresAt));
  if (d.state === 'pending') return s.codeExpired;
  return d.enrolledAt ? s.enrolledAt(formatTime(d.enrolledAt)) : '–';
}

function DeviceRow({ state, device: d }: { state: DevicesState; device: DeviceCredential }) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  const revoking = state.pending.value.has(`revoke:${d.id}`);
  const coding = state.pending.value.has(`code:${d.id}`);
  // At once, in the same frame: the button that had the focus has just left the page.
  useLayoutEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) startRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  const tone = d.state === 'enrolled' ? 'ok' : d.state === 'pending' ? 'warn' : 'muted';
  const scope = d.kind === 'bridge' ? s.bridgeScope(d.printers, d.counters) : '';

  const confirm = async () => {
    if (revoking) return;
    await state.revoke(d);
    setAsking(false);
  };

  return (
    <tr data-testid={`credential-${d.id}`} data-state={d.state}>
      <th scope="row">
        {d.name}{d.name !== d.id && <> <span class="admin-id">({d.id})</span></>}
        {scope && <span class="admin-scope">{scope}</span>}
      </th>
      <td>{s.kinds[d.kind]}</td>
      <td><span class={`admin-badge admin-badge--${tone}`} data-testid={`credential-${d.id}-state`}>{s.states[d.state]}</span></td>
      <td>{when(d)}</td>
      <td>
        {!asking ? (
          <div class="admin-actions">
            <button type="button" class="button" aria-label={s.newCodeLabel(d.name)} aria-disabled={coding ? 'true' : undefined}
              data-testid={`new-code-${d.id}`} onClick={() => { if (!coding) void state.newCode(d); }}>
              {s.newCode}
            </button>
            {d.state !== 'revoked' && (
              <button type="button" ref={startRef} class="button button--danger" aria-label={s.revokeLabel(d.name)}
                data-testid={`revoke-${d.id}`} onClick={() => setAsking(true)}>
                {s.revoke}
              </button>
            )}
          </div>
        ) : (
          <div class="admin-confirm" role="group" aria-label={s.revokeLabel(d.name)}>
            <p>{s.revokeIntro(d.name)}</p>
            <div class="admin-actions">
              <button type="button" ref={confirmRef} class="button button--danger-filled" aria-disabled={revoking ? 'true' : undefined}
                data-testid={`revoke-confirm-${d.id}`} onClick={() => void confirm()}>
                {s.revokeConfirm}
              </button>
              <button type="button" class="button" onClick={() => setAsking(false)}>{s.revokeAbort}</button>
            </div>
          </div>
        )}
      </td>
    </tr>
  );
}
