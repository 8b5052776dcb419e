import { describe, expect, it } from 'vitest';
import { fitUsl, projectHorizontal, projectServers, projectVertical, TooFewPointsError, uslThroughput } from './usl';

function gaussian(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const u = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()); // Box–Muller
}

describe('Universal Scalability Law fit', () => {
  it('recovers σ and κ from noisy synthetic throughput (2 % noise, N = 1…12, 3 repeats)', () => {
    const truth = { lambda: 40, sigma: 0.06, kappa: 0.004 };
    const noise = gaussian(42);
    const points = [];
    for (let n = 1; n <= 12; n++) {
      for (let r = 0; r < 3; r++) points.push({ n, throughput: uslThroughput(n, truth.lambda, truth.sigma, truth.kappa) * (1 + 0.02 * noise()) });
    }
    const fit = fitUsl(points);
    expect(fit.model).toBe('usl');
    expect(fit.lambda).toBeGreaterThan(38);
    expect(fit.lambda).toBeLessThan(42);
    expect(Math.abs(fit.sigma - truth.sigma)).toBeLessThan(0.02);
    expect(Math.abs(fit.kappa - truth.kappa)).toBeLessThan(0.0015);
    const truePeak = Math.sqrt((1 - truth.sigma) / truth.kappa); // ≈ 15.3
    expect(Math.abs(fit.peakN - truePeak) / truePeak).toBeLessThan(0.2);
    expect(fit.r2).toBeGreaterThan(0.97);
  });

  it('exact data gives an exact fit', () => {
    const points = [1, 2, 3, 4, 5, 6].map((n) => ({ n, throughput: uslThroughput(n, 10, 0.1, 0.02) }));
    const fit = fitUsl(points);
    expect(fit.sigma).toBeCloseTo(0.1, 4);
    expect(fit.kappa).toBeCloseTo(0.02, 4);
    expect(fit.r2).toBeCloseTo(1, 8);
  });

  it('keeps σ and κ ≥ 0 even when throughput grows super-linearly', () => {
    const fit = fitUsl([1, 2, 3, 4].map((n) => ({ n, throughput: 10 * n ** 1.1 })));
    expect(fit.sigma).toBeGreaterThanOrEqual(0);
    expect(fit.kappa).toBeGreaterThanOrEqual(0);
  });

  it('two sizes fit Amdahl (κ = 0); one size is refused', () => {
    const fit = fitUsl([
      { n: 1, throughput: 10 },
      { n: 2, throughput: 15 },
    ]);
    expect(fit.model).toBe('amdahl');
    expect(fit.kappa).toBe(0);
    expect(fit.sigma).toBeCloseTo(1 / 3, 5); // 2/(1+σ) = 1.5
    expect(() => fitUsl([{ n: 1, throughput: 10 }])).toThrow(TooFewPointsError);
  });

  it('projects horizontal and vertical growth', () => {
    const fit = fitUsl([1, 2, 3, 4, 5].map((n) => ({ n, throughput: uslThroughput(n, 10, 0.2, 0.05) })));
    const rows = projectHorizontal(fit, 8);
    expect(rows).toHaveLength(8);
    // Past the peak (√(0.8/0.05) = 4) adding members lowers throughput.
    expect(rows[7].marginal).toBeLessThan(0);
    const vertical = projectVertical(fit, [1, 2]);
    expect(vertical[1].bestThroughput / vertical[0].bestThroughput).toBeCloseTo(2, 6);
    expect(vertical[1].bestN).toBe(vertical[0].bestN);
    const servers = projectServers(fit, 4);
    expect(servers[0].optimistic).toBeCloseTo(servers[0].pessimistic, 9); // one server: no range
    expect(servers[0].membersPerServer).toBe(4); // √(0.8/0.05) = 4
    expect(servers[3].optimistic).toBeCloseTo(4 * servers[0].optimistic, 9);
    expect(servers[3].pessimistic).toBeLessThan(servers[3].optimistic);
  });
});
