/**
 * Profile + seed → the day's plan: every contact's arrival time, channel, errand, language,
 * and what will happen to it (handle time, patience, outcome, ROSA level). Pure: no clock,
 * no I/O, so the same seed gives the same day and the tests can check the statistics.
 *
 * Arrivals are a non-homogeneous Poisson process with a rate that is constant within each
 * clock hour (the profile's hourly shape). Within a piece the gaps are exponential; at a
 * piece boundary the process simply restarts at the new rate, which is exact because the
 * exponential is memoryless.
 */
import { CHANNELS, parseClock, profileWindow, type Channel, type ChannelProfile, type Profile } from './profiles.js';
import { exponential, lognormal, pick, pickEntry, streamFor, type Rng } from './random.js';

export interface Arrival {
  /** Position in the plan: the contact's stable name in external refs and logs. */
  seq: number;
  /** Simulated minutes after midnight, site-local. */
  at: number;
  channel: Channel;
  service: string;
  language: string;
  /** Simulated minutes at the counter or on the line once started. */
  handleMinutes: number;
  /** Simulated minutes the contact waits before abandoning; null = never abandons. */
  patienceMinutes: number | null;
  /** A visitor called who never comes to the counter. */
  noShow: boolean;
  outcome: 'resolved' | 'forwarded';
  rosaLevel: number;
}

export interface Plan {
  profile: string;
  seed: number;
  scale: number;
  /** The simulated window [start, end), minutes after midnight. */
  start: number;
  end: number;
  arrivals: Arrival[];
}

export interface PlanOptions {
  seed: number;
  /** Multiplies every channel's volume (e.g. 0.25 for a quarter of the day's traffic). */
  scale?: number;
  /** Only the first N simulated minutes of the day; the plan is a prefix of the full day's. */
  minutes?: number;
}

/** A stretch of constant arrival rate (contacts per minute). */
export interface RatePiece { from: number; to: number; rate: number }

// Handle times are clamped: a lognormal tail of a three-hour call would stall a short run.
const MIN_HANDLE = 0.5, MAX_HANDLE = 60;

/** The channel's piecewise-constant rate over its opening hours, normalised to `expected`. */
export function ratePieces(cp: ChannelProfile, expected = cp.expected): RatePiece[] {
  const open = parseClock(cp.open), close = parseClock(cp.close);
  if (!(close > open)) throw new Error(`closing time ${cp.close} is not after opening ${cp.open}`);
  const raw: { from: number; to: number; w: number }[] = [];
  for (let h = Math.floor(open / 60); h * 60 < close; h++) {
    const from = Math.max(open, h * 60), to = Math.min(close, h * 60 + 60);
    const w = cp.hourly[h] ?? 0;
    if (w < 0) throw new Error(`negative weight for hour ${h}`);
    if (to > from) raw.push({ from, to, w });
  }
  const mass = raw.reduce((s, p) => s + p.w * (p.to - p.from), 0);
  if (!(mass > 0)) throw new Error(`no hourly weight inside ${cp.open}–${cp.close}`);
  return raw.map((p) => ({ from: p.from, to: p.to, rate: (expected * p.w) / mass }));
}

/** Arrival times of a non-homogeneous Poisson process with the given pieces. */
export function poissonTimes(rng: Rng, pieces: readonly RatePiece[]): number[] {
  const out: number[] = [];
  for (const p of pieces) {
    if (p.rate <= 0) continue;
    // Bounded: the expected count per piece is rate × length; a hard cap guards a typo'd profile.
    const cap = Math.ceil(p.rate * (p.to - p.from) * 10 + 1000);
    let t = p.from;
    for (let i = 0; i < cap; i++) {
      t += exponential(rng, p.rate);
      if (t >= p.to) break;
      out.push(t);
    }
  }
  return out;
}

type Draft = Omit<Arrival, 'seq'>;

function describe(rng: Rng, profile: Profile, channel: Channel, cp: ChannelProfile, at: number): Draft {
  const service = pick(rng, profile.services);
  // A walk-in picks one of the kiosk's languages; an Arabic speaker at a sv/en kiosk still
  // takes a ticket, so the other languages' weight goes to the kiosk's by their own shares.
  const langWeights = channel === 'visit'
    ? Object.fromEntries(profile.kioskLanguages.map((l) => [l, profile.languages[l] ?? 0]))
    : profile.languages;
  const language = pick(rng, langWeights);
  const factor = profile.handleFactor[service] ?? 1;
  const handle = lognormal(rng, cp.handle.median * factor, cp.handle.sigma);
  const patience = cp.patience ? lognormal(rng, cp.patience.median, cp.patience.sigma) : null;
  const noShow = rng() < (cp.noShow ?? 0);
  const outcome = rng() < profile.resolvedShare ? 'resolved' : 'forwarded';
  const weights = outcome === 'resolved' ? profile.rosa.resolved : profile.rosa.forwarded;
  const rosaLevel = pickEntry(rng, weights.map((w, i) => [i + 1, w] as const));
  return {
    at, channel, service, language, outcome, rosaLevel, noShow,
    handleMinutes: Math.min(MAX_HANDLE, Math.max(MIN_HANDLE, handle)),
    patienceMinutes: patience,
  };
}

/** The whole plan, sorted by arrival time. */
export function generatePlan(profile: Profile, opts: PlanOptions): Plan {
  const scale = opts.scale ?? 1;
  if (!(scale > 0)) throw new Error('scale must be positive');
  const window = profileWindow(profile);
  const end = opts.minutes === undefined ? window.end : Math.min(window.end, window.start + opts.minutes);
  const drafts: Draft[] = [];
  for (const channel of CHANNELS) {
    const cp = profile.channels[channel];
    if (!cp) continue;
    // Times and attributes come from separate streams: a change in the attribute model
    // does not move anyone's arrival time.
    const times = poissonTimes(streamFor(opts.seed, `${channel}:times`), ratePieces(cp, cp.expected * scale));
    const attrs = streamFor(opts.seed, `${channel}:attrs`);
    // Attributes are drawn for the whole day before cutting, so `--minutes` is a true prefix.
    for (const at of times) {
      const d = describe(attrs, profile, channel, cp, at);
      if (at < end) drafts.push(d);
    }
  }
  drafts.sort((a, b) => a.at - b.at || CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel));
  return { profile: profile.id, seed: opts.seed, scale, start: window.start, end, arrivals: drafts.map((d, seq) => ({ seq, ...d })) };
}

export interface HourRow { hour: number; counts: Record<Channel, number>; total: number }

/** Generated arrivals per clock hour and channel, for `--dry-run` and the tests. */
export function countByHour(plan: Plan): HourRow[] {
  const rows: HourRow[] = [];
  for (let h = Math.floor(plan.start / 60); h * 60 < plan.end; h++) {
    rows.push({ hour: h, counts: { phone: 0, visit: 0, chat: 0, email: 0 }, total: 0 });
  }
  for (const a of plan.arrivals) {
    const row = rows.find((r) => r.hour === Math.floor(a.at / 60));
    if (!row) continue; // cannot happen: arrivals lie inside [start, end)
    row.counts[a.channel]++;
    row.total++;
  }
  return rows;
}

/** Expected arrivals per clock hour and channel (the Poisson means), for comparison. */
export function expectedByHour(profile: Profile, scale = 1): Map<number, Record<Channel, number>> {
  const out = new Map<number, Record<Channel, number>>();
  for (const channel of CHANNELS) {
    const cp = profile.channels[channel];
    if (!cp) continue;
    for (const p of ratePieces(cp, cp.expected * scale)) {
      const h = Math.floor(p.from / 60);
      const row = out.get(h) ?? { phone: 0, visit: 0, chat: 0, email: 0 };
      row[channel] += p.rate * (p.to - p.from);
      out.set(h, row);
    }
  }
  return out;
}

/** Counts of a field's values, largest first. */
export function mixOf(plan: Plan, field: 'service' | 'language'): [string, number][] {
  const m = new Map<string, number>();
  for (const a of plan.arrivals) m.set(a[field], (m.get(a[field]) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
