/**
 * The counter page: which service point this desk is, and calling the next visitor.
 * Recall, transfer and finish will be more actions here, beside `callNext`.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import { pick, type ServicePoint } from '@entre/protocol';
import type { ConsoleApi } from '../lib/api.js';
import { ApiError } from '@entre/web-common/http';
import type { PointMemory } from '../lib/storage.js';
import { strings } from '../lib/strings.js';

export type LoadStatus = 'loading' | 'ready' | 'failed';

/** What the desk last did: a called ticket, or "nobody is waiting". */
export type CallOutcome =
  | { kind: 'called'; id: string; number: string; service: string; at: string; fresh: boolean; why?: string }
  | { kind: 'none' };

export interface CounterStateDeps {
  api: ConsoleApi;
  memory: PointMemory;
  /** From `?point=`; wins over the remembered one. */
  requestedPoint: string | null;
  defaultPoint?: string;
  /** Keeps the address bar in step, so a bookmark opens the same desk. */
  onPointChange?: (point: string) => void;
}

export interface CounterState {
  readonly points: ReadonlySignal<ServicePoint[]>;
  readonly pointsStatus: ReadonlySignal<LoadStatus>;
  readonly pointId: ReadonlySignal<string | null>;
  readonly point: ReadonlySignal<ServicePoint | null>;
  readonly calling: ReadonlySignal<boolean>;
  readonly outcome: ReadonlySignal<CallOutcome | null>;
  readonly waiting: ReadonlySignal<number | null>;
  /** A problem's `detail` for staff, or our own text when the server could not say. */
  readonly error: ReadonlySignal<string | null>;
  loadPoints(): Promise<void>;
  selectPoint(id: string): void;
  callNext(): Promise<void>;
}

export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.problem) return err.detail;
    if (err.failure === 'network') return strings.networkError;
    if (err.failure === 'http') return `${strings.error} ${err.status}`;
  }
  return strings.unexpectedError;
}

export function createCounterState(deps: CounterStateDeps): CounterState {
  const { api, memory } = deps;
  const points = signal<ServicePoint[]>([]);
  const pointsStatus = signal<LoadStatus>('loading');
  const pointId = signal<string | null>(deps.requestedPoint ?? memory.read() ?? deps.defaultPoint ?? null);
  const calling = signal(false);
  const outcome = signal<CallOutcome | null>(null);
  const waiting = signal<number | null>(null);
  const error = signal<string | null>(null);

  const point = computed(() => points.value.find((p) => p.id === pointId.value) ?? null);

  /** What the server says this desk is serving, so a reload shows it again. */
  function outcomeFromList(p: ServicePoint | null): CallOutcome | null {
    const current = p?.current;
    if (!current || (current.state !== 'called' && current.state !== 'serving')) return null;
    return { kind: 'called', id: current.id, number: current.number, service: pick(current.serviceName, 'sv'), at: '', fresh: false };
  }

  function selectPoint(id: string): void {
    batch(() => {
      pointId.value = id;
      error.value = null;
      waiting.value = null;
      outcome.value = outcomeFromList(points.value.find((p) => p.id === id) ?? null);
    });
    memory.write(id);
    deps.onPointChange?.(id);
  }

  return {
    points,
    pointsStatus,
    pointId,
    point,
    calling,
    outcome,
    waiting,
    error,

    async loadPoints() {
      pointsStatus.value = 'loading';
      try {
        const list = await api.servicePoints();
        batch(() => {
          points.value = list.servicePoints;
          pointsStatus.value = 'ready';
          const wanted = list.servicePoints.find((p) => p.id === pointId.value);
          if (wanted) {
            if (outcome.value === null) outcome.value = outcomeFromList(wanted);
          } else {
            // An unknown or removed desk: let staff choose rather than guess.
            pointId.value = null;
          }
        });
        if (pointId.value) {
          memory.write(pointId.value);
          deps.onPointChange?.(pointId.value);
        }
      } catch (err) {
        console.warn('console: could not load service points', err);
        batch(() => {
          pointsStatus.value = 'failed';
          error.value = describeError(err);
        });
      }
    },

    selectPoint,

    async callNext() {
      const id = pointId.value;
      if (!id || calling.value) return;
      batch(() => {
        calling.value = true;
        error.value = null;
      });
      try {
        const res = await api.callNext(id);
        if (pointId.value !== id) return;
        batch(() => {
          waiting.value = res.waiting;
          outcome.value = res.called
            ? { kind: 'called', id: res.called.id, number: res.called.number, service: pick(res.called.serviceName, 'sv'), at: res.called.calledAt, fresh: true, ...(res.why ? { why: res.why.sv } : {}) }
            : { kind: 'none' };
        });
      } catch (err) {
        console.warn('console: call next failed', err);
        if (pointId.value === id) error.value = describeError(err);
      } finally {
        calling.value = false;
      }
    },
  };
}
