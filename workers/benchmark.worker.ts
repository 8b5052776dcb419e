/// <reference lib="webworker" />
import { expose, wrap } from 'comlink';
import { runSuite, type SuiteOptions } from '../src/bench/suite';
import { buildProbeModel, PROBE_MODELS } from '../src/bench/probe-models';
import type { BenchmarkProgress, BenchmarkSuiteResult } from '../src/bench/types';
import type { CpuThread } from '../src/bench/cpu-bench';
import type { CpuThreadApi } from './benchmark-cpu.worker';

/**
 * Benchmark Collector worker: runs the suite off the main thread. One run at a time; `cancel`
 * stops it at the next check and the run rejects with a BenchmarkCancelledError (check `name`).
 */
let controller: AbortController | null = null;

function spawnCpuThread(): CpuThread {
  const worker = new Worker(new URL('./benchmark-cpu.worker.ts', import.meta.url), { type: 'module', name: 'benchmark-cpu' });
  const api = wrap<CpuThreadApi>(worker);
  return { runFor: (ms) => api.runFor(ms), close: () => worker.terminate() };
}

const api = {
  async run(options: SuiteOptions, onProgress: (p: BenchmarkProgress) => void): Promise<BenchmarkSuiteResult> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    try {
      return await runSuite(
        { gpu: self.navigator.gpu, cores: self.navigator.hardwareConcurrency || 1, spawnCpuThread },
        options,
        (p) => void onProgress(p),
        mine.signal,
      );
    } catch (err) {
      // Carry name + message across the boundary (comlink keeps Error name/message).
      const e = err as Error;
      const out = new Error(e?.message ?? String(err));
      out.name = e?.name ?? 'Error';
      throw out;
    } finally {
      if (controller === mine) controller = null;
    }
  },
  cancel(): void {
    controller?.abort();
  },
  /** Builds one engine-probe model (up to ~139 MB: kept off the main thread). */
  buildProbeModel(id: string): Blob {
    const m = PROBE_MODELS.find((x) => x.id === id);
    if (!m) throw new Error(`no probe model "${id}"`);
    return buildProbeModel(m);
  },
};

export type BenchmarkApi = typeof api;
expose(api);
