/**
 * A small seeded PRNG and the few distributions the simulator needs. Math.random cannot be
 * seeded, and "same seed → same day" is what makes a simulated day reproducible in a bug
 * report or a demo script.
 */

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: 32-bit state, fast, good enough for traffic (not for anything secret). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An independent stream per name (e.g. per channel), derived from the run's seed, so that
 * changing one channel's profile does not reshuffle every other channel's day.
 */
export function streamFor(seed: number, name: string): Rng {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  // One splitmix-style finaliser so that nearby seeds give unrelated streams.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return mulberry32((h ^ (h >>> 16)) >>> 0);
}

/** Exponential with the given rate (events per unit); the gap of a Poisson process. */
export function exponential(rng: Rng, rate: number): number {
  return -Math.log(1 - rng()) / rate;
}

/** Standard normal by Box–Muller (one of the pair; simplicity beats the saved draw). */
export function normal(rng: Rng): number {
  const u = 1 - rng(); // (0, 1]: log(0) is never taken
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Lognormal by its median and log-space spread: handle times are skewed, never negative. */
export function lognormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rng));
}

/** Picks a key with probability proportional to its weight. */
export function pick<K extends string>(rng: Rng, weights: Readonly<Partial<Record<K, number>>>): K {
  return pickEntry(rng, Object.entries(weights) as [K, number][]);
}

/** The same for non-string choices (ROSA levels), given as [choice, weight] pairs. */
export function pickEntry<T>(rng: Rng, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  if (!(total > 0)) throw new Error('pick: weights must have a positive sum');
  let x = rng() * total;
  for (const [k, w] of entries) {
    x -= w;
    if (x < 0) return k;
  }
  return entries[entries.length - 1]![0];
}
