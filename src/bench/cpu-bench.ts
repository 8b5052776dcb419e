import { BenchmarkCancelledError } from './errors';
import { cpuWindowSchema, readBenchmarkMessage } from './schemas';
import { sampleUntil, toFigure } from './stats';
import type { BenchmarkFigure } from './types';

/**
 * CPU micro-benchmarks in plain JS (no DOM): floating-point throughput on one thread and on all
 * cores, and memory bandwidth (the figure that bounds decode speed of wllama on the CPU).
 */

const now = () => performance.now();
const MiB = 1024 * 1024;

/** FLOPs per iteration of flopLoop: 4 independent multiply-add chains = 8 FLOPs. */
export const FLOPS_PER_ITERATION = 8;

/**
 * A floating-point kernel: four independent multiply-add chains (so the CPU can overlap them),
 * converging to 1 so values never overflow. Returns the sum so the JIT cannot drop the work.
 */
export function flopLoop(iterations: number): number {
  let x0 = 0.1;
  let x1 = 0.2;
  let x2 = 0.3;
  let x3 = 0.4;
  const a = 0.9999;
  const b = 0.0001;
  for (let i = 0; i < iterations; i++) {
    x0 = x0 * a + b;
    x1 = x1 * a + b;
    x2 = x2 * a + b;
    x3 = x3 * a + b;
  }
  return x0 + x1 + x2 + x3;
}

/** Runs flopLoop in slices for `ms` and returns the iterations done (used by each CPU thread). */
export function flopLoopFor(ms: number, slice = 200_000): { iterations: number; elapsedMs: number; checksum: number } {
  const t0 = now();
  let iterations = 0;
  let checksum = 0;
  while (now() - t0 < ms) {
    checksum += flopLoop(slice);
    iterations += slice;
  }
  return { iterations, elapsedMs: now() - t0, checksum };
}

const yieldToEvents = () => new Promise<void>((r) => setTimeout(r, 0));

function check(signal?: AbortSignal) {
  if (signal?.aborted) throw new BenchmarkCancelledError();
}

export interface CpuBenchOptions {
  budgetMs: number;
  signal?: AbortSignal;
}

/** Single-thread GFLOP/s: 50 ms windows of flopLoop until the budget is spent; yields between windows. */
export async function measureCpuSingle(opts: CpuBenchOptions): Promise<BenchmarkFigure> {
  const started = now();
  flopLoopFor(20); // warm-up: let the JIT optimise the loop
  const samples = await sampleUntil(started + opts.budgetMs, 3, 30, now, async () => {
    await yieldToEvents();
    const r = flopLoopFor(50);
    return (r.iterations * FLOPS_PER_ITERATION) / (r.elapsedMs / 1000) / 1e9;
  }, () => check(opts.signal));
  return toFigure('cpu-single', 'CPU single-thread', 'GFLOP/s', samples, now() - started, 'JS multiply-add loop, 4 chains, 50 ms windows');
}

/** One CPU thread of the multi-thread benchmark (a Web Worker, or anything that runs flopLoopFor). */
export interface CpuThread {
  runFor(ms: number): Promise<{ iterations: number; elapsedMs: number }>;
  close(): void;
}

/**
 * Multi-thread GFLOP/s: every thread runs flopLoop for the same window at once; the figure is the
 * sum of their rates. Threads are created by `spawn` (Web Workers in the browser).
 */
export async function measureCpuMulti(spawn: () => CpuThread, threads: number, opts: CpuBenchOptions): Promise<BenchmarkFigure> {
  const started = now();
  const pool = Array.from({ length: threads }, spawn);
  try {
    await Promise.all(pool.map((t) => t.runFor(20))); // start-up and JIT warm-up
    const samples = await sampleUntil(started + opts.budgetMs, 3, 20, now, async () => {
      // What each thread sends back is checked (issue 13): a malformed window fails this benchmark in words.
      const results = (await Promise.all(pool.map((t) => t.runFor(80)))).map((r) => readBenchmarkMessage(cpuWindowSchema, r, 'CPU thread result'));
      return results.reduce((s, r) => s + (r.iterations * FLOPS_PER_ITERATION) / (r.elapsedMs / 1000) / 1e9, 0);
    }, () => check(opts.signal));
    return toFigure('cpu-multi', `CPU ${threads} threads`, 'GFLOP/s', samples, now() - started, `${threads} Web Workers × JS multiply-add loop, 80 ms windows`);
  } finally {
    for (const t of pool) t.close();
  }
}

/** Copies src into dst (typed-array memcpy) and returns whether the copy is exact at a few probes. */
export function copyAndCheck(src: Float64Array, dst: Float64Array): boolean {
  dst.set(src);
  const n = src.length;
  return [0, n >> 1, n - 1].every((i) => dst[i] === src[i]);
}

/**
 * CPU memory bandwidth (GB/s, bytes read + written) of a large typed-array copy. The buffer grows
 * from 32 MiB until one copy takes ≥ 10 ms (up to 256 MiB), so caches cannot hold it.
 */
export async function measureCpuMemoryBandwidth(opts: CpuBenchOptions & { maxBytes?: number }): Promise<BenchmarkFigure> {
  const started = now();
  const cap = opts.maxBytes ?? 256 * MiB;
  let bytes = Math.min(32 * MiB, cap);
  let src = new Float64Array(bytes / 8);
  let dst = new Float64Array(bytes / 8);
  for (let i = 0; i < src.length; i += 4096) src[i] = i; // touch every page
  copyAndCheck(src, dst);
  let t0 = now();
  copyAndCheck(src, dst);
  let ms = now() - t0;
  while (ms < 10 && bytes * 2 <= cap && now() - started < opts.budgetMs * 0.4) {
    bytes *= 2;
    src = new Float64Array(bytes / 8);
    dst = new Float64Array(bytes / 8);
    for (let i = 0; i < src.length; i += 4096) src[i] = i;
    copyAndCheck(src, dst);
    t0 = now();
    copyAndCheck(src, dst);
    ms = now() - t0;
  }
  let ok = true;
  const samples = await sampleUntil(started + opts.budgetMs, 3, 30, now, async () => {
    await yieldToEvents();
    const t = now();
    ok = copyAndCheck(src, dst) && ok;
    return (2 * bytes) / ((now() - t) / 1000) / 1e9;
  }, () => check(opts.signal));
  if (!ok) throw new Error('CPU memory copy produced wrong data');
  return toFigure('cpu-memory-bandwidth', 'CPU memory bandwidth', 'GB/s', samples, now() - started, `typed-array copy of ${Math.round(bytes / MiB)} MiB`);
}
