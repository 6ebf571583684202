/**
 * The staffing plan ("Bemanning"): the week at a glance (heads missing per day), a day picked
 * from it drawn per quarter hour with its figures in a table, each queue's day, the rota of
 * that weekday, and what the plan assumes (shrinkage, patience, handle times, how well the
 * forecast did), with the plan as CSV.
 */
import { useEffect } from 'preact/hooks';
import type { AgentWeek, Channel, PlanDay, StaffingPlan } from '@entre/protocol';
import { managerStrings as s } from './strings.js';
import { formatClock, formatDuration, formatNumber, formatPercent } from './format.js';
import { formatDayLong, formatDayShort, isoWeekday } from './dates.js';
import { worstInterval } from './chart-scale.js';
import { forecastOf, peakNeed, queueDays } from './plan-figures.js';
import { BarChart } from './BarChart.js';
import { StaffingChart } from './StaffingChart.js';
import type { StaffingState } from './staffing-state.js';
import { Value } from './Value.js';
import './staffing.css';

const t = s.staffing;

const worstText = (d: PlanDay) => {
  const w = worstInterval(d);
  return w ? t.worst(w.gap, w.start) : null;
};

export function StaffingView({ state, serviceName }: { state: StaffingState; serviceName: (id: string) => string }) {
  useEffect(() => {
    state.start();
    return () => state.stop();
  }, [state]);
  const plan = state.plan.value;
  const day = state.day.value;
  return (
    <div class="manager-view staffing" data-testid="staffing-view">
      <div class="manager-meta">
        <p class="manager-updated">
          {plan ? t.computed(formatClock(plan.at)) : t.loading}
          {plan && state.csvUrl.value && (
            <a class="button" href={state.csvUrl.value} download data-testid="plan-csv">{t.csv}</a>
          )}
        </p>
        {state.loadError.value && <p class="alert" role="alert">{t.failed(state.loadError.value)}</p>}
      </div>
      {plan && (
        <>
          <Week plan={plan} picked={day?.date ?? null} onPick={(d) => state.selectDay(d)} />
          {day && <Day day={day} />}
          {day && <Queues plan={plan} day={day} serviceName={serviceName} />}
          {day && <Rota date={day.date} agents={state.shifts.value?.agents ?? null} error={state.shiftsError.value} />}
          <About plan={plan} state={state} />
        </>
      )}
    </div>
  );
}

function Week({ plan, picked, onPick }: { plan: StaffingPlan; picked: string | null; onPick: (date: string) => void }) {
  return (
    <section class="manager-section" aria-labelledby="staffing-week">
      <h2 id="staffing-week" class="manager-heading">{t.weekHeading}</h2>
      <div class="plan-days" role="group" aria-label={t.pickDay} data-testid="plan-days">
        {plan.days.map((d) => (
          <button key={d.date} type="button" class="plan-day" aria-pressed={d.date === picked} data-testid={`plan-day-${d.date}`}
            onClick={() => onPick(d.date)}>
            <span class="plan-day-name">{formatDayShort(d.date)}</span>
            <span class={d.gapQuarters > 0 ? 'plan-day-gap plan-day-gap--short' : 'plan-day-gap'}>
              {d.closed ? t.closed : d.intervals.length === 0 ? t.nothingPlanned : t.dayGap(d.gapQuarters)}
            </span>
          </button>
        ))}
      </div>
      <div class="manager-charts manager-charts--split">
        <BarChart id="chart-plan-week" testid="chart-plan-week" title={t.weekChartTitle} note={t.weekChartNote}
          max={Math.max(1, ...plan.days.map((d) => d.gapQuarters))}
          bars={plan.days.map((d) => ({
            key: d.date, label: formatDayShort(d.date), value: d.closed ? null : d.gapQuarters,
            text: d.closed ? t.closed : d.intervals.length === 0 ? t.nothingPlanned : t.weekBar(d.gapQuarters, d.worstGap), warn: d.gapQuarters > 0,
          }))} />
        <div class="manager-table-wrap" role="region" aria-labelledby="plan-week-caption" tabIndex={0}>
          <table class="manager-table plan-week-table" data-testid="plan-week-table">
            <caption id="plan-week-caption">{t.weekTableCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.weekCol.day}</th>
                <th scope="col" class="num">{t.weekCol.forecast}</th>
                <th scope="col" class="num">{t.weekCol.peak}</th>
                <th scope="col" class="num">{t.weekCol.quarters}</th>
                <th scope="col">{t.weekCol.worst}</th>
              </tr>
            </thead>
            <tbody>
              {plan.days.map((d) => (
                <tr key={d.date} data-testid={`plan-week-${d.date}`}>
                  <th scope="row">{formatDayShort(d.date)}</th>
                  {d.closed || d.intervals.length === 0 ? (
                    <td colSpan={4}>{d.closed ? t.closedDay(d.note) : t.noIntervals}</td>
                  ) : (
                    <>
                      <td class="num">{formatNumber(forecastOf(d), 0)}</td>
                      <td class="num">{peakNeed(d)}</td>
                      <td class={d.gapQuarters > 0 ? 'num manager-warn' : 'num'} data-testid={`plan-week-${d.date}-quarters`}>{d.gapQuarters}</td>
                      <td class="plan-week-worst" data-testid={`plan-week-${d.date}-worst`}><Value text={worstText(d) ?? undefined} /></td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

function Day({ day }: { day: PlanDay }) {
  const label = formatDayLong(day.date);
  return (
    <section class="manager-section" aria-labelledby="staffing-day" data-testid="plan-day">
      <h2 id="staffing-day" class="manager-heading">{t.dayHeading(label)}</h2>
      {day.note && !day.closed && <p class="manager-note">{day.note}</p>}
      {day.closed ? <p class="manager-note">{t.closedDay(day.note)}</p>
        : day.intervals.length === 0 ? <p class="manager-note">{t.noIntervals}</p>
        : (
          <>
            <StaffingChart id="plan-chart" day={day} label={label} />
            <details class="plan-details" data-testid="plan-table-toggle">
              <summary>{t.showTable}</summary>
              <div class="manager-table-wrap" role="region" aria-labelledby="plan-table-caption" tabIndex={0}>
                <table class="manager-table" data-testid="plan-table">
                  <caption id="plan-table-caption">{t.tableCaption(label)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t.col.time}</th>
                      <th scope="col" class="num">{t.col.forecast}</th>
                      <th scope="col" class="num">{t.col.required}</th>
                      <th scope="col" class="num">{t.col.needed}</th>
                      <th scope="col" class="num">{t.col.scheduled}</th>
                      <th scope="col" class="num">{t.col.covered}</th>
                      <th scope="col" class="num">{t.col.gap}</th>
                      <th scope="col" class="num">{t.col.signedIn}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {day.intervals.map((i) => (
                      <tr key={i.start} data-testid={`plan-row-${i.start}`} class={i.gap > 0 ? 'plan-row--gap' : undefined}>
                        <th scope="row">{i.start}</th>
                        <td class="num">{formatNumber(i.forecast)}</td>
                        <td class="num">{i.required}</td>
                        <td class="num">{i.requiredScheduled}</td>
                        <td class="num">{i.scheduled}</td>
                        <td class="num">{i.covered}</td>
                        <td class={i.gap > 0 ? 'num manager-warn' : 'num'}>{i.gap}</td>
                        <td class="num"><Value text={i.signedIn === undefined ? undefined : String(i.signedIn)} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </>
        )}
    </section>
  );
}

function Queues({ plan, day, serviceName }: { plan: StaffingPlan; day: PlanDay; serviceName: (id: string) => string }) {
  const rows = queueDays(day);
  if (rows.length === 0) return null;
  const label = formatDayLong(day.date);
  const aht = (service: string, channel: Channel) => plan.handleTimes.find((h) => h.service === service && h.channel === channel);
  return (
    <section class="manager-section" aria-labelledby="staffing-queues">
      <h2 id="staffing-queues" class="manager-heading">{t.queuesHeading}</h2>
      <div class="manager-table-wrap" role="region" aria-labelledby="plan-queues-caption" tabIndex={0}>
        <table class="manager-table" data-testid="plan-queues">
          <caption id="plan-queues-caption">{t.queuesCaption(label)}</caption>
          <thead>
            <tr>
              <th scope="col">{t.queueCol.queue}</th>
              <th scope="col">{t.queueCol.channel}</th>
              <th scope="col" class="num">{t.queueCol.forecast}</th>
              <th scope="col" class="num">{t.queueCol.peak}</th>
              <th scope="col" class="num">{t.queueCol.quarters}</th>
              <th scope="col" class="num">{t.queueCol.aht}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((q) => {
              const h = aht(q.service, q.channel);
              return (
                <tr key={`${q.service}/${q.channel}`}>
                  <th scope="row">{serviceName(q.service)}</th>
                  <td>{s.channels[q.channel]}</td>
                  <td class="num">{formatNumber(q.forecast)}</td>
                  <td class="num">{q.peak}</td>
                  <td class={q.quarters > 0 ? 'num manager-warn' : 'num'}>{q.quarters}</td>
                  <td class="num">{h ? `${formatDuration(h.seconds)}${h.fromHistory ? '' : ` (${t.ahtDefault})`}` : <Value text={undefined} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Rota({ date, agents, error }: { date: string; agents: AgentWeek[] | null; error: string | null }) {
  const weekday = isoWeekday(date);
  const working = (agents ?? [])
    .map((a) => ({ ...a, shifts: a.shifts.filter((sh) => sh.weekday === weekday).sort((x, y) => x.starts.localeCompare(y.starts)) }))
    .filter((a) => a.shifts.length > 0);
  const label = formatDayLong(date);
  return (
    <section class="manager-section" aria-labelledby="staffing-rota">
      <h2 id="staffing-rota" class="manager-heading">{t.rotaHeading(label)}</h2>
      {error && <p class="manager-note">{t.rotaFailed(error)}</p>}
      {agents && working.length === 0 && <p class="manager-note">{t.rotaNobody}</p>}
      {working.length > 0 && (
        <div class="manager-table-wrap" role="region" aria-labelledby="plan-rota-caption" tabIndex={0}>
          <table class="manager-table" data-testid="plan-rota">
            <caption id="plan-rota-caption">{t.rotaCaption}</caption>
            <thead>
              <tr><th scope="col">{t.rotaCol.name}</th><th scope="col">{t.rotaCol.shifts}</th><th scope="col">{t.rotaCol.channels}</th></tr>
            </thead>
            <tbody>
              {working.map((a) => (
                <tr key={a.agent} data-testid={`rota-${a.agent}`}>
                  <th scope="row">{a.name}</th>
                  <td>{a.shifts.map((sh) => `${sh.starts}–${sh.ends}`).join(', ')}</td>
                  <td>{a.shifts.map((sh) => (sh.channels ? sh.channels.map((c) => s.channelLower[c]).join(', ') : t.rotaAllChannels)).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function About({ plan, state }: { plan: StaffingPlan; state: StaffingState }) {
  const backtest = state.forecast.value?.backtest;
  const history = state.forecast.value?.history;
  const wape = plan.forecastWape ?? backtest?.wape;
  return (
    <section class="manager-section" aria-labelledby="staffing-about">
      <h2 id="staffing-about" class="manager-heading">{t.aboutHeading}</h2>
      <dl class="plan-facts">
        <div>
          <dt>{t.accuracy}</dt>
          <dd data-testid="plan-wape">
            {wape === undefined ? t.accuracyNone : t.accuracyValue(formatPercent(wape), backtest?.daily.wape === undefined ? null : formatPercent(backtest.daily.wape))}
            {wape !== undefined && <span class="plan-fact-note">{t.accuracyNote(backtest?.weeks ?? null, backtest?.mape === undefined ? null : formatPercent(backtest.mape))}</span>}
          </dd>
        </div>
        <div>
          <dt>{t.shrinkage}</dt>
          <dd data-testid="plan-shrinkage">{formatPercent(plan.settings.shrinkage)}</dd>
        </div>
        <div>
          <dt>{t.patience}</dt>
          <dd data-testid="plan-patience">{t.patienceValue(formatDuration(plan.settings.patienceSeconds.phone), formatDuration(plan.settings.patienceSeconds.chat))}</dd>
        </div>
        {history?.from && (
          <div>
            <dt>{t.history}</dt>
            <dd>{t.historyValue(history.from, history.to)}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
