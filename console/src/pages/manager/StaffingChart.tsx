/**
 * One day of the staffing plan in plain SVG: per quarter hour a bar of the agents needed
 * (scheduled up for shrinkage), steps of the agents scheduled, and where too few are at
 * work the missing part of the bar hatched with the count above it, so a gap reads without
 * colour. The SVG's title and description say the same in words; the view puts every figure
 * in a table below it too.
 */
import type { PlanDay } from '@entre/protocol';
import { managerStrings as s } from './strings.js';
import { formatNumber } from './format.js';
import { dayWindow, hourTicks, linear, niceTicks, QUARTER, stepPath } from './chart-scale.js';
import { clockOf, minutesOf } from './dates.js';
import { describePlanDay } from './sentences.js';
import { useWidth } from './use-width.js';

const HEIGHT = 320;
const M = { top: 34, right: 16, bottom: 34, left: 48 };

export function StaffingChart({ id, day, label }: { id: string; day: PlanDay; label: string }) {
  const [svg, width] = useWidth<SVGSVGElement>(960);
  const intervals = [...day.intervals].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
  const win = dayWindow(intervals);
  const x = linear(win.from, win.to, M.left, width - M.right);
  const top = Math.max(1, ...intervals.map((i) => Math.max(i.requiredScheduled, i.scheduled, i.signedIn ?? 0)));
  const axis = niceTicks(top, 5);
  const y = linear(0, axis.max, HEIGHT - M.bottom, M.top);
  const hourWidth = x(win.from + 60) - x(win.from);
  const hours = hourTicks(win).filter((_, k) => hourWidth >= 48 || k % 2 === 0);
  const quarter = x(win.from + QUARTER) - x(win.from);
  const barWidth = Math.max(1, quarter - (quarter > 8 ? 2 : 0));
  const scheduled = stepPath(intervals.map((i) => {
    const m = minutesOf(i.start);
    return { x0: x(m), x1: x(m + QUARTER), y: y(i.scheduled) };
  }));
  const now = intervals.find((i) => i.signedIn !== undefined);
  const title = s.staffing.chartTitle(label);
  const legend = s.staffing.legend;
  return (
    <figure class="chart plan-chart" aria-labelledby={`${id}-caption`} data-testid="plan-chart">
      <figcaption id={`${id}-caption`} class="chart-caption">
        <span class="chart-title">{title}</span>
        <span class="chart-note">{s.staffing.chartNote}</span>
      </figcaption>
      <ul class="plan-legend" aria-hidden="true">
        <li><svg width="18" height="14"><rect x="1" y="1" width="16" height="12" class="plan-need" /></svg>{legend.need}</li>
        <li><svg width="22" height="14"><path d="M1 11H11V3H21" class="plan-scheduled" /></svg>{legend.scheduled}</li>
        <li><svg width="18" height="14"><rect x="1" y="1" width="16" height="12" class="plan-gap" fill={`url(#${id}-hatch)`} /></svg>{legend.gap}</li>
        {now && <li><svg width="14" height="14"><circle cx="7" cy="7" r="5" class="plan-signed-in" /></svg>{legend.signedIn}</li>}
      </ul>
      <svg ref={svg} class="chart-svg" viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`} data-testid="plan-chart-desc">{describePlanDay(day, label)}</desc>
        <defs>
          <pattern id={`${id}-hatch`} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect width="6" height="6" class="plan-hatch-bg" />
            <line x1="0" y1="0" x2="0" y2="6" class="plan-hatch-line" />
          </pattern>
        </defs>
        <text x={4} y={14} class="plan-axis-title">{s.staffing.axisAgents}</text>
        {axis.ticks.map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} class={t === 0 ? 'plan-axis' : 'plan-grid'} />
            <text x={M.left - 8} y={y(t)} class="plan-tick" text-anchor="end" dominant-baseline="central">{t}</text>
          </g>
        ))}
        {hours.map((m) => (
          <g key={`x${m}`}>
            <line x1={x(m)} x2={x(m)} y1={HEIGHT - M.bottom} y2={HEIGHT - M.bottom + 5} class="plan-axis" />
            <text x={x(m)} y={HEIGHT - M.bottom + 20} class="plan-tick" text-anchor="middle">{clockOf(m)}</text>
          </g>
        ))}
        {intervals.map((i) => {
          const m = minutesOf(i.start);
          const x0 = x(m) + (quarter - barWidth) / 2;
          const need = i.requiredScheduled;
          return (
            <g key={i.start} class={i.gap > 0 ? 'plan-q plan-q--gap' : 'plan-q'} data-start={i.start} data-gap={i.gap}>
              <title>{s.staffing.intervalTitle(i.start, formatNumber(i.forecast), i.required, need, i.scheduled, i.covered, i.gap)}</title>
              {/* A transparent full-height target, so the tooltip shows over an empty quarter too. */}
              <rect x={x(m)} y={M.top} width={quarter} height={HEIGHT - M.top - M.bottom} class="plan-hit" />
              {need > 0 && <rect x={x0} y={y(need)} width={barWidth} height={y(0) - y(need)} class="plan-need" />}
              {i.gap > 0 && (
                <>
                  <rect x={x0} y={y(need)} width={barWidth} height={y(need - i.gap) - y(need)} class="plan-gap" fill={`url(#${id}-hatch)`} />
                  <text x={x0 + barWidth / 2} y={y(need) - 5} class="plan-gap-label" text-anchor="middle">{i.gap}</text>
                </>
              )}
            </g>
          );
        })}
        <path d={scheduled} class="plan-scheduled" />
        {now?.signedIn !== undefined && (
          <circle cx={x(minutesOf(now.start) + QUARTER / 2)} cy={y(now.signedIn)} r={5} class="plan-signed-in" />
        )}
      </svg>
    </figure>
  );
}
