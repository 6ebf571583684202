/**
 * The facility page: alerts first (what needs someone now), then each printer with its
 * status, errors, recent jobs and a test print, then the kiosks' and displays' availability.
 * Refreshed from the server every 5 seconds while the page is open.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { AlertView, DeviceView, PrinterJob, PrintFailure, PrinterView } from '@entre/protocol';
import { useApi } from '../../lib/api-context.js';
import { createFacilityState, type FacilityState } from './facility-state.js';
import { facilityStrings as s } from './strings.js';
import { formatClockSeconds, formatTime } from './format.js';
import './facility.css';
import { LIVE, useLiveRefresh } from '../../lib/live.js';

export function FacilityPage() {
  const http = useApi();
  const state = useMemo(() => createFacilityState(http), [http]);
  useLiveRefresh([LIVE.printerStatus, LIVE.availability], state.refresh);
  useEffect(() => {
    state.start();
    return () => state.stop();
  }, [state]);

  const loaded = state.printers.value !== null;
  return (
    <div class="facility">
      <div class="facility-meta">
        <p class="facility-updated">
          {state.updatedAt.value !== null ? s.updated(formatClockSeconds(state.updatedAt.value)) : s.loading}
        </p>
        {state.loadError.value && <p class="alert" role="alert">{s.loadFailed(state.loadError.value)}</p>}
        {/* Always in the page, so screen readers announce what a button did when it changes. */}
        <p class={`facility-notice facility-notice--${state.notice.value?.kind ?? 'none'}`} role="status" data-testid="facility-notice">
          {state.notice.value?.text ?? ''}
        </p>
      </div>
      {loaded && (
        <>
          <Alerts state={state} />
          <Printers state={state} />
          <Devices devices={state.devices.value ?? []} />
        </>
      )}
    </div>
  );
}

function Alerts({ state }: { state: FacilityState }) {
  const alerts = state.alerts.value ?? [];
  const open = state.unacknowledged.value;
  return (
    <section class="facility-section" aria-labelledby="facility-alerts">
      <h2 id="facility-alerts" class="facility-heading">
        {s.alertsHeading}
        {open > 0 && <span class="facility-count">{s.alertsOpen(open)}</span>}
      </h2>
      {alerts.length === 0 ? <p class="facility-empty">{s.noAlerts}</p> : (
        <ul class="facility-alerts" data-testid="alerts">
          {alerts.map((a) => <AlertItem key={a.id} alert={a} state={state} />)}
        </ul>
      )}
    </section>
  );
}

function AlertItem({ alert, state }: { alert: AlertView; state: FacilityState }) {
  const what = s.alertKind[alert.kind];
  const status = alert.clearedAt ? 'cleared' : alert.acknowledgedAt ? 'acknowledged' : 'new';
  const busy = state.pending.value.has(`ack:${alert.id}`);
  const item = useRef<HTMLLIElement>(null);
  // The button goes away once acknowledged: keep the keyboard where it was, on this alert.
  const acknowledge = async () => {
    if (busy) return;
    if (await state.acknowledge(alert)) item.current?.focus();
  };
  return (
    <li ref={item} tabIndex={-1} class={`facility-alert facility-alert--${status}`} data-testid={`alert-${alert.kind}-${alert.subject}`} data-status={status}>
      <div class="facility-alert-text">
        <p class="facility-alert-title"><strong>{what}</strong> – {alert.subjectName}</p>
        <p class="facility-alert-times">
          <span>{s.raisedAt(formatTime(alert.raisedAt))}</span>
          {alert.acknowledgedAt && (
            <span>{alert.acknowledgedBy ? s.acknowledgedBy(alert.acknowledgedBy, formatTime(alert.acknowledgedAt)) : s.acknowledged(formatTime(alert.acknowledgedAt))}</span>
          )}
          {alert.clearedAt && <span>{s.clearedAt(formatTime(alert.clearedAt))}</span>}
        </p>
      </div>
      {status === 'new' && <span class="facility-badge facility-badge--danger">{s.alertNew}</span>}
      {!alert.acknowledgedAt && (
        <button
          type="button"
          class="button"
          aria-label={s.acknowledgeLabel(what, alert.subjectName)}
          aria-disabled={busy}
          onClick={() => { void acknowledge(); }}
        >
          {s.acknowledge}
        </button>
      )}
    </li>
  );
}

function Printers({ state }: { state: FacilityState }) {
  const printers = state.printers.value ?? [];
  return (
    <section class="facility-section" aria-labelledby="facility-printers">
      <h2 id="facility-printers" class="facility-heading">{s.printersHeading}</h2>
      {printers.length === 0 ? <p class="facility-empty">{s.noPrinters}</p> : (
        <div class="facility-printers">
          {printers.map((p) => <PrinterCard key={p.id} printer={p} state={state} />)}
        </div>
      )}
    </section>
  );
}

type Tone = 'ok' | 'warn' | 'danger' | 'muted';

function Fact({ label, value, tone, testid }: { label: string; value: string; tone: Tone; testid?: string }) {
  return (
    <div class="facility-fact">
      <dt>{label}</dt>
      <dd><span class={`facility-badge facility-badge--${tone}`} data-testid={testid}>{value}</span></dd>
    </div>
  );
}

function failureText(reason: string | undefined): string {
  if (!reason) return '';
  return (s.failures as Record<string, string>)[reason as PrintFailure] ?? reason;
}

function PrinterCard({ printer: p, state }: { printer: PrinterView; state: FacilityState }) {
  const reported = p.statusAt !== undefined;
  const busy = state.pending.value.has(`print:${p.id}`);
  const headingId = `printer-${p.id}`;
  const failedJobs = p.recentJobs.filter((j) => j.state === 'failed');
  const errors = [...p.errors, ...failedJobs.map((j) => `${formatTime(j.updatedAt)} ${j.ticket ?? ''} ${failureText(j.reason)}`.replace(/\s+/g, ' ').trim())];
  return (
    <article class={`facility-printer${p.attention ? ' facility-printer--attention' : ''}`} aria-labelledby={headingId} data-testid={`printer-${p.id}`}>
      <div class="facility-printer-head">
        <h3 id={headingId} class="facility-printer-name">{p.name} <span class="facility-id">({p.id})</span></h3>
        <button
          type="button"
          class="button button--primary"
          aria-label={s.testPrintLabel(p.name)}
          aria-disabled={busy}
          onClick={() => { if (!busy) void state.testPrint(p); }}
          data-testid={`test-print-${p.id}`}
        >
          {busy ? s.testPrintSending : s.testPrint}
        </button>
      </div>
      <dl class="facility-facts">
        <Fact label={s.connection} testid={`printer-${p.id}-online`}
          value={!reported ? s.neverReported : p.online ? s.online : s.offline} tone={!reported ? 'muted' : p.online ? 'ok' : 'danger'} />
        <Fact label={s.paperLabel} testid={`printer-${p.id}-paper`} value={s.paper[p.paper]}
          tone={p.paper === 'ok' ? 'ok' : p.paper === 'near_end' ? 'warn' : p.paper === 'out' ? 'danger' : 'muted'} />
        <Fact label={s.coverLabel} value={!reported ? s.paper.unknown : p.coverOpen ? s.coverOpen : s.coverClosed}
          tone={!reported ? 'muted' : p.coverOpen ? 'danger' : 'ok'} />
        <div class="facility-fact">
          <dt>{s.reportedAt}</dt>
          <dd>{p.statusAt ? formatTime(p.statusAt) : s.neverReported}</dd>
        </div>
        <div class="facility-fact">
          <dt>{s.kiosksLabel}</dt>
          <dd>{p.kiosks.length ? p.kiosks.join(', ') : s.none}</dd>
        </div>
      </dl>
      <p class="facility-today">{s.today(p.today.printed, p.today.failed, p.today.queued)}</p>
      <div class="facility-printer-body">
        <div>
          <h4 class="facility-subheading">{s.errorsHeading}</h4>
          {errors.length === 0 ? <p class="facility-empty">{s.noErrors}</p> : (
            <ul class="facility-errors">{errors.map((e, i) => <li key={i}>{e}</li>)}</ul>
          )}
        </div>
        <div>
          <h4 class="facility-subheading">{s.jobsHeading}</h4>
          {p.recentJobs.length === 0 ? <p class="facility-empty">{s.noJobs}</p> : <JobTable printer={p.name} jobs={p.recentJobs} />}
        </div>
      </div>
    </article>
  );
}

function JobTable({ printer, jobs }: { printer: string; jobs: PrinterJob[] }) {
  return (
    <table class="facility-table">
      <caption class="facility-visually-hidden">{s.jobsCaption(printer)}</caption>
      <thead>
        <tr><th scope="col">{s.jobTime}</th><th scope="col">{s.jobTicket}</th><th scope="col">{s.jobState}</th><th scope="col">{s.jobReason}</th></tr>
      </thead>
      <tbody>
        {jobs.map((j) => (
          <tr key={j.jobId}>
            <td>{formatTime(j.createdAt)}</td>
            <td>{j.ticket ?? '–'}</td>
            <td>{s.jobStates[j.state]}</td>
            <td>{failureText(j.reason) || '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Devices({ devices }: { devices: DeviceView[] }) {
  return (
    <section class="facility-section" aria-labelledby="facility-devices">
      <h2 id="facility-devices" class="facility-heading">{s.devicesHeading}</h2>
      {devices.length === 0 ? <p class="facility-empty">{s.noDevices}</p> : (
        <table class="facility-table facility-devices" data-testid="devices">
          <caption class="facility-visually-hidden">{s.devicesCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{s.deviceName}</th><th scope="col">{s.deviceKind}</th><th scope="col">{s.devicePlace}</th>
              <th scope="col">{s.deviceState}</th><th scope="col">{s.deviceSince}</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id} data-testid={`device-${d.id}`}>
                <th scope="row">{d.name}{d.name !== d.id && <> <span class="facility-id">({d.id})</span></>}</th>
                <td>{s.kinds[d.kind]}</td>
                <td>{d.zone ? s.zone(d.zone) : d.printer ? s.printer(d.printer) : '–'}</td>
                <td>
                  <span class={`facility-badge facility-badge--${d.state === 'online' ? 'ok' : d.state === 'offline' ? 'danger' : 'muted'}`}>
                    {s.states[d.state]}
                  </span>
                </td>
                <td>{d.since ? formatTime(d.since) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
