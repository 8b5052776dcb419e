import { adapterFacts } from '../hardware/detect';
import { measureCpuMemoryBandwidth, measureCpuMulti, measureCpuSingle, type CpuThread } from './cpu-bench';
import { BenchmarkCancelledError } from './errors';
import { measureCopyBandwidth, measureMatmul } from './gpu-bench';
import type { BenchmarkFigure, BenchmarkName, BenchmarkProgress, BenchmarkSkip, BenchmarkSuiteResult } from './types';

/**
 * The Benchmark Collector's suite (SPEC §2): GPU bandwidth and matmul, CPU single/multi-thread and
 * memory bandwidth, each time-boxed so the whole suite stays within ~5 s. No DOM: it runs in the
 * benchmark worker and in Node.
 */

/** Wall-time budget per benchmark (ms); together ≤ 5 s with device creation and compilation. */
export const DEFAULT_BUDGETS: Record<BenchmarkName, number> = {
  'gpu-bandwidth': 800,
  'gpu-matmul-f32': 700,
  'gpu-matmul-f16': 500,
  'cpu-single': 400,
  'cpu-multi': 600,
  'cpu-memory-bandwidth': 500,
};

export interface SuiteOptions {
  budgets?: Partial<Record<BenchmarkName, number>>;
  /** Run only these (default: all). */
  only?: BenchmarkName[];
  /** Run the engine probe after the micro-benchmarks (default true; the browser client runs it). */
  engineProbe?: boolean;
}

export interface SuiteEnv {
  gpu?: GPU;
  cores: number;
  /** Creates one CPU thread for the multi-thread benchmark; absent → multi-thread is skipped. */
  spawnCpuThread?: () => CpuThread;
}

const ORDER: BenchmarkName[] = ['gpu-bandwidth', 'gpu-matmul-f32', 'gpu-matmul-f16', 'cpu-single', 'cpu-multi', 'cpu-memory-bandwidth'];
const STEP_LABEL: Record<BenchmarkName, string> = {
  'gpu-bandwidth': 'GPU memory bandwidth',
  'gpu-matmul-f32': 'GPU matmul (f32)',
  'gpu-matmul-f16': 'GPU matmul (f16)',
  'cpu-single': 'CPU, one thread',
  'cpu-multi': 'CPU, all threads',
  'cpu-memory-bandwidth': 'CPU memory bandwidth',
};

async function openDevice(gpu: GPU | undefined): Promise<{ device: GPUDevice | null; reason: string; description: string | null; fallback: boolean | null }> {
  if (!gpu) return { device: null, reason: 'no WebGPU in this browser', description: null, fallback: null };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return { device: null, reason: 'no WebGPU adapter', description: null, fallback: null };
  const facts = adapterFacts(adapter);
  const features = (['shader-f16', 'timestamp-query'] as GPUFeatureName[]).filter((f) => adapter.features.has(f));
  try {
    const device = await adapter.requestDevice({
      requiredFeatures: features,
      requiredLimits: { maxBufferSize: adapter.limits.maxBufferSize, maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize },
    });
    return { device, reason: '', description: facts.description || facts.vendor || 'WebGPU adapter', fallback: facts.isFallbackAdapter };
  } catch (err) {
    return { device: null, reason: `could not open the GPU (${(err as Error).message})`, description: facts.description, fallback: facts.isFallbackAdapter };
  }
}

export async function runSuite(env: SuiteEnv, options: SuiteOptions, onProgress: (p: BenchmarkProgress) => void, signal?: AbortSignal): Promise<BenchmarkSuiteResult> {
  const startedAt = Date.now();
  const t0 = performance.now();
  const budgets = { ...DEFAULT_BUDGETS, ...options.budgets };
  const wanted = ORDER.filter((n) => !options.only || options.only.includes(n));
  const total = wanted.reduce((s, n) => s + budgets[n], 0);
  let done = 0;
  const figures: BenchmarkFigure[] = [];
  const skipped: BenchmarkSkip[] = [];
  // Most GPU memory a verified benchmark held at once: a proven lower bound for VRAM (browsers hide it).
  let largestGpuAllocationBytes = 0;
  const needsGpu = wanted.some((n) => n.startsWith('gpu-'));
  onProgress({ fraction: 0, step: needsGpu ? 'Opening the GPU' : 'Starting' });
  const gpu = needsGpu ? await openDevice(env.gpu) : { device: null, reason: '', description: null, fallback: null };
  try {
    for (const name of wanted) {
      if (signal?.aborted) throw new BenchmarkCancelledError();
      onProgress({ fraction: done / total, step: STEP_LABEL[name] });
      const budgetMs = budgets[name];
      try {
        const fig = await runOne(name, budgetMs, env, gpu.device, gpu.fallback === true, signal);
        if ('reason' in fig) skipped.push(fig);
        else figures.push(fig);
      } catch (err) {
        if ((err as Error)?.name === 'BenchmarkCancelledError') throw err;
        skipped.push({ name, reason: `failed: ${(err as Error)?.message ?? err}` });
      }
      done += budgetMs;
    }
  } finally {
    gpu.device?.destroy();
  }
  onProgress({ fraction: 1, step: 'Done' });
  const allocated = largestGpuAllocationBytes > 0 ? { largestGpuAllocationBytes } : {};
  return { startedAt, durationMs: performance.now() - t0, figures, skipped, adapterDescription: gpu.description, isFallbackAdapter: gpu.fallback, ...allocated };

  async function runOne(name: BenchmarkName, budgetMs: number, env: SuiteEnv, device: GPUDevice | null, fallback: boolean, signal?: AbortSignal): Promise<BenchmarkFigure | BenchmarkSkip> {
    if (name.startsWith('gpu-') && !device) return { name, reason: gpu.reason };
    const kernel = fallback ? 'naive' : 'tiled';
    switch (name) {
      case 'gpu-bandwidth':
        // Software adapters pay per workgroup: fewer, longer grid-stride loops measure them fairly.
        return measureCopyBandwidth(device!, { budgetMs, signal, maxWorkgroups: fallback ? 64 : 4096, onAllocated: (b) => (largestGpuAllocationBytes = Math.max(largestGpuAllocationBytes, b)) });
      case 'gpu-matmul-f32':
        return measureMatmul(device!, 'f32', { budgetMs, signal, kernel });
      case 'gpu-matmul-f16':
        if (!device!.features.has('shader-f16')) return { name, reason: 'this GPU has no shader-f16' };
        return measureMatmul(device!, 'f16', { budgetMs, signal, kernel });
      case 'cpu-single':
        return measureCpuSingle({ budgetMs, signal });
      case 'cpu-multi':
        if (!env.spawnCpuThread) return { name, reason: 'no worker threads here' };
        return measureCpuMulti(env.spawnCpuThread, Math.max(1, env.cores), { budgetMs, signal });
      case 'cpu-memory-bandwidth':
        return measureCpuMemoryBandwidth({ budgetMs, signal });
    }
  }
}
