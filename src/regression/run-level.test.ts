import { describe, expect, it } from 'vitest';
import { compareRunMedians } from './run-level';
import { detectRegression, type MetricSeries } from './detector';
import { seeded, syntheticRun } from './synthetic-runs.test-util';

const throughput: MetricSeries = { metric: 'council decode', unit: 'tokens/s', direction: 'higher-is-better' };
// A shared machine: runs differ by ~6 % while samples inside a run differ by ~2 %.
const noise = { samples: 5, runSd: 0.06, sampleSd: 0.02 };
const METRICS = 400;

/** Share of synthetic metrics whose verdict is a regression. */
function flaggedShare(judge: (baseRuns: number[][], current: number[]) => string, currentLevel: number, seed: number): number {
  const rand = seeded(seed);
  let flagged = 0;
  for (let i = 0; i < METRICS; i++) {
    const baseRuns = Array.from({ length: 6 }, () => syntheticRun(rand, { level: 100, ...noise }));
    const current = syntheticRun(rand, { level: currentLevel, ...noise });
    if (judge(baseRuns, current) === 'regression') flagged++;
  }
  return flagged / METRICS;
}

const runLevel = (baseRuns: number[][], current: number[]) => compareRunMedians(throughput, baseRuns, [current]).status;
const sampleLevel = (baseRuns: number[][], current: number[]) => detectRegression(throughput, baseRuns.flat(), current).status;

describe('run-level comparison (A/A honesty)', () => {
  it('an A/A with run-to-run variance: the sample-level test cries wolf, the run-level one flags ≤ 5 %', () => {
    expect(flaggedShare(sampleLevel, 100, 1)).toBeGreaterThan(0.15);
    expect(flaggedShare(runLevel, 100, 1)).toBeLessThanOrEqual(0.05);
  });

  it('a real 30 % drop is still flagged almost every time', () => {
    expect(flaggedShare(runLevel, 70, 2)).toBeGreaterThanOrEqual(0.9);
  });

  it('direction matters: a 30 % rise of a throughput is an improvement, of a latency a regression', () => {
    const base = [[100], [102], [98], [101]];
    expect(compareRunMedians(throughput, base, [[130]]).status).toBe('improvement');
    const latency = compareRunMedians({ metric: 'first token', unit: 'ms', direction: 'lower-is-better' }, base, [[130]]);
    expect(latency.status).toBe('regression');
    expect(latency.severity).toBe('moderate');
  });

  it('each run counts once, by its median: one wild sample in a run does not move it', () => {
    const v = compareRunMedians(throughput, [[100, 100, 100], [101, 101, 101], [99, 99, 99]], [[100, 100, 1]]);
    expect(v.currentMean).toBe(100);
    expect(v.status).toBe('no-change');
  });

  it('too few runs to know their spread: insufficient data, never a verdict', () => {
    const v = compareRunMedians(throughput, [[100, 101, 99]], [[50, 51, 49]]);
    expect(v.status).toBe('insufficient-data');
    expect(v.explanation).toMatch(/degrees of freedom/);
    expect(compareRunMedians(throughput, [[100], [101]], [[50]]).status).toBe('insufficient-data');
    expect(compareRunMedians(throughput, [[100], [101], [99]], [[50]]).status).toBe('regression');
  });

  it('three runs whose medians agree by chance do not make ordinary sample noise a regression', () => {
    // Bench figures of one build (the ceiling ratio): run medians 0.67, 0.69, 0.65, then 0.53; samples spread ±0.2.
    const earlier = [[0.58, 0.73, 0.45, 0.7, 0.67], [0.69, 1.08, 0.61, 1.22, 0.63], [0.65, 0.52, 0.43, 1.16, 0.75]];
    const ratio: MetricSeries = { metric: 'ceiling', unit: 'ratio', direction: 'higher-is-better' };
    expect(compareRunMedians(ratio, earlier, [[0.67, 0.77, 0.53, 0.39, 0.53]]).status).toBe('no-change');
    expect(compareRunMedians(ratio, earlier, [[0.2, 0.25, 0.22, 0.18, 0.21]]).status).toBe('regression');
  });

  it('identical constant runs: no change; a constant shift: certain', () => {
    expect(compareRunMedians(throughput, [[5], [5], [5]], [[5]]).status).toBe('no-change');
    expect(compareRunMedians(throughput, [[5], [5], [5]], [[4]]).p).toBe(0);
  });
});
