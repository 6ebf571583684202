/**
 * Erlang C and Erlang A: how many agents a queue needs in an interval for a service-level
 * target, and what a given number of agents achieves. Pure, no I/O, no clock.
 *
 * Definitions (DESIGN §4): traffic A = arrivals × AHT ÷ interval (Erlangs); a contact is
 * answered "within target" when it waits at most `targetSeconds`.
 *
 * Erlang C (M/M/N, nobody gives up):
 *   P_wait = C(N, A) = N·B ÷ (N − A(1 − B)), B = Erlang B(N, A) by the stable recursion
 *   B(0) = 1, B(n) = A·B(n−1) ÷ (n + A·B(n−1)) (no factorials, no overflow, O(N));
 *   SL(t) = 1 − P_wait·e^{−(N−A)·t/AHT};  ASA = P_wait·AHT ÷ (N − A);  occupancy = A ÷ N.
 *   N ≤ A is unstable (the queue grows without bound): P_wait 1, SL 0, ASA null, occupancy 1.
 *
 * Erlang A (M/M/N+M: each waiting contact gives up after an exponential patience with mean
 * θ). Time is measured in AHTs below (μ = 1, γ = AHT ÷ θ, λ = A). The exact method:
 *   - The number in system is a birth–death chain with death rate n (n ≤ N) and
 *     N + (n − N)·γ above N. With the weights w_j = Π_{k=1..j} A ÷ (N + kγ) of j waiting,
 *     J = Σ_j w_j = N·∫_0^∞ e^{g(v)} dv,  g(v) = A·(1 − e^{−γv}) ÷ γ − N·v
 *     (the incomplete-gamma series of Mandelbaum & Zeltyn written as an integral; γ → 0
 *     gives g(v) = (A − N)·v and J = N ÷ (N − A), Erlang C).
 *   - P_wait = B·J ÷ (1 − B + B·J) (PASTA; Garnett, Mandelbaum & Reiman 2002).
 *   - A contact that finds j waiting is answered after its "offered wait" V, the time for
 *     the j ahead to leave (rate N + mγ with m still ahead) plus one more service
 *     completion. Solving the forward equations with the ansatz w_m·e^{−γms}·ψ(s) gives the
 *     density of V over all arrivals: P(V > s) = π_N·N·∫_s^∞ e^{g(v)} dv for s ≥ 0, π_N = P_wait ÷ J.
 *   - The contact is answered iff its own patience outlasts V, so
 *     P(answered within t) = (1 − P_wait) + π_N·N·∫_0^t e^{g(v) − γv} dv,
 *     P(abandon)           = π_N·N·∫_0^∞ (1 − e^{−γv})·e^{g(v)} dv,
 *     E[wait; answered]    = π_N·N·∫_0^∞ v·e^{g(v) − γv} dv.
 *   Every integrand is log-concave, so each integral is computed in log space around its
 *   peak (found by bisection on the derivative) with adaptive Gauss–Kronrod (7/15) over
 *   the range where it is within e^{−40} of the peak: no overflow at 2 000 Erlangs, no
 *   truncated state space, exact up to the quadrature tolerance (~1e−10 relative or better).
 *
 * Service level under abandonment (the contact-center convention this project's dashboard
 * uses, DESIGN §4 and protocol/src/dashboard.ts): answered within target ÷ ALL offered
 * contacts, so an abandoned contact counts against the level even when it gave up before
 * the target time. The figures also expose `abandonedWithinTarget`, so the other common
 * convention (short abandons excluded: answeredWithinTarget ÷ (1 − abandonedWithinTarget))
 * can be derived. ASA is the mean wait of the ANSWERED contacts (the ACD's "total answer
 * delay ÷ answered"); `meanWaitSeconds` is the mean wait of all contacts, abandoners' time
 * in queue included (= P(abandon)·θ by Little's law). With infinite patience both equal
 * Erlang C's ASA.
 */

export interface ErlangCFigures {
  trafficErlangs: number;
  /** The agents these figures are for. */
  agents: number;
  /** Probability an arriving contact waits at all (no agent free). */
  probWait: number;
  /** Answered within the target time ÷ all contacts offered. */
  serviceLevel: number;
  /** Mean wait of answered contacts, seconds; null when the queue is unstable (agents ≤ traffic). */
  asaSeconds: number | null;
  /** Share of the agents' time spent handling contacts. */
  occupancy: number;
}

export interface ErlangAFigures extends ErlangCFigures {
  /** Probability an offered contact gives up before it is answered. */
  abandonRate: number;
  /** P(answered within the target time), the same as `serviceLevel`. */
  answeredWithinTarget: number;
  /** P(gave up before the target time and before an answer). */
  abandonedWithinTarget: number;
  /** Mean time in queue of all contacts, abandoners included; null when it is infinite. */
  meanWaitSeconds: number | null;
}

export interface QueueLoad {
  /** Contacts offered in the interval (may be fractional: a forecast). */
  arrivals: number;
  intervalSeconds: number;
  /** Average handle time, seconds. */
  ahtSeconds: number;
}

export interface ServiceTarget {
  /** The service level's time: answered within this many seconds. */
  targetSeconds: number;
  /** The share that must be answered within `targetSeconds`, 0 < x < 1. */
  targetServiceLevel: number;
}

/** Mean patience θ in seconds; `Infinity` means nobody gives up (Erlang C). */
export interface Patience { patienceSeconds: number }

/** Above this many agents the searches stop: no interval of a service center needs more. */
export const MAX_AGENTS = 1_000_000;

/** Traffic in Erlangs: arrivals × AHT ÷ interval. */
export function trafficErlangs({ arrivals, intervalSeconds, ahtSeconds }: QueueLoad): number {
  return (arrivals * ahtSeconds) / intervalSeconds;
}

/** Erlang B (blocking probability of N servers offered A Erlangs), by the stable recursion. */
export function erlangB(traffic: number, agents: number): number {
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (traffic * b) / (n + traffic * b);
  return b;
}

/** Erlang C: the probability of waiting with N agents and A Erlangs; 1 when N ≤ A (unstable). */
export function erlangC(traffic: number, agents: number): number {
  if (traffic <= 0) return 0;
  if (agents <= traffic) return 1;
  return cFromB(traffic, agents, erlangB(traffic, agents));
}

function cFromB(a: number, n: number, b: number): number {
  return (n * b) / (n - a * (1 - b));
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

function idle(agents: number): ErlangAFigures {
  return {
    trafficErlangs: 0, agents, probWait: 0, serviceLevel: 1, asaSeconds: 0, occupancy: 0,
    abandonRate: 0, answeredWithinTarget: 1, abandonedWithinTarget: 0, meanWaitSeconds: 0,
  };
}

function cFigures(a: number, n: number, pWait: number, ahtSeconds: number, targetSeconds: number): ErlangCFigures {
  if (a <= 0) return { trafficErlangs: 0, agents: n, probWait: 0, serviceLevel: 1, asaSeconds: 0, occupancy: 0 };
  if (n <= a) return { trafficErlangs: a, agents: n, probWait: 1, serviceLevel: 0, asaSeconds: null, occupancy: 1 };
  return {
    trafficErlangs: a,
    agents: n,
    probWait: pWait,
    serviceLevel: clamp01(1 - pWait * Math.exp((-(n - a) * targetSeconds) / ahtSeconds)),
    asaSeconds: (pWait * ahtSeconds) / (n - a),
    occupancy: a / n,
  };
}

/** What `agents` achieve under Erlang C. */
export function erlangCFigures(load: QueueLoad & Pick<ServiceTarget, 'targetSeconds'> & { agents: number }): ErlangCFigures {
  const a = trafficErlangs(load);
  return cFigures(a, load.agents, erlangC(a, load.agents), load.ahtSeconds, load.targetSeconds);
}

/**
 * The smallest number of agents N > A whose Erlang C service level meets the target; 0 when
 * nothing arrives. Walks N upwards carrying the Erlang B recursion, so the whole search is O(N).
 */
export function requiredAgentsC(load: QueueLoad & ServiceTarget): number {
  const a = trafficErlangs(load);
  if (a <= 0) return 0;
  let b = 1;
  for (let n = 1; n <= MAX_AGENTS; n++) {
    b = (a * b) / (n + a * b);
    if (n <= a) continue;
    const sl = 1 - cFromB(a, n, b) * Math.exp((-(n - a) * load.targetSeconds) / load.ahtSeconds);
    if (sl >= load.targetServiceLevel) return n;
  }
  throw new RangeError(`no staffing up to ${MAX_AGENTS} agents meets the target`);
}

/** Agents to schedule so that `required` are on the queue after shrinkage (breaks, training, absence). */
export function scheduledAgents(required: number, shrinkage: number): number {
  if (!(shrinkage >= 0 && shrinkage < 1)) throw new RangeError('shrinkage must be in [0, 1)');
  // 14 ÷ 0.7 is 20.000000000000004 in floating point: an exact quotient must not round up.
  const exact = required / (1 - shrinkage);
  const nearest = Math.round(exact);
  return Math.abs(exact - nearest) <= 1e-9 * Math.max(1, exact) ? nearest : Math.ceil(exact);
}

// ---------------------------------------------------------------------------------------
// Erlang A

/** Gauss–Kronrod 15-point nodes and weights (QUADPACK qk15); the 7-point Gauss rule uses the odd nodes. */
const XGK = [0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0];
const WGK = [0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714];
const WG = [0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975,
  0.417959183673469387755102040816327];

/** Everything below e^{−DROP} of the peak is left out: relative error < 1e−17 for these integrands. */
const DROP = 40;

function kronrod(f: (x: number) => number, lo: number, hi: number): { value: number; error: number } {
  const c = (lo + hi) / 2;
  const r = (hi - lo) / 2;
  const fc = f(c);
  let k = fc * WGK[7]!;
  let g = fc * WG[3]!;
  for (let i = 0; i < 7; i++) {
    const dx = r * XGK[i]!;
    const s = f(c - dx) + f(c + dx);
    k += WGK[i]! * s;
    if (i % 2 === 1) g += WG[(i - 1) / 2]! * s;
  }
  return { value: k * r, error: Math.abs((k - g) * r) };
}

/** ∫ f over [lo, hi] by adaptive bisection of Gauss–Kronrod panels. */
function adaptive(f: (x: number) => number, lo: number, hi: number): number {
  const panels = 8;
  const width = (hi - lo) / panels;
  const stack: { lo: number; hi: number; value: number; error: number }[] = [];
  let total = 0;
  for (let i = 0; i < panels; i++) {
    const a = lo + i * width;
    const b = i === panels - 1 ? hi : a + width;
    const p = kronrod(f, a, b);
    total += p.value;
    stack.push({ lo: a, hi: b, ...p });
  }
  let result = 0;
  let budget = 2000;
  while (stack.length) {
    const p = stack.pop()!;
    const tol = 1e-11 * Math.abs(total) * ((p.hi - p.lo) / (hi - lo)) + 1e-300;
    if (p.error <= tol || budget-- <= 0 || p.hi - p.lo <= 1e-15 * Math.max(1, Math.abs(p.lo))) {
      result += p.value;
      continue;
    }
    const mid = (p.lo + p.hi) / 2;
    stack.push({ lo: p.lo, hi: mid, ...kronrod(f, p.lo, mid) }, { lo: mid, hi: p.hi, ...kronrod(f, mid, p.hi) });
  }
  return result;
}

/** Bisection for the point in [lo, hi] where a decreasing `f` crosses zero. */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (f(mid) > 0) lo = mid; else hi = mid;
    if (hi - lo <= 1e-14 * Math.max(1e-300, Math.abs(hi))) break;
  }
  return (lo + hi) / 2;
}

/**
 * log ∫_a^b e^{h(v)} dv for a concave h with derivative dh (b may be Infinity; the integral
 * must be finite). −Infinity for an empty range.
 */
export function logIntegralConcave(h: (v: number) => number, dh: (v: number) => number, a: number, b: number): number {
  if (!(b > a)) return -Infinity;
  // The peak: h rises while dh > 0.
  let peak: number;
  if (!(dh(a) > 0)) peak = a;
  else if (Number.isFinite(b) && dh(b) >= 0) peak = b;
  else {
    let hi = Number.isFinite(b) ? b : a + 1;
    while (!Number.isFinite(b) && dh(hi) > 0) hi = a + 2 * (hi - a);
    peak = bisect(dh, a, hi);
  }
  const top = h(peak);
  const floor = top - DROP;
  const below = (v: number) => h(v) - floor; // decreasing away from the peak on each side
  let lo = a;
  if (peak > a && !(h(a) >= floor)) lo = bisect((v) => -below(v), a, peak);
  let hi: number;
  if (Number.isFinite(b) && h(b) >= floor) hi = b;
  else {
    let step = Math.max(1e-12, 1e-6 * Math.max(1, Math.abs(peak), peak - lo));
    let far = peak + step;
    while (below(far) > 0 && (!Number.isFinite(b) || far < b)) { step *= 2; far = peak + step; }
    if (Number.isFinite(b) && far > b) far = b;
    hi = bisect(below, peak, far);
  }
  if (!(hi > lo)) return top + Math.log(Math.max(hi - lo, 0)); // a single point: no mass
  return top + Math.log(adaptive((v) => Math.exp(h(v) - top), lo, hi));
}

/**
 * What `agents` achieve under Erlang A (mean patience `patienceSeconds`, Infinity = Erlang C).
 * See the module comment for the method and the service-level convention.
 */
export function erlangAFigures(
  load: QueueLoad & Pick<ServiceTarget, 'targetSeconds'> & Patience & { agents: number },
): ErlangAFigures {
  const { agents: n, ahtSeconds, targetSeconds, patienceSeconds } = load;
  const a = trafficErlangs(load);
  if (a <= 0) return idle(n);
  if (!Number.isFinite(patienceSeconds)) {
    // Nobody gives up: Erlang C (an unstable queue keeps everyone waiting ever longer).
    const c = erlangCFigures(load);
    return { ...c, abandonRate: 0, answeredWithinTarget: c.serviceLevel, abandonedWithinTarget: 0, meanWaitSeconds: c.asaSeconds };
  }
  if (n <= 0) {
    // Nobody to answer: everyone waits until they give up.
    return {
      trafficErlangs: a, agents: 0, probWait: 1, serviceLevel: 0, asaSeconds: null, occupancy: 1,
      abandonRate: 1, answeredWithinTarget: 0, abandonedWithinTarget: clamp01(-Math.expm1(-targetSeconds / patienceSeconds)),
      meanWaitSeconds: patienceSeconds,
    };
  }
  const gamma = ahtSeconds / patienceSeconds; // abandonment rate per AHT
  const t = targetSeconds / ahtSeconds;
  // g(v) = A(1 − e^{−γv})/γ − N v and its derivative, in AHT time units.
  const g = (v: number) => (-a * Math.expm1(-gamma * v)) / gamma - n * v;
  const dg = (v: number) => a * Math.exp(-gamma * v) - n;
  const lnN = Math.log(n);
  const lnAbandonBy = (v: number) => Math.log(-Math.expm1(-gamma * v)); // ln(1 − e^{−γv})
  const dLnAbandonBy = (v: number) => gamma / Math.expm1(gamma * v);

  const logJ = lnN + logIntegralConcave(g, dg, 0, Infinity);
  const b = erlangB(a, n);
  // P_wait = BJ ÷ (1 − B + BJ), in logs so that J may be e^{1000}.
  const pWait = b > 0 ? 1 / (1 + Math.exp(Math.log1p(-b) - Math.log(b) - logJ)) : 0;
  if (pWait <= 0) return { ...idle(n), trafficErlangs: a, occupancy: Math.min(1, a / n) };
  // π_N·N, the density factor of the offered wait, in logs.
  const logScale = Math.log(pWait) - logJ + lnN;
  const part = (lnh: (v: number) => number, dlnh: (v: number) => number, lo: number, hi: number) =>
    Math.exp(logScale + logIntegralConcave(lnh, dlnh, lo, hi));

  // Answered: the offered wait V ended before the contact's patience did (weight e^{−γV}).
  const served = (v: number) => g(v) - gamma * v;
  const dServed = (v: number) => dg(v) - gamma;
  const answeredWithin = clamp01(1 - pWait + part(served, dServed, 0, t));
  const abandonRate = clamp01(part((v) => lnAbandonBy(v) + g(v), (v) => dLnAbandonBy(v) + dg(v), 0, Infinity));
  // Gave up before t: those with V < t who gave up before V, plus those with V ≥ t who gave up before t.
  const abandonedWithin = t > 0
    ? clamp01(part((v) => lnAbandonBy(v) + g(v), (v) => dLnAbandonBy(v) + dg(v), 0, t)
      + -Math.expm1(-gamma * t) * part(g, dg, t, Infinity))
    : 0;
  const answered = 1 - abandonRate;
  const waitAnswered = part((v) => Math.log(v) + served(v), (v) => 1 / v + dServed(v), 0, Infinity);
  return {
    trafficErlangs: a,
    agents: n,
    probWait: clamp01(pWait),
    serviceLevel: answeredWithin,
    asaSeconds: answered > 0 ? (waitAnswered / answered) * ahtSeconds : null,
    occupancy: clamp01((a * answered) / n),
    abandonRate,
    answeredWithinTarget: answeredWithin,
    abandonedWithinTarget: abandonedWithin,
    meanWaitSeconds: abandonRate * patienceSeconds,
  };
}

/**
 * The smallest number of agents whose Erlang A service level meets the target (0 when nothing
 * arrives). The service level rises with agents (a property the tests check), so a doubling
 * search then bisection finds it in O(log N) evaluations. With infinite patience this is
 * `requiredAgentsC`.
 */
export function requiredAgentsA(load: QueueLoad & ServiceTarget & Patience): number {
  if (!Number.isFinite(load.patienceSeconds)) return requiredAgentsC(load);
  const a = trafficErlangs(load);
  if (a <= 0) return 0;
  const meets = (agents: number) => erlangAFigures({ ...load, agents }).serviceLevel >= load.targetServiceLevel;
  let lo = 0; // fails (0 agents answer nobody)
  let hi = Math.max(1, Math.ceil(a));
  while (!meets(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > MAX_AGENTS) throw new RangeError(`no staffing up to ${MAX_AGENTS} agents meets the target`);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (meets(mid)) hi = mid; else lo = mid;
  }
  return hi;
}
