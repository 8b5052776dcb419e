import { proxy, wrap } from 'comlink';
import type { BenchmarkApi } from '../../workers/benchmark.worker';
import type { BenchmarkProgress, BenchmarkSuiteResult } from './types';
import type { SuiteOptions } from './suite';

export interface BenchmarkRun {
  result: Promise<BenchmarkSuiteResult>;
  /** Stops the suite at its next check (within ~100 ms); `result` then rejects with BenchmarkCancelledError. */
  cancel(): void;
}

/** Runs the Benchmark Collector's suite in its own worker, which is terminated when done. */
export function startBenchmarks(onProgress: (p: BenchmarkProgress) => void, options: SuiteOptions = {}): BenchmarkRun {
  const worker = new Worker(new URL('../../workers/benchmark.worker.ts', import.meta.url), { type: 'module', name: 'benchmark' });
  const api = wrap<BenchmarkApi>(worker);
  const result = api.run(options, proxy(onProgress)).finally(() => worker.terminate());
  return { result, cancel: () => void api.cancel().catch(() => undefined) };
}
