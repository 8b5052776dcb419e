import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { f16BitsToF32, f32ToF16Bits } from './gpu-bench';
import type { GpuCheckReport } from './gpu-checks';

// Dawn (SwiftShader) aborts inside vitest's worker processes, so the kernels run in a plain
// `node` child: the checks are bundled with rolldown (Vite's bundler) and their report asserted here.
let report: GpuCheckReport | null = null;
let skipReason = '';

beforeAll(async () => {
  const { build } = await import('rolldown');
  // Inside the project so the bundle resolves the `webgpu` package from node_modules.
  const dir = join(import.meta.dirname, '../../node_modules/.cache/wf-gpu-checks');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'gpu-checks.mjs');
  await build({ input: join(import.meta.dirname, 'gpu-checks.node.ts'), platform: 'node', external: ['webgpu'], output: { file, format: 'esm' }, logLevel: 'silent' });
  const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 90_000, cwd: process.cwd() });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  const parsed = line.startsWith('{') ? JSON.parse(line) : { skipped: `GPU check process failed (${run.status ?? run.signal}): ${run.stderr.slice(-400)}` };
  if ('skipped' in parsed) {
    skipReason = parsed.skipped;
    console.warn(`SKIPPING GPU kernel tests: ${skipReason}`);
  } else report = parsed;
}, 120_000);

describe('f16 conversion', () => {
  it('round-trips the benchmark values exactly', () => {
    for (const x of [0, 0.25, -0.75, 1, -1, 127.5, 0.0625]) expect(f16BitsToF32(f32ToF16Bits(x))).toBe(x);
  });
});

describe('GPU kernels (WebGPU in Node)', () => {
  it('copy kernel output equals its input, also for sizes that are not a multiple of the workgroup', (ctx) => {
    if (!report) return ctx.skip(skipReason);
    expect(report.copy.map((c) => c.length)).toEqual([4, 4100, 1_200_000]);
    for (const c of report.copy) expect(c.mismatches).toBe(0);
  });

  it('f32 matmul (naive and tiled kernels) equals the CPU result, also for n that is not a multiple of the tile', (ctx) => {
    if (!report) return ctx.skip(skipReason);
    const f32 = report.matmul.filter((m) => m.precision === 'f32');
    expect(f32.map((m) => `${m.kernel}:${m.n}`)).toEqual(['naive:1', 'naive:17', 'naive:64', 'naive:100', 'tiled:1', 'tiled:17', 'tiled:64', 'tiled:100']);
    for (const m of f32) expect(m.maxAbsError).toBeLessThan(1e-4);
  });

  it('f16 matmul equals the CPU result when the adapter has shader-f16', (ctx) => {
    if (!report) return ctx.skip(skipReason);
    if (report.f16Skipped) return ctx.skip(report.f16Skipped);
    for (const m of report.matmul.filter((x) => x.precision === 'f16')) expect(m.maxAbsError).toBeLessThan(0.5);
  });

  it('the timed benchmarks return verified figures: median within [min, max], ≥ 3 samples', (ctx) => {
    if (!report) return ctx.skip(skipReason);
    for (const f of [report.bandwidth, report.matmulF32]) {
      expect(f.samples.length).toBeGreaterThanOrEqual(3);
      expect(f.median).toBeGreaterThan(0);
      expect(f.min).toBeLessThanOrEqual(f.median);
      expect(f.max).toBeGreaterThanOrEqual(f.median);
    }
    expect(report.bandwidth.unit).toBe('GB/s');
    expect(report.matmulF32.unit).toBe('GFLOP/s');
  });

  it('an aborted signal stops a benchmark with BenchmarkCancelledError', (ctx) => {
    if (!report) return ctx.skip(skipReason);
    expect(report.cancelledWith).toBe('BenchmarkCancelledError');
  });

  it('reports the GPU memory it held once verified (both copy buffers), and none when cancelled', (ctx) => {
    if (!report) return ctx.skip(skipReason);
    const mib = Number(/copy kernel, (\d+) MiB/.exec(report.bandwidth.detail)?.[1]);
    expect(report.bandwidthAllocated).toBe(2 * mib * 2 ** 20);
    expect(report.bandwidthAllocated).toBeLessThanOrEqual(2 * 16 * 2 ** 20);
    expect(report.cancelledAllocated).toBeNull();
  });
});
