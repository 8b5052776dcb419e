/// <reference lib="webworker" />
import { expose } from 'comlink';
import { flopLoopFor } from '../src/bench/cpu-bench';

/** One thread of the multi-thread CPU benchmark: runs the FLOP loop for a window when asked. */
const api = {
  runFor(ms: number): { iterations: number; elapsedMs: number } {
    const r = flopLoopFor(ms);
    return { iterations: r.iterations, elapsedMs: r.elapsedMs };
  },
};

export type CpuThreadApi = typeof api;
expose(api);
