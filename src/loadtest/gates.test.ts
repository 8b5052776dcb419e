/** Quality gates (SPEC §3.7) on both sides of each line: throughput 0.9×, p95 latency 1.2×, fps 0.9× target. */
import { describe, expect, it } from 'vitest';
import { evaluateGates, GATE_FPS, GATE_P95_LATENCY, GATE_THROUGHPUT, loadMetricNames } from './gates';
import type { LoadReport } from './report';

function report(o: { throughput?: number; samples?: number; p95?: number | null; fps?: number | null }): LoadReport {
  return {
    throughput: o.throughput ?? 100,
    throughputSeries: { at: [], tokensPerSecond: Array<number>(o.samples ?? 3).fill(o.throughput ?? 100) },
    latencyMs: o.p95 === null ? null : { p95: o.p95 ?? 1000 },
    fps: { mean: o.fps === undefined ? 60 : o.fps, min: null, p5: null },
  } as unknown as LoadReport;
}
const baseline = { throughput: [90, 110, 100, 100], latencyMs: [1000, 1000, 1000, 1000] }; // mean 100, p95 1000

describe('quality gates', () => {
  it('the seed numbers', () => {
    expect([GATE_THROUGHPUT, GATE_P95_LATENCY, GATE_FPS]).toEqual([0.9, 1.2, 0.9]);
    expect(loadMetricNames('S2')).toEqual({ throughput: 'load S2 throughput', latency: 'load S2 latency' });
  });

  it('throughput: 90 of 100 passes, 89.9 fails', () => {
    const [pass] = evaluateGates(report({ throughput: 90 }), baseline, 60);
    expect(pass).toEqual({ name: 'Throughput ≥ 0.9× baseline', status: 'pass', current: 90, limit: 90, detail: '90.0 tokens/s vs baseline 100.0 (90 %)' });
    expect(evaluateGates(report({ throughput: 89.9 }), baseline, 60)[0].status).toBe('fail');
  });

  it('p95 latency: 1200 ms of 1000 passes, 1201 fails', () => {
    const [, pass] = evaluateGates(report({ p95: 1200 }), baseline, 60);
    expect(pass).toEqual({ name: 'p95 latency ≤ 1.2× baseline', status: 'pass', current: 1200, limit: 1200, detail: '1200 ms vs baseline 1000 ms (120 %)' });
    expect(evaluateGates(report({ p95: 1201 }), baseline, 60)[1].status).toBe('fail');
    // the baseline's p95, not its mean
    expect(evaluateGates(report({ p95: 1500 }), { throughput: null, latencyMs: [...Array<number>(19).fill(100), 10_000] }, 60)[1].limit).toBeCloseTo(1.2 * (100 + 0.05 * 9900), 6);
  });

  it('fps: 54 of a 60 target passes, 53.9 fails; on Low 27 of 30', () => {
    const [, , pass] = evaluateGates(report({ fps: 54 }), baseline, 60);
    expect(pass).toEqual({ name: 'fps ≥ 0.9× target', status: 'pass', current: 54, limit: 54, detail: 'mean 54.0 fps vs target 60 (limit 54)' });
    expect(evaluateGates(report({ fps: 53.9 }), baseline, 60)[2].status).toBe('fail');
    expect(evaluateGates(report({ fps: 27 }), baseline, 30)[2]).toMatchObject({ status: 'pass', limit: 27 });
    expect(evaluateGates(report({ fps: 26.9 }), baseline, 30)[2].status).toBe('fail');
  });

  it('without a baseline or without samples a gate is "no baseline", not passed', () => {
    const none = evaluateGates(report({}), { throughput: null, latencyMs: null }, 60);
    expect(none.slice(0, 2)).toEqual([
      { name: 'Throughput ≥ 0.9× baseline', status: 'no-baseline', current: 100, limit: null, detail: 'save a baseline for this scenario first' },
      { name: 'p95 latency ≤ 1.2× baseline', status: 'no-baseline', current: 1000, limit: null, detail: 'save a baseline for this scenario first' },
    ]);
    const empty = evaluateGates(report({}), { throughput: [], latencyMs: [] }, 60);
    expect(empty.slice(0, 2).map((g) => g.status)).toEqual(['no-baseline', 'no-baseline']);
    const noRun = evaluateGates(report({ samples: 0, p95: null, fps: null }), baseline, 60);
    expect(noRun).toEqual([
      { name: 'Throughput ≥ 0.9× baseline', status: 'no-baseline', current: null, limit: null, detail: 'save a baseline for this scenario first' },
      { name: 'p95 latency ≤ 1.2× baseline', status: 'no-baseline', current: null, limit: null, detail: 'save a baseline for this scenario first' },
      { name: 'fps ≥ 0.9× target', status: 'no-baseline', current: null, limit: 54, detail: 'no frame samples' },
    ]);
  });
});
