/**
 * What a run counts and how it is printed: the tally the driver fills, the final summary,
 * the progress line and the `--dry-run` plan table. Pure formatting, so the wording is
 * tested without a server.
 */
import { countByHour, expectedByHour, mixOf, type Plan } from './arrivals.js';
import { CHANNELS, formatClock, type Channel, type Profile } from './profiles.js';

export interface ChannelTally {
  planned: number;
  /** Accepted by the server (ticket issued or contact created). */
  created: number;
  /** Called by an agent (for a visit: called to a counter, whether or not they came). */
  answered: number;
  /** Gave up waiting: cancelled by the simulator when their patience ran out. */
  abandoned: number;
  noShow: number;
  resolved: number;
  forwarded: number;
  /** Still waiting when the day (or `--minutes`) ended. */
  waitingAtEnd: number;
  /** Simulated seconds from queued to called, per answered contact (server timestamps). */
  waits: number[];
  rosa: number[];
}

export interface ErrorEntry { request: string; status: number; code: string; detail: string; count: number }

export interface Report {
  profile: string;
  seed: number;
  speed: number;
  /** Simulated window that was run. */
  start: number;
  end: number;
  realSeconds: number;
  channels: Record<Channel, ChannelTally>;
  /** Contacts the agents got that this run did not create (a human's test ticket, a previous run). */
  foreign: number;
  errors: ErrorEntry[];
  /** Why the run ended before its window did, if it did (Ctrl-C, the hard time limit). */
  interrupted?: string;
}

export function emptyTally(): ChannelTally {
  return { planned: 0, created: 0, answered: 0, abandoned: 0, noShow: 0, resolved: 0, forwarded: 0, waitingAtEnd: 0, waits: [], rosa: [] };
}

export function errorCount(r: Pick<Report, 'errors'>): number {
  return r.errors.reduce((s, e) => s + e.count, 0);
}

/** Nearest-rank percentile; NaN for no data, which prints as "–". */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN;
}

/** Seconds as m:ss (or h:mm:ss), the way a queue board shows a wait. */
export function formatWait(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)} %` : '–');

function table(rows: string[][], alignLeft = 1): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
}

function combine(ts: ChannelTally[]): ChannelTally {
  const all = emptyTally();
  for (const t of ts) {
    for (const k of ['planned', 'created', 'answered', 'abandoned', 'noShow', 'resolved', 'forwarded', 'waitingAtEnd'] as const) all[k] += t[k];
    all.waits.push(...t.waits);
    all.rosa.push(...t.rosa);
  }
  return all;
}

export function formatSummary(r: Report): string[] {
  const lines = [
    `Simulated ${r.profile} (seed ${r.seed}), ${formatClock(r.start)}–${formatClock(r.end)} at ${r.speed}× in ${r.realSeconds.toFixed(1)} s` +
      (r.interrupted ? ` — stopped early: ${r.interrupted}` : ''),
  ];
  const head = ['channel', 'planned', 'created', 'answered', 'abandoned', 'no-show', 'waiting@end', 'wait mean', 'wait p90', 'resolved 1st'];
  const row = (name: string, t: ChannelTally) => [
    name, String(t.planned), String(t.created), String(t.answered), String(t.abandoned), String(t.noShow), String(t.waitingAtEnd),
    formatWait(mean(t.waits)), formatWait(percentile(t.waits, 90)), pct(t.resolved, t.resolved + t.forwarded),
  ];
  const used = CHANNELS.filter((c) => r.channels[c].planned > 0 || r.channels[c].answered > 0);
  const all = combine(used.map((c) => r.channels[c]));
  lines.push(...table([head, ...used.map((c) => row(c, r.channels[c])), row('all', all)]));
  const finished = all.resolved + all.forwarded;
  const firstLine = all.rosa.filter((l) => l <= 4).length;
  lines.push(`Resolved at first contact: ${pct(all.resolved, finished)} of ${finished} finished (forwarded ${all.forwarded}); ROSA 1–4: ${pct(firstLine, all.rosa.length)}`);
  if (r.foreign) lines.push(`Also served ${r.foreign} contact(s) this run did not create.`);
  const n = errorCount(r);
  if (!n) lines.push('Errors: none');
  else {
    lines.push(`Errors: ${n} request(s) failed`);
    for (const e of r.errors) lines.push(`  ${e.count} × ${e.request} → ${e.status || 'no response'} ${e.code}: ${e.detail}`);
  }
  return lines;
}

/** One line while running: what has happened so far, at a simulated time. */
export function formatProgress(simMinutes: number, channels: Record<Channel, ChannelTally>, busy: number, errors: number): string {
  const all = combine(CHANNELS.map((c) => channels[c]));
  const per = CHANNELS.filter((c) => channels[c].planned).map((c) => `${c} ${channels[c].created}`).join(', ');
  const waiting = all.created - all.answered - all.abandoned;
  return `[${formatClock(simMinutes)}] arrived ${all.created} (${per}) · waiting ${waiting} · with agents ${busy} · answered ${all.answered} · abandoned ${all.abandoned} · errors ${errors}`;
}

/** The `--dry-run` output: per hour and channel, generated (expected), then the mixes. */
export function formatPlan(plan: Plan, profile: Profile): string[] {
  const expected = expectedByHour(profile, plan.scale);
  const used = CHANNELS.filter((c) => profile.channels[c]);
  const rows = countByHour(plan).map((h) => {
    const exp = expected.get(h.hour);
    return [
      `${formatClock(h.hour * 60)}–${formatClock(h.hour * 60 + 60)}`,
      ...used.map((c) => `${h.counts[c]} (${(exp?.[c] ?? 0).toFixed(0)})`),
      String(h.total),
    ];
  });
  const totals = ['total', ...used.map((c) => String(plan.arrivals.filter((a) => a.channel === c).length)), String(plan.arrivals.length)];
  const share = (entries: [string, number][]) => entries.map(([k, n]) => `${k} ${pct(n, plan.arrivals.length)}`).join(', ');
  return [
    `Plan ${plan.profile}, seed ${plan.seed}${plan.scale !== 1 ? `, scale ${plan.scale}` : ''}: ${plan.arrivals.length} contacts ${formatClock(plan.start)}–${formatClock(plan.end)} (generated (expected) per hour)`,
    ...table([['hour', ...used, 'all'], ...rows, totals]),
    `Errands: ${share(mixOf(plan, 'service'))}`,
    `Languages: ${share(mixOf(plan, 'language'))}`,
  ];
}
