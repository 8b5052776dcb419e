import type { EngineProbeResult } from '../capacity/engine-fit';

/** One micro-benchmark figure of the Benchmark Collector (SPEC §2): median of repeats with spread. */
export type BenchmarkName =
  | 'gpu-bandwidth'
  | 'gpu-matmul-f32'
  | 'gpu-matmul-f16'
  | 'cpu-single'
  | 'cpu-multi'
  | 'cpu-memory-bandwidth';

/** Plain-words name of each benchmark. */
export const BENCHMARK_LABEL: Record<BenchmarkName, string> = {
  'gpu-bandwidth': 'GPU memory bandwidth',
  'gpu-matmul-f32': 'GPU matmul f32',
  'gpu-matmul-f16': 'GPU matmul f16',
  'cpu-single': 'CPU single-thread',
  'cpu-multi': 'CPU all threads',
  'cpu-memory-bandwidth': 'CPU memory bandwidth',
};

export type BenchmarkUnit = 'GB/s' | 'GFLOP/s';

export interface BenchmarkFigure {
  name: BenchmarkName;
  label: string;
  unit: BenchmarkUnit;
  /** Median of the samples. */
  median: number;
  min: number;
  max: number;
  /** (max − min) / median: 0.05 means the repeats agree within 5 %. */
  relativeSpread: number;
  samples: number[];
  /** Wall time this benchmark took, including warm-up and sizing (ms). */
  durationMs: number;
  /** How it was measured: sizes, timer (timestamp-query or submit/wait), threads … */
  detail: string;
}

/** A benchmark that could not run, and why (e.g. "no shader-f16"). */
export interface BenchmarkSkip {
  name: BenchmarkName;
  reason: string;
}

export interface BenchmarkSuiteResult {
  startedAt: number;
  durationMs: number;
  figures: BenchmarkFigure[];
  skipped: BenchmarkSkip[];
  /** Adapter the GPU benchmarks ran on (null when none). */
  adapterDescription: string | null;
  isFallbackAdapter: boolean | null;
  /** The engine probe's samples (issue 11); absent on runs from before the probe or when it could not run. */
  engineProbe?: EngineProbeResult;
  /** Why the engine probe did not run or failed, in plain words. */
  engineProbeSkipped?: string;
  /** Most GPU memory the benchmarks held at once (bytes): a proven lower bound for VRAM. */
  largestGpuAllocationBytes?: number;
}

export interface BenchmarkProgress {
  /** 0…1 over the whole suite. */
  fraction: number;
  /** What runs now, in plain words. */
  step: string;
}

export function figure(results: Pick<BenchmarkSuiteResult, 'figures'> | null, name: BenchmarkName): BenchmarkFigure | null {
  return results?.figures.find((f) => f.name === name) ?? null;
}
