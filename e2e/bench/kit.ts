import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The benchmark kit every e2e/bench/*.bench.ts file uses (run by `npm run bench`):
 *
 *   import { test, expect } from '@playwright/test';
 *   import { REPS, recordMetric, repeat } from './kit';
 *   test('decode speed', async ({ page }) => {
 *     const tps = await repeat(REPS, async () => measureOnce(page));   // several samples, not one
 *     recordMetric({ name: 'council decode', unit: 'tokens/s', direction: 'bigger', samples: tps });
 *   });
 *
 * Samples go to bench-results/.samples/*.jsonl; the runner's teardown turns them into medians and
 * 95 % intervals, compares them with the stored baseline (regression detector, SPEC §3.6) and writes
 * the JSON / github-action-benchmark / HTML outputs. Record ≥ 5 samples per metric so a regression
 * can be judged (the baseline needs ≥ 10: save it from a full run, or from two short runs).
 */

export const BENCH_SHORT = process.env.BENCH_SHORT === '1';
/** Repetitions per measurement: few in short (CI) mode, more for a real run. */
export const REPS = Number(process.env.BENCH_REPS ?? (BENCH_SHORT ? 5 : 12));
export const SAMPLES_DIR = join(process.env.BENCH_RESULTS_DIR ?? 'bench-results', '.samples');

export interface MetricSamples {
  /** Unique, stable name: "<area> <what>", e.g. "council decode". */
  name: string;
  /** Unit as shown: tokens/s, ms, GB/s, fps, MB … */
  unit: string;
  /** bigger = higher-is-better (throughput, fps), smaller = lower-is-better (latency, memory, errors). */
  direction: 'bigger' | 'smaller';
  samples: number[];
  /** Optional free text shown in the report (model, backend, sizes …). */
  detail?: string;
}

/** Records one metric's samples (appends a JSON line; safe across bench files). */
export function recordMetric(m: MetricSamples): void {
  const samples = m.samples.filter((x) => Number.isFinite(x));
  if (samples.length === 0) throw new Error(`recordMetric("${m.name}"): no finite samples — the measurement did not produce numbers.`);
  mkdirSync(SAMPLES_DIR, { recursive: true });
  const line = JSON.stringify({ ...m, samples, file: process.env.TEST_WORKER_INDEX ?? '0', at: Date.now() });
  appendFileSync(join(SAMPLES_DIR, `samples-${process.pid}.jsonl`), line + '\n');
}

/** Runs `once` n times in sequence and returns every result (one sample each). */
export async function repeat(n: number, once: (i: number) => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await once(i));
  return out;
}
