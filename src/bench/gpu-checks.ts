import { benchMatrix, cpuMatmulEntry, measureCopyBandwidth, measureMatmul, runCopy, runMatmul, type MatmulKernel, type Precision } from './gpu-bench';
import type { BenchmarkFigure } from './types';

/**
 * Correctness checks of the GPU kernels on any device, returning plain data for the unit test to
 * assert on (the test runs them in a separate Node process: Dawn/SwiftShader crashes inside
 * vitest's worker processes, but runs in a plain `node`).
 */
export interface GpuCheckReport {
  adapter: string;
  features: string[];
  copy: { length: number; mismatches: number }[];
  matmul: { precision: Precision; kernel: MatmulKernel; n: number; maxAbsError: number }[];
  f16Skipped: string | null;
  bandwidth: BenchmarkFigure;
  /** GPU memory the bandwidth benchmark reported holding once verified; null when it reported none. */
  bandwidthAllocated: number | null;
  matmulF32: BenchmarkFigure;
  cancelledWith: string | null;
  /** What a cancelled run reported holding: nothing, it was never verified. */
  cancelledAllocated: number | null;
}

function maxMatmulError(a: Float32Array, b: Float32Array, c: Float32Array, n: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(c[i * n + j] - cpuMatmulEntry(a, b, n, i, j)));
  return worst;
}

export async function runGpuChecks(device: GPUDevice, adapter: string): Promise<GpuCheckReport> {
  const copy = [];
  for (const length of [4, 1024 * 4 + 4, 300_000 * 4]) {
    const data = Float32Array.from({ length }, (_, i) => Math.sin(i) * 1000);
    const out = await runCopy(device, data);
    let mismatches = Math.abs(out.length - length);
    for (let i = 0; i < Math.min(length, out.length); i++) if (out[i] !== data[i]) mismatches++;
    copy.push({ length, mismatches });
  }
  const matmul = [];
  const precisions: Precision[] = device.features.has('shader-f16') ? ['f32', 'f16'] : ['f32'];
  for (const precision of precisions)
    for (const kernel of ['naive', 'tiled'] as const)
      for (const n of [1, 17, 64, 100]) {
        const a = benchMatrix(n, 3 + n);
        const b = benchMatrix(n, 4 + n);
        matmul.push({ precision, kernel, n, maxAbsError: maxMatmulError(a, b, await runMatmul(device, a, b, n, precision, kernel), n) });
      }
  let bandwidthAllocated: number | null = null;
  const bandwidth = await measureCopyBandwidth(device, { budgetMs: 300, maxBytes: 16 * 1024 * 1024, onAllocated: (b) => (bandwidthAllocated = b) });
  const matmulF32 = await measureMatmul(device, 'f32', { budgetMs: 300, kernel: 'naive' });
  let cancelledWith: string | null = null;
  const ac = new AbortController();
  ac.abort();
  let cancelledAllocated: number | null = null;
  await measureCopyBandwidth(device, { budgetMs: 300, signal: ac.signal, maxBytes: 64 * 1024 * 1024, onAllocated: (b) => (cancelledAllocated = b) }).catch((e: Error) => (cancelledWith = e.name));
  return {
    adapter,
    features: [...device.features].sort(),
    copy,
    matmul,
    f16Skipped: precisions.includes('f16') ? null : 'adapter has no shader-f16 (SwiftShader): f16 kernel not testable here',
    bandwidth,
    bandwidthAllocated,
    matmulF32,
    cancelledWith,
    cancelledAllocated,
  };
}
