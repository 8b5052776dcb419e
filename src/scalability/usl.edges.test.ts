/** USL fit edges (issue 15): input filtering, the peak's three cases, the fit's own figures. */
import { describe, expect, it } from 'vitest';
import { fitUsl, projectHorizontal, projectServers, projectVertical, TooFewPointsError, uslCapacity, uslThroughput, type UslFit } from './usl';

/** SSE of a fit on its points, recomputed from its parameters. */
function sseOf(fit: UslFit): number {
  return fit.points.reduce((s, p) => s + (p.throughput - uslThroughput(p.n, fit.lambda, fit.sigma, fit.kappa)) ** 2, 0);
}

describe('fitUsl input', () => {
  it('drops sizes below 1 and non-finite or negative throughput; keeps N = 1 and throughput 0', () => {
    const fit = fitUsl([
      { n: 0, throughput: 5 },
      { n: 1, throughput: 10 },
      { n: 2, throughput: Number.NaN },
      { n: 2, throughput: -1 },
      { n: 2, throughput: Infinity },
      { n: 2, throughput: 18 },
      { n: 3, throughput: 0 },
    ]);
    expect(fit.points.map((p) => p.n)).toEqual([1, 2, 3]);
    expect(fit.model).toBe('usl');
  });

  it('counts distinct sizes: repeats of one size are one size, two sizes are Amdahl', () => {
    expect(() => fitUsl([{ n: 1, throughput: 10 }, { n: 1, throughput: 11 }])).toThrow(TooFewPointsError);
    try {
      fitUsl([{ n: 2, throughput: 10 }, { n: 0, throughput: 11 }]);
    } catch (e) {
      expect((e as TooFewPointsError).got).toBe(1);
    }
    expect(fitUsl([{ n: 1, throughput: 10 }, { n: 1, throughput: 12 }, { n: 2, throughput: 16 }]).model).toBe('amdahl');
  });
});

describe('fitUsl peak', () => {
  it('κ > 0: peak at √((1 − σ)/κ) with the throughput there', () => {
    const fit = fitUsl([1, 2, 3, 4, 5, 6].map((n) => ({ n, throughput: uslThroughput(n, 10, 0.1, 0.02) })));
    expect(fit.peakN).toBeCloseTo(Math.sqrt(0.9 / 0.02), 2);
    expect(fit.peakThroughput).toBeCloseTo(uslThroughput(fit.peakN, 10, 0.1, 0.02), 3);
  });

  it('κ = 0, 0 < σ < 1: no peak, throughput tends to λ/σ', () => {
    const fit = fitUsl([1, 3].map((n) => ({ n, throughput: uslThroughput(n, 10, 0.25, 0) })));
    expect(fit.kappa).toBe(0);
    expect(fit.sigma).toBeCloseTo(0.25, 5);
    expect(fit.peakN).toBe(Infinity);
    expect(fit.peakThroughput).toBeCloseTo(40, 3);
  });

  it('perfectly linear: σ = κ = 0, no peak and no ceiling', () => {
    const fit = fitUsl([1, 2, 3].map((n) => ({ n, throughput: 10 * n })));
    expect(fit.sigma).toBe(0);
    expect(fit.kappa).toBe(0);
    expect(fit.peakN).toBe(Infinity);
    expect(fit.peakThroughput).toBe(Infinity);
    expect(fit.lambda).toBeCloseTo(10, 9);
    expect(fit.r2).toBeCloseTo(1, 9);
  });

  it('κ = 0, σ ≥ 1 (a second member halves the total): the best size is 1', () => {
    const fit = fitUsl([{ n: 1, throughput: 10 }, { n: 2, throughput: 5 }]);
    expect(fit.kappa).toBe(0);
    expect(fit.sigma).toBeGreaterThanOrEqual(1);
    expect(fit.peakN).toBe(1);
    expect(fit.peakThroughput).toBeCloseTo(fit.lambda, 9);
  });
});

describe('fitUsl figures', () => {
  it('rmse and R² agree with the residuals of the fitted curve', () => {
    const xs = [10, 17, 22, 24, 23, 21];
    const fit = fitUsl(xs.map((throughput, i) => ({ n: i + 1, throughput })));
    const err = sseOf(fit);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sst = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
    expect(err).toBeGreaterThan(0);
    expect(fit.rmse).toBeCloseTo(Math.sqrt(err / xs.length), 9);
    expect(fit.r2).toBeCloseTo(1 - err / sst, 9);
    expect(fit.r2).toBeGreaterThan(0.9);
    expect(fit.r2).toBeLessThan(1);
  });

  it('the refinement beats the coarse grid: a σ between grid steps is found to 4 places', () => {
    // The grid steps σ by 0.02; 0.0333 and κ = 0.0077 lie between its points.
    const fit = fitUsl([1, 2, 3, 4, 5].map((n) => ({ n, throughput: uslThroughput(n, 7, 0.0333, 0.0077) })));
    expect(fit.sigma).toBeCloseTo(0.0333, 4);
    expect(fit.kappa).toBeCloseTo(0.0077, 4);
    expect(fit.lambda).toBeCloseTo(7, 4);
    expect(fit.rmse).toBeLessThan(1e-4);
  });

  it('Amdahl refinement finds σ off the grid too', () => {
    const fit = fitUsl([{ n: 1, throughput: 10 }, { n: 3, throughput: uslThroughput(3, 10, 0.137, 0) }]);
    expect(fit.model).toBe('amdahl');
    expect(fit.sigma).toBeCloseTo(0.137, 5);
    expect(fit.lambda).toBeCloseTo(10, 5);
  });

  it('all-zero throughput: λ = 0, and the projections do not divide by it', () => {
    const fit = fitUsl([{ n: 1, throughput: 0 }, { n: 2, throughput: 0 }]);
    expect(fit.lambda).toBe(0);
    expect(fit.r2).toBe(1);
    const rows = projectHorizontal(fit, 2);
    expect(rows.map((r) => r.efficiency)).toEqual([0, 0]);
  });
});

describe('projections', () => {
  // Fitted inside each test, not while the file is collected: Stryker counts code run at collection
  // as "static" and reruns every test for each of its mutants.
  const peakedFit = () => fitUsl([1, 2, 3, 4, 5].map((n) => ({ n, throughput: uslThroughput(n, 10, 0.2, 0.05) })));

  it('horizontal: marginal is X(N) − X(N−1) from X(0) = 0, efficiency X(N)/(Nλ)', () => {
    const fit = peakedFit();
    const rows = projectHorizontal(fit, 3);
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3]);
    const x = [1, 2, 3].map((n) => uslThroughput(n, fit.lambda, fit.sigma, fit.kappa));
    expect(rows[0].marginal).toBeCloseTo(x[0], 9);
    expect(rows[2].marginal).toBeCloseTo(x[2] - x[1], 9);
    expect(rows[2].efficiency).toBeCloseTo(uslCapacity(3, fit.sigma, fit.kappa) / 3, 9);
    expect(projectHorizontal(fit, 0)).toEqual([]);
  });

  it('vertical: the best size within maxN (6 by default), never more', () => {
    const fit = peakedFit();
    const linear = fitUsl([1, 2, 3].map((n) => ({ n, throughput: 10 * n })));
    expect(projectVertical(linear, [1])[0].bestN).toBe(6);
    expect(projectVertical(linear, [1], 3)[0]).toMatchObject({ bestN: 3, lambda: linear.lambda });
    expect(projectVertical(linear, [1], 3)[0].bestThroughput).toBeCloseTo(30, 6);
    const peaked = projectVertical(fit, [0.5]);
    expect(peaked[0].bestN).toBe(4);
    expect(peaked[0].lambda).toBeCloseTo(fit.lambda / 2, 9);
  });

  it('servers: members per server capped by maxMembers; the pessimistic range applies σ, κ between servers', () => {
    const fit = peakedFit();
    const rows = projectServers(fit, 3, 2);
    expect(rows.map((r) => r.servers)).toEqual([1, 2, 3]);
    expect(rows[0].membersPerServer).toBe(2);
    const perServer = uslThroughput(2, fit.lambda, fit.sigma, fit.kappa);
    expect(rows[2].optimistic).toBeCloseTo(3 * perServer, 9);
    expect(rows[2].pessimistic).toBeCloseTo(uslThroughput(3, perServer, fit.sigma, fit.kappa), 9);
  });
});
