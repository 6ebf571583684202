/**
 * A horizontal bar chart in plain SVG: one row per item with its label and its value as
 * text, an optional target mark, and a text alternative (the SVG's title and description)
 * for screen readers; the page puts the same figures in a table beside it.
 */
import { useWidth } from './use-width.js';

export interface Bar {
  key: string;
  label: string;
  /** null: no data yet (no bar, the text says so). */
  value: number | null;
  /** The value as the text beside the bar says it. */
  text: string;
  /** A target on the same scale, drawn as a mark across the row. */
  marker?: number | undefined;
  /** Drawn in the warning colour (the text must say why too). */
  warn?: boolean | undefined;
}

/** The width drawn before the chart is measured; then one unit is one CSS pixel, so text stays 14 px. */
const WIDTH = 640;
const LABEL = 210;
const VALUE = 200;
const ROW = 32;
const BAR = 18;
const GAP = 10;

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function BarChart({ id, title, note, bars, max, testid }: { id: string; title: string; note?: string; bars: Bar[]; max: number; testid?: string }) {
  const [svg, width] = useWidth<SVGSVGElement>(WIDTH);
  const labelWidth = Math.min(LABEL, Math.round(width * 0.34));
  const valueWidth = Math.min(VALUE, Math.round(width * 0.3));
  const area = Math.max(40, width - labelWidth - valueWidth - 2 * GAP);
  const height = bars.length * ROW + 8;
  const scale = (v: number) => (max > 0 ? Math.max(0, Math.min(1, v / max)) * area : 0);
  const desc = bars.map((b) => `${b.label}: ${b.text}`).join('. ');
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`} data-testid={testid}>
      <figcaption id={`${id}-caption`} class="chart-caption">
        <span class="chart-title">{title}</span>
        {note && <span class="chart-note">{note}</span>}
      </figcaption>
      <svg ref={svg} class="chart-svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {bars.map((b, i) => {
          const y = 4 + i * ROW;
          const mid = y + ROW / 2;
          const x0 = labelWidth + GAP;
          return (
            <g key={b.key}>
              <text x={labelWidth} y={mid} class="chart-label" text-anchor="end" dominant-baseline="central">{truncate(b.label, Math.max(8, Math.floor(labelWidth / 7.5)))}</text>
              <rect x={x0} y={mid - BAR / 2} width={area} height={BAR} class="chart-track" />
              {b.value !== null && b.value > 0 && (
                <rect x={x0} y={mid - BAR / 2} width={Math.max(2, scale(b.value))} height={BAR} class={b.warn ? 'chart-bar chart-bar--warn' : 'chart-bar'} />
              )}
              {b.marker !== undefined && (
                <line x1={x0 + scale(b.marker)} x2={x0 + scale(b.marker)} y1={mid - BAR / 2 - 4} y2={mid + BAR / 2 + 4} class="chart-marker" />
              )}
              <text x={x0 + area + GAP} y={mid} class="chart-value" dominant-baseline="central">{b.text}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
