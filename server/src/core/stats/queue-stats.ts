/**
 * The manager's "today" figures, from each contact's history (pure: no clock, no I/O).
 *
 * Service level counts **queue entries**, as a contact centre's ACD does: a contact enters
 * a queue when it is issued or queued, and again when it is transferred after someone had
 * answered it (it then waits anew, in the other queue). An entry ends
 * - answered: the first call, within the target when the wait ≤ the service's SL target seconds;
 * - abandoned: the caller hung up (or the chat closed) before anyone answered;
 * - neither: cancelled by staff (not offered), or still waiting (not yet decided).
 * A contact moved while still waiting keeps its entry (and its wait) in the new queue.
 * Walk-ins, served at once without queueing, are no entry at all. Requeueing a no-show
 * that was already answered is no new entry either.
 *
 * Abandons count as the site defines them (protocol `StatisticsSettings`): one sooner than
 * `shortAbandonSeconds` after entering the queue is a short abandon, never offered, and
 * not in `abandoned`; the others count in the service level unless it excludes them.
 *
 *   service level = answered in target ÷ (answered + abandoned)   (or ÷ answered: `excluded`)
 *   first-contact resolution = finished with outcome `resolved` ÷ finished (resolved + forwarded)
 */
import type { Channel, DashboardFigures, StatisticsSettings } from '@entre/protocol';

/** The events of a contact that decide its queue entries, in the order they happened. */
export interface HistoryEvent {
  at: string;
  type: string;
  /** For a transfer: the service it left and the one it went to. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface ContactHistory {
  channel: Channel;
  /** The contact's service now (after any transfers). */
  service: string;
  issuedAt: string;
  state: string;
  outcome: string | null;
  events: HistoryEvent[];
}

export interface QueueEntry {
  service: string;
  channel: Channel;
  /** When it started waiting in this queue, ms since epoch. */
  start: number;
  end: 'answered' | 'abandoned' | 'cancelled' | 'waiting';
  /** Seconds from start to the first call (`answered`) or to the hang-up (`abandoned`). */
  waitSeconds?: number;
}

/**
 * The event types `queueEntries` reads (the entry itself opens at `issuedAt`): a store need
 * load no others.
 */
export const QUEUE_ENTRY_EVENTS: readonly string[] = ['walk_in', 'call', 'transfer', 'abandon', 'cancel'];

/** A contact's entries into queues, from its history. */
export function queueEntries(c: ContactHistory): QueueEntry[] {
  const firstTransfer = c.events.find((e) => e.type === 'transfer');
  const entries: QueueEntry[] = [];
  let open: QueueEntry | null = c.events[0]?.type === 'walk_in'
    ? null
    : { service: firstTransfer?.from ?? c.service, channel: c.channel, start: Date.parse(c.issuedAt), end: 'waiting' };
  let service = open?.service ?? firstTransfer?.from ?? c.service;
  const close = (end: QueueEntry['end'], at: number) => {
    if (!open) return;
    open.end = end;
    if (end === 'answered' || end === 'abandoned') open.waitSeconds = Math.max(0, (at - open.start) / 1000);
    entries.push(open);
    open = null;
  };
  for (const e of c.events) {
    const at = Date.parse(e.at);
    switch (e.type) {
      case 'call': close('answered', at); break;
      case 'abandon': close('abandoned', at); break;
      case 'cancel': close('cancelled', at); break;
      case 'transfer':
        service = e.to ?? service;
        if (open) open.service = service;
        else open = { service, channel: c.channel, start: at, end: 'waiting' };
        break;
      default: break;
    }
  }
  if (open) entries.push(open);
  return entries;
}

/** Every abandon counts, in the service level too: the definition before sites could choose. */
export const DEFAULT_STATISTICS_SETTINGS: StatisticsSettings = { shortAbandonSeconds: 0, abandonedInServiceLevel: 'counted' };

/**
 * What an entry that ended counts as: answered within its queue's SL target (`≤`, in
 * seconds) or late, abandoned, a short abandon (sooner than the site's threshold), or
 * nothing (cancelled by staff, still waiting).
 */
export function entryResult(e: QueueEntry, targetSeconds: number, settings: StatisticsSettings): 'in_target' | 'late' | 'abandoned' | 'short_abandon' | null {
  if (e.end === 'answered') return (e.waitSeconds ?? 0) <= targetSeconds ? 'in_target' : 'late';
  if (e.end === 'abandoned') return (e.waitSeconds ?? 0) < settings.shortAbandonSeconds ? 'short_abandon' : 'abandoned';
  return null;
}

/** Service level: answered in target ÷ answered plus, unless the site excludes them, abandoned. */
export function serviceLevel(answeredInTarget: number, answered: number, abandoned: number, settings: StatisticsSettings): number | undefined {
  const offered = answered + (settings.abandonedInServiceLevel === 'counted' ? abandoned : 0);
  return offered > 0 ? answeredInTarget / offered : undefined;
}

export interface Tally {
  answered: number;
  answeredInTarget: number;
  /** Abandoned entries, short abandons not included. */
  abandoned: number;
  finished: number;
  resolved: number;
}

export const emptyTally = (): Tally => ({ answered: 0, answeredInTarget: 0, abandoned: 0, finished: 0, resolved: 0 });

/** The ratios of a tally; absent while their denominator is 0. */
export function ratios(t: Tally, settings: StatisticsSettings = DEFAULT_STATISTICS_SETTINGS): Pick<DashboardFigures, 'serviceLevel' | 'firstContactResolution'> {
  const sl = serviceLevel(t.answeredInTarget, t.answered, t.abandoned, settings);
  return {
    ...(sl !== undefined ? { serviceLevel: sl } : {}),
    ...(t.finished > 0 ? { firstContactResolution: t.resolved / t.finished } : {}),
  };
}

export interface DayTallies {
  byService: Map<string, Tally>;
  byChannel: Map<Channel, Tally>;
  total: Tally;
}

/**
 * Tallies a day's contacts per service, per channel and in total. `targetSeconds` gives each
 * service's SL target time; an entry into a service it does not know counts with target 0.
 */
export function tallyDay(
  contacts: Iterable<ContactHistory>, targetSeconds: (service: string) => number | undefined,
  settings: StatisticsSettings = DEFAULT_STATISTICS_SETTINGS,
): DayTallies {
  const byService = new Map<string, Tally>();
  const byChannel = new Map<Channel, Tally>();
  const total = emptyTally();
  const of = <K>(m: Map<K, Tally>, k: K): Tally => {
    let t = m.get(k);
    if (!t) { t = emptyTally(); m.set(k, t); }
    return t;
  };
  const add = (service: string, channel: Channel, f: (t: Tally) => void) => {
    f(of(byService, service)); f(of(byChannel, channel)); f(total);
  };
  for (const c of contacts) {
    for (const e of queueEntries(c)) {
      const result = entryResult(e, targetSeconds(e.service) ?? 0, settings);
      if (result === 'in_target' || result === 'late') {
        add(e.service, e.channel, (t) => { t.answered++; if (result === 'in_target') t.answeredInTarget++; });
      } else if (result === 'abandoned') {
        add(e.service, e.channel, (t) => { t.abandoned++; });
      }
    }
    if (c.state === 'done' && (c.outcome === 'resolved' || c.outcome === 'forwarded')) {
      const resolved = c.outcome === 'resolved';
      add(c.service, c.channel, (t) => { t.finished++; if (resolved) t.resolved++; });
    }
  }
  return { byService, byChannel, total };
}

export interface WaitingContact { service: string; channel: Channel; queuedAt: string }

export interface WaitingNow { waiting: number; longestWaitSeconds: number }

/** Waiting now and the longest wait so far (whole seconds, by each contact's place in line). */
export function waitingNow(waiting: Iterable<WaitingContact>, now: Date, keep: (c: WaitingContact) => boolean = () => true): WaitingNow {
  let n = 0;
  let longest = 0;
  for (const c of waiting) {
    if (!keep(c)) continue;
    n++;
    longest = Math.max(longest, Math.floor((now.getTime() - Date.parse(c.queuedAt)) / 1000));
  }
  return { waiting: n, longestWaitSeconds: longest };
}

/** One dashboard row's figures: waiting now, the day's tally and its ratios. */
export function figures(now: WaitingNow, t: Tally = emptyTally(), settings: StatisticsSettings = DEFAULT_STATISTICS_SETTINGS): DashboardFigures {
  return { ...now, ...t, ...ratios(t, settings) };
}
