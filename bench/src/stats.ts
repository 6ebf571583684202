/** Nearest-rank percentile of samples in milliseconds. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summary(name: string, samples: number[]): string {
  const f = (n: number) => n.toFixed(2).padStart(8);
  // Not Math.max(...samples): an hour's soak has more samples than a call takes arguments.
  const max = samples.length ? samples.reduce((m, x) => (x > m ? x : m), -Infinity) : NaN;
  return `${name.padEnd(52)} n=${String(samples.length).padStart(6)}  p50=${f(percentile(samples, 50))} ms  p99=${f(percentile(samples, 99))} ms  max=${f(max)} ms`;
}
