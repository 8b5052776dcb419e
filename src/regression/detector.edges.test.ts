/**
 * The Regression Detector's lines on both sides (SPEC §3.6; mutation testing, issue 15): sample
 * minimums 10/5, p < 0.05, |d| > 0.2, every severity ladder edge per kind, direction handling.
 */
import { describe, expect, it } from 'vitest';
import { ALPHA, detectRegression, DIRECTION_OF, inferKind, MIN_BASELINE_SAMPLES, MIN_CURRENT_SAMPLES, MIN_EFFECT_SIZE, severityFor, SEVERITY_THRESHOLDS, type MetricKind } from './detector';

/** n samples alternating center ± 1 (mean exactly `center` for even n). */
const around = (center: number, n: number) => Array.from({ length: n }, (_, i) => center + (i % 2 ? 1 : -1));
const base = around(100, 10);
const cur = (center: number) => [center - 1, center + 1, center - 1, center + 1, center];

describe('severity ladders (% worse)', () => {
  const ladders: [MetricKind, number[]][] = [
    ['throughput', [5, 10, 20, 30]],
    ['latency', [10, 20, 35, 50]],
    ['memory', [15, 25, 40, 60]],
    ['fps', [5, 10, 20, 30]],
    ['error-rate', [10, 20, 35, 50]],
  ];
  it.each(ladders)('%s: %j', (kind, edges) => {
    expect(SEVERITY_THRESHOLDS[kind]).toEqual(edges);
    const [minor, moderate, major, critical] = edges;
    expect(severityFor(kind, minor - 0.01)).toBe(null);
    expect(severityFor(kind, minor)).toBe('minor');
    expect(severityFor(kind, moderate - 0.01)).toBe('minor');
    expect(severityFor(kind, moderate)).toBe('moderate');
    expect(severityFor(kind, major - 0.01)).toBe('moderate');
    expect(severityFor(kind, major)).toBe('major');
    expect(severityFor(kind, critical - 0.01)).toBe('major');
    expect(severityFor(kind, critical)).toBe('critical');
    expect(severityFor(kind, 1000)).toBe('critical');
    expect(severityFor(kind, -50)).toBe(null);
  });

  it('directions: throughput and fps higher is better; latency, memory and errors lower', () => {
    expect(DIRECTION_OF).toEqual({ throughput: 'higher-is-better', fps: 'higher-is-better', latency: 'lower-is-better', memory: 'lower-is-better', 'error-rate': 'lower-is-better' });
    expect([MIN_BASELINE_SAMPLES, MIN_CURRENT_SAMPLES, ALPHA, MIN_EFFECT_SIZE]).toEqual([10, 5, 0.05, 0.2]);
  });
});

describe('inferKind', () => {
  it.each([
    ['ui', 'fps', 'fps'], ['frames per second', '', 'fps'], ['frame per second', '', 'fps'],
    ['error rate', '%', 'error-rate'], ['rejected requests', '', 'error-rate'], ['failures', '', 'error-rate'],
    ['model', 'MB', 'memory'], ['buffer', 'bytes', 'memory'], ['js heap', '', 'memory'], ['memory used', 'GiB', 'memory'],
    ['memory bandwidth', 'GB/s', 'throughput'], ['memory copy', 'per second', 'throughput'],
    ['decode', 'tokens/s', 'throughput'], ['throughput', '', 'throughput'], ['matmul', 'GFLOP/s', 'throughput'], ['queue', 'ops', 'throughput'],
    ['first token', 'ms', 'latency'], ['load', 's', 'latency'], ['load', 'seconds', 'latency'], ['settle time', '', 'latency'], ['latency p95', '', 'latency'],
  ] as const)('%s (%s) → %s', (metric, unit, kind) => {
    expect(inferKind(metric, unit)).toBe(kind);
  });

  it('a metric that fits none takes the ladder of its direction; lower is better by default', () => {
    expect(inferKind('efficiency', 'ratio', 'higher-is-better')).toBe('throughput');
    expect(inferKind('efficiency', 'ratio', 'lower-is-better')).toBe('latency');
    expect(inferKind('efficiency', 'ratio')).toBe('latency');
    expect(inferKind('msgs', 'count', 'higher-is-better')).toBe('throughput'); // "ms" only as a word
    expect(inferKind('sms', 'x', 'higher-is-better')).toBe('throughput');
  });
});

describe('detectRegression', () => {
  const latency = { metric: 'first token', unit: 'ms', direction: 'lower-is-better' as const };
  const tps = { metric: 'decode', unit: 'tok/s', direction: 'higher-is-better' as const };

  it('10 baseline and 5 current samples are enough; 9 or 4 are not, and it says which', () => {
    expect(detectRegression(latency, base, cur(150)).status).toBe('regression');
    const few = detectRegression(latency, base.slice(0, 9), cur(150));
    expect(few).toMatchObject({ status: 'insufficient-data', severity: null, baselineN: 9, currentN: 5, baselineMean: expect.closeTo(99.89, 2), currentMean: 150, pWelch: null, pMannWhitney: null });
    expect(few.explanation).toBe('Need at least 10 baseline samples, got 9. Run the benchmark more times, then try again.');
    expect(Number.isNaN(few.p) && Number.isNaN(few.percentChange) && Number.isNaN(few.effectSize)).toBe(true);
    const fewCurrent = detectRegression(latency, base, cur(150).slice(0, 4));
    expect(fewCurrent.explanation).toBe('Need at least 5 current samples, got 4. Run the benchmark more times, then try again.');
    const none = detectRegression(latency, [], []);
    expect(Number.isNaN(none.baselineMean) && Number.isNaN(none.currentMean)).toBe(true);
  });

  it('latency up is a regression with the ladder step in words; down is an improvement', () => {
    const up = detectRegression(latency, base, cur(125));
    expect(up).toMatchObject({ status: 'regression', severity: 'moderate', kind: 'latency', direction: 'lower-is-better', method: 'welch', percentChange: 25, baselineMean: 100, currentMean: 125 });
    expect(up.explanation).toMatch(/^moderate latency regression \(25 % worse ≥ 20 %\): mean 100 → 125 ms \(\+25 %\), p = [\d.e-]+ \(Welch t\), d = [\d.]+, n = 10\/5$/);
    expect(up.p).toBe(up.pWelch);
    expect(up.effectSize).toBeGreaterThan(0);
    const down = detectRegression(latency, base, cur(75));
    expect(down).toMatchObject({ status: 'improvement', severity: null, percentChange: -25 });
    expect(down.explanation).toMatch(/^significant change in the better direction: mean 100 → 75 ms \(-25 %\)/);
  });

  it('throughput down is a regression; up is an improvement', () => {
    expect(detectRegression(tps, base, cur(85))).toMatchObject({ status: 'regression', severity: 'moderate', kind: 'throughput', percentChange: -15 });
    expect(detectRegression(tps, base, cur(115))).toMatchObject({ status: 'improvement', severity: null });
  });

  it('each step of the ladder through the whole detector (latency: 10/20/35/50 %)', () => {
    const sev = (c: number) => detectRegression(latency, base, cur(c)).severity;
    expect([sev(105), sev(110), sev(120), sev(135), sev(150)]).toEqual([null, 'minor', 'moderate', 'major', 'critical']);
    expect(detectRegression(latency, base, cur(105))).toMatchObject({ status: 'negligible' });
    expect(detectRegression(latency, base, cur(105)).explanation).toMatch(/^significant but below the 10 % minor threshold for latency: /);
  });

  it('a given kind overrides the inferred one', () => {
    expect(detectRegression({ ...latency, kind: 'memory' }, base, cur(120))).toMatchObject({ kind: 'memory', severity: 'minor' });
  });

  it('not significant: p ≥ 0.05, and it says so', () => {
    const v = detectRegression(latency, around(100, 10).map((x, i) => x + (i % 3) * 20), [101, 119, 99, 121, 100]);
    expect(v.status).toBe('no-change');
    expect(v.p).toBeGreaterThanOrEqual(0.05);
    expect(v.explanation).toMatch(/^not significant \(p ≥ 0.05\): /);
  });

  it('significant but a tiny effect (|d| ≤ 0.2) is no change', () => {
    // Huge samples make a tiny shift significant; d stays small.
    const b = Array.from({ length: 4000 }, (_, i) => 100 + ((i * 37) % 101) - 50);
    const c = b.map((x) => x + 5);
    const v = detectRegression(latency, b, c);
    expect(v.p).toBeLessThan(0.05);
    expect(Math.abs(v.effectSize)).toBeLessThanOrEqual(0.2);
    expect(v.status).toBe('no-change');
    expect(v.explanation).toMatch(/^effect too small \(\|d\| ≤ 0.2\): /);
  });

  it('Mann-Whitney decides when asked, and is named', () => {
    const v = detectRegression(latency, base, cur(125), 'mann-whitney');
    expect(v.method).toBe('mann-whitney');
    expect(v.p).toBe(v.pMannWhitney);
    expect(v.p).not.toBe(v.pWelch);
    expect(v.explanation).toMatch(/\(Mann-Whitney U\)/);
  });

  it('a zero baseline: no change reads 0 %, any change an infinite one; a negative baseline keeps the sign of the change', () => {
    const zeros = Array<number>(10).fill(0);
    const v0 = detectRegression(latency, zeros, [0, 0, 0, 0, 0]);
    expect(v0.percentChange).toBe(0);
    expect(detectRegression(latency, around(0, 10), cur(5)).percentChange).toBe(Infinity);
    expect(detectRegression(latency, around(0, 10), cur(-5)).percentChange).toBe(-Infinity);
    expect(detectRegression({ metric: 'offset', unit: 'ms', direction: 'higher-is-better' }, around(-100, 10), cur(-80)).percentChange).toBe(20);
  });
});
