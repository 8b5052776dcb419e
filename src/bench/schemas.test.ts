/** Benchmark worker messages (issue 13): real suite results pass; wrong but plausible ones are refused, naming the field. */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { toFigure } from './stats';
import { benchmarkProgressSchema, checkedSuite, cpuWindowSchema, probeModelSchema, readBenchmarkMessage, suiteResultSchema } from './schemas';
import type { BenchmarkProgress } from './types';

const bandwidth = toFigure('gpu-bandwidth', 'GPU memory bandwidth', 'GB/s', [98.1, 101.4, 99.9], 812, 'copy 256 MiB, timestamp-query');
const cpu = toFigure('cpu-single', 'CPU single-thread', 'GFLOP/s', [3.2], 400, '1 thread');
const suite = {
  startedAt: 1_764_400_000_000, durationMs: 4210.5, figures: [bandwidth, cpu],
  skipped: [{ name: 'gpu-matmul-f16', reason: 'this GPU has no shader-f16' }], adapterDescription: 'SwiftShader', isFallbackAdapter: true,
};

function problem(value: unknown, schema: v.GenericSchema = suiteResultSchema, what = 'benchmark result'): string {
  try {
    readBenchmarkMessage(schema, value, what);
  } catch (err) {
    expect((err as Error).name).toBe('BenchmarkProtocolError');
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('benchmark messages: what the suite really sends passes', () => {
  it('a full result, one without a GPU, one with the largest GPU allocation', () => {
    expect(readBenchmarkMessage(suiteResultSchema, suite, 'benchmark result')).toEqual(suite);
    const noGpu = { ...suite, figures: [cpu], skipped: [{ name: 'gpu-bandwidth', reason: 'no WebGPU in this browser' }], adapterDescription: null, isFallbackAdapter: null };
    expect(readBenchmarkMessage(suiteResultSchema, noGpu, 'benchmark result')).toEqual(noGpu);
    expect(v.is(suiteResultSchema, { ...suite, largestGpuAllocationBytes: 536_870_912 })).toBe(true);
  });

  it('progress from 0 to 1 and CPU windows', () => {
    for (const p of [{ fraction: 0, step: 'Opening the GPU' }, { fraction: 0.42, step: 'CPU, one thread' }, { fraction: 1, step: 'Done' }]) expect(v.is(benchmarkProgressSchema, p)).toBe(true);
    expect(v.is(cpuWindowSchema, { iterations: 120_000, elapsedMs: 100.2 })).toBe(true);
  });
});

describe('benchmark messages: wrong but plausible input is refused, naming the field', () => {
  it.each([
    ['a median as a string', { ...suite, figures: [{ ...bandwidth, median: '99.9' }] }, 'figures[0].median: expected a number, got a string ("99.9")'],
    ['a negative speed', { ...suite, figures: [bandwidth, { ...cpu, median: -3.2, min: -3.2, max: -3.2 }] }, 'figures[1].median: expected a number ≥ 0, got -3.2'],
    ['NaN from an empty sample list', { ...suite, figures: [{ ...cpu, median: NaN, samples: [] }] }, 'figures[0].median: expected a number, got NaN'],
    ['an infinite bandwidth (a copy timed at 0 ms)', { ...suite, figures: [{ ...bandwidth, max: Infinity }] }, 'figures[0].max: expected a finite number, got Infinity'],
    ['a median outside its samples', { ...suite, figures: [{ ...bandwidth, median: 500 }] }, 'figures[0]: expected min ≤ median ≤ max, got an object'],
    ['an unknown benchmark', { ...suite, skipped: [{ name: 'npu', reason: 'x' }] }, 'skipped[0].name: expected "gpu-bandwidth" or'],
    ['a figure without its unit', { ...suite, figures: [{ ...bandwidth, unit: undefined }] }, 'figures[0].unit: missing'],
    ['figures as one object', { ...suite, figures: bandwidth }, 'figures: expected a list, got an object'],
    ['the adapter as true', { ...suite, adapterDescription: true }, 'adapterDescription: expected a string, got true'],
  ])('%s', (_what, value, words) => {
    const message = problem(value);
    expect(message).toContain(`The benchmark worker sent a malformed benchmark result (${words}`);
    expect(message).toContain('Run the benchmarks again');
  });

  it('an engine-probe model that is not a file, or an empty one', () => {
    expect(v.is(probeModelSchema, new Blob([new Uint8Array([0x47, 0x47, 0x55, 0x46])]))).toBe(true);
    expect(problem({ size: 4 }, probeModelSchema, 'probe model')).toContain('malformed probe model (expected a file, got an object)');
    expect(problem(new Blob([]), probeModelSchema, 'probe model')).toContain('(expected a model file, not an empty one, got an object)');
  });

  it('progress past 1, CPU windows with a fractional count', () => {
    expect(problem({ fraction: 1.2, step: 'x' }, benchmarkProgressSchema, 'progress report')).toContain('malformed progress report (fraction: expected a number ≤ 1, got 1.2)');
    expect(problem({ iterations: 10.5, elapsedMs: 100 }, cpuWindowSchema, 'CPU thread result')).toContain('(iterations: expected a whole number, got 10.5)');
    expect(problem({ iterations: 10, elapsedMs: 0 }, cpuWindowSchema, 'CPU thread result')).toContain('(elapsedMs: expected a number > 0, got 0)');
  });
});

describe('checkedSuite: the client reads a run through it', () => {
  it('passes checked progress on and resolves with the checked result', async () => {
    const seen: BenchmarkProgress[] = [];
    const result = await checkedSuite(async (onProgress) => {
      onProgress({ fraction: 0, step: 'Starting' });
      onProgress({ fraction: 1, step: 'Done' });
      return suite;
    }, (p) => seen.push(p));
    expect(result).toEqual(suite);
    expect(seen.map((p) => p.step)).toEqual(['Starting', 'Done']);
    // A field the suite adds later passes through the check untouched.
    await expect(checkedSuite(async () => ({ ...suite, newFigure: 1 }), () => {})).resolves.toMatchObject({ newFigure: 1 });
  });

  it('a malformed progress report rejects at once; later reports are dropped', async () => {
    const seen: BenchmarkProgress[] = [];
    let finish!: (r: unknown) => void;
    const run = checkedSuite((onProgress) => {
      onProgress({ fraction: 0.1, step: 'GPU memory bandwidth' });
      onProgress({ fraction: '0.2', step: 'GPU matmul (f32)' });
      onProgress({ fraction: 0.3, step: 'later' });
      return new Promise((r) => (finish = r)); // the worker is still running
    }, (p) => seen.push(p));
    await expect(run).rejects.toThrow('The benchmark worker sent a malformed progress report (fraction: expected a number, got a string ("0.2"))');
    expect(seen.map((p) => p.step)).toEqual(['GPU memory bandwidth']);
    finish(suite);
  });

  it('a malformed result rejects with BenchmarkProtocolError; the run\'s own failure passes through as it is', async () => {
    await expect(checkedSuite(async () => ({ ...suite, durationMs: -1 }), () => {})).rejects.toMatchObject({ name: 'BenchmarkProtocolError', problem: 'durationMs: expected a number ≥ 0, got -1' });
    const cancelled = Object.assign(new Error('Benchmarks cancelled.'), { name: 'BenchmarkCancelledError' });
    await expect(checkedSuite(() => Promise.reject(cancelled), () => {})).rejects.toBe(cancelled);
  });
});
