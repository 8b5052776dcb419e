import { describe, expect, it } from 'vitest';
import { bench } from '../hardware/test-profiles';
import { GiB, TIER_VRAM_BYTES } from './formulas';
import { assumedMemory, gpuMemory, provenVramBytes } from './gpu-memory';

describe('gpuMemory: entered, else max(assumed, proven)', () => {
  it('nothing entered or proven → the tier assumption', () => {
    expect(gpuMemory('mid', null, null)).toEqual({ bytes: 4 * GiB, source: 'assumed', assumedBytes: 4 * GiB, provenBytes: null });
    expect(gpuMemory('high', undefined, null).bytes).toBe(TIER_VRAM_BYTES.high);
    expect(gpuMemory('low', 0, null).source).toBe('assumed'); // 0 is not an entry
  });

  it('entered wins over both, smaller or larger than the assumption', () => {
    expect(gpuMemory('mid', 8, null)).toEqual({ bytes: 8 * GiB, source: 'entered', assumedBytes: 4 * GiB, provenBytes: null });
    expect(gpuMemory('high', 2, 6 * GiB)).toMatchObject({ bytes: 2 * GiB, source: 'entered', provenBytes: 6 * GiB });
  });

  it('a proven allocation raises the assumption only when larger (one byte either side)', () => {
    expect(gpuMemory('mid', null, 4 * GiB + 1)).toMatchObject({ bytes: 4 * GiB + 1, source: 'proven' });
    expect(gpuMemory('mid', null, 4 * GiB)).toMatchObject({ bytes: 4 * GiB, source: 'assumed', provenBytes: 4 * GiB });
    expect(gpuMemory('mid', null, 512 * 2 ** 20)).toMatchObject({ bytes: 4 * GiB, source: 'assumed', provenBytes: 512 * 2 ** 20 });
  });
});

describe('provenVramBytes', () => {
  it('reads the suite field from a real adapter only', () => {
    expect(provenVramBytes(null)).toBeNull();
    expect(provenVramBytes(bench({}))).toBeNull();
    expect(provenVramBytes({ ...bench({}), largestGpuAllocationBytes: 0 })).toBeNull();
    expect(provenVramBytes({ ...bench({}), largestGpuAllocationBytes: 5e8 })).toBe(5e8);
    expect(provenVramBytes({ ...bench({ fallback: true }), largestGpuAllocationBytes: 5e8 })).toBeNull();
  });
});

describe('assumedMemory: what a blocked load should say', () => {
  it('GPU: assumed or proven VRAM is an assumption, entered is not; CPU: only a capped RAM figure', () => {
    expect(assumedMemory(gpuMemory('mid', null, null), 'gpu', false)).toBe('VRAM');
    expect(assumedMemory(gpuMemory('mid', null, 8 * GiB), 'gpu', false)).toBe('VRAM');
    expect(assumedMemory(gpuMemory('mid', 8, null), 'gpu', true)).toBeNull();
    expect(assumedMemory(undefined, 'gpu', false)).toBeNull();
    expect(assumedMemory(gpuMemory('mid', null, null), 'cpu', true)).toBe('RAM');
    expect(assumedMemory(gpuMemory('mid', null, null), 'cpu', false)).toBeNull();
  });
});
