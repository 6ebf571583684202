/**
 * What a center is measured on, from the simulated contacts. Definitions:
 * - service level = answered within the errand's SL target ÷ (answered + abandoned); no-shows
 *   and contacts still waiting at the stop are in neither part;
 * - waits are of answered contacts (arrival → answer/call), in minutes; p90 by nearest rank;
 * - the estimate error is over called visits (answered or no-show) whose kiosk estimate was a
 *   number: |estimate − actual wait to the call|, minutes.
 * Pure.
 */
import { percentile } from '../stats.js';
import { SIM_CHANNELS, type Channel, type ContactRecord, type SimResult } from './types.js';

export interface ChannelRow {
  channel: Channel | 'total';
  offered: number;
  answered: number;
  abandoned: number;
  noShow: number;
  open: number;
  /** Answered within the SL target. */
  withinTarget: number;
  /** withinTarget ÷ (answered + abandoned); NaN when both are zero. */
  serviceLevel: number;
  /** Mean and p90 wait of answered contacts, minutes; NaN when none. */
  meanWait: number;
  p90Wait: number;
  /** Answered by an agent without the contact's language although a colleague on staff has it. */
  byNonSpeaker: number;
  /** Answered in a language nobody on staff speaks (an interpreter needed). */
  interpreter: number;
}

export interface EstimateError {
  /** Called visits with a numeric estimate. */
  n: number;
  /** Visits whose estimate was "unknown" (no counter serving the errand). */
  unknown: number;
  mae: number;
  /** Mean (estimate − actual): positive = the kiosk promised longer waits than happened. */
  bias: number;
  meanActual: number;
  /** The same rule counting every channel's contacts ahead, as the kiosk once did. */
  maeAllChannels: number;
}

/** Nearest-rank percentile (p in 0–100) of minutes; NaN for no samples. */
export function nearestRank(values: readonly number[], p: number): number {
  return percentile([...values], p);
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : Number.NaN;
}

function row(channel: ChannelRow['channel'], contacts: readonly ContactRecord[]): ChannelRow {
  const waits: number[] = [];
  let abandoned = 0, noShow = 0, open = 0, withinTarget = 0, byNonSpeaker = 0, interpreter = 0;
  for (const c of contacts) {
    switch (c.outcome) {
      case 'answered':
        waits.push(c.waitMinutes!);
        if (c.waitMinutes! * 60 <= c.slTargetSeconds) withinTarget++;
        if (c.languageFit === 'colleague_speaks') byNonSpeaker++;
        if (c.languageFit === 'nobody_speaks') interpreter++;
        break;
      case 'abandoned': abandoned++; break;
      case 'no_show': noShow++; break;
      case 'open': open++; break;
    }
  }
  const answered = waits.length;
  return {
    channel, offered: contacts.length, answered, abandoned, noShow, open, withinTarget,
    serviceLevel: answered + abandoned ? withinTarget / (answered + abandoned) : Number.NaN,
    meanWait: mean(waits), p90Wait: nearestRank(waits, 90), byNonSpeaker, interpreter,
  };
}

/** One row per channel that had contacts, then the total. */
export function summarize(contacts: readonly ContactRecord[]): ChannelRow[] {
  const rows = SIM_CHANNELS.map((ch) => contacts.filter((c) => c.channel === ch)).filter((cs) => cs.length > 0).map((cs) => row(cs[0]!.channel, cs));
  rows.push(row('total', contacts));
  return rows;
}

export function estimateError(contacts: readonly ContactRecord[]): EstimateError {
  const called = contacts.filter((c) => c.channel === 'visit' && (c.outcome === 'answered' || c.outcome === 'no_show'));
  const known = called.filter((c) => c.estimateMinutes !== null && c.estimateMinutes !== undefined);
  const err = known.map((c) => c.estimateMinutes! - c.waitMinutes!);
  const errAll = known.filter((c) => c.estimateAllChannelsMinutes != null).map((c) => c.estimateAllChannelsMinutes! - c.waitMinutes!);
  return {
    n: known.length, unknown: called.length - known.length,
    mae: mean(err.map(Math.abs)), bias: mean(err), meanActual: mean(known.map((c) => c.waitMinutes!)),
    maeAllChannels: mean(errAll.map(Math.abs)),
  };
}

/** Busy share of the agents' staffed time over one or more runs. */
export function occupancy(results: readonly SimResult[]): number {
  let busy = 0, staffed = 0;
  for (const r of results) {
    for (const m of r.busyMinutes.values()) busy += m;
    staffed += r.busyMinutes.size * (r.end - r.start);
  }
  return staffed ? busy / staffed : Number.NaN;
}

const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);
const min = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(2));

/** The comparison table: per channel and total, one line per policy. */
export function formatTable(byPolicy: readonly { policy: string; rows: readonly ChannelRow[] }[]): string[] {
  const head = ['channel', 'policy', 'offered', 'answered', 'abandoned', 'no-show', 'open', 'SL', 'mean wait', 'p90 wait', 'non-speaker', 'interpr.'];
  const widths = [8, 6, 8, 9, 10, 8, 5, 7, 10, 9, 12, 9];
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
  const out = [line(head)];
  const channels = byPolicy[0]?.rows.map((r) => r.channel) ?? [];
  for (const ch of channels) {
    for (const { policy, rows } of byPolicy) {
      const r = rows.find((x) => x.channel === ch);
      if (!r) continue;
      out.push(line([ch, policy, String(r.offered), String(r.answered), String(r.abandoned), String(r.noShow), String(r.open),
        pct(r.serviceLevel), min(r.meanWait), min(r.p90Wait), String(r.byNonSpeaker), String(r.interpreter)]));
    }
  }
  return out;
}

export { pct as formatPercent, min as formatMinutes };
