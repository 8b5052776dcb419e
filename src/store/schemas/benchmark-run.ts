import * as v from 'valibot';
import { nonEmpty, nonNegative, text, timestamp } from './common';
import { QUANT_FORMATS } from '../../capacity/engine-fit';

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

/** The engine probe's samples (issue 11: capacity/engine-fit.ts EngineProbeResult); every speed > 0. */
const positive = v.pipe(nonNegative, v.minValue(Number.MIN_VALUE, 'must be > 0'));
/**
 * A probe's decode speed: what an engine can decode (a crafted 1e-320 tok/s passed `positive` and
 * made the council fit's κ Infinity, every combined speed past 3 members NaN, and R² NaN).
 */
const speed = v.pipe(nonNegative, v.minValue(1e-3, 'must be ≥ 0.001 tok/s'), v.maxValue(1e6, 'must be ≤ 1000000 tok/s'));
/** A first token's time: up to a day (a crafted 1e308 ms read "first token in ~Infinity s"). */
const firstTokenMs = v.pipe(nonNegative, v.maxValue(86_400_000, 'must be ≤ 86400000 ms (a day)'));
/** A probe model's weight format (absent: f32, as every probe stored before the quantised model). */
const weightType = v.picklist(['f32', ...QUANT_FORMATS], `must be f32, ${QUANT_FORMATS.join(', ')}`);
/**
 * Most samples a probe's list may hold, ten times what a probe takes (under 200: at most 16 runs of
 * each of its models, their prompts, 60 council rows). The fits group samples by size (quadratic in the worst case)
 * and take Math.min/max over a list's spread (a RangeError past ~120 000): a damaged or crafted
 * record with 40 000 council rows held the page for minutes, one with 200 000 prompts threw out of
 * the plan. Such a record is set aside instead.
 */
export const PROBE_SAMPLES_MAX = 2000;
/** A probe's counts (blocks, widths, prompt tokens): at most a million (no model's context holds more tokens; a crafted 1e15 put every prompt "within what the probe timed"). */
const MAX_COUNT = 1_000_000;
/** A count of blocks, an embedding length, a prompt's tokens: whole, 1 … a million. */
const wholeAtLeastOne = v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be ≥ 1'), v.maxValue(MAX_COUNT, `must be ≤ ${MAX_COUNT}`));
const samples = <S extends v.GenericSchema>(item: S) => v.pipe(v.array(item), v.maxLength(PROBE_SAMPLES_MAX, `must hold at most ${PROBE_SAMPLES_MAX} samples (a probe takes under 200)`));
export const engineProbeResult = v.object({
  kind: v.literal('engine-probe'),
  engine: nonEmpty,
  device: v.picklist(['cpu', 'gpu']),
  threads: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be ≥ 1')),
  durationMs: nonNegative,
  phasesMs: v.optional(v.object({ loading: nonNegative, alone: nonNegative, together: nonNegative })),
  decode: samples(v.object({ bytes: positive, layers: v.optional(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be ≥ 1'))), weightType: v.optional(weightType), params: v.optional(positive), decodeTokensPerSecond: speed })),
  prefill: samples(v.object({ params: positive, promptTokens: v.pipe(positive, v.maxValue(MAX_COUNT, `must be ≤ ${MAX_COUNT}`)), ttftMs: firstTokenMs, weightType: v.optional(weightType) })),
  council: samples(v.object({ members: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be ≥ 1')), bytes: positive, decodeTokensPerSecond: speed, run: v.optional(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must be ≥ 0'))) })),
  /** The small model's long prompts (the attention term); absent in runs stored before it was kept. */
  attention: v.optional(samples(v.object({ params: positive, layers: wholeAtLeastOne, width: wholeAtLeastOne, promptTokens: wholeAtLeastOne, ttftMs: firstTokenMs }))),
  /** Workers the probe replaced after a failure (bench/probe-restarts.ts); absent when none, and in runs stored before it was kept. */
  // (At most 100: a probe makes a few — bench/probe-restarts.ts — and a crafted 1e300 read "1e+300 engine workers stopped".)
  restarts: v.optional(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be ≥ 1'), v.maxValue(100, 'must be ≤ 100'))),
});

/** Why the engine probe did not run, in plain words. */
export const engineProbeSkipped = v.object({ kind: v.literal('engine-probe-skipped'), reason: text });

export const benchmarkRunSchema = v.object({
  id: nonEmpty,
  profileId: nonEmpty,
  startedAt: timestamp,
  results: v.array(v.variant('kind', [figureResult, skippedResult, suiteResult, engineProbeResult, engineProbeSkipped])),
});
