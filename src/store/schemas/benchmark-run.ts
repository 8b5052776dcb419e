import * as v from 'valibot';
import { nonEmpty, nonNegative, text, timestamp } from './common';

/** One stored benchmark suite run: a figure or a skip per micro-benchmark, plus the suite's facts. */
export const benchmarkName = v.picklist(['gpu-bandwidth', 'gpu-matmul-f32', 'gpu-matmul-f16', 'cpu-single', 'cpu-multi', 'cpu-memory-bandwidth']);

export const figureResult = v.object({
  kind: v.literal('figure'),
  name: benchmarkName,
  label: text,
  unit: v.picklist(['GB/s', 'GFLOP/s']),
  median: nonNegative,
  min: nonNegative,
  max: nonNegative,
  relativeSpread: nonNegative,
  samples: v.array(nonNegative),
  durationMs: nonNegative,
  detail: text,
});

export const skippedResult = v.object({ kind: v.literal('skipped'), name: benchmarkName, reason: text });

export const suiteResult = v.object({
  kind: v.literal('suite'),
  durationMs: nonNegative,
  adapterDescription: v.nullable(text),
  isFallbackAdapter: v.nullable(v.boolean()),
  /** Most GPU memory the benchmarks held at once (bytes): a proven lower bound for VRAM. */
  largestGpuAllocationBytes: v.optional(nonNegative),
});

export const benchmarkRunSchema = v.object({
  id: nonEmpty,
  profileId: nonEmpty,
  startedAt: timestamp,
  results: v.array(v.variant('kind', [figureResult, skippedResult, suiteResult])),
});
