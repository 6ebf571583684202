/**
 * A discrete-event simulation of one center day in simulated time: contacts arrive as the
 * plan says, wait, are taken by a free agent through a routing policy, are served for their
 * planned handle time, or give up when their patience runs out. Pure: no clock, no I/O, no
 * randomness of its own (the plan carries every draw), so the same plan gives the same day.
 *
 * Model (kept deliberately simple; each point is a choice, not an accident):
 * - Every staffed agent is signed in from `start` until the run stops and serves one contact
 *   at a time on any channel (chat concurrency 1). An agent takes visits only at a counter.
 * - A free agent takes the next contact at once (no wrap-up, no walk to the counter): a visit's
 *   or call's wait is arrival → call/answer. When several agents are free, the one idle longest
 *   asks first, under both policies, so the policies differ only in which contact they pick.
 * - A called visitor who does not come costs the agent `noShowMinutes` (call + recall) and
 *   ends as a no-show; handle time does not depend on who serves (language, penalty).
 * - A contact with patience gives up when it runs out before being answered (phone, chat).
 * - Arrivals stop at the channels' closing; agents work `overtimeMinutes` past `end` to
 *   serve those still in line; whoever is still waiting then is `open`.
 * - At each visit's issue the kiosk's estimate is recorded exactly as the server computes it
 *   (core/wait-estimate with the lobby store's inputs): people ahead = visitors of the
 *   errand waiting (not its callers and chats); servers = signed-in agents at a counter offering the
 *   errand who have it as a skill; handle time = mean of the errand's last 50 finished visits
 *   (called → done) so far in this run.
 */
import { FALLBACK_SL_TARGET_SECONDS } from '@entre/server/routing';
import { EventQueue } from './event-queue.js';
import { canServe, toRoutable, type PolicyFactory, type Waiting } from './policies.js';
import { estimateWaitMinutes, handleSeconds } from './server-modules.js';
import type { CenterConfig, ContactRecord, LanguageFit, SimArrival, SimResult } from './types.js';

/** The driver's no-show time (server/src/simulate/driver.ts): the call and a recall. */
export const NO_SHOW_MINUTES = 2;
export const OVERTIME_MINUTES = 30;
/** As the lobby store: the handle time is the mean of this many recent visits of the errand. */
export const HANDLE_SAMPLES = 50;

export interface SimOptions {
  center: CenterConfig;
  /** The day's contacts; their order does not matter (events are ordered by time, then plan order). */
  arrivals: readonly SimArrival[];
  policy: PolicyFactory;
  /** Agents sign in at `start`; arrivals stop by `end` (minutes after midnight). */
  start: number;
  end: number;
  overtimeMinutes?: number;
  noShowMinutes?: number;
}

type SimEvent =
  | { kind: 'arrival'; arrival: SimArrival }
  | { kind: 'abandon'; record: ContactRecord; item: Waiting }
  | { kind: 'free'; agent: number; finishedVisit: { service: string; seconds: number } | null }
  | { kind: 'recheck' };

export function simulateDay(o: SimOptions): SimResult {
  const { center } = o;
  const overtime = o.overtimeMinutes ?? OVERTIME_MINUTES;
  const noShowMinutes = o.noShowMinutes ?? NO_SHOW_MINUTES;
  if (!(o.end >= o.start) || !(overtime >= 0) || !(noShowMinutes >= 0)) throw new Error('simulateDay: bad window or durations');
  const stopAt = o.end + overtime;
  const policy = o.policy(center);
  const agents = center.agents;

  const idle = agents.map(() => true);
  const idleSince = agents.map(() => o.start);
  const busy = agents.map(() => 0);
  const spokenBy = new Map<string, number>();
  for (const a of agents) for (const l of new Set(a.languages)) spokenBy.set(l, (spokenBy.get(l) ?? 0) + 1);
  // The estimate's "servers": agents at a counter that offers the errand, with the skill (lobby store).
  const servers = new Map<string, number>();
  for (const a of agents) {
    if (a.servicePoint === null || !a.channels.includes('visit')) continue;
    for (const s of center.servicePoints.get(a.servicePoint) ?? []) if (a.skills.has(s)) servers.set(s, (servers.get(s) ?? 0) + 1);
  }
  const history = new Map<string, number[]>();

  const waiting: Waiting[] = [];
  const records: ContactRecord[] = [];
  const queue = new EventQueue<SimEvent>();
  let decisions = 0;

  // Same-time arrivals come in plan order whatever order the caller's array has.
  for (const a of [...o.arrivals].sort((x, y) => x.at - y.at || x.seq - y.seq)) {
    if (!(a.at >= o.start && a.at < o.end)) throw new Error(`arrival ${a.seq} at ${a.at} lies outside [${o.start}, ${o.end})`);
    queue.push(a.at, { kind: 'arrival', arrival: a });
  }

  function remove(item: Waiting): void {
    const i = waiting.indexOf(item);
    if (i < 0) throw new Error('simulator bug: contact not waiting');
    waiting.splice(i, 1);
  }

  const byRecord = new Map<Waiting, ContactRecord>();

  function assign(agent: number, item: Waiting, now: number): void {
    remove(item);
    const record = byRecord.get(item)!;
    byRecord.delete(item);
    const a = item.arrival, who = agents[agent]!;
    record.waitMinutes = now - a.at;
    record.agent = who.id;
    const fit: LanguageFit = who.languages.includes(a.language) ? 'spoken' : (spokenBy.get(a.language) ?? 0) > 0 ? 'colleague_speaks' : 'nobody_speaks';
    record.languageFit = fit;
    const noShow = a.channel === 'visit' && a.noShow;
    record.outcome = noShow ? 'no_show' : 'answered';
    const minutes = noShow ? noShowMinutes : a.handleMinutes;
    idle[agent] = false;
    // Occupancy is measured over the staffed window: overtime work is not counted in it.
    busy[agent]! += Math.max(0, Math.min(now + minutes, o.end) - Math.max(now, o.start));
    decisions++;
    queue.push(now + minutes, {
      kind: 'free', agent, finishedVisit: a.channel === 'visit' && !noShow ? { service: a.service, seconds: a.handleMinutes * 60 } : null,
    });
  }

  /** Free agents, longest idle first, each take what their policy picks. */
  function dispatch(now: number): void {
    if (waiting.length === 0) return;
    const free: number[] = [];
    for (let i = 0; i < agents.length; i++) if (idle[i]) free.push(i);
    free.sort((x, y) => idleSince[x]! - idleSince[y]! || x - y);
    for (const i of free) {
      if (waiting.length === 0) return;
      const pick = policy.choose(i, waiting, now);
      if (!pick) continue;
      if (!canServe(agents[i]!, pick.arrival)) throw new Error(`policy ${policy.name} gave ${agents[i]!.id} a contact they cannot serve`);
      assign(i, pick, now);
    }
  }

  function arrive(a: SimArrival, now: number): void {
    const record: ContactRecord = {
      seq: a.seq, channel: a.channel, service: a.service, language: a.language, arrivedAt: a.at, outcome: 'open',
      waitMinutes: null, slTargetSeconds: center.slTargetSeconds.get(a.service) ?? FALLBACK_SL_TARGET_SECONDS, agent: null, languageFit: null,
    };
    if (a.channel === 'visit') {
      let aheadAll = 0, aheadVisits = 0;
      for (const w of waiting) {
        if (w.arrival.service !== a.service) continue;
        aheadAll++;
        if (w.arrival.channel === 'visit') aheadVisits++;
      }
      const n = servers.get(a.service) ?? 0;
      const h = handleSeconds((history.get(a.service) ?? []).slice(-HANDLE_SAMPLES));
      record.estimateMinutes = estimateWaitMinutes({ ahead: aheadVisits, servers: n, handleSeconds: h }) ?? null;
      record.estimateAllChannelsMinutes = estimateWaitMinutes({ ahead: aheadAll, servers: n, handleSeconds: h }) ?? null;
    }
    records.push(record);
    const item: Waiting = { arrival: a, routable: toRoutable(a) };
    waiting.push(item);
    byRecord.set(item, record);
    if (a.patienceMinutes !== null) queue.push(now + a.patienceMinutes, { kind: 'abandon', record, item });
    // Nobody on staff speaks it: the core offers it only after the interpreter wait, so look again then.
    if ((spokenBy.get(a.language) ?? 0) === 0) queue.push(now + center.interpreterAfterSeconds / 60 + 1e-9, { kind: 'recheck' });
  }

  for (;;) {
    const t = queue.peekTime();
    if (t === undefined || t > stopAt) break;
    const { at: now, event } = queue.pop()!;
    switch (event.kind) {
      case 'arrival':
        arrive(event.arrival, now);
        dispatch(now);
        break;
      case 'abandon':
        if (event.record.outcome === 'open' && byRecord.has(event.item)) {
          remove(event.item);
          byRecord.delete(event.item);
          event.record.outcome = 'abandoned';
          event.record.waitMinutes = now - event.record.arrivedAt;
        }
        break;
      case 'free': {
        idle[event.agent] = true;
        idleSince[event.agent] = now;
        const v = event.finishedVisit;
        if (v) {
          const h = history.get(v.service) ?? [];
          h.push(v.seconds);
          if (h.length > HANDLE_SAMPLES * 4) h.splice(0, h.length - HANDLE_SAMPLES);
          history.set(v.service, h);
        }
        dispatch(now);
        break;
      }
      case 'recheck':
        dispatch(now);
        break;
    }
  }

  records.sort((x, y) => x.seq - y.seq);
  return {
    policy: policy.name, contacts: records, busyMinutes: new Map(agents.map((a, i) => [a.id, busy[i]!])),
    start: o.start, end: o.end, stoppedAt: stopAt, decisions,
  };
}
