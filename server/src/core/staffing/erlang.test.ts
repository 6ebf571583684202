/**
 * The Erlang functions against published worked examples, against independent oracles
 * (exact rational arithmetic, a log-space sum, the truncated birth–death chain and a
 * uniformised tagged-customer chain, all restated here from the textbook definitions rather
 * than from the implementation) and with property tests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  erlangAFigures, erlangB, erlangC, erlangCFigures, requiredAgentsA, requiredAgentsC, scheduledAgents, trafficErlangs,
} from './index.js';

/** Equal when rounded to `digits` decimals, as the source printed it. */
function roundsTo(actual: number, published: number, digits: number, what: string) {
  assert.ok(Math.abs(actual - published) <= 0.5 * 10 ** -digits + 1e-15, `${what}: ${actual} does not round to ${published}`);
}
/** Equal to `sig` significant digits. */
function sigDigits(actual: number, expected: number, sig: number, what: string) {
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(expected))) - sig + 1);
  assert.ok(Math.abs(actual - expected) <= 0.5 * scale, `${what}: ${actual} ≠ ${expected} to ${sig} significant digits`);
}
function close(actual: number, expected: number, rel: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300), `${what}: ${actual} vs ${expected}`);
}

// ---------------------------------------------------------------------------------------
// Oracles

/** Erlang B and C as exact fractions (the factorial formulas, in BigInt) for A = p/q. */
function exactErlang(p: bigint, q: bigint, n: number): { b: number; c: number } {
  const N = BigInt(n);
  // Every term A^k/k! scaled by q^N·N!: p^k·q^(N−k)·N!/k!.
  let fall = 1n; // N!/k! for k = N, N−1, …
  const scaled: bigint[] = new Array(n + 1);
  for (let k = n; k >= 0; k--) {
    scaled[k] = p ** BigInt(k) * q ** (N - BigInt(k)) * fall;
    fall *= BigInt(k === 0 ? 1 : k);
  }
  const all = scaled.reduce((s, x) => s + x, 0n);
  const below = all - scaled[n]!;
  const top = scaled[n]!;
  // num ÷ den to full double precision, however small: keep ~80 significant bits.
  const bits = (x: bigint) => x.toString(2).length;
  const ratio = (num: bigint, den: bigint) => {
    const shift = bits(den) - bits(num) + 80;
    return Number((num << BigInt(shift)) / den) * 2 ** -shift;
  };
  // C = T·N·q ÷ (S·(Nq − p) + T·N·q)
  const c = N * q > p ? ratio(top * N * q, below * (N * q - p) + top * N * q) : 1;
  return { b: ratio(top, all), c };
}

/** Erlang C from the factorial formula summed in log space (log-sum-exp). */
function logSpaceErlangC(a: number, n: number): number {
  const logs: number[] = [0];
  for (let k = 1; k <= n; k++) logs.push(logs[k - 1]! + Math.log(a) - Math.log(k));
  const last = logs[n]! + Math.log(n / (n - a));
  const all = [...logs.slice(0, n), last];
  const max = Math.max(...all);
  const sum = all.reduce((s, l) => s + Math.exp(l - max), 0);
  return Math.exp(last - max) / sum;
}

/**
 * M/M/N+M as a birth–death chain truncated once the tail is negligible, in AHT time units
 * (μ = 1, γ = AHT ÷ patience): π_n ∝ Π A ÷ (min(k, N) + max(k − N, 0)·γ). Abandonment from
 * the flow balance: P(abandon) = γ·E[queue] ÷ A.
 */
function chain(a: number, n: number, gamma: number) {
  const logw: number[] = [0];
  let max = 0;
  for (let k = 1; ; k++) {
    const l = logw[k - 1]! + Math.log(a) - Math.log(Math.min(k, n) + Math.max(k - n, 0) * gamma);
    logw.push(l);
    max = Math.max(max, l);
    if (k > n && l < logw[k - 1]! && l < max - 60) break;
  }
  const w = logw.map((l) => Math.exp(l - max));
  const total = w.reduce((s, x) => s + x, 0);
  const pi = w.map((x) => x / total);
  let pWait = 0; let queue = 0; let busy = 0;
  pi.forEach((p, k) => { if (k >= n) pWait += p; queue += Math.max(k - n, 0) * p; busy += Math.min(k, n) * p; });
  return { pi, pWait, abandon: (gamma * queue) / a, occupancy: busy / n };
}

/**
 * P(answered within t) in M/M/N+M by uniformising the tagged contact's own chain: with m
 * ahead it moves to m − 1 at rate N + m·γ (from m = 0 that is its answer, at rate N), and
 * gives up at rate γ. Backward recursion gives every starting position at once.
 */
function uniformisedServiceLevel(a: number, n: number, gamma: number, t: number): number {
  const { pi } = chain(a, n, gamma);
  const ahead = pi.length - n; // positions 0 … ahead − 1
  const rate = (m: number) => n + m * gamma;
  const lambda = rate(ahead) + gamma;
  let u = new Array<number>(ahead).fill(0); // P(answered within k steps | m ahead)
  const steps = Math.ceil(lambda * t + 12 * Math.sqrt(lambda * t) + 30);
  let weight = Math.exp(-lambda * t);
  let within = new Array<number>(ahead).fill(0);
  for (let k = 1; k <= steps; k++) {
    const next = u.map((um, m) => (rate(m) / lambda) * (m === 0 ? 1 : u[m - 1]!) + ((lambda - rate(m) - gamma) / lambda) * um);
    u = next;
    weight *= (lambda * t) / k;
    within = within.map((w, m) => w + weight * u[m]!);
  }
  let sl = 0;
  pi.forEach((p, k) => { sl += k < n ? p : p * within[k - n]!; });
  return sl;
}

// ---------------------------------------------------------------------------------------
// Published worked examples

test('Call Centre Helper worked example, as reproduced by pyworkforce, to the digits published', () => {
  // "Erlang C Formula – Made Simple With an Easy Worked Example",
  // https://www.callcentrehelper.com/erlang-c-formula-example-121281.htm: 100 calls in 30 minutes,
  // AHT 180 s, 80 % answered within 20 s, 30 % shrinkage → 14 agents, 20 scheduled.
  // pyworkforce reproduces it (rodrigo-arenas/pyworkforce, docs/tutorials/erlangc_example.rst and
  // pyworkforce/queuing/tests/test_erlang.py, which uses asa = 0.33 min = 19.8 s):
  // raw_positions 14, positions 20, service_level 0.888, occupancy 0.714, waiting_probability 0.174;
  // and with 15 agents service_level 0.941, occupancy 0.667, waiting_probability 0.102.
  const load = { arrivals: 100, intervalSeconds: 30 * 60, ahtSeconds: 180 };
  assert.equal(trafficErlangs(load), 10);
  const required = requiredAgentsC({ ...load, targetSeconds: 20, targetServiceLevel: 0.8 });
  assert.equal(required, 14);
  assert.equal(scheduledAgents(required, 0.3), 20);
  const at14 = erlangCFigures({ ...load, targetSeconds: 19.8, agents: 14 });
  roundsTo(at14.serviceLevel, 0.888, 3, 'SL at 14');
  roundsTo(at14.occupancy, 0.714, 3, 'occupancy at 14');
  roundsTo(at14.probWait, 0.174, 3, 'P(wait) at 14');
  const at15 = erlangCFigures({ ...load, targetSeconds: 19.8, agents: 15 });
  roundsTo(at15.serviceLevel, 0.941, 3, 'SL at 15');
  roundsTo(at15.occupancy, 0.667, 3, 'occupancy at 15');
  roundsTo(at15.probWait, 0.102, 3, 'P(wait) at 15');
  // 13 agents miss the target, so 14 is the smallest count.
  assert.ok(erlangCFigures({ ...load, targetSeconds: 20, agents: 13 }).serviceLevel < 0.8, '13 agents miss 80/20');
});

test('pyworkforce Erlang A reference figures (M/M/14+M, 10 Erlangs, patience 5 min) to 5–6 digits', () => {
  // rodrigo-arenas/pyworkforce, pyworkforce/queuing/tests/test_abandonment.py,
  // test_erlanga_regression_metrics: transactions 100, aht 3, interval 30, patience 5,
  // asa 20/60 (minutes), 14 positions → waiting_probability 0.14526, abandonment_probability
  // 0.013984, occupancy 0.704297, average_speed_of_answer 0.069919 min (their ASA is the mean
  // wait of ALL contacts: our meanWaitSeconds), service_level 0.916792 (answered within 20 s ÷
  // all contacts, computed there by uniformisation: an independent method).
  const f = erlangAFigures({ arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180, targetSeconds: 20, patienceSeconds: 300, agents: 14 });
  roundsTo(f.probWait, 0.14526, 5, 'P(wait)');
  roundsTo(f.abandonRate, 0.013984, 6, 'P(abandon)');
  roundsTo(f.occupancy, 0.704297, 6, 'occupancy');
  roundsTo(f.meanWaitSeconds! / 60, 0.069919, 6, 'mean wait (min)');
  roundsTo(f.serviceLevel, 0.916792, 6, 'service level');
});

test('Erlang B table value and the Wolfram Language ErlangB/ErlangC worked applications, to 4 significant digits', () => {
  // Erlang B tables: 10 Erlangs on 10 servers block 21.46 %.
  sigDigits(erlangB(10, 10), 0.2146, 4, 'B(10 servers, 10 E)');
  // https://reference.wolfram.com/language/ref/ErlangB.html, "Applications":
  //  five 1 Mbps lines, 3 one-hour conferences per hour → ErlangB[5, 3] = 2.025/18.4 = 0.1101;
  //  four modems, 2 Erlangs → ErlangB[4, 2] = 2/21 = 0.09524; six modems → ErlangB[6, 2] = 4/331 = 0.01208.
  sigDigits(erlangB(3, 5), 0.1101, 4, 'ErlangB[5, 3]');
  sigDigits(erlangB(2, 4), 0.09524, 4, 'ErlangB[4, 2]');
  sigDigits(erlangB(2, 6), 0.01208, 4, 'ErlangB[6, 2]');
  // https://reference.wolfram.com/language/ref/ErlangC.html, "Applications":
  //  two 1 Mbps lines, 150 packets/s of 10 kbit → 1.5 Erlangs → ErlangC[2, 1.5] = 9/14 = 0.6429;
  //  support center, 30 calls/h of 5 min, 90 % not delayed → 6 employees (C = 0.04744; 5 give 0.1304).
  sigDigits(erlangC(1.5, 2), 0.6429, 4, 'ErlangC[2, 1.5]');
  const support = { arrivals: 30, intervalSeconds: 3600, ahtSeconds: 300 };
  assert.equal(requiredAgentsC({ ...support, targetSeconds: 0, targetServiceLevel: 0.9 }), 6);
  sigDigits(erlangC(2.5, 6), 0.04744, 4, 'ErlangC[6, 2.5]');
  sigDigits(erlangC(2.5, 5), 0.1304, 4, 'ErlangC[5, 2.5]');
});

// ---------------------------------------------------------------------------------------
// Independent oracles and numerical range

test('Erlang B and C agree with exact rational arithmetic', () => {
  for (const [p, q] of [[1n, 10n], [5n, 2n], [10n, 1n], [48n, 1n], [37n, 3n]] as const) {
    const a = Number(p) / Number(q);
    for (let n = 1; n <= 70; n += 3) {
      const exact = exactErlang(p, q, n);
      close(erlangB(a, n), exact.b, 1e-12, `B(${n}, ${a})`);
      if (n > a) close(erlangC(a, n), exact.c, 1e-12, `C(${n}, ${a})`);
      else assert.equal(erlangC(a, n), 1);
    }
  }
});

test('Erlang C stays accurate from 0.1 to 2 000 Erlangs', () => {
  // M/M/1: P(wait) = ρ exactly.
  const tiny = erlangCFigures({ arrivals: 1, intervalSeconds: 1800, ahtSeconds: 180, targetSeconds: 20, agents: 1 });
  close(tiny.trafficErlangs, 0.1, 1e-15, 'A');
  close(tiny.probWait, 0.1, 1e-14, 'P(wait), M/M/1');
  close(tiny.serviceLevel, 1 - 0.1 * Math.exp(-0.9 * 20 / 180), 1e-14, 'SL, M/M/1');
  assert.equal(requiredAgentsC({ arrivals: 1, intervalSeconds: 1800, ahtSeconds: 180, targetSeconds: 20, targetServiceLevel: 0.8 }), 1);
  for (const n of [2001, 2010, 2050, 2200, 3000]) close(erlangC(2000, n), logSpaceErlangC(2000, n), 1e-9, `C(${n}, 2000)`);
  const big = { arrivals: 20_000, intervalSeconds: 1800, ahtSeconds: 180 }; // 2 000 Erlangs
  const n = requiredAgentsC({ ...big, targetSeconds: 20, targetServiceLevel: 0.8 });
  assert.ok(n > 2000 && n < 2100, `required ${n}`);
  const f = erlangCFigures({ ...big, targetSeconds: 20, agents: n });
  assert.ok(f.serviceLevel >= 0.8 && f.probWait > 0 && f.probWait < 1 && Number.isFinite(f.asaSeconds!), JSON.stringify(f));
  assert.ok(erlangCFigures({ ...big, targetSeconds: 20, agents: n - 1 }).serviceLevel < 0.8, `${n - 1} agents miss 80/20`);
  assert.equal(erlangC(2000, 2000), 1);
});

test('Erlang A agrees with the truncated birth–death chain and the uniformised tagged chain', () => {
  const cases = [
    { a: 10, n: 14, gamma: 0.6, t: 1 / 9 },
    { a: 10, n: 8, gamma: 0.6, t: 1 / 9 }, // overloaded: abandonment keeps it stable
    { a: 3.3, n: 4, gamma: 2, t: 0.5 },
    { a: 0.1, n: 1, gamma: 3, t: 0.2 },
    { a: 20, n: 22, gamma: 0.05, t: 0.3 },
    { a: 6, n: 3, gamma: 1.5, t: 1 },
  ];
  for (const { a, n, gamma, t } of cases) {
    const aht = 180;
    const f = erlangAFigures({ arrivals: a * 10, intervalSeconds: aht * 10, ahtSeconds: aht, targetSeconds: t * aht, patienceSeconds: aht / gamma, agents: n });
    const c = chain(a, n, gamma);
    const what = `A=${a} N=${n} γ=${gamma}`;
    close(f.probWait, c.pWait, 1e-8, `${what} P(wait)`);
    close(f.abandonRate, c.abandon, 1e-8, `${what} P(abandon)`);
    close(f.occupancy, c.occupancy, 1e-8, `${what} occupancy`);
    close(f.serviceLevel, uniformisedServiceLevel(a, n, gamma, t), 1e-8, `${what} SL`);
    assert.ok(f.answeredWithinTarget + f.abandonedWithinTarget <= 1 + 1e-12, `${what} within-target shares`);
    assert.ok(f.abandonedWithinTarget <= f.abandonRate + 1e-12, `${what} abandoned within target`);
  }
});

test('Erlang A stays finite and exact at 0.1 and 2 000 Erlangs', () => {
  for (const { arrivals, n, patience } of [
    { arrivals: 1, n: 1, patience: 60 }, // 0.1 Erlangs
    { arrivals: 20_000, n: 1900, patience: 120 }, // 2 000 Erlangs, understaffed
    { arrivals: 20_000, n: 2050, patience: 600 },
    { arrivals: 20_000, n: 2000, patience: 1e5 }, // nearly Erlang C at the edge of stability
  ]) {
    const f = erlangAFigures({ arrivals, intervalSeconds: 1800, ahtSeconds: 180, targetSeconds: 20, patienceSeconds: patience, agents: n });
    const c = chain(f.trafficErlangs, n, 180 / patience);
    close(f.probWait, c.pWait, 1e-7, `P(wait) A=${f.trafficErlangs} N=${n}`);
    close(f.abandonRate, c.abandon, 1e-7, `P(abandon) A=${f.trafficErlangs} N=${n}`);
    for (const v of [f.serviceLevel, f.occupancy, f.asaSeconds!, f.meanWaitSeconds!]) assert.ok(Number.isFinite(v) && v >= 0, JSON.stringify(f));
  }
  const n = requiredAgentsA({ arrivals: 20_000, intervalSeconds: 1800, ahtSeconds: 180, targetSeconds: 20, targetServiceLevel: 0.9, patienceSeconds: 120 });
  assert.ok(n > 1500 && n <= requiredAgentsC({ arrivals: 20_000, intervalSeconds: 1800, ahtSeconds: 180, targetSeconds: 20, targetServiceLevel: 0.9 }), `required ${n}`);
});

test('zero arrivals, unstable queues and no agents answer as specified', () => {
  const none = { arrivals: 0, intervalSeconds: 900, ahtSeconds: 300, targetSeconds: 60, targetServiceLevel: 0.8 };
  assert.equal(requiredAgentsC(none), 0);
  assert.equal(requiredAgentsA({ ...none, patienceSeconds: 120 }), 0);
  assert.deepEqual(erlangCFigures({ ...none, agents: 0 }), { trafficErlangs: 0, agents: 0, probWait: 0, serviceLevel: 1, asaSeconds: 0, occupancy: 0 });
  const idleA = erlangAFigures({ ...none, agents: 3, patienceSeconds: 120 });
  assert.equal(idleA.serviceLevel, 1);
  assert.equal(idleA.abandonRate, 0);

  const overloaded = { arrivals: 40, intervalSeconds: 900, ahtSeconds: 300, targetSeconds: 60 }; // 13.33 E
  for (const agents of [0, 5, 13]) {
    const f = erlangCFigures({ ...overloaded, agents });
    assert.deepEqual([f.probWait, f.serviceLevel, f.asaSeconds, f.occupancy], [1, 0, null, 1], `C with ${agents}`);
    const inf = erlangAFigures({ ...overloaded, agents, patienceSeconds: Infinity });
    assert.deepEqual([inf.probWait, inf.serviceLevel, inf.asaSeconds, inf.occupancy, inf.abandonRate], [1, 0, null, 1, 0]);
  }
  const nobody = erlangAFigures({ ...overloaded, agents: 0, patienceSeconds: 120 });
  assert.deepEqual([nobody.probWait, nobody.serviceLevel, nobody.asaSeconds, nobody.abandonRate], [1, 0, null, 1]);
  // With patience the same overload is stable: some are answered, the rest give up.
  const five = erlangAFigures({ ...overloaded, agents: 5, patienceSeconds: 120 });
  assert.ok(five.serviceLevel > 0 && five.abandonRate > 0.5 && five.occupancy > 0.9 && five.asaSeconds! > 0, JSON.stringify(five));
});

test('shrinkage turns required agents into scheduled agents', () => {
  assert.equal(scheduledAgents(0, 0.3), 0);
  assert.equal(scheduledAgents(13, 0), 13);
  assert.equal(scheduledAgents(13, 0.3), 19); // 18.57 → 19
  assert.throws(() => scheduledAgents(10, 1), RangeError);
  fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 0.95, noNaN: true }), (required, s) => {
    const scheduled = scheduledAgents(required, s);
    // Enough on the queue (to a relative 1e−9: a shrinkage of 4e−10 does not add an agent), and not one more.
    return scheduled * (1 - s) >= required * (1 - 1e-9) && (scheduled === 0 || (scheduled - 1) * (1 - s) < required);
  }), { numRuns: 300 });
});

// ---------------------------------------------------------------------------------------
// Properties

const loadArb = fc.record({
  traffic: fc.double({ min: 0.1, max: 120, noNaN: true }),
  ahtSeconds: fc.double({ min: 30, max: 1800, noNaN: true }),
  targetSeconds: fc.double({ min: 0, max: 600, noNaN: true }),
  targetServiceLevel: fc.double({ min: 0.05, max: 0.99, noNaN: true }),
  patienceSeconds: fc.double({ min: 5, max: 3600, noNaN: true }),
}).map((l) => ({ ...l, intervalSeconds: 900, arrivals: (l.traffic * 900) / l.ahtSeconds }));

test('property: the service level never falls as agents are added (Erlang C and A)', () => {
  fc.assert(fc.property(loadArb, (l) => {
    const start = Math.max(0, Math.floor(l.traffic) - 6);
    let c = -1; let a = -1; let ab = 2;
    for (let agents = start; agents <= start + 16; agents++) {
      const fc_ = erlangCFigures({ ...l, agents });
      const fa = erlangAFigures({ ...l, agents });
      if (fc_.serviceLevel < c - 1e-12 || fa.serviceLevel < a - 1e-9) return false;
      // …and the share that gives up never rises.
      if (fa.abandonRate > ab + 1e-9) return false;
      c = fc_.serviceLevel; a = fa.serviceLevel; ab = fa.abandonRate;
    }
    return true;
  }), { numRuns: 60 });
});

test('property: required agents is the smallest count meeting the target', () => {
  fc.assert(fc.property(loadArb, (l) => {
    const n = requiredAgentsC(l);
    const meets = (agents: number) => erlangCFigures({ ...l, agents }).serviceLevel >= l.targetServiceLevel;
    if (!(n > l.traffic && meets(n))) return false;
    if (n - 1 > l.traffic && meets(n - 1)) return false;
    const na = requiredAgentsA(l);
    const meetsA = (agents: number) => erlangAFigures({ ...l, agents }).serviceLevel >= l.targetServiceLevel;
    return meetsA(na) && !meetsA(na - 1);
  }), { numRuns: 60 });
});

test('property: Erlang A with infinite patience is Erlang C, and very patient callers approach it', () => {
  fc.assert(fc.property(loadArb, fc.integer({ min: 0, max: 10 }), (l, extra) => {
    const agents = Math.floor(l.traffic) + 1 + extra;
    // Within 0.01 Erlangs of instability N − A itself carries float cancellation (ASA ∝ 1 ÷ (N − A)).
    fc.pre(agents - l.traffic >= 0.01);
    const c = erlangCFigures({ ...l, agents });
    const inf = erlangAFigures({ ...l, agents, patienceSeconds: Infinity });
    const { trafficErlangs: t, probWait, serviceLevel, asaSeconds, occupancy } = inf;
    assert.deepEqual({ trafficErlangs: t, agents, probWait, serviceLevel, asaSeconds, occupancy }, c);
    assert.equal(requiredAgentsA({ ...l, patienceSeconds: Infinity }), requiredAgentsC(l));
    // Patience of ≥ 10^9 handle times: the integral path itself converges to Erlang C. Near
    // N = A the models really differ by about γ·A ÷ (N − A)² (γ = AHT ÷ patience), so the
    // patience grows with that factor.
    const factor = Math.max(1, l.traffic / (agents - l.traffic) ** 2);
    const patient = erlangAFigures({ ...l, agents, patienceSeconds: l.ahtSeconds * 1e9 * factor });
    close(patient.probWait, c.probWait, 1e-6, 'P(wait)');
    assert.ok(Math.abs(patient.serviceLevel - c.serviceLevel) < 1e-6, `SL ${patient.serviceLevel} vs ${c.serviceLevel}`);
    close(patient.asaSeconds!, c.asaSeconds!, 1e-5, 'ASA');
    assert.ok(patient.abandonRate < 1e-6, `abandon ${patient.abandonRate}`);
  }), { numRuns: 60 });
});
