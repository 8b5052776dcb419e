import type { BenchmarkRunRecord, MetricDirection } from '../store/schema';
import { loadMetricNames } from '../loadtest/gates';

/**
 * The "current" sample sets the Regression Detector compares with the baselines: the figures of
 * the newest benchmark run (each micro-benchmark's repeats) and the newest load-test run of each
 * scenario (per-second throughput, per-request latency). Pure mapping from stored records.
 */

export interface MetricSet {
  metric: string;
  unit: string;
  direction: MetricDirection;
  samples: number[];
  source: string;
  at: number;
}

const LOWER_UNITS = /^(ms|s|bytes|MB|GB|MiB|GiB|%)$/i;

export function setsFromBenchmarkRun(run: BenchmarkRunRecord): MetricSet[] {
  const out: MetricSet[] = [];
  for (const r of run.results) {
    if (r.kind !== 'figure' || r.samples.length === 0) continue;
    const { name, unit, samples } = r;
    out.push({ metric: `bench ${name}`, unit, direction: LOWER_UNITS.test(unit) ? 'lower-is-better' : 'higher-is-better', samples, source: 'benchmark', at: run.startedAt });
  }
  return out;
}

interface LoadReportLike {
  scenario: string;
  startedAt: number;
  durationMs: number;
  throughputSeries?: { tokensPerSecond: number[] };
  latencySamples?: number[];
}

export function setsFromLoadReport(report: LoadReportLike): MetricSet[] {
  const names = loadMetricNames(report.scenario);
  const full = (report.throughputSeries?.tokensPerSecond ?? []).slice(0, Math.max(1, Math.floor(report.durationMs / 1000)));
  const out: MetricSet[] = [];
  if (full.length) out.push({ metric: names.throughput, unit: 'tokens/s', direction: 'higher-is-better', samples: full, source: `load test ${report.scenario}`, at: report.startedAt });
  if (report.latencySamples?.length)
    out.push({ metric: names.latency, unit: 'ms', direction: 'lower-is-better', samples: report.latencySamples, source: `load test ${report.scenario}`, at: report.startedAt });
  return out;
}
