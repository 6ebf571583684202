/**
 * The wait a visitor is told: "about 12 min". Deliberately simple and explainable, so
 * staff can say why: the people ahead, served by the agents working this errand at a
 * counter now, each visit taking the errand's recent mean handle time. Rounded up to
 * whole minutes; unknown (absent) when nobody is signed in to serve it, because a
 * number then would be a guess dressed as a promise. Pure.
 */

/** A handle time with fewer samples than this falls back to the default. */
export const MIN_SAMPLES = 5;
export const DEFAULT_HANDLE_SECONDS = 360;

export interface WaitInput {
  /** People ahead of this visitor in its queue. */
  ahead: number;
  /** Agents signed in at a counter (available, serving or in wrap-up) who serve this errand. */
  servers: number;
  /** Mean handle time (called → finished) of the errand's recent visits, seconds. */
  handleSeconds: number;
}

export function estimateWaitMinutes({ ahead, servers, handleSeconds }: WaitInput): number | undefined {
  if (servers <= 0) return undefined;
  if (ahead <= 0) return 0;
  // Those ahead leave in `servers` parallel lanes; the first of them waits on average half
  // a handle time for a counter to free up.
  const seconds = ((ahead - 0.5) * handleSeconds) / servers;
  return Math.max(1, Math.ceil(seconds / 60));
}

/** The handle time to use: the mean of recent samples, clamped to 1–60 minutes, or the default. */
export function handleSeconds(samples: readonly number[]): number {
  const usable = samples.filter((s) => Number.isFinite(s) && s > 0);
  if (usable.length < MIN_SAMPLES) return DEFAULT_HANDLE_SECONDS;
  const mean = usable.reduce((a, b) => a + b, 0) / usable.length;
  return Math.min(3600, Math.max(60, Math.round(mean)));
}
