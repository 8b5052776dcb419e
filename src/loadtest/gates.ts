import { quantile, mean } from '../regression/stats';
import type { LoadReport } from './report';

/**
 * Quality gates against the baseline (SPEC §3.7): throughput ≥ 0.9× baseline, p95 latency ≤ 1.2×
 * baseline, fps ≥ 0.9× the target (60, or 30 on a Low-tier machine). A gate without a baseline is
 * "no baseline", not passed.
 */

export const GATE_THROUGHPUT = 0.9;
export const GATE_P95_LATENCY = 1.2;
export const GATE_FPS = 0.9;

export interface Gate {
  name: string;
  status: 'pass' | 'fail' | 'no-baseline';
  current: number | null;
  limit: number | null;
  detail: string;
}

/** Baseline samples of one scenario, as stored by the baselines store. */
export interface LoadBaseline {
  /** Per-second throughput samples (tokens/s). */
  throughput: number[] | null;
  /** Per-request latency samples (ms). */
  latencyMs: number[] | null;
}

/** Baseline metric names for a scenario's two gated series. */
export const loadMetricNames = (scenario: string) => ({
  throughput: `load ${scenario} throughput`,
  latency: `load ${scenario} latency`,
});

export function evaluateGates(report: LoadReport, baseline: LoadBaseline, targetFps: number): Gate[] {
  const gates: Gate[] = [];
  const baseTps = baseline.throughput?.length ? mean(baseline.throughput) : null;
  const curTps = report.throughputSeries.tokensPerSecond.length ? report.throughput : null;
  gates.push(
    baseTps === null || curTps === null
      ? { name: 'Throughput ≥ 0.9× baseline', status: 'no-baseline', current: curTps, limit: null, detail: 'save a baseline for this scenario first' }
      : {
          name: 'Throughput ≥ 0.9× baseline',
          status: curTps >= GATE_THROUGHPUT * baseTps ? 'pass' : 'fail',
          current: curTps,
          limit: GATE_THROUGHPUT * baseTps,
          detail: `${curTps.toFixed(1)} tokens/s vs baseline ${baseTps.toFixed(1)} (${((curTps / baseTps) * 100).toFixed(0)} %)`,
        },
  );
  const baseP95 = baseline.latencyMs?.length ? quantile(baseline.latencyMs, 0.95) : null;
  const curP95 = report.latencyMs?.p95 ?? null;
  gates.push(
    baseP95 === null || curP95 === null
      ? { name: 'p95 latency ≤ 1.2× baseline', status: 'no-baseline', current: curP95, limit: null, detail: 'save a baseline for this scenario first' }
      : {
          name: 'p95 latency ≤ 1.2× baseline',
          status: curP95 <= GATE_P95_LATENCY * baseP95 ? 'pass' : 'fail',
          current: curP95,
          limit: GATE_P95_LATENCY * baseP95,
          detail: `${curP95.toFixed(0)} ms vs baseline ${baseP95.toFixed(0)} ms (${((curP95 / baseP95) * 100).toFixed(0)} %)`,
        },
  );
  const fps = report.fps.mean;
  gates.push(
    fps === null
      ? { name: 'fps ≥ 0.9× target', status: 'no-baseline', current: null, limit: GATE_FPS * targetFps, detail: 'no frame samples' }
      : {
          name: 'fps ≥ 0.9× target',
          status: fps >= GATE_FPS * targetFps ? 'pass' : 'fail',
          current: fps,
          limit: GATE_FPS * targetFps,
          detail: `mean ${fps.toFixed(1)} fps vs target ${targetFps} (limit ${(GATE_FPS * targetFps).toFixed(0)})`,
        },
  );
  return gates;
}
