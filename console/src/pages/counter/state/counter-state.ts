/**
 * The counter page: which desk this is, who works at it (their own agent, or the desk alone
 * when the account has none), their state, the contact in hand and its lifecycle, the case
 * it belongs to, and the live queues of their skills (polled).
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  pick, type Agent, type AgentState, type CaseDetail, type Contact, type CounterQueue, type ServicePoint, type SignedInStaff,
} from '@entre/protocol';
import { ApiError } from '@entre/web-common/http';
import type { ContactAction, CounterApi } from '../api.js';
import type { DeskMemory } from '../storage.js';
import { strings } from '../strings.js';
import { createPoller } from '../../../lib/poll.js';

export type LoadStatus = 'loading' | 'ready' | 'failed';

/** What the desk last did: a called contact, or "nobody is waiting". */
export type CallOutcome =
  | { kind: 'called'; id: string; number: string; service: string; at: string; fresh: boolean; why?: string }
  | { kind: 'none'; why?: string };

export type TransferTarget = { kind: 'service' | 'point' | 'agent'; id: string };
export type FinishOutcome = 'resolved' | 'forwarded';
/** A field the page should move focus to (a shortcut found it missing). */
export type FocusRequest = { field: 'rosa' | 'transfer' | 'case-code'; seq: number };

export interface CounterStateDeps {
  api: CounterApi;
  staff: SignedInStaff;
  /** Reception and admin may act for any agent (the server checks it too). */
  mayActForOthers: boolean;
  pointMemory: DeskMemory;
  agentMemory: DeskMemory;
  /** From `?point=`; wins over the remembered one. */
  requestedPoint: string | null;
  defaultPoint?: string;
  /** Keeps the address bar in step, so a bookmark opens the same desk. */
  onPointChange?: (point: string) => void;
  /** How often the queues are read again. */
  pollMs?: number;
}

export interface CounterState {
  readonly points: ReadonlySignal<ServicePoint[]>;
  readonly pointsStatus: ReadonlySignal<LoadStatus>;
  readonly pointId: ReadonlySignal<string | null>;
  readonly point: ReadonlySignal<ServicePoint | null>;
  readonly agents: ReadonlySignal<Agent[]>;
  /** The agent this desk acts as; null: the desk alone (an account without an agent). */
  readonly agentId: ReadonlySignal<string | null>;
  readonly agent: ReadonlySignal<Agent | null>;
  readonly mayActForOthers: boolean;
  readonly queue: ReadonlySignal<CounterQueue | null>;
  readonly queueFailed: ReadonlySignal<boolean>;
  readonly current: ReadonlySignal<Contact | null>;
  readonly outcome: ReadonlySignal<CallOutcome | null>;
  readonly waiting: ReadonlySignal<number | null>;
  /** The action under way ('call', 'recall', 'state', …), or null. */
  readonly busy: ReadonlySignal<string | null>;
  readonly calling: ReadonlySignal<boolean>;
  /** A problem's text for staff (Swedish where we know the code). */
  readonly error: ReadonlySignal<string | null>;
  /** What just happened, for the page's status line. */
  readonly notice: ReadonlySignal<string | null>;
  readonly caseDetail: ReadonlySignal<CaseDetail | null>;
  readonly transferOpen: ReadonlySignal<boolean>;
  readonly finishOutcome: ReadonlySignal<FinishOutcome>;
  readonly finishRosa: ReadonlySignal<number | null>;
  readonly focusRequest: ReadonlySignal<FocusRequest | null>;

  /** Loads points and agents and starts polling; `stop()` ends it. */
  start(): Promise<void>;
  stop(): void;
  refresh(): Promise<void>;
  loadPoints(): Promise<void>;
  selectPoint(id: string): Promise<void>;
  actAs(agent: string | null): void;
  setState(state: Extract<AgentState, 'available' | 'paused' | 'offline'>, reason?: string): Promise<void>;
  callNext(): Promise<void>;
  recall(): Promise<void>;
  /** The visitor is at the desk (or the call answered): start serving. */
  serve(): Promise<void>;
  noShow(): Promise<void>;
  /** Park when serving, resume when parked. */
  togglePark(): Promise<void>;
  openTransfer(open: boolean): void;
  transfer(target: TransferTarget, note: string, keepPlace: boolean): Promise<boolean>;
  setFinishOutcome(o: FinishOutcome): void;
  setFinishRosa(level: number | null): void;
  finish(): Promise<void>;
  createCase(): Promise<void>;
  findCase(code: string): Promise<void>;
  attachCase(): Promise<void>;
  clearMessages(): void;
}

export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.problem) return strings.problems[err.problem.code] ?? err.detail;
    if (err.failure === 'network') return strings.networkError;
    if (err.failure === 'http') return `${strings.error} ${err.status}`;
  }
  return strings.unexpectedError;
}

/** "B042", or the channel for a call or chat without a number. */
export function contactLabel(c: Pick<Contact, 'number' | 'channel'>): string {
  return c.number ?? strings.channels[c.channel];
}

export function createCounterState(deps: CounterStateDeps): CounterState {
  const { api, staff } = deps;
  // A safety net only: changes arrive over the live link (lib/live.ts).
  const pollMs = deps.pollMs ?? 15_000;
  const points = signal<ServicePoint[]>([]);
  const pointsStatus = signal<LoadStatus>('loading');
  const pointId = signal<string | null>(deps.requestedPoint ?? deps.pointMemory.read() ?? deps.defaultPoint ?? null);
  const agents = signal<Agent[]>([]);
  const agentId = signal<string | null>(null);
  const queue = signal<CounterQueue | null>(null);
  const queueFailed = signal(false);
  const current = signal<Contact | null>(null);
  /** The contact this page's own "call next" got, and why: shown as a fresh call. */
  const lastCall = signal<{ id: string; why?: string } | null>(null);
  const none = signal<{ why?: string } | null>(null);
  const callWaiting = signal<number | null>(null);
  const busy = signal<string | null>(null);
  const error = signal<string | null>(null);
  const notice = signal<string | null>(null);
  const caseDetail = signal<CaseDetail | null>(null);
  const transferOpen = signal(false);
  const finishOutcome = signal<FinishOutcome>('resolved');
  const finishRosa = signal<number | null>(null);
  const focusRequest = signal<FocusRequest | null>(null);

  const point = computed(() => points.value.find((p) => p.id === pointId.value) ?? null);
  const agent = computed(() => agents.value.find((a) => a.id === agentId.value) ?? null);
  const calling = computed(() => busy.value === 'call');
  const waiting = computed(() => queue.value?.total ?? callWaiting.value);

  const outcome = computed<CallOutcome | null>(() => {
    const c = current.value;
    if (c) {
      const call = lastCall.value?.id === c.id ? lastCall.value : null;
      return {
        kind: 'called', id: c.id, number: contactLabel(c), service: pick(c.serviceName, 'sv'), at: c.calledAt ?? '',
        fresh: call !== null, ...(call?.why ? { why: call.why } : {}),
      };
    }
    return none.value ? { kind: 'none', ...none.value } : null;
  });

  let running = false;
  /** Bumped by every action, so a poll that started before it does not undo what it did. */
  let epoch = 0;

  function focus(field: FocusRequest['field']) {
    focusRequest.value = { field, seq: (focusRequest.peek()?.seq ?? 0) + 1 };
  }

  /** A new contact in hand (or none): forget the old one's why, case and finish choices. */
  function setCurrent(c: Contact | null) {
    const before = current.peek();
    batch(() => {
      current.value = c;
      if (c) none.value = null;
      if (before?.id !== c?.id) {
        transferOpen.value = false;
        finishOutcome.value = 'resolved';
        finishRosa.value = null;
        if (!(c && caseDetail.peek()?.contacts.some((x) => x.id === c.id))) caseDetail.value = null;
      }
    });
    if (c?.caseId && caseDetail.peek()?.id !== c.caseId) void loadCase(c.caseId);
  }

  async function loadCase(id: string) {
    try {
      const detail = await api.getCase(id);
      if (current.peek()?.caseId === detail.id) caseDetail.value = detail;
    } catch (err) {
      console.warn('console: could not load the case', err);
    }
  }

  /** Runs one action: one at a time, its error shown, the view refreshed after. */
  async function run(name: string, action: () => Promise<void>): Promise<boolean> {
    if (busy.peek()) return false;
    epoch++;
    batch(() => {
      busy.value = name;
      error.value = null;
      notice.value = null;
    });
    let ok = true;
    try {
      await action();
    } catch (err) {
      ok = false;
      console.warn(`console: ${name} failed`, err);
      error.value = describeError(err);
    } finally {
      busy.value = null;
    }
    epoch++;
    void refresh();
    return ok;
  }

  const poller = createPoller(async () => {
    const id = agentId.peek();
    const pid = pointId.peek();
    if (!id && !pid) return;
    const started = epoch;
    try {
      const [q, a] = await Promise.all([
        id ? api.agentQueue(id) : api.pointQueue(pid!),
        id ? api.agent(id) : Promise.resolve(null),
      ]);
      // An action ran meanwhile, or the desk changed: this answer may be stale.
      if (started !== epoch || busy.peek() || agentId.peek() !== id || (!id && pointId.peek() !== pid)) return;
      batch(() => {
        queue.value = q;
        queueFailed.value = false;
        if (a) agents.value = agents.peek().map((x) => (x.id === a.id ? a : x));
        setCurrent(q.current);
      });
    } catch (err) {
      console.warn('console: could not refresh the queues', err);
      queueFailed.value = true;
    }
  }, pollMs);
  const { refresh } = poller;

  async function loadPoints(): Promise<void> {
    pointsStatus.value = 'loading';
    try {
      const list = await api.servicePoints();
      batch(() => {
        points.value = list.servicePoints;
        pointsStatus.value = 'ready';
        // An unknown or removed desk: let staff choose rather than guess.
        if (!list.servicePoints.some((p) => p.id === pointId.value)) pointId.value = null;
      });
      if (pointId.value) {
        deps.pointMemory.write(pointId.value);
        deps.onPointChange?.(pointId.value);
      }
    } catch (err) {
      console.warn('console: could not load service points', err);
      batch(() => {
        pointsStatus.value = 'failed';
        error.value = describeError(err);
      });
    }
  }

  async function loadAgents(): Promise<void> {
    try {
      const list = await api.agents();
      const own = list.find((a) => a.staff === staff.id);
      const remembered = deps.mayActForOthers ? deps.agentMemory.read() : null;
      const chosen = own?.id ?? (remembered && list.some((a) => a.id === remembered) ? remembered : null);
      // An agent already seated somewhere keeps that desk unless the address names another.
      const seated = list.find((a) => a.id === chosen);
      const seat = seated && seated.state !== 'offline' && !deps.requestedPoint ? seated.servicePoint : undefined;
      batch(() => {
        agents.value = list;
        agentId.value = chosen;
        if (seat) pointId.value = seat;
      });
      if (seat) {
        deps.pointMemory.write(seat);
        deps.onPointChange?.(seat);
      }
    } catch (err) {
      console.warn('console: could not load agents', err);
      error.value = describeError(err);
    }
  }

  /** A lifecycle action on the contact in hand, if the lifecycle allows it now. */
  function contactAction(name: ContactAction, then?: (c: Contact) => void) {
    return async () => {
      const c = current.peek();
      if (!c || !c.allowed.includes(name.replace('-', '_'))) return;
      await run(name, async () => {
        const after = await api.act(c.id, name);
        setCurrent(['done', 'no_show', 'cancelled', 'waiting'].includes(after.state) ? null : after);
        then?.(after);
      });
    };
  }

  return {
    points, pointsStatus, pointId, point, agents, agentId, agent, mayActForOthers: deps.mayActForOthers,
    queue, queueFailed, current, outcome, waiting, busy, calling, error, notice, caseDetail,
    transferOpen, finishOutcome, finishRosa, focusRequest,

    async start() {
      running = true;
      await Promise.all([loadPoints(), loadAgents()]);
      if (!running) return;
      poller.start();
      await refresh();
    },

    stop() {
      running = false;
      poller.stop();
    },

    refresh,
    loadPoints,

    async selectPoint(id) {
      if (id === pointId.peek()) return;
      const a = agent.peek();
      if (a && a.state !== 'offline') {
        // Seated agents move desks on the server too, so displays announce the right counter.
        const ok = await run('state', async () => {
          const updated = await api.setState(a.id, { state: a.state === 'serving' || a.state === 'wrap_up' ? 'available' : a.state, servicePoint: id, ...(a.pauseReason ? { reason: a.pauseReason } : {}) });
          agents.value = agents.peek().map((x) => (x.id === updated.id ? updated : x));
        });
        if (!ok) return;
      }
      batch(() => {
        pointId.value = id;
        error.value = null;
        callWaiting.value = null;
        none.value = null;
        if (!agentId.peek()) queue.value = null;
      });
      deps.pointMemory.write(id);
      deps.onPointChange?.(id);
      void refresh();
    },

    actAs(id) {
      if (!deps.mayActForOthers) return;
      epoch++;
      batch(() => {
        agentId.value = id;
        queue.value = null;
        error.value = null;
        none.value = null;
        setCurrent(null);
      });
      deps.agentMemory.write(id);
      void refresh();
    },

    async setState(state, reason) {
      const a = agent.peek();
      if (!a) return;
      const where = pointId.peek();
      if (state !== 'offline' && !where) { error.value = strings.noPoint; return; }
      await run('state', async () => {
        const updated = await api.setState(a.id, {
          state, ...(state === 'paused' ? { reason: reason ?? strings.pauseReasons[0] } : {}),
          servicePoint: state === 'offline' ? null : where,
        });
        agents.value = agents.peek().map((x) => (x.id === updated.id ? updated : x));
      });
    },

    async callNext() {
      const where = pointId.peek();
      const a = agent.peek();
      if (busy.peek()) return;
      if (!where && !a) { error.value = strings.noPoint; return; }
      if (a) {
        if (a.state === 'offline' || a.state === 'paused') { error.value = strings.notAvailable; return; }
        const c = current.peek();
        if (c) { error.value = strings.finishFirst(contactLabel(c)); return; }
      }
      await run('call', async () => {
        if (a) {
          const res = await api.callNextAsAgent(a.id);
          batch(() => {
            callWaiting.value = res.waiting;
            if (res.called) {
              lastCall.value = { id: res.called.id, why: res.why.sv };
              setCurrent(res.called);
            } else {
              none.value = { why: res.why.sv };
            }
          });
        } else {
          const res = await api.callNext(where!);
          callWaiting.value = res.waiting;
          if (res.called) {
            lastCall.value = { id: res.called.id, ...(res.why ? { why: res.why.sv } : {}) };
            setCurrent(await api.contact(res.called.id));
          } else {
            batch(() => {
              setCurrent(null);
              none.value = res.why ? { why: res.why.sv } : {};
            });
          }
        }
      });
    },

    recall: contactAction('recall', (c) => { if (c.state === 'no_show') notice.value = strings.noShowDone(contactLabel(c)); }),
    serve: contactAction('start'),
    noShow: contactAction('no-show', (c) => { notice.value = strings.noShowDone(contactLabel(c)); }),

    async togglePark() {
      const c = current.peek();
      if (!c) return;
      if (c.allowed.includes('park')) await contactAction('park')();
      else if (c.allowed.includes('resume')) await contactAction('resume')();
    },

    openTransfer(open) {
      const c = current.peek();
      transferOpen.value = open && !!c && c.allowed.includes('transfer');
      if (transferOpen.value) focus('transfer');
    },

    async transfer(target, note, keepPlace) {
      const c = current.peek();
      if (!c || !c.allowed.includes('transfer')) return false;
      if (!target.id) { error.value = strings.chooseTransferTarget; return false; }
      const name = target.kind === 'service'
        ? pick(queue.peek()?.services.find((s) => s.id === target.id)?.name ?? { sv: target.id }, 'sv')
        : target.kind === 'point'
          ? pick(points.peek().find((p) => p.id === target.id)?.name ?? { sv: target.id }, 'sv')
          : agents.peek().find((a) => a.id === target.id)?.name ?? target.id;
      return run('transfer', async () => {
        const key = target.kind === 'point' ? 'servicePoint' : target.kind;
        await api.transfer(c.id, { [key]: target.id, ...(note.trim() ? { note: note.trim() } : {}), keepPlace });
        setCurrent(null);
        notice.value = strings.transferred(contactLabel(c), name);
      });
    },

    setFinishOutcome(o) { finishOutcome.value = o; },
    setFinishRosa(level) { finishRosa.value = level; },

    async finish() {
      const c = current.peek();
      if (!c || busy.peek()) return;
      if (!c.allowed.includes('finish')) { error.value = strings.finishNotYet; return; }
      const rosa = finishRosa.peek();
      if (rosa === null) {
        error.value = strings.rosaMissing;
        focus('rosa');
        return;
      }
      const attached = caseDetail.peek();
      await run('finish', async () => {
        await api.finish(c.id, {
          outcome: finishOutcome.peek(), rosaLevel: rosa,
          ...(attached && attached.contacts.some((x) => x.id === c.id) ? { caseId: attached.id } : {}),
        });
        batch(() => {
          setCurrent(null);
          caseDetail.value = null;
          notice.value = strings.finished(contactLabel(c));
        });
      });
    },

    async createCase() {
      const c = current.peek();
      const site = queue.peek()?.site;
      if (!c || !site) return;
      await run('case', async () => {
        const detail = await api.createCase({ site, service: c.service, contact: c.id });
        batch(() => {
          caseDetail.value = detail;
          current.value = { ...c, caseId: detail.id };
          notice.value = strings.caseAttached(detail.trackingCode);
        });
      });
    },

    async findCase(code) {
      const c = current.peek();
      if (!c) return;
      const typed = code.trim();
      if (!typed) { error.value = strings.caseCodeMissing; focus('case-code'); return; }
      await run('case', async () => {
        const detail = await api.getCase(typed);
        batch(() => {
          caseDetail.value = detail;
          notice.value = detail.contacts.some((x) => x.id === c.id) ? strings.caseAttached(detail.trackingCode) : strings.caseFound(detail.trackingCode);
        });
      });
    },

    async attachCase() {
      const c = current.peek();
      const detail = caseDetail.peek();
      if (!c || !detail) return;
      await run('case', async () => {
        const after = await api.attachCase(detail.id, c.id);
        batch(() => {
          caseDetail.value = after;
          current.value = { ...c, caseId: after.id };
          notice.value = strings.caseAttached(after.trackingCode);
        });
      });
    },

    clearMessages() {
      batch(() => { error.value = null; notice.value = null; });
    },
  };
}
