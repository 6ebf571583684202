/**
 * The manager's page, in three views as tabs: "Just nu", the live dashboard (the whole centre
 * at a glance, then per queue and per channel, then staff by state, each chart with its
 * figures as text and in a table beside it) with the live staffing advice; "Bemanning", the
 * staffing plan for the week; "Statistik", figures per day, week or month.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Dashboard, DashboardChannel, DashboardFigures, DashboardQueue } from '@entre/protocol';
import { useApi } from '../../lib/api-context.js';
import { createManagerState, type ManagerState } from './manager-state.js';
import { createAdviceState, type AdviceState } from './advice-state.js';
import { createStaffingState } from './staffing-state.js';
import { createStatisticsState } from './statistics-state.js';
import { managerStrings as s } from './strings.js';
import { formatClock, formatDuration, formatHourMinute, formatPercent, NO_VALUE } from './format.js';
import { BarChart, type Bar } from './BarChart.js';
import { AdvicePanel } from './AdvicePanel.js';
import { StaffingView } from './StaffingView.js';
import { StatisticsView } from './StatisticsView.js';
import './manager.css';
import { LIVE, useLiveRefresh } from '../../lib/live.js';

export type ManagerView = 'overview' | 'staffing' | 'statistics';
const VIEWS: readonly ManagerView[] = ['overview', 'staffing', 'statistics'];

export function ManagerPage() {
  const http = useApi();
  const state = useMemo(() => createManagerState(http), [http]);
  const advice = useMemo(() => createAdviceState(http), [http]);
  const staffing = useMemo(() => createStaffingState(http), [http]);
  const statistics = useMemo(() => createStatisticsState(http), [http]);
  const [view, setView] = useState<ManagerView>('overview');
  // The plan names queues by id; the dashboard has their Swedish names.
  const serviceName = (id: string) => state.dashboard.value?.queues.find((q) => q.service === id)?.name ?? id;
  return (
    <div class="manager">
      <ViewTabs current={view} onChange={setView} />
      {VIEWS.map((v) => (
        <div key={v} role="tabpanel" id={`manager-panel-${v}`} aria-labelledby={`manager-tab-${v}`} hidden={v !== view} class="manager-panel">
          {v === view && v === 'overview' && <OverviewView state={state} advice={advice} />}
          {v === view && v === 'staffing' && <StaffingView state={staffing} serviceName={serviceName} />}
          {v === view && v === 'statistics' && <StatisticsView state={statistics} />}
        </div>
      ))}
    </div>
  );
}

/** WAI-ARIA tabs with automatic activation: arrows, Home and End move between them. */
function ViewTabs({ current, onChange }: { current: ManagerView; onChange: (v: ManagerView) => void }) {
  const list = useRef<HTMLDivElement>(null);
  const go = (v: ManagerView) => {
    onChange(v);
    list.current?.querySelector<HTMLButtonElement>(`#manager-tab-${v}`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const k = VIEWS.indexOf(current);
    const next = e.key === 'ArrowRight' ? VIEWS[(k + 1) % VIEWS.length]
      : e.key === 'ArrowLeft' ? VIEWS[(k + VIEWS.length - 1) % VIEWS.length]
      : e.key === 'Home' ? VIEWS[0] : e.key === 'End' ? VIEWS[VIEWS.length - 1] : undefined;
    if (!next) return;
    e.preventDefault();
    go(next);
  };
  return (
    <div ref={list} class="manager-tabs" role="tablist" aria-label={s.views.label} onKeyDown={onKeyDown}>
      {VIEWS.map((v) => (
        <button key={v} type="button" role="tab" id={`manager-tab-${v}`} aria-controls={`manager-panel-${v}`}
          aria-selected={v === current} tabIndex={v === current ? 0 : -1} class="manager-tab" data-testid={`manager-tab-${v}`}
          onClick={() => onChange(v)}>
          {s.views[v]}
        </button>
      ))}
    </div>
  );
}

function OverviewView({ state, advice }: { state: ManagerState; advice: AdviceState }) {
  useLiveRefresh([LIVE.queues, LIVE.calls], state.refresh);
  useLiveRefresh([LIVE.queues, LIVE.calls], advice.refresh);
  useEffect(() => {
    state.start();
    advice.start();
    return () => { state.stop(); advice.stop(); };
  }, [state, advice]);

  const d = state.dashboard.value;
  return (
    <div class="manager-view">
      <div class="manager-meta">
        <p class="manager-updated" data-testid="manager-updated">{d ? s.updated(d.serviceDay, formatClock(d.at)) : s.loading}</p>
        {state.loadError.value && <p class="alert" role="alert">{s.loadFailed(state.loadError.value)}</p>}
      </div>
      {d && (
        <>
          <Overview d={d} />
          <AdvicePanel state={advice} />
          <Queues queues={d.queues} />
          <Channels channels={d.channels} />
          <Staff d={d} />
        </>
      )}
    </div>
  );
}

const offered = (f: DashboardFigures) => f.answered + f.abandoned;
const below = (f: DashboardFigures, target: number) => f.serviceLevel !== undefined && f.serviceLevel < target;

function Tile({ label, value, detail, testid }: { label: string; value: string; detail?: string; testid: string }) {
  return (
    <div class="manager-tile">
      <dt>{label}</dt>
      <dd>
        <span class="manager-tile-value" data-testid={testid}>{value}</span>
        {detail && <span class="manager-tile-detail">{detail}</span>}
      </dd>
    </div>
  );
}

function Overview({ d }: { d: Dashboard }) {
  const t = d.total;
  const onDuty = d.staff.agents.length - d.staff.byState.offline;
  return (
    <section class="manager-section" aria-labelledby="manager-overview">
      <h2 id="manager-overview" class="manager-heading">{s.overviewHeading}</h2>
      <dl class="manager-tiles">
        <Tile label={s.tiles.waiting} value={String(t.waiting)} testid="total-waiting" />
        <Tile label={s.tiles.longestWait} value={t.waiting ? formatDuration(t.longestWaitSeconds) : NO_VALUE} testid="total-longest" />
        <Tile label={s.tiles.serviceLevel} value={formatPercent(t.serviceLevel)} testid="total-sl"
          detail={offered(t) ? s.ofAnswered(t.answeredInTarget, offered(t)) : s.noData} />
        <Tile label={s.tiles.fcr} value={formatPercent(t.firstContactResolution)} testid="total-fcr"
          detail={t.finished ? s.ofFinished(t.resolved, t.finished) : s.noData} />
        <Tile label={s.tiles.available} value={String(d.staff.byState.available)} testid="total-available" detail={s.ofStaff(onDuty)} />
      </dl>
    </section>
  );
}

function slBar(key: string, label: string, f: DashboardFigures, target?: { fraction: number; seconds: number }): Bar {
  const value = f.serviceLevel ?? null;
  const warn = target ? below(f, target.fraction) : false;
  let text = value === null ? s.noData : formatPercent(value);
  if (value !== null && target) text = s.slValue(text, formatPercent(target.fraction));
  if (warn) text = `${text}, ${s.belowTarget}`;
  return { key, label, value, text, marker: target?.fraction, warn };
}

function Queues({ queues }: { queues: DashboardQueue[] }) {
  const maxWaiting = Math.max(1, ...queues.map((q) => q.waiting));
  return (
    <section class="manager-section" aria-labelledby="manager-queues">
      <h2 id="manager-queues" class="manager-heading">{s.queuesHeading}</h2>
      <div class="manager-charts">
        <BarChart id="chart-queue-sl" testid="chart-queue-sl" title={s.slChartTitle} note={s.slChartNote} max={1}
          bars={queues.map((q) => slBar(q.service, q.name, q, { fraction: q.slTargetFraction, seconds: q.slTargetSeconds }))} />
        <BarChart id="chart-queue-waiting" testid="chart-queue-waiting" title={s.waitingChartTitle} max={maxWaiting}
          bars={queues.map((q) => ({ key: q.service, label: q.name, value: q.waiting, text: s.waitingValue(q.waiting) }))} />
      </div>
      <div class="manager-table-wrap" role="region" aria-labelledby="queue-table-caption" tabIndex={0}>
        <table class="manager-table" data-testid="queue-table">
          <caption id="queue-table-caption">{s.queueTableCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{s.col.queue}</th>
              <FigureHeaders />
              <th scope="col" class="num">{s.col.target}</th>
              <th scope="col" class="num">{s.col.fcr}</th>
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr key={q.service} data-testid={`queue-${q.service}`}>
                <th scope="row">{q.name}</th>
                <FigureCells f={q} id={`queue-${q.service}`} target={q.slTargetFraction} />
                <td class="num">{s.target(formatPercent(q.slTargetFraction), formatDuration(q.slTargetSeconds))}</td>
                <td class="num" data-testid={`queue-${q.service}-fcr`}>{formatPercent(q.firstContactResolution)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The column headings of FigureCells, in the same order. */
function FigureHeaders() {
  return (
    <>
      <th scope="col" class="num">{s.col.waiting}</th>
      <th scope="col" class="num">{s.col.longestWait}</th>
      <th scope="col" class="num">{s.col.answered}</th>
      <th scope="col" class="num">{s.col.inTarget}</th>
      <th scope="col" class="num">{s.col.abandoned}</th>
      <th scope="col" class="num">{s.col.serviceLevel}</th>
    </>
  );
}

/** Waiting, longest wait, answered, in target, abandoned and service level, as table cells. */
function FigureCells({ f, id, target }: { f: DashboardFigures; id: string; target?: number }) {
  const warn = target !== undefined && below(f, target);
  return (
    <>
      <td class="num" data-testid={`${id}-waiting`}>{f.waiting}</td>
      <td class="num">{f.waiting ? formatDuration(f.longestWaitSeconds) : NO_VALUE}</td>
      <td class="num" data-testid={`${id}-answered`}>{f.answered}</td>
      <td class="num">{f.answeredInTarget}</td>
      <td class="num" data-testid={`${id}-abandoned`}>{f.abandoned}</td>
      <td class={warn ? 'num manager-warn' : 'num'} data-testid={`${id}-sl`}>
        {formatPercent(f.serviceLevel)}{warn && <span class="manager-visually-hidden"> ({s.belowTarget})</span>}
      </td>
    </>
  );
}

function Channels({ channels }: { channels: DashboardChannel[] }) {
  return (
    <section class="manager-section" aria-labelledby="manager-channels">
      <h2 id="manager-channels" class="manager-heading">{s.channelsHeading}</h2>
      <div class="manager-charts manager-charts--split">
        <BarChart id="chart-channel-sl" title={s.channelSlChartTitle} max={1}
          bars={channels.map((c) => slBar(c.channel, s.channels[c.channel], c))} />
        <div class="manager-table-wrap" role="region" aria-labelledby="channel-table-caption" tabIndex={0}>
          <table class="manager-table" data-testid="channel-table">
            <caption id="channel-table-caption">{s.channelTableCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{s.col.channel}</th>
                <FigureHeaders />
                <th scope="col" class="num">{s.col.fcr}</th>
              </tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c.channel} data-testid={`channel-${c.channel}`}>
                  <th scope="row">{s.channels[c.channel]}</th>
                  <FigureCells f={c} id={`channel-${c.channel}`} />
                  <td class="num" data-testid={`channel-${c.channel}-fcr`}>{formatPercent(c.firstContactResolution)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

const STATES = ['available', 'serving', 'wrap_up', 'paused', 'offline'] as const;

function Staff({ d }: { d: Dashboard }) {
  const byState = d.staff.byState;
  return (
    <section class="manager-section" aria-labelledby="manager-staff">
      <h2 id="manager-staff" class="manager-heading">{s.staffHeading}</h2>
      <div class="manager-charts manager-charts--split">
        <BarChart id="chart-staff" testid="chart-staff" title={s.staffChartTitle} max={Math.max(1, ...STATES.map((k) => byState[k]))}
          bars={STATES.map((k) => ({ key: k, label: s.agentStates[k], value: byState[k], text: s.staffCount(byState[k]) }))} />
        <div class="manager-table-wrap" role="region" aria-labelledby="staff-table-caption" tabIndex={0}>
          <table class="manager-table" data-testid="staff-table">
            <caption id="staff-table-caption">{s.staffTableCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{s.staffCol.name}</th><th scope="col">{s.staffCol.state}</th>
                <th scope="col">{s.staffCol.since}</th><th scope="col">{s.staffCol.point}</th>
              </tr>
            </thead>
            <tbody>
              {d.staff.agents.map((a) => (
                <tr key={a.id} data-testid={`agent-${a.id}`}>
                  <th scope="row">{a.name}</th>
                  <td>{a.state === 'paused' && a.pauseReason ? s.pausedFor(a.pauseReason) : s.agentStates[a.state]}</td>
                  <td>{a.since ? formatHourMinute(a.since) : NO_VALUE}</td>
                  <td>{a.servicePoint ?? NO_VALUE}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
