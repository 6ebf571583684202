/**
 * The arithmetic of the manager's hand-drawn SVG charts, pure and tested: axis scales with
 * round tick steps, step lines, and the runs of quarter hours where the plan is short.
 */
import type { PlanDay, PlanInterval } from '@entre/protocol';
import { clockOf, minutesOf } from './dates.js';

export const QUARTER = 15;

/** Two decimals at most: short path strings that still place a line to a hundredth of a pixel. */
export const round2 = (v: number): number => Math.round(v * 100) / 100;

/** Maps [d0, d1] onto [r0, r1] (either may run backwards, like an SVG y axis). */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return (v) => round2(span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0));
}

/** The smallest step of 1, 2 or 5 × 10ⁿ (whole numbers only) that is at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** A y axis from 0 to at least `max` in about `count` round steps: the top and every tick. */
export function niceTicks(max: number, count = 5): { max: number; ticks: number[] } {
  const step = niceStep(Math.max(0, max) / count);
  const top = Math.max(step, Math.ceil(Math.max(0, max) / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  return { max: top, ticks };
}

/** An SVG path of horizontal steps; touching segments are joined by a vertical, others start anew. */
export function stepPath(steps: readonly { x0: number; x1: number; y: number }[]): string {
  let d = '';
  let lastX: number | null = null;
  for (const s of steps) {
    d += lastX === s.x0 ? `V${round2(s.y)}H${round2(s.x1)}` : `${d ? ' ' : ''}M${round2(s.x0)} ${round2(s.y)}H${round2(s.x1)}`;
    lastX = s.x1;
  }
  return d;
}

/** The service level line: points joined while they have a value, broken where one is missing. */
export function linePath(points: readonly { x: number; y: number | null }[]): string {
  let d = '';
  let drawing = false;
  for (const p of points) {
    if (p.y === null) { drawing = false; continue; }
    d += `${drawing ? 'L' : `${d ? ' ' : ''}M`}${round2(p.x)} ${round2(p.y)}`;
    drawing = true;
  }
  return d;
}

/** Whole hours that cover the day's intervals (08:00–17:00 for 08:15–16:45), in minutes. */
export function dayWindow(intervals: readonly Pick<PlanInterval, 'start'>[]): { from: number; to: number } {
  if (intervals.length === 0) return { from: 8 * 60, to: 17 * 60 };
  const starts = intervals.map((i) => minutesOf(i.start));
  return { from: Math.floor(Math.min(...starts) / 60) * 60, to: Math.ceil((Math.max(...starts) + QUARTER) / 60) * 60 };
}

/** Every hour in the window, for the x axis's labels. */
export function hourTicks(window: { from: number; to: number }): number[] {
  const out: number[] = [];
  for (let m = window.from; m <= window.to; m += 60) out.push(m);
  return out;
}

export interface GapRun {
  /** `10:00` */
  start: string;
  /** `11:00`: the end of the run's last quarter. */
  end: string;
  /** Agent-quarters missing in the run. */
  quarters: number;
  /** The most heads missing in one of its quarters. */
  worst: number;
}

/** Consecutive quarter hours that are short of staff, as runs (`10:00–11:00, at worst 3`). */
export function gapRuns(intervals: readonly Pick<PlanInterval, 'start' | 'gap'>[]): GapRun[] {
  const runs: (GapRun & { last: number })[] = [];
  for (const i of [...intervals].sort((a, b) => minutesOf(a.start) - minutesOf(b.start))) {
    if (i.gap <= 0) continue;
    const at = minutesOf(i.start);
    const run = runs[runs.length - 1];
    if (run && run.last + QUARTER === at) {
      run.last = at;
      run.end = clockOf(at + QUARTER);
      run.quarters += i.gap;
      run.worst = Math.max(run.worst, i.gap);
    } else {
      runs.push({ start: i.start, end: clockOf(at + QUARTER), quarters: i.gap, worst: i.gap, last: at });
    }
  }
  return runs.map(({ last: _last, ...run }) => run);
}

/** The first interval with the day's most heads missing; null when nothing is missing. */
export function worstInterval(day: Pick<PlanDay, 'intervals'>): PlanInterval | null {
  let worst: PlanInterval | null = null;
  for (const i of day.intervals) if (i.gap > 0 && (!worst || i.gap > worst.gap)) worst = i;
  return worst;
}
