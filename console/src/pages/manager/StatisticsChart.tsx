/**
 * Contacts (bars, left axis) and service level (a line with points, right axis, 0–100 %) per
 * period for the whole center, in plain SVG; the title and description carry every figure as
 * text, and the table below has them all.
 */
import { managerStrings as s } from './strings.js';
import { formatNumber, formatPercent } from './format.js';
import { linePath, linear, niceTicks, round2 } from './chart-scale.js';
import { formatPeriod } from './dates.js';
import type { PeriodTotal } from './statistics-state.js';
import { useWidth } from './use-width.js';

/** Two panels on one time axis: service level above (0–100 %), contacts below; no shared y axis to misread. */
const HEIGHT = 350;
const M = { right: 16, left: 56 };
const SL = { top: 30, bottom: 120 };
const COUNT = { top: 160, bottom: 310 };
const LABELS_Y = 330;
const PERCENT_TICKS = [0, 0.5, 1];

export function StatisticsChart({ id, totals, periodName }: { id: string; totals: PeriodTotal[]; periodName: string }) {
  const [svg, width] = useWidth<SVGSVGElement>(960);
  const plotWidth = Math.max(40, width - M.left - M.right);
  const band = plotWidth / Math.max(1, totals.length);
  const barWidth = Math.max(2, Math.min(56, band * 0.6));
  const center = (k: number) => M.left + band * (k + 0.5);
  const axis = niceTicks(Math.max(1, ...totals.map((p) => p.contacts)), 4);
  const yCount = linear(0, axis.max, COUNT.bottom, COUNT.top);
  const ySl = linear(0, 1, SL.bottom, SL.top);
  // Labels need about 72 px each: show every n-th period when they are dense.
  const every = Math.max(1, Math.ceil(72 / band));
  const roomy = band >= 44;
  const title = s.statistics.chartTitle(periodName);
  const points = totals.map((p, k) => ({ x: center(k), y: p.serviceLevel === undefined ? null : ySl(p.serviceLevel) }));
  const desc = totals.map((p) => s.statistics.chartPoint(formatPeriod(p.period), formatNumber(p.contacts, 0),
    p.serviceLevel === undefined ? s.noValueLabel : formatPercent(p.serviceLevel))).join('. ');
  return (
    <figure class="chart stats-chart" aria-labelledby={`${id}-caption`} data-testid="stats-chart">
      <figcaption id={`${id}-caption`} class="chart-caption">
        <span class="chart-title">{title}</span>
        <span class="chart-note">{s.statistics.chartNote}</span>
      </figcaption>
      <svg ref={svg} class="chart-svg" viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        <text x={4} y={14} class="plan-axis-title">{s.statistics.legend.serviceLevel}</text>
        {PERCENT_TICKS.map((v) => (
          <g key={`p${v}`}>
            <line x1={M.left} x2={width - M.right} y1={ySl(v)} y2={ySl(v)} class={v === 0 ? 'plan-axis' : 'plan-grid'} />
            <text x={M.left - 8} y={ySl(v)} class="plan-tick" text-anchor="end" dominant-baseline="central">{formatPercent(v)}</text>
          </g>
        ))}
        <text x={4} y={COUNT.top - 16} class="plan-axis-title">{s.statistics.legend.contacts}</text>
        {axis.ticks.map((v) => (
          <g key={`c${v}`}>
            <line x1={M.left} x2={width - M.right} y1={yCount(v)} y2={yCount(v)} class={v === 0 ? 'plan-axis' : 'plan-grid'} />
            <text x={M.left - 8} y={yCount(v)} class="plan-tick" text-anchor="end" dominant-baseline="central">{formatNumber(v, 0)}</text>
          </g>
        ))}
        {totals.map((p, k) => (
          <g key={p.period}>
            <title>{s.statistics.chartPoint(formatPeriod(p.period), formatNumber(p.contacts, 0), formatPercent(p.serviceLevel))}</title>
            {p.contacts > 0 && (
              <rect x={round2(center(k) - barWidth / 2)} y={yCount(p.contacts)} width={round2(barWidth)} height={round2(yCount(0) - yCount(p.contacts))} class="stats-bar" />
            )}
            {roomy && p.contacts > 0 && (
              <text x={center(k)} y={yCount(p.contacts) - 5} class="stats-value" text-anchor="middle">{formatNumber(p.contacts, 0)}</text>
            )}
            {roomy && p.serviceLevel !== undefined && (
              <text x={center(k)} y={ySl(p.serviceLevel) - 9} class="stats-value" text-anchor="middle">{formatPercent(p.serviceLevel)}</text>
            )}
            {k % every === 0 && (
              <text x={center(k)} y={LABELS_Y} class="plan-tick" text-anchor="middle">{formatPeriod(p.period)}</text>
            )}
          </g>
        ))}
        <path d={linePath(points)} class="stats-line" />
        {points.map((p, k) => p.y !== null && <circle key={`sl${k}`} cx={p.x} cy={p.y} r={4} class="stats-point" />)}
      </svg>
    </figure>
  );
}
