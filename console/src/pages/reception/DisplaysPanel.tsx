import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DeviceView, DisplayLayout, DisplayStatus, ZoneMessage } from '@entre/protocol';
import { useApi } from '../../lib/api-context.js';
import { describeError, useReception } from './reception-state.js';
import { createDisplaysState, MESSAGE_MINUTES, minutesLeft, percentOf, type DisplaysState, type Say } from './displays-state.js';
import { timeOf } from './format.js';
import { dx } from './strings.js';
import { Field } from './Field.js';
import './displays.css';
import { LIVE, useLiveRefresh } from '../../lib/live.js';

const LAYOUTS: DisplayLayout[] = ['landscape', 'portrait', 'counter'];
/** The volume slider's step, in percent: one arrow key press, or one press of − or +. */
const VOLUME_STEP = 5;
/** A slider dragged or stepped through several values sends only where it came to rest. */
const VOLUME_SETTLE_MS = 400;
const DEFAULT_MINUTES = 30;

/**
 * The displays of the site, for reception: each one's zone, layout and sound, whether it
 * is connected, and a test call; then a message to a zone's displays with its expiry, and
 * the messages showing now. It sits in the page's "Skärmar" section, under its heading.
 */
export function DisplaysPanel() {
  const http = useApi();
  const reception = useReception();
  const state = useMemo(() => {
    let seq = 0;
    // The page's status line (a live region) says what happened. Its own notices count up
    // from 1; these count down from -1, so the two never share an id.
    const say: Say = (text, undo) => { reception.notice.value = { id: --seq, text, ...(undo ? { undo } : {}) }; };
    return createDisplaysState(http, say);
  }, [http, reception]);
  useLiveRefresh([LIVE.displayConfigs, LIVE.boards, LIVE.availability], state.refresh);
  useEffect(() => {
    state.start();
    return () => state.stop();
  }, [state]);

  return (
    <>
      <DisplayList state={state} />
      <MessageForm state={state} />
      <ActiveMessages state={state} />
    </>
  );
}

function DisplayList({ state }: { state: DisplaysState }) {
  const list = state.displays.value;
  if (list === null) {
    return state.loadError.value
      ? <p class="alert" role="alert">{dx.loadFailed} {state.loadError.value}</p>
      : <p class="rx-muted">{dx.loading}</p>;
  }
  if (list.length === 0) return <p class="rx-muted">{dx.none}</p>;
  return (
    <>
      {state.loadError.value && <p class="alert" role="alert">{dx.refreshFailed} {state.loadError.value}</p>}
      <ul class="rx-displays-list" data-testid="displays">
        {[...list].sort((a, b) => a.name.localeCompare(b.name, 'sv')).map((d) => (
          <DisplayCard key={d.id} state={state} d={d} device={state.devices.value?.[d.id]} known={state.devices.value !== null} />
        ))}
      </ul>
    </>
  );
}

function DisplayCard({ state, d, device, known }: { state: DisplaysState; d: DisplayStatus; device: DeviceView | undefined; known: boolean }) {
  const titleId = `rx-display-${d.id}`;
  const [testing, setTesting] = useState(false);
  const zones = state.zones();
  const deviceState = device?.state ?? 'unknown';
  return (
    <li class="rx-display" data-display={d.id}>
      <div class="rx-display-head">
        <h3 id={titleId}>{d.name}</h3>
        {known && (
          <span class={`rx-device is-${deviceState}`} data-testid={`device-${d.id}`} data-state={deviceState}>
            <span class="rx-device-dot" aria-hidden="true" />
            {device?.since && deviceState !== 'unknown' ? dx.deviceSince(dx.device[deviceState], timeOf(device.since)) : dx.device[deviceState]}
          </span>
        )}
      </div>
      {deviceState === 'offline' && <p class="rx-muted rx-display-hint">{dx.offlineHint}</p>}
      <div class="rx-display-fields">
        <Field label={dx.zone}>{(id) => (
          <select id={id} value={d.zone} data-testid={`zone-${d.id}`}
            onChange={(e) => { const zone = e.currentTarget.value; if (zone !== d.zone) void state.update(d, { zone }); }}>
            {zones.some((z) => z.id === d.zone) ? null : <option value={d.zone}>{d.zone}</option>}
            {zones.map((z) => <option key={z.id} value={z.id}>{z.name}</option>)}
          </select>
        )}</Field>
        <Field label={dx.layout}>{(id) => (
          <select id={id} value={d.layout} data-testid={`layout-${d.id}`}
            onChange={(e) => { const layout = e.currentTarget.value as DisplayLayout; if (layout !== d.layout) void state.update(d, { layout }); }}>
            {LAYOUTS.map((l) => <option key={l} value={l}>{dx.layouts[l]}</option>)}
          </select>
        )}</Field>
      </div>
      <VolumeControl state={state} d={d} />
      <fieldset class="rx-toggles">
        <legend class="visually-hidden">{dx.soundTitle}</legend>
        <Toggle label={dx.chime} checked={d.chime} testid={`chime-${d.id}`} onChange={(chime) => state.update(d, { chime })} />
        <Toggle label={dx.speech} checked={d.speech} testid={`speech-${d.id}`} onChange={(speech) => state.update(d, { speech })} />
        <Toggle label={dx.showStaffName} checked={d.showStaffName} testid={`staff-name-${d.id}`} onChange={(showStaffName) => state.update(d, { showStaffName })} />
      </fieldset>
      <button type="button" class="rx-button rx-button-quiet rx-display-test" aria-label={dx.testCallLabel(d.name)}
        aria-disabled={testing ? 'true' : undefined} data-testid={`test-call-${d.id}`}
        onClick={async () => {
          if (testing) return;
          setTesting(true);
          try { await state.testCall(d); } finally { setTesting(false); }
        }}>
        {testing ? dx.testCalling : dx.testCall}
      </button>
    </li>
  );
}

function Toggle({ label, checked, testid, onChange }: { label: string; checked: boolean; testid: string; onChange: (on: boolean) => Promise<void> }) {
  return (
    <label class="rx-check">
      <input type="checkbox" checked={checked} data-testid={testid}
        onChange={(e) => { const on = e.currentTarget.checked; void onChange(on); }} />
      {label}
    </label>
  );
}

/**
 * A slider with its value beside it and a − and + of one step each. Arrow keys move it a
 * step, Page Up/Down ten percent; the setting is sent once the value has stood a moment.
 */
function VolumeControl({ state, d }: { state: DisplaysState; d: DisplayStatus }) {
  const saved = percentOf(d.volume);
  const [draft, setDraft] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const shown = draft ?? saved;
  const labelId = `rx-volume-${d.id}`;
  useEffect(() => () => clearTimeout(timer.current), []);

  const settle = (pct: number) => {
    const value = Math.max(0, Math.min(100, pct));
    setDraft(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      if (value !== saved) await state.update(d, { volume: value / 100 });
      setDraft(null);
    }, VOLUME_SETTLE_MS);
  };

  return (
    <div class="rx-field rx-volume">
      <label for={labelId}>{dx.volume}</label>
      <div class="rx-volume-row">
        <button type="button" class="rx-icon-button" aria-label={dx.volumeDown(d.name)}
          onClick={() => settle(shown - VOLUME_STEP)}>
          <span aria-hidden="true">−</span>
        </button>
        <input id={labelId} type="range" min={0} max={100} step={VOLUME_STEP} value={shown}
          aria-valuetext={dx.percent(shown)} data-testid={`volume-${d.id}`}
          onInput={(e) => settle(Number(e.currentTarget.value))} />
        <button type="button" class="rx-icon-button" aria-label={dx.volumeUp(d.name)}
          onClick={() => settle(shown + VOLUME_STEP)}>
          <span aria-hidden="true">+</span>
        </button>
        <output for={labelId} class="rx-volume-value" data-testid={`volume-value-${d.id}`}>{dx.percent(shown)}</output>
      </div>
    </div>
  );
}

function MessageForm({ state }: { state: DisplaysState }) {
  const zones = state.zones();
  const [zone, setZone] = useState('');
  const [sv, setSv] = useState('');
  const [en, setEn] = useState('');
  const [minutes, setMinutes] = useState(DEFAULT_MINUTES);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [svMissing, setSvMissing] = useState(false);
  const svRef = useRef<HTMLTextAreaElement>(null);
  const chosen = zones.some((z) => z.id === zone) ? zone : (zones[0]?.id ?? '');
  const hintId = 'rx-message-hint';
  const svErrorId = 'rx-message-sv-error';

  const submit = async (e: Event) => {
    e.preventDefault();
    if (pending || !chosen) return;
    if (!sv.trim()) {
      setSvMissing(true);
      svRef.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      await state.post(chosen, sv, en, minutes);
      setSv('');
      setEn('');
    } catch (err) {
      setError(describeError(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <section class="rx-display-part" aria-labelledby="rx-message-title">
      <h3 id="rx-message-title">{dx.messageTitle}</h3>
      <form class="rx-form" onSubmit={submit} noValidate>
        <div class="rx-field-row">
          <Field label={dx.messageZone}>{(id) => (
            <select id={id} value={chosen} onChange={(e) => setZone(e.currentTarget.value)} data-testid="message-zone">
              {zones.map((z) => <option key={z.id} value={z.id}>{z.name}</option>)}
            </select>
          )}</Field>
          <Field label={dx.messageMinutes}>{(id) => (
            <select id={id} value={String(minutes)} onChange={(e) => setMinutes(Number(e.currentTarget.value))} data-testid="message-minutes">
              {MESSAGE_MINUTES.map((m) => <option key={m} value={String(m)}>{dx.minutes(m)}</option>)}
            </select>
          )}</Field>
        </div>
        <Field label={dx.messageSv}>{(id) => (
          <textarea id={id} ref={svRef} rows={2} maxLength={200} lang="sv" required value={sv} data-testid="message-sv"
            aria-invalid={svMissing ? 'true' : undefined} aria-describedby={svMissing ? `${svErrorId} ${hintId}` : hintId}
            onInput={(e) => { setSv(e.currentTarget.value); if (e.currentTarget.value.trim()) setSvMissing(false); }} />
        )}</Field>
        {svMissing && <p id={svErrorId} class="alert" role="alert">{dx.messageSvMissing}</p>}
        <Field label={dx.messageEn}>{(id) => (
          <textarea id={id} rows={2} maxLength={200} lang="en" value={en} data-testid="message-en"
            aria-describedby={hintId} onInput={(e) => setEn(e.currentTarget.value)} />
        )}</Field>
        <p id={hintId} class="rx-muted rx-hint">{dx.messageHint}</p>
        {error && <p class="alert" role="alert">{error}</p>}
        <button type="submit" class="rx-button" aria-disabled={pending || !chosen ? 'true' : undefined} data-testid="message-post">
          {pending ? dx.messagePosting : dx.messagePost}
        </button>
      </form>
    </section>
  );
}

function ActiveMessages({ state }: { state: DisplaysState }) {
  const reception = useReception();
  // The server's clock (the queues' `at`, aged here), so a desk whose clock is off still counts right.
  const now = reception.serverNow();
  void state.tick.value;
  const list = (state.messages.value ?? []).filter((m) => Date.parse(m.expiresAt) > now);
  return (
    <section class="rx-display-part" aria-labelledby="rx-active-title">
      <h3 id="rx-active-title" tabIndex={-1}>{dx.activeTitle}</h3>
      {state.messagesError.value && <p class="alert" role="alert">{state.messagesError.value}</p>}
      {state.messages.value !== null && list.length === 0 && <p class="rx-muted">{dx.noMessages}</p>}
      {list.length > 0 && (
        <ul class="rx-messages" data-testid="messages">
          {list.map((m) => <MessageRow key={m.id} state={state} m={m} now={now} />)}
        </ul>
      )}
    </section>
  );
}

function MessageRow({ state, m, now }: { state: DisplaysState; m: ZoneMessage; now: number }) {
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  // At once, in the same frame: the button that had the focus has just left the page.
  useLayoutEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) startRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  const sv = m.text['sv'] ?? Object.values(m.text)[0] ?? '';
  const en = m.text['en'];
  const left = minutesLeft(m.expiresAt, now);

  const confirm = async () => {
    if (pending) return;
    setPending(true);
    try {
      await state.remove(m);
      // The row is gone: keep the keyboard in the section.
      document.getElementById('rx-active-title')?.focus();
    } catch (err) {
      setError(describeError(err));
      setAsking(false);
      setPending(false);
    }
  };

  return (
    <li class="rx-message" data-message={m.id} data-zone={m.zone}>
      <p class="rx-message-text" lang="sv">{sv}</p>
      {en && <p class="rx-message-text rx-muted" lang="en">{en}</p>}
      <p class="rx-message-meta">
        <span>{state.zoneName(m.zone)}</span>
        <span data-testid="message-left">{dx.timeLeft(left)} ({dx.until(timeOf(m.expiresAt))})</span>
      </p>
      {error && <p class="alert" role="alert">{error}</p>}
      {!asking ? (
        <button type="button" ref={startRef} class="rx-button rx-button-danger-quiet" aria-label={dx.removeLabel(sv)} onClick={() => setAsking(true)}>
          {dx.remove}
        </button>
      ) : (
        <div class="rx-confirm" role="group" aria-label={dx.removeLabel(sv)}>
          <p>{dx.removeIntro}</p>
          <div class="rx-button-row">
            <button type="button" ref={confirmRef} class="rx-button rx-button-danger" aria-disabled={pending ? 'true' : undefined} onClick={confirm}>
              {dx.removeConfirm}
            </button>
            <button type="button" class="rx-button rx-button-quiet" onClick={() => setAsking(false)}>{dx.removeAbort}</button>
          </div>
        </div>
      )}
    </li>
  );
}
