/**
 * Running Swedish text made from the server's structured answers: the live advice as
 * sentences a manager can act on, and the staffing chart's text alternative. Pure.
 */
import type { AdviceRisk, Channel, PlanDay } from '@entre/protocol';
import { managerStrings as s } from './strings.js';
import { formatNumber, formatPercent } from './format.js';
import { gapRuns } from './chart-scale.js';
import { clockOf, minutesOf } from './dates.js';

/** `Anna`, `Anna och Maria`, `Anna, Maria och Eva`. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${s.advice.and} ${names[names.length - 1]}`;
}

const places = (channels: readonly Channel[]) => joinNames(channels.map((c) => s.channelPlace[c]));

export interface AdviceText {
  /** "Bygglov, besök: 5 behövs, 2 i tjänst." */
  summary: string;
  /** One sentence per move, or "Ingen kan frigöras."; then what is still missing, if anything. */
  actions: string[];
  /** The figures behind it: "4 väntar · prognos 3,2 nästa kvart · servicenivå i dag 62 % (mål 80 %)". */
  detail: string;
}

export function adviceText(risk: AdviceRisk): AdviceText {
  const summary = s.advice.summary(risk.serviceName, s.channelLower[risk.channel], risk.required, risk.covered);
  const moves = risk.moves.filter((m) => m.agents.length > 0);
  const actions = moves.map((m) => s.advice.move(joinNames(m.agents.map((a) => a.name)), m.from.length ? places(m.from) : null, s.channelPlace[m.to], m.minutes));
  if (actions.length === 0) actions.push(s.advice.noMove);
  else if (risk.stillMissing > 0) actions.push(s.advice.stillMissing(risk.stillMissing));
  const detail = [
    s.advice.waiting(risk.waiting),
    s.advice.forecast(formatNumber(risk.forecast)),
    ...(risk.serviceLevel !== undefined ? [s.advice.serviceLevel(formatPercent(risk.serviceLevel), formatPercent(risk.targetServiceLevel))] : []),
  ].join(' · ');
  return { summary, actions, detail };
}

/** The whole advice for one queue as one paragraph (the list item's text). */
export function adviceSentence(risk: AdviceRisk): string {
  const t = adviceText(risk);
  return [t.summary, ...t.actions].join(' ');
}

/** What the day's chart shows, in words: its span, peak need, staffing and where it is short. */
export function describePlanDay(day: PlanDay, label: string): string {
  const d = s.staffing.describe;
  if (day.closed) return d.closed(label, day.note);
  if (day.intervals.length === 0) return d.empty(label);
  const starts = day.intervals.map((i) => minutesOf(i.start));
  const parts = [d.span(label, clockOf(Math.min(...starts)), clockOf(Math.max(...starts) + 15))];
  let peak = day.intervals[0]!;
  for (const i of day.intervals) if (i.requiredScheduled > peak.requiredScheduled) peak = i;
  parts.push(d.need(peak.requiredScheduled, peak.start));
  const scheduled = day.intervals.map((i) => i.scheduled);
  parts.push(d.scheduled(Math.min(...scheduled), Math.max(...scheduled)));
  const runs = gapRuns(day.intervals);
  if (runs.length === 0) parts.push(d.noGap);
  else {
    const short = day.intervals.filter((i) => i.gap > 0).length;
    const quarters = day.intervals.reduce((sum, i) => sum + i.gap, 0);
    parts.push(d.gaps(short, quarters, runs.map((r) => d.run(r.start, r.end, r.worst)).join(', ')));
  }
  return parts.join(' ');
}
