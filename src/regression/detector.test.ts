import { describe, expect, it } from 'vitest';
import { detectRegression, inferKind, severityFor } from './detector';

/** Deterministic noise (xorshift) so tests do not flake. */
function noisy(center: number, spread: number, n: number, seed = 1): number[] {
  let s = seed >>> 0 || 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out.push(center + spread * (((s >>> 0) / 4294967296) * 2 - 1));
  }
  return out;
}

const baseTps = noisy(100, 2, 20, 7);
const baseMs = noisy(200, 4, 20, 9);

describe('regression detector (SPEC §3.6)', () => {
  it('a latency increase is a regression', () => {
    const v = detectRegression({ metric: 'p95 latency', unit: 'ms', direction: 'lower-is-better' }, baseMs, noisy(250, 4, 8, 3));
    expect(v.status).toBe('regression');
    expect(v.kind).toBe('latency');
    expect(v.severity).toBe('moderate'); // +25 % on the 10/20/35/50 ladder
    expect(v.p).toBeLessThan(0.05);
    expect(v.explanation).toMatch(/p = .*d = /);
  });

  it('a throughput increase is not a regression, a drop is', () => {
    const up = detectRegression({ metric: 'decode', unit: 'tokens/s', direction: 'higher-is-better' }, baseTps, noisy(130, 2, 8, 3));
    expect(up.status).toBe('improvement');
    expect(up.severity).toBeNull();
    const down = detectRegression({ metric: 'decode', unit: 'tokens/s', direction: 'higher-is-better' }, baseTps, noisy(65, 2, 8, 3));
    expect(down.status).toBe('regression');
    expect(down.severity).toBe('critical'); // −35 % ≥ 30 %
  });

  it('a latency decrease is an improvement', () => {
    const v = detectRegression({ metric: 'ttft', unit: 'ms', direction: 'lower-is-better' }, baseMs, noisy(150, 4, 8, 3));
    expect(v.status).toBe('improvement');
  });

  it('needs ≥ 10 baseline and ≥ 5 current samples', () => {
    const series = { metric: 'decode', unit: 'tokens/s', direction: 'higher-is-better' as const };
    expect(detectRegression(series, baseTps.slice(0, 9), noisy(50, 1, 8)).status).toBe('insufficient-data');
    expect(detectRegression(series, baseTps, noisy(50, 1, 4)).status).toBe('insufficient-data');
    expect(detectRegression(series, baseTps, noisy(50, 1, 5)).status).toBe('regression');
  });

  it('noise of the same distribution is not a regression', () => {
    const v = detectRegression({ metric: 'decode', unit: 'tokens/s', direction: 'higher-is-better' }, baseTps, noisy(100, 2, 10, 99));
    expect(v.status).toBe('no-change');
  });

  it('a significant change below the minor threshold is negligible', () => {
    // −3 % throughput with tiny noise: significant, but under the 5 % minor threshold.
    const v = detectRegression({ metric: 'decode', unit: 'tokens/s', direction: 'higher-is-better' }, noisy(100, 0.2, 12, 5), noisy(97, 0.2, 8, 6));
    expect(v.p).toBeLessThan(0.05);
    expect(v.status).toBe('negligible');
  });

  it('Mann-Whitney can decide instead of Welch', () => {
    const v = detectRegression({ metric: 'fps', unit: 'fps', direction: 'higher-is-better' }, noisy(60, 1, 12), noisy(50, 1, 6), 'mann-whitney');
    expect(v.method).toBe('mann-whitney');
    expect(v.p).toBe(v.pMannWhitney);
    expect(v.status).toBe('regression');
    expect(v.severity).toBe('moderate'); // −16.7 % on the 5/10/20/30 fps ladder
  });

  it('severity ladders per kind', () => {
    expect(severityFor('memory', 14)).toBeNull();
    expect(severityFor('memory', 15)).toBe('minor');
    expect(severityFor('memory', 59)).toBe('major');
    expect(severityFor('latency', 50)).toBe('critical');
    expect(severityFor('throughput', 9.9)).toBe('minor');
  });

  it('infers metric kinds from names and units', () => {
    expect(inferKind('decode', 'tokens/s')).toBe('throughput');
    expect(inferKind('bandwidth', 'GB/s')).toBe('throughput');
    expect(inferKind('heap', 'MB')).toBe('memory');
    expect(inferKind('ui', 'fps')).toBe('fps');
    expect(inferKind('p95', 'ms')).toBe('latency');
    expect(inferKind('errors', '%')).toBe('error-rate');
    expect(inferKind('council efficiency', 'ratio', 'higher-is-better')).toBe('throughput');
    expect(inferKind('long tasks', 'count', 'lower-is-better')).toBe('latency');
  });
});
