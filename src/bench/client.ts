import { proxy, wrap } from 'comlink';
import type { BenchmarkApi } from '../../workers/benchmark.worker';
import type { BenchmarkProgress, BenchmarkSuiteResult } from './types';
import type { SuiteOptions } from './suite';
import { WorkerEngine } from '../engines/worker-engine';
import { chooseThreads } from '../engines/threads';
import { BenchmarkCancelledError, isCancelled } from './errors';
import { runEngineProbe, type ProbeEnv } from './engine-probe';
import { startProbeWatchdog } from './probe-watchdog';
import { probeSkippedText } from './probe-skipped';
import { checkedSuite, probeModelSchema, readBenchmarkMessage } from './schemas';

export interface BenchmarkRun {
  result: Promise<BenchmarkSuiteResult>;
  /** Stops the suite at its next check (within ~100 ms); `result` then rejects with BenchmarkCancelledError. */
  cancel(): void;
}

/**
 * Runs the Benchmark Collector's suite in its own worker, then the engine probe (issue 11), whose
 * models that worker builds; the worker is terminated when both are done. The suite takes the first
 * SUITE_SHARE of the progress bar, the probe the rest. A probe that fails leaves the suite's figures
 * standing, with the reason in `engineProbeSkipped`.
 */
export function startBenchmarks(onProgress: (p: BenchmarkProgress) => void, options: SuiteOptions = {}): BenchmarkRun {
  const worker = new Worker(new URL('../../workers/benchmark.worker.ts', import.meta.url), { type: 'module', name: 'benchmark' });
  const api = wrap<BenchmarkApi>(worker);
  const probeAbort = new AbortController();
  const share = options.engineProbe === false ? 1 : SUITE_SHARE;
  const result = (async (): Promise<BenchmarkSuiteResult> => {
    // Everything the worker sends is checked (issue 13): a malformed message fails the run with BenchmarkProtocolError.
    const suite = await checkedSuite((check) => api.run(options, proxy(check)), (p) => onProgress({ ...p, fraction: p.fraction * share }));
    if (options.engineProbe === false) return suite;
    const env: ProbeEnv = {
      buildModel: async (m) => readBenchmarkMessage(probeModelSchema, await api.buildProbeModel(m.id), 'probe model'),
      newEngine: () => new WorkerEngine('wllama'),
      threadsFor: (members) => chooseThreads({ hardwareConcurrency: navigator.hardwareConcurrency, crossOriginIsolated: globalThis.crossOriginIsolated === true, members }),
    };
    const watchdog = startProbeWatchdog((err) => probeAbort.abort(err));
    try {
      const probe = await runEngineProbe(
        env,
        (p) => {
          watchdog.alive();
          onProgress({ ...p, fraction: share + p.fraction * (1 - share) });
        },
        probeAbort.signal,
      );
      return { ...suite, engineProbe: probe };
    } catch (err) {
      if (isCancelled(err)) throw err;
      console.warn('WIRTHFORGE engine probe:', err); // the person reads probeSkippedText; the raw cause is for whoever reports it
      return { ...suite, engineProbeSkipped: probeSkippedText(err) };
    } finally {
      watchdog.stop();
    }
  })().finally(() => worker.terminate());
  return {
    result,
    cancel: () => {
      probeAbort.abort(new BenchmarkCancelledError());
      void api.cancel().catch(() => undefined);
    },
  };
}

/** Share of the progress bar the micro-benchmarks take (here they run ~4 s, the probe 45–58 s). */
const SUITE_SHARE = 0.08;
