import { describe, expect, it } from 'vitest';
import { copyAndCheck, flopLoop, flopLoopFor, measureCpuMemoryBandwidth, measureCpuMulti, measureCpuSingle, type CpuThread } from './cpu-bench';
import { toFigure } from './stats';
import { runSuite } from './suite';

describe('CPU benchmark kernels', () => {
  it('flopLoop converges (no overflow) and depends on the iteration count', () => {
    expect(flopLoop(0)).toBeCloseTo(1.0, 10);
    const v = flopLoop(1_000_000);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeCloseTo(4, 3); // every chain converges to b / (1 − a) = 1
    expect(flopLoopFor(5).iterations).toBeGreaterThan(0);
  });

  it('copyAndCheck copies exactly', () => {
    const src = Float64Array.from({ length: 1000 }, (_, i) => i * 1.5);
    const dst = new Float64Array(1000);
    expect(copyAndCheck(src, dst)).toBe(true);
    expect(dst).toEqual(src);
  });

  it('toFigure: median, min, max and relative spread', () => {
    const f = toFigure('cpu-single', 'x', 'GFLOP/s', [2, 1, 4], 10, '');
    expect([f.median, f.min, f.max]).toEqual([2, 1, 4]);
    expect(f.relativeSpread).toBeCloseTo(1.5, 10);
  });
});

describe('CPU benchmarks (figures, not speed)', () => {
  it('single-thread and memory bandwidth give ≥ 3 positive samples', async () => {
    const single = await measureCpuSingle({ budgetMs: 150 });
    expect(single.samples.length).toBeGreaterThanOrEqual(3);
    expect(single.median).toBeGreaterThan(0);
    const mem = await measureCpuMemoryBandwidth({ budgetMs: 150, maxBytes: 32 * 1024 * 1024 });
    expect(mem.unit).toBe('GB/s');
    expect(mem.median).toBeGreaterThan(0);
  });

  it('multi-thread sums the threads and closes them', async () => {
    let closed = 0;
    const spawn = (): CpuThread => ({ runFor: async (ms) => flopLoopFor(ms), close: () => void closed++ });
    const f = await measureCpuMulti(spawn, 2, { budgetMs: 150 });
    expect(f.median).toBeGreaterThan(0);
    expect(closed).toBe(2);
  });

  it('a thread that sends a malformed window fails the figure in words, and the threads are still closed', async () => {
    let closed = 0;
    const spawn = (): CpuThread => ({ runFor: async (ms) => ({ iterations: `${flopLoopFor(ms).iterations}`, elapsedMs: ms }) as never, close: () => void closed++ });
    await expect(measureCpuMulti(spawn, 2, { budgetMs: 100 })).rejects.toMatchObject({
      name: 'BenchmarkProtocolError',
      message: expect.stringContaining('The benchmark worker sent a malformed CPU thread result (iterations: expected a number, got a string ('),
    });
    expect(closed).toBe(2);
  });

  it('the suite without WebGPU skips the GPU figures with the reason and measures the CPU', async () => {
    const steps: string[] = [];
    const r = await runSuite({ cores: 1 }, { budgets: { 'cpu-single': 100, 'cpu-memory-bandwidth': 100 }, only: ['gpu-bandwidth', 'cpu-single', 'cpu-multi', 'cpu-memory-bandwidth'] }, (p) => steps.push(p.step));
    expect(r.figures.map((f) => f.name)).toEqual(['cpu-single', 'cpu-memory-bandwidth']);
    expect(r.skipped).toEqual([
      { name: 'gpu-bandwidth', reason: 'no WebGPU in this browser' },
      { name: 'cpu-multi', reason: 'no worker threads here' },
    ]);
    expect(steps.at(-1)).toBe('Done');
  });

  it('an aborted suite rejects with BenchmarkCancelledError', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(runSuite({ cores: 1 }, { only: ['cpu-single'] }, () => {}, ac.signal)).rejects.toMatchObject({ name: 'BenchmarkCancelledError' });
  });
});
