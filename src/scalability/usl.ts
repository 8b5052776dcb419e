/**
 * Scalability Analysis (seed: Scalability Analysis Framework) with Gunther's Universal Scalability Law:
 *   C(N) = N / (1 + σ(N − 1) + κN(N − 1)),   X(N) = λ·C(N)
 * σ = contention (serialised share), κ = coherency (crosstalk) cost, λ = throughput of one member.
 * Fitted by nonlinear least squares: a (σ, κ) grid with λ solved in closed form, then
 * Levenberg–Marquardt on (λ, σ, κ) with σ, κ projected onto ≥ 0.
 */

import { solveLinear } from '../capacity/least-squares';

export interface ThroughputPoint {
  /** Council size (members running at once). */
  n: number;
  /** Measured combined throughput at that size (e.g. tokens/s). */
  throughput: number;
}

export interface UslFit {
  lambda: number;
  sigma: number;
  kappa: number;
  /** Size with the highest throughput, √((1 − σ)/κ); Infinity when κ = 0 and σ < 1. */
  peakN: number;
  peakThroughput: number;
  /** Coefficient of determination of the fit on the measured points. */
  r2: number;
  /** Root-mean-square residual, in throughput units. */
  rmse: number;
  points: ThroughputPoint[];
  /** 'usl' with ≥ 3 sizes; with 2 sizes κ is fixed at 0 (Amdahl's law). */
  model: 'usl' | 'amdahl';
}

export class TooFewPointsError extends Error {
  override name = 'TooFewPointsError';
  constructor(readonly got: number) {
    super(`A scalability fit needs throughput at ≥ 2 different council sizes (got ${got}). Measure at N = 1, 2, 3 … first.`);
  }
}

export const uslCapacity = (n: number, sigma: number, kappa: number): number => n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
export const uslThroughput = (n: number, lambda: number, sigma: number, kappa: number): number => lambda * uslCapacity(n, sigma, kappa);

function sse(points: readonly ThroughputPoint[], lambda: number, sigma: number, kappa: number): number {
  let s = 0;
  for (const p of points) s += (p.throughput - uslThroughput(p.n, lambda, sigma, kappa)) ** 2;
  return s;
}

/** Best λ for fixed σ, κ: X is linear in λ, so λ = ΣXC / ΣC². */
function bestLambda(points: readonly ThroughputPoint[], sigma: number, kappa: number): number {
  let num = 0;
  let den = 0;
  for (const p of points) {
    const c = uslCapacity(p.n, sigma, kappa);
    num += p.throughput * c;
    den += c * c;
  }
  return den > 0 ? num / den : 0;
}

export function fitUsl(input: readonly ThroughputPoint[]): UslFit {
  const points = input.filter((p) => p.n >= 1 && Number.isFinite(p.throughput) && p.throughput >= 0);
  const sizes = new Set(points.map((p) => p.n));
  if (sizes.size < 2) throw new TooFewPointsError(sizes.size);
  const model: UslFit['model'] = sizes.size >= 3 ? 'usl' : 'amdahl';

  // 1. Coarse grid over σ ∈ [0, 1], κ ∈ {0} ∪ [1e-5, 1] (log-spaced).
  const kappas = model === 'usl' ? [0, ...Array.from({ length: 41 }, (_, i) => 10 ** (-5 + (5 * i) / 40))] : [0];
  let best = { lambda: 0, sigma: 0, kappa: 0, sse: Infinity };
  for (let i = 0; i <= 50; i++) {
    const sigma = i / 50;
    for (const kappa of kappas) {
      const lambda = bestLambda(points, sigma, kappa);
      const e = sse(points, lambda, sigma, kappa);
      if (e < best.sse) best = { lambda, sigma, kappa, sse: e };
    }
  }

  // 2. Levenberg–Marquardt refinement; parameters θ = (λ, σ[, κ]).
  let theta = model === 'usl' ? [best.lambda, best.sigma, best.kappa] : [best.lambda, best.sigma];
  let err = best.sse;
  let damping = 1e-3;
  const value = (t: number[], n: number) => uslThroughput(n, t[0], t[1], t[2] ?? 0);
  for (let iter = 0; iter < 200; iter++) {
    const k = theta.length;
    const jtj = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    const jtr = new Array<number>(k).fill(0);
    for (const p of points) {
      const [lambda, sigma] = theta;
      const kappa = theta[2] ?? 0;
      const d = 1 + sigma * (p.n - 1) + kappa * p.n * (p.n - 1);
      // Analytic partial derivatives of X = λN/d.
      const grad = [p.n / d, (-lambda * p.n * (p.n - 1)) / (d * d), (-lambda * p.n * p.n * (p.n - 1)) / (d * d)].slice(0, k);
      const r = p.throughput - value(theta, p.n);
      for (let a = 0; a < k; a++) {
        jtr[a] += grad[a] * r;
        for (let b = 0; b < k; b++) jtj[a][b] += grad[a] * grad[b];
      }
    }
    let improved = false;
    for (let attempt = 0; attempt < 20; attempt++) {
      const aug = jtj.map((row, a) => row.map((v, b) => (a === b ? v * (1 + damping) + 1e-12 : v)));
      const step = solveLinear(aug, jtr);
      if (!step) break;
      const next = theta.map((v, a) => v + step[a]);
      next[1] = Math.max(0, next[1]);
      if (next.length > 2) next[2] = Math.max(0, next[2]);
      next[0] = Math.max(0, next[0]);
      const e = sse(points, next[0], next[1], next[2] ?? 0);
      if (e < err) {
        const gain = err - e;
        theta = next;
        err = e;
        damping = Math.max(damping / 10, 1e-12);
        improved = gain > 1e-14 * (1 + err);
        break;
      }
      damping *= 10;
    }
    if (!improved) break;
  }

  const [lambda, sigma] = theta;
  const kappa = theta[2] ?? 0;
  const meanX = points.reduce((s, p) => s + p.throughput, 0) / points.length;
  const sst = points.reduce((s, p) => s + (p.throughput - meanX) ** 2, 0);
  const peakN = kappa > 0 ? Math.sqrt(Math.max(0, 1 - sigma) / kappa) : sigma < 1 ? Infinity : 1;
  return {
    lambda,
    sigma,
    kappa,
    peakN,
    peakThroughput: Number.isFinite(peakN) ? uslThroughput(peakN, lambda, sigma, kappa) : sigma > 0 ? lambda / sigma : Infinity,
    r2: sst > 0 ? 1 - err / sst : err === 0 ? 1 : 0,
    rmse: Math.sqrt(err / points.length),
    points: [...points],
    model,
  };
}

export interface GrowthRow {
  n: number;
  throughput: number;
  /** Extra throughput from adding this member (X(N) − X(N−1)). */
  marginal: number;
  /** X(N) / (N·λ): 1 = perfectly linear. */
  efficiency: number;
}

/** Horizontal growth: more members (or remote servers treated as members), N = 1 … maxN. */
export function projectHorizontal(fit: UslFit, maxN: number): GrowthRow[] {
  const rows: GrowthRow[] = [];
  let prev = 0;
  for (let n = 1; n <= maxN; n++) {
    const x = uslThroughput(n, fit.lambda, fit.sigma, fit.kappa);
    rows.push({ n, throughput: x, marginal: x - prev, efficiency: fit.lambda > 0 ? x / (n * fit.lambda) : 0 });
    prev = x;
  }
  return rows;
}

export interface VerticalRow {
  /** Per-member speed-up (a faster GPU: λ × speedup). */
  speedup: number;
  lambda: number;
  /** Throughput at the best whole council size. */
  bestN: number;
  bestThroughput: number;
}

/**
 * Vertical growth: faster members scale λ; σ and κ describe the council's coordination and stay,
 * so the peak size does not move but every throughput scales with λ.
 */
export function projectVertical(fit: UslFit, speedups: readonly number[], maxN = 6): VerticalRow[] {
  return speedups.map((s) => {
    const lambda = fit.lambda * s;
    let bestN = 1;
    let bestX = 0;
    for (let n = 1; n <= maxN; n++) {
      const x = uslThroughput(n, lambda, fit.sigma, fit.kappa);
      if (x > bestX) {
        bestX = x;
        bestN = n;
      }
    }
    return { speedup: s, lambda, bestN, bestThroughput: bestX };
  });
}

export interface ServerRow {
  servers: number;
  /** Members per server (the best local council size, ≤ maxMembers). */
  membersPerServer: number;
  /** No cross-server coordination cost: servers add up linearly (upper bound). */
  optimistic: number;
  /** The local σ and κ applied again between servers (each server counted as one member of speed X(n*)). */
  pessimistic: number;
}

/**
 * Horizontal growth across remote servers like this machine. The fit only measured contention
 * inside one machine, so the projection is a range: linear (servers share nothing) down to the
 * local USL applied between servers (coordination as costly as inside one machine).
 */
export function projectServers(fit: UslFit, maxServers: number, maxMembers = 6): ServerRow[] {
  const [best] = projectVertical(fit, [1], maxMembers);
  const rows: ServerRow[] = [];
  for (let s = 1; s <= maxServers; s++) {
    rows.push({
      servers: s,
      membersPerServer: best.bestN,
      optimistic: s * best.bestThroughput,
      pessimistic: uslThroughput(s, best.bestThroughput, fit.sigma, fit.kappa),
    });
  }
  return rows;
}
