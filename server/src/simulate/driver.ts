/**
 * Replays a plan against a running server in compressed time: kiosk tickets and integration
 * contacts at their simulated times, callers who hang up when their patience runs out, and
 * (optionally) the demo agents calling next, serving for the planned handle time and
 * finishing with the planned outcome and ROSA level.
 *
 * Bounded by construction: the run ends at the plan's end (or on the caller's signal), every
 * loop has an iteration cap, every request a timeout, and the wind-down a time limit.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Agent, AgentCallNextResponse, Contact, KioskConfig, Ticket } from '@entre/protocol';
import type { Arrival, Plan } from './arrivals.js';
import { SimClient } from './client.js';
import { CHANNELS, type Channel, type Profile } from './profiles.js';
import { emptyTally, errorCount, formatProgress, type ChannelTally, type Report } from './report.js';

export interface DriveOptions {
  baseUrl: string;
  plan: Plan;
  profile: Profile;
  /** Simulated seconds per real second: 60 = one simulated minute per second. */
  speed: number;
  /** Drive the profile's agents (call next, serve, finish); off = traffic only. */
  agents?: boolean;
  username?: string;
  password?: string;
  kiosk?: string;
  out?: (line: string) => void;
  /** Simulated minutes between progress lines; default ~20 lines per run. */
  progressEvery?: number;
  /** Ends the run early but gracefully (Ctrl-C): contacts in hand are finished, agents restored. */
  signal?: AbortSignal;
  /** Distinguishes this run's idempotency keys and external refs from earlier runs'. */
  runId?: string;
  timeoutMs?: number;
}

/** How often the clock-driven work (abandonment, progress, the end) is looked at, real ms. */
const TICK_MS = 25;
/** An idle agent asks again after this many simulated minutes (at least MIN_POLL_MS real). */
const POLL_SIM_MINUTES = 0.5;
const MIN_POLL_MS = 20;
/** A called visitor who does not come is marked no-show after this many simulated minutes. */
const NO_SHOW_SIM_MINUTES = 2;
/** After the end, contacts in hand are finished at once; this caps the wind-down, real ms. */
const WIND_DOWN_MS = 15_000;

interface Tracked { arrival: Arrival; state: 'waiting' | 'taken' | 'abandoned'; giveUpAt: number | null }

/** Simulated minutes after midnight, advancing `speed` times faster than the real clock. */
class SimClock {
  private readonly t0 = performance.now();
  constructor(readonly startSim: number, readonly speed: number) {}
  now(): number { return this.startSim + ((performance.now() - this.t0) / 60_000) * this.speed; }
  realMs(simMinutes: number): number { return (simMinutes * 60_000) / this.speed; }
  elapsedMs(): number { return performance.now() - this.t0; }
}

/** Runs queue-changing requests one at a time, so "call next" and "hang up" never cross. */
function serialiser() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** Sleeps unless stopped; false when the stop came first. */
async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  try {
    await delay(Math.max(0, ms), undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

export async function drive(o: DriveOptions): Promise<Report> {
  const { plan, profile, speed } = o;
  if (!(speed > 0)) throw new Error('speed must be positive');
  const out = o.out ?? (() => {});
  const kiosk = o.kiosk ?? 'kiosk-1';
  const runId = o.runId ?? `${plan.seed}x${Date.now().toString(36)}`;
  const api = new SimClient({
    baseUrl: o.baseUrl, username: o.username ?? 'reception', password: o.password ?? 'entre-demo-2026',
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
  });
  const tally = Object.fromEntries(CHANNELS.map((c) => [c, emptyTally()])) as Record<Channel, ChannelTally>;
  for (const a of plan.arrivals) tally[a.channel].planned++;
  const tracked = new Map<string, Tracked>();
  const queue = serialiser();
  const stop = new AbortController();
  let interrupted: string | undefined;
  let busy = 0, foreign = 0;

  // ---- before the day: who we are, what the site offers, who works ----
  await api.signIn();
  await preflight(api, plan, profile, kiosk);
  const staffing = o.agents === false ? [] : profile.staffing;
  const before = await startAgents(api, staffing);

  const onSignal = () => { interrupted ??= 'interrupted'; stop.abort(); };
  if (o.signal?.aborted) onSignal();
  o.signal?.addEventListener('abort', onSignal, { once: true });
  const clock = new SimClock(plan.start, speed);
  const hardLimitMs = clock.realMs(plan.end - plan.start) + 5_000;

  // ---- arrivals: each at its simulated time ----
  async function create(a: Arrival): Promise<void> {
    const key = `sim-${runId}-${a.seq}`;
    const res = a.channel === 'visit'
      ? await queue(() => api.post<Ticket>('/api/v1/tickets', { kiosk, service: a.service, language: a.language }, {
        label: 'POST /tickets', headers: { 'idempotency-key': key }, retries: 2,
      }))
      : await queue(() => api.post<Contact>('/api/v1/contacts', { channel: a.channel, service: a.service, language: a.language, externalRef: key }, {
        label: 'POST /contacts', staff: true, retries: 2,
      }));
    if (!res.ok) return;
    tally[a.channel].created++;
    const giveUpAt = a.patienceMinutes === null ? null : clock.now() + a.patienceMinutes;
    tracked.set(res.body.id, { arrival: a, state: 'waiting', giveUpAt });
  }

  async function arrivals(): Promise<void> {
    for (const a of plan.arrivals) {
      if (!(await sleep(clock.realMs(a.at - clock.now()), stop.signal))) return;
      await create(a);
    }
  }

  // ---- the clock: callers hanging up, progress lines, the end of the day ----
  async function abandon(id: string, t: Tracked): Promise<void> {
    await queue(async () => {
      if (t.state !== 'waiting') return; // an agent took it while we queued for the lock
      const res = await api.post<Contact>(`/api/v1/contacts/${id}/abandon`, {}, {
        label: 'POST /contacts/{id}/abandon', staff: true, expected: ['ENTRE_INVALID_TRANSITION'],
      });
      // A refusal means someone else (reception, a human at a console) acted on it first.
      t.state = res.ok ? 'abandoned' : 'taken';
      if (res.ok) tally[t.arrival.channel].abandoned++;
    });
  }

  const progressEvery = o.progressEvery ?? Math.max(5, Math.round((plan.end - plan.start) / 20 / 5) * 5);
  async function ticker(): Promise<void> {
    let nextProgress = plan.start + progressEvery;
    const maxTicks = Math.ceil(hardLimitMs / TICK_MS) + 1;
    for (let i = 0; i < maxTicks; i++) {
      const now = clock.now();
      for (const [id, t] of tracked) {
        if (stop.signal.aborted) break;
        if (t.state === 'waiting' && t.giveUpAt !== null && t.giveUpAt <= now) await abandon(id, t);
      }
      if (now >= nextProgress && now < plan.end) {
        out(formatProgress(now, tally, busy, errorCount({ errors: api.errorList() })));
        nextProgress += progressEvery;
      }
      if (now >= plan.end) { stop.abort(); return; }
      if (clock.elapsedMs() > hardLimitMs) { interrupted ??= 'real-time limit reached'; stop.abort(); return; }
      if (!(await sleep(TICK_MS, stop.signal))) return;
    }
    interrupted ??= 'tick limit reached';
    stop.abort();
  }

  // ---- agents: call next, serve, finish ----
  async function serve(c: Contact): Promise<void> {
    const t = tracked.get(c.id);
    const a = t?.arrival;
    if (!a) foreign++;
    else {
      const ch = tally[a.channel];
      ch.answered++;
      const calledAt = c.calledAt ? Date.parse(c.calledAt) : Date.now();
      ch.waits.push(((calledAt - Date.parse(c.queuedAt)) / 1000) * speed);
    }
    const label = (action: string) => `POST /contacts/{id}/${action}`;
    if (a?.channel === 'visit' && a.noShow) {
      await sleep(clock.realMs(NO_SHOW_SIM_MINUTES), stop.signal);
      const res = await api.post<Contact>(`/api/v1/contacts/${c.id}/no-show`, {}, { label: label('no-show'), staff: true });
      if (res.ok) tally.visit.noShow++;
      return;
    }
    const started = await api.post<Contact>(`/api/v1/contacts/${c.id}/start`, {}, { label: label('start'), staff: true });
    if (!started.ok) return;
    // At the end of the day whoever is in hand is finished at once: the sleep returns early.
    await sleep(clock.realMs(a?.handleMinutes ?? 5), stop.signal);
    const outcome = a?.outcome ?? 'resolved', rosaLevel = a?.rosaLevel ?? 1;
    const done = await api.post<Contact>(`/api/v1/contacts/${c.id}/finish`, { outcome, rosaLevel }, { label: label('finish'), staff: true });
    if (done.ok && a) {
      tally[a.channel][outcome]++;
      tally[a.channel].rosa.push(rosaLevel);
    }
  }

  async function agentLoop(agent: string): Promise<void> {
    const pollMs = Math.max(MIN_POLL_MS, clock.realMs(POLL_SIM_MINUTES));
    // Every pass either serves a contact or sleeps a poll interval, so this cap is never the
    // real bound; it only guarantees the loop cannot spin if a sleep misbehaves.
    const maxPasses = plan.arrivals.length + Math.ceil(hardLimitMs / pollMs) + 10;
    for (let i = 0; i < maxPasses && !stop.signal.aborted; i++) {
      const res = await queue(async () => {
        const r = await api.post<AgentCallNextResponse>(`/api/v1/agents/${agent}/call-next`, {}, { label: 'POST /agents/{id}/call-next', staff: true });
        const t = r.ok && r.body.called ? tracked.get(r.body.called.id) : undefined;
        if (t) t.state = 'taken'; // inside the lock: the hang-up check sees it before it runs
        return r;
      });
      // An agent the server will not let call (still holding a contact from an earlier run,
      // signed out by a human) stops rather than repeating the same error all day.
      if (!res.ok) { if (res.code === 'ENTRE_AGENT_NOT_READY') return; await sleep(pollMs, stop.signal); continue; }
      if (!res.body.called) { await sleep(pollMs, stop.signal); continue; }
      busy++;
      try { await serve(res.body.called); } finally { busy--; }
    }
  }

  // A bug in one task must not skip the wind-down: it ends the run and is reported as an error.
  const guard = (name: string) => (err: unknown) => {
    api.recordError(`simulator ${name}`, 0, 'SIMULATOR_BUG', (err as Error)?.message ?? String(err));
    interrupted ??= `${name} failed`;
    stop.abort();
  };
  const tasks = Promise.all([
    arrivals().catch(guard('arrivals')), ticker().catch(guard('clock')),
    ...staffing.map((s) => agentLoop(s.agent).catch(guard(`agent ${s.agent}`))),
  ]);
  const hardStop = await Promise.race([
    tasks.then(() => false),
    delay(hardLimitMs + WIND_DOWN_MS, true, { ref: false }),
  ]);
  if (hardStop) { interrupted ??= 'wind-down limit reached'; stop.abort(); }
  o.signal?.removeEventListener('abort', onSignal);

  for (const t of tracked.values()) if (t.state === 'waiting') tally[t.arrival.channel].waitingAtEnd++;
  await restoreAgents(api, before);
  const reached = Math.min(plan.end, clock.now());
  return {
    profile: plan.profile, seed: plan.seed, speed, start: plan.start, end: interrupted ? reached : plan.end,
    realSeconds: clock.elapsedMs() / 1000, channels: tally, foreign, errors: api.errorList(),
    ...(interrupted ? { interrupted } : {}),
  };
}

/** Fails before any traffic if the server lacks an errand or a kiosk language the plan uses. */
async function preflight(api: SimClient, plan: Plan, profile: Profile, kiosk: string): Promise<void> {
  const res = await api.get<KioskConfig>(`/api/v1/kiosks/${kiosk}/config`, { label: 'GET /kiosks/{id}/config' });
  if (!res.ok) throw new Error(`cannot read kiosk ${kiosk}'s configuration: ${res.status} ${res.code} ${res.detail}`);
  const services = new Set(res.body.services.map((s) => s.id));
  const missing = [...new Set(plan.arrivals.map((a) => a.service))].filter((s) => !services.has(s));
  if (missing.length) throw new Error(`the server has no errand ${missing.join(', ')} (profile ${profile.id} expects the demo site)`);
  const langs = new Set(res.body.languages.map((l) => l.code));
  const visitLangs = [...new Set(plan.arrivals.filter((a) => a.channel === 'visit').map((a) => a.language))];
  const offline = visitLangs.filter((l) => !langs.has(l));
  if (offline.length) throw new Error(`kiosk ${kiosk} does not offer ${offline.join(', ')}; fix the profile's kioskLanguages`);
}

interface Before { agent: string; state: Agent['state']; pauseReason?: string; servicePoint?: string }

/** Signs the profile's agents in at their counters; returns their states to restore later. */
async function startAgents(api: SimClient, staffing: Profile['staffing']): Promise<Before[]> {
  if (!staffing.length) return [];
  const list = await api.get<{ agents: Agent[] }>('/api/v1/agents', { label: 'GET /agents', staff: true });
  if (!list.ok) throw new Error(`cannot list agents: ${list.status} ${list.code} ${list.detail}`);
  const known = new Map(list.body.agents.map((a) => [a.id, a]));
  const absent = staffing.filter((s) => !known.has(s.agent)).map((s) => s.agent);
  if (absent.length) throw new Error(`the server has no agent ${absent.join(', ')}; run with --no-agents against a non-demo site`);
  const before: Before[] = [];
  for (const s of staffing) {
    const a = known.get(s.agent)!;
    before.push({ agent: a.id, state: a.state, ...(a.pauseReason ? { pauseReason: a.pauseReason } : {}), ...(a.servicePoint ? { servicePoint: a.servicePoint } : {}) });
    const res = await api.post<Agent>(`/api/v1/agents/${s.agent}/state`, { state: 'available', servicePoint: s.servicePoint }, {
      label: 'POST /agents/{id}/state', staff: true,
    });
    if (!res.ok) throw new Error(`cannot make ${s.agent} available: ${res.status} ${res.code} ${res.detail}`);
  }
  return before;
}

/** Agents who were signed out or on a pause before the run are put back so. */
async function restoreAgents(api: SimClient, before: Before[]): Promise<void> {
  for (const b of before) {
    if (b.state !== 'offline' && b.state !== 'paused') continue;
    await api.post<Agent>(`/api/v1/agents/${b.agent}/state`, {
      state: b.state, servicePoint: b.servicePoint ?? null, ...(b.state === 'paused' ? { reason: b.pauseReason ?? 'paus' } : {}),
    }, { label: 'POST /agents/{id}/state', staff: true });
  }
}
