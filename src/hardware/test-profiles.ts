import type { BenchmarkSuiteResult } from '../bench/types';
import type { GpuFacts, HardwareProfile } from './profile';

/** Profiles of imagined machines for the classifier and planner tests. */
/** `capped` defaults to what detect.ts decides (≥ 8 GB is the browsers' cap); set it to model a browser that reports more. */
export function machine(o: { cores?: number | null; memGB?: number | null; capped?: boolean; quotaGB?: number | null; gpu?: Partial<GpuFacts> | null } = {}): HardwareProfile {
  const gpu: GpuFacts | null =
    o.gpu === null || o.gpu === undefined
      ? null
      : {
          vendor: 'acme',
          architecture: 'rdna',
          device: '',
          description: 'Acme GPU',
          isFallbackAdapter: false,
          features: ['shader-f16', 'timestamp-query'],
          limits: { maxBufferSize: 4 * 2 ** 30, maxStorageBufferBindingSize: 2 * 2 ** 30 },
          ...o.gpu,
        };
  const mem = o.memGB === undefined ? 8 : o.memGB;
  return {
    detectedAt: 0,
    detectionMs: 1,
    webgpu: gpu ? 'available' : 'no-api',
    webgpuNote: gpu ? 'WebGPU available' : 'no WebGPU: this browser has no navigator.gpu',
    gpu,
    cpuCores: o.cores === undefined ? 4 : o.cores,
    deviceMemoryGB: mem,
    deviceMemoryCapped: o.capped ?? (mem !== null && mem >= 8),
    storage: { quotaBytes: o.quotaGB === undefined ? 50e9 : o.quotaGB === null ? null : o.quotaGB * 1e9, usageBytes: 0, persisted: false },
    userAgent: { brands: [], platform: null, mobile: null, userAgent: 'test' },
    crossOriginIsolated: true,
  };
}

export function bench(o: { gpuGBps?: number; cpuGBps?: number; gflops?: number; cpuGflops?: number; fallback?: boolean } = {}): BenchmarkSuiteResult {
  const fig = (name: BenchmarkSuiteResult['figures'][number]['name'], unit: 'GB/s' | 'GFLOP/s', v: number) => ({
    name, label: name, unit, median: v, min: v, max: v, relativeSpread: 0, samples: [v], durationMs: 1, detail: '',
  });
  const figures = [];
  if (o.gpuGBps !== undefined) figures.push(fig('gpu-bandwidth', 'GB/s', o.gpuGBps));
  if (o.gflops !== undefined) figures.push(fig('gpu-matmul-f32', 'GFLOP/s', o.gflops));
  if (o.cpuGBps !== undefined) figures.push(fig('cpu-memory-bandwidth', 'GB/s', o.cpuGBps));
  if (o.cpuGflops !== undefined) figures.push(fig('cpu-multi', 'GFLOP/s', o.cpuGflops));
  return { startedAt: 0, durationMs: 1, figures, skipped: [], adapterDescription: 'x', isFallbackAdapter: o.fallback ?? false };
}
