/**
 * What the benchmark workers send back (issue 13), as valibot schemas: the suite's result and
 * progress (benchmark worker → main thread) and one multi-thread CPU window (CPU thread worker →
 * benchmark worker). The receiving side reads every message through `readBenchmarkMessage`; one that
 * does not fit is a BenchmarkProtocolError naming the field ("figures[0].median: expected a number ≥ 0, got -5").
 */
import * as v from 'valibot';
import { describeIssues } from '../engines/schemas/issues';
import { BenchmarkProtocolError } from './errors';
import { BENCHMARK_LABEL, type BenchmarkName, type BenchmarkProgress, type BenchmarkSuiteResult } from './types';

const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));

export const benchmarkNameSchema = v.picklist(Object.keys(BENCHMARK_LABEL) as BenchmarkName[]);

export const benchmarkFigureSchema = v.pipe(
  v.object({
    name: benchmarkNameSchema,
    label: v.string(),
    unit: v.picklist(['GB/s', 'GFLOP/s']),
    median: nonNegative,
    min: nonNegative,
    max: nonNegative,
    relativeSpread: nonNegative,
    samples: v.pipe(v.array(nonNegative), v.minLength(1)),
    durationMs: nonNegative,
    detail: v.string(),
  }),
  v.check((f) => f.min <= f.median && f.median <= f.max, 'min ≤ median ≤ max'),
);

export const benchmarkSkipSchema = v.object({ name: benchmarkNameSchema, reason: v.string() });

/** The suite as the benchmark worker returns it (the engine probe is added on the main thread). */
export const suiteResultSchema = v.object({
  startedAt: nonNegative,
  durationMs: nonNegative,
  figures: v.array(benchmarkFigureSchema),
  skipped: v.array(benchmarkSkipSchema),
  adapterDescription: v.nullable(v.string()),
  isFallbackAdapter: v.nullable(v.boolean()),
  largestGpuAllocationBytes: v.optional(nonNegative),
});

export const benchmarkProgressSchema = v.object({
  fraction: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  step: v.string(),
});

/** One window of the multi-thread CPU benchmark, from a CPU thread worker. */
export const cpuWindowSchema = v.object({
  iterations: v.pipe(v.number(), v.integer(), v.minValue(0)),
  elapsedMs: v.pipe(v.number(), v.finite(), v.gtValue(0)),
});

/** An engine-probe model the benchmark worker builds (a GGUF file as a Blob). */
export const probeModelSchema = v.pipe(v.instance(Blob), v.check((b) => b.size > 0, 'a model file, not an empty one'));

/** The message as its schema's output, or a BenchmarkProtocolError naming the first wrong field. */
export function readBenchmarkMessage<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const parsed = v.safeParse(schema, value);
  if (parsed.success) return parsed.output;
  throw new BenchmarkProtocolError(what, describeIssues(parsed.issues));
}

/**
 * Runs the suite call with everything it sends checked: each progress report before `onProgress`
 * sees it, then the result. A malformed one rejects at once (later reports are dropped); the caller
 * ends the worker as it does after any failure.
 */
export function checkedSuite(run: (onProgress: (raw: unknown) => void) => Promise<unknown>, onProgress: (p: BenchmarkProgress) => void): Promise<BenchmarkSuiteResult> {
  return new Promise<BenchmarkSuiteResult>((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      reject(err);
    };
    run((raw) => {
      if (failed) return;
      let p: BenchmarkProgress;
      try {
        p = readBenchmarkMessage(benchmarkProgressSchema, raw, 'progress report');
      } catch (err) {
        return fail(err);
      }
      onProgress(p);
    }).then((raw) => {
      if (failed) return;
      try {
        readBenchmarkMessage(suiteResultSchema, raw, 'benchmark result');
      } catch (err) {
        return fail(err);
      }
      // The result as it came: a field added to the suite later is kept, not stripped by the check.
      resolve(raw as BenchmarkSuiteResult);
    }, fail);
  });
}

// Every checked message is a value of the app's types (new optional fields stay possible).
const agree: [BenchmarkSuiteResult, BenchmarkProgress] = [{} as v.InferOutput<typeof suiteResultSchema>, {} as v.InferOutput<typeof benchmarkProgressSchema>];
void agree;
