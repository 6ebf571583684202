/**
 * The staffing plan view's state: the plan for today and the next six days
 * (`GET /api/v1/staffing/plan`), the forecast's backtest (`GET /api/v1/forecast`, how
 * well it did) and the weekly rota (`GET /api/v1/staffing/shifts`), plus the day the manager
 * picked. The plan is read again every minute while the view is open (it follows who signs
 * in); the backtest and the rota once per opening. Only the plan is needed to show the
 * view: the other two failing leaves their parts saying so.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  Forecast, ShiftList, StaffingPlan, lightChecker,
  type ForecastBacktest, type PlanDay, type ShiftList as ShiftListT, type StaffingPlan as StaffingPlanT,
} from '@entre/protocol';
import type { Http } from '@entre/web-common/http';
import { browserTimers, type Timers } from '@entre/web-common/timers';
import { createPoller } from '../../lib/poll.js';
import { describeError } from './advice-state.js';

const check = {
  plan: lightChecker(StaffingPlan),
  forecast: lightChecker(Forecast),
  shifts: lightChecker(ShiftList),
};

export const PLAN_DAYS = 7;
export const PLAN_REFRESH_MS = 60_000;

export interface ForecastInfo {
  backtest: ForecastBacktest;
  history: { from?: string | undefined; to: string };
}

export interface StaffingState {
  readonly plan: ReadonlySignal<StaffingPlanT | null>;
  readonly forecast: ReadonlySignal<ForecastInfo | null>;
  readonly shifts: ReadonlySignal<ShiftListT | null>;
  /** The picked day, else the plan's first (today). */
  readonly day: ReadonlySignal<PlanDay | null>;
  /** The CSV of the same plan, for a download link (API path, from the plan's first day). */
  readonly csvUrl: ReadonlySignal<string | null>;
  readonly loadError: ReadonlySignal<string | null>;
  readonly shiftsError: ReadonlySignal<string | null>;
  selectDay(date: string): void;
  refresh(): Promise<void>;
  start(): void;
  stop(): void;
}

export const planCsvUrl = (from: string, days = PLAN_DAYS): string => `/api/v1/staffing/plan?from=${from}&days=${days}&format=csv`;

export function createStaffingState(http: Http, timers: Timers = browserTimers): StaffingState {
  const plan = signal<StaffingPlanT | null>(null);
  const forecast = signal<ForecastInfo | null>(null);
  const shifts = signal<ShiftListT | null>(null);
  const picked = signal<string | null>(null);
  const loadError = signal<string | null>(null);
  const shiftsError = signal<string | null>(null);

  const day = computed(() => {
    const days = plan.value?.days ?? [];
    return days.find((d) => d.date === picked.value) ?? days[0] ?? null;
  });
  const csvUrl = computed(() => {
    const first = plan.value?.days[0]?.date;
    return first ? planCsvUrl(first) : null;
  });

  async function readPlan(): Promise<void> {
    try {
      const p = await http.get(`/staffing/plan?days=${PLAN_DAYS}`, check.plan);
      batch(() => { plan.value = p; loadError.value = null; });
    } catch (err) {
      loadError.value = describeError(err);
    }
  }

  // Once per opening: the backtest is the same all day, and the rota changes rarely.
  async function readOnce(): Promise<void> {
    const jobs: Promise<void>[] = [];
    if (!forecast.value) {
      // One day is enough: only the backtest and the history span are shown.
      jobs.push(http.get('/forecast?days=1', check.forecast).then(
        (f) => { forecast.value = { backtest: f.backtest, history: f.history }; },
        () => { /* the plan carries its own WAPE; the rest just is not shown */ },
      ));
    }
    if (!shifts.value) {
      jobs.push(http.get('/staffing/shifts', check.shifts).then(
        (list) => batch(() => { shifts.value = list; shiftsError.value = null; }),
        (err: unknown) => { shiftsError.value = describeError(err); },
      ));
    }
    await Promise.all(jobs);
  }

  let first = true;
  const poller = createPoller(async () => {
    if (first) {
      first = false;
      await Promise.all([readPlan(), readOnce()]);
    } else {
      await readPlan();
    }
  }, PLAN_REFRESH_MS, timers);

  return {
    plan, forecast, shifts, day, csvUrl, loadError, shiftsError,
    selectDay(date) { picked.value = date; },
    refresh: poller.refresh,
    start() { first = true; poller.start(); },
    stop: poller.stop,
  };
}
