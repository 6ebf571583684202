/**
 * Statistics ("Statistik"): a form for the dates, the period and the grouping; contacts and
 * service level per period as a chart; every figure per period and group in a table; the
 * same as CSV. Last week per day in total when the view opens.
 */
import { useEffect, useState } from 'preact/hooks';
import type { StatisticsBy, StatisticsPeriod, StatisticsRow } from '@entre/protocol';
import { managerStrings as s } from './strings.js';
import { formatNumber, formatPercent } from './format.js';
import { formatPeriod, lastMonth, lastWeek } from './dates.js';
import { periodTotals, type StatisticsQuery, type StatisticsState } from './statistics-state.js';
import { STATISTICS_COLUMNS } from './statistics-columns.js';
import { StatisticsChart } from './StatisticsChart.js';
import { Value } from './Value.js';
import './statistics.css';

const t = s.statistics;
const PERIODS: StatisticsPeriod[] = ['day', 'week', 'month'];
const GROUPS: StatisticsBy[] = ['total', 'service', 'channel', 'answerGroup'];

export function StatisticsView({ state }: { state: StatisticsState }) {
  const [draft, setDraft] = useState<StatisticsQuery>(state.query.value);
  useEffect(() => {
    if (!state.statistics.value) void state.load();
  }, [state]);
  const ask = (q: StatisticsQuery) => {
    setDraft(q);
    void state.load(q);
  };
  const stats = state.statistics.value;
  const q = state.query.value;
  return (
    <div class="manager-view stats" data-testid="statistics-view">
      <form class="stats-form" aria-label={t.formLabel} onSubmit={(e) => { e.preventDefault(); ask(draft); }}>
        <div class="stats-field">
          <label for="stats-from">{t.from}</label>
          <input id="stats-from" type="date" value={draft.from} required data-testid="stats-from"
            onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        </div>
        <div class="stats-field">
          <label for="stats-to">{t.to}</label>
          <input id="stats-to" type="date" value={draft.to} required data-testid="stats-to"
            onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        </div>
        <div class="stats-field">
          <label for="stats-period">{t.period}</label>
          <select id="stats-period" value={draft.period} data-testid="stats-period"
            onChange={(e) => setDraft({ ...draft, period: e.currentTarget.value as StatisticsPeriod })}>
            {PERIODS.map((p) => <option key={p} value={p}>{t.periods[p]}</option>)}
          </select>
        </div>
        <div class="stats-field">
          <label for="stats-by">{t.by}</label>
          <select id="stats-by" value={draft.by} data-testid="stats-by"
            onChange={(e) => setDraft({ ...draft, by: e.currentTarget.value as StatisticsBy })}>
            {GROUPS.map((g) => <option key={g} value={g}>{t.groups[g]}</option>)}
          </select>
        </div>
        <button type="submit" class="button button--primary" data-testid="stats-show">{t.show}</button>
        <button type="button" class="button" onClick={() => ask({ ...draft, ...lastWeek(state.today) })}>{t.lastWeek}</button>
        <button type="button" class="button" onClick={() => ask({ ...draft, ...lastMonth(state.today) })}>{t.lastMonth}</button>
      </form>
      <div class="manager-meta">
        <p class="manager-updated" role="status" data-testid="stats-status">
          {state.loading.value ? t.loading : stats ? t.showing(q.from, q.to, t.periods[q.period]) : ''}
          {stats && !state.loading.value && (
            <a class="button" href={state.csvUrl.value} download data-testid="stats-csv">{t.csv}</a>
          )}
        </p>
        {state.loadError.value && <p class="alert" role="alert">{t.failed(state.loadError.value)}</p>}
      </div>
      {stats && (stats.rows.length === 0 ? <p class="manager-note" data-testid="stats-empty">{t.empty}</p> : (
        <>
          <StatisticsChart id="stats-chart" totals={periodTotals(stats)} periodName={t.periods[stats.period]} />
          <StatisticsTable rows={stats.rows} grouped={stats.by !== 'total'} />
          <RosaTable rows={stats.rows} grouped={stats.by !== 'total'} />
        </>
      ))}
    </div>
  );
}

const ROSA = [1, 2, 3, 4, 5, 6, 7, 8];

function StatisticsTable({ rows, grouped }: { rows: StatisticsRow[]; grouped: boolean }) {
  const c = t.col;
  return (
    <div class="manager-table-wrap" role="region" aria-labelledby="stats-table-caption" tabIndex={0}>
      <table class="manager-table stats-table" data-testid="stats-table">
        <caption id="stats-table-caption">{t.tableCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{c.period}</th>
            {grouped && <th scope="col">{c.group}</th>}
            {STATISTICS_COLUMNS.map((col) => <th key={col.key} scope="col" class="num stats-figure-head">{col.label}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const id = `stats-${r.period}-${r.group}`;
            return (
              <tr key={id} data-testid={id}>
                <th scope="row">{formatPeriod(r.period)}</th>
                {grouped && <th scope="row">{r.name}</th>}
                {STATISTICS_COLUMNS.map((col) => (
                  <td key={col.key} class="num" data-testid={`${id}-${col.key}`}><Value text={col.text(r)} /></td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The finished contacts per ROSA level, 1 (information) to 8 (specialist), and the share settled at levels 1–4. */
function RosaTable({ rows, grouped }: { rows: StatisticsRow[]; grouped: boolean }) {
  const c = t.col;
  return (
    <div class="manager-table-wrap" role="region" aria-labelledby="stats-rosa-caption" tabIndex={0}>
      <table class="manager-table stats-table" data-testid="stats-rosa">
        <caption id="stats-rosa-caption">{c.rosa}</caption>
        <thead>
          <tr>
            <th scope="col">{c.period}</th>
            {grouped && <th scope="col">{c.group}</th>}
            {ROSA.map((n) => <th key={n} scope="col" class="num">{c.rosaLevel(n)}</th>)}
            <th scope="col" class="num">{c.rosaFirstLine}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const id = `stats-${r.period}-${r.group}`;
            const all = r.rosa.reduce((a, b) => a + b, 0);
            const firstLine = r.rosa.slice(0, 4).reduce((a, b) => a + b, 0);
            return (
              <tr key={id}>
                <th scope="row">{formatPeriod(r.period)}</th>
                {grouped && <th scope="row">{r.name}</th>}
                {r.rosa.map((n, k) => <td key={`rosa${k}`} class="num" data-testid={`${id}-rosa${k + 1}`}>{formatNumber(n, 0)}</td>)}
                <td class="num" data-testid={`${id}-rosa1to4`}><Value text={all ? formatPercent(firstLine / all) : undefined} /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
