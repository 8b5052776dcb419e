/**
 * The seed's tier boundaries (SPEC §3.1, §2) on both sides, and the reasons the person reads:
 * each number one step either side of a boundary lands where the seed says, and the reason names
 * what the next tier needs (mutation testing, issue 15).
 */
import { describe, expect, it } from 'vitest';
import { bandScore, classifyTier, cpuComponent, gpuComponent, memoryComponent, storageComponent, tierOfScore, UNMEASURED_GPU_SCORE } from './tier';
import { bench, machine } from './test-profiles';

describe('tierOfScore rounds, then Low ≤ 40 < Mid ≤ 75 < High', () => {
  it.each([
    [40, 'low'], [40.49, 'low'], [40.5, 'mid'], [41, 'mid'],
    [75, 'mid'], [75.49, 'mid'], [75.5, 'high'], [76, 'high'], [-3, 'low'], [250, 'high'],
  ] as const)('%s → %s', (score, tier) => {
    expect(tierOfScore(score)).toBe(tier);
  });
});

describe('bandScore on both sides of each boundary', () => {
  it('nothing measured, negative or not a number scores 0', () => {
    expect(bandScore(0, 6, 12, 32)).toBe(0);
    expect(bandScore(-1, 6, 12, 32)).toBe(0);
    expect(bandScore(Number.NaN, 6, 12, 32)).toBe(0);
  });

  it('Low band: floor(41·x / midFrom), never above 40', () => {
    expect(bandScore(1, 6, 12, 32)).toBe(6); // floor(41/6 = 6.83)
    expect(bandScore(3, 6, 12, 32)).toBe(20); // floor(20.5)
    expect(bandScore(5.99, 6, 12, 32)).toBe(40); // floor(40.93)
    expect(bandScore(99, 100, 400, 2000)).toBe(40); // floor(40.59)
  });

  it('Mid band: 41 at midFrom, 75 at midTo, linear and rounded between', () => {
    expect(bandScore(6, 6, 12, 32)).toBe(41);
    expect(bandScore(7, 6, 12, 32)).toBe(47); // 41 + 34/6 = 46.67
    expect(bandScore(11, 6, 12, 32)).toBe(69); // 41 + 34·5/6 = 69.33
    expect(bandScore(12, 6, 12, 32)).toBe(75);
    expect(bandScore(250, 100, 400, 2000)).toBe(58); // 41 + 34·150/300
  });

  it('High band: 76 just above midTo, 100 at top, never more', () => {
    expect(bandScore(12.01, 6, 12, 32)).toBe(76);
    expect(bandScore(13, 6, 12, 32)).toBe(77); // 76 + 24/20 = 77.2
    expect(bandScore(22, 6, 12, 32)).toBe(88); // 76 + 24·10/20
    expect(bandScore(31, 6, 12, 32)).toBe(99); // 76 + 24·19/20 = 98.8
    expect(bandScore(32, 6, 12, 32)).toBe(100);
    expect(bandScore(33, 6, 12, 32)).toBe(100);
  });
});

const reason = (c: { reason: string }) => c.reason;

describe('CPU cores: Low < 6, Mid 6–12, High > 12', () => {
  it.each([
    [5, 34, '5 CPU cores — Mid needs 6'],
    [6, 41, '6 CPU cores — High needs more than 12'],
    [12, 75, '12 CPU cores — High needs more than 12'],
    [13, 77, '13 CPU cores'],
  ])('%i cores → %i', (cores, score, why) => {
    const c = cpuComponent(machine({ cores }));
    expect(c.score).toBe(score);
    expect(reason(c)).toBe(why);
    expect(c.weight).toBe(0.3);
  });

  it('unknown core count scores 0 and says so', () => {
    const c = cpuComponent(machine({ cores: null }));
    expect(c).toEqual({ name: 'cpu', weight: 0.3, score: 0, reason: 'CPU core count unknown' });
  });
});

describe('RAM: Low < 12 GB, Mid 12–24 GB, High > 24 GB', () => {
  it.each([
    [11, 37, '≥ 11 GB RAM (a lower bound: browsers cap this figure) — Mid needs 12 GB'],
    [12, 41, '≥ 12 GB RAM (a lower bound: browsers cap this figure) — High needs more than 24 GB'],
    [24, 75, '≥ 24 GB RAM (a lower bound: browsers cap this figure) — High needs more than 24 GB'],
    [25, 77, '≥ 25 GB RAM (a lower bound: browsers cap this figure)'], // 76 + 24/40 = 76.6
  ])('%i GB → %i', (memGB, score, why) => {
    const c = memoryComponent(machine({ memGB }));
    expect(c.score).toBe(score);
    expect(reason(c)).toBe(why);
    expect(c.weight).toBe(0.25);
  });

  it('an uncapped figure is not called a lower bound', () => {
    const c = memoryComponent({ ...machine({ memGB: 4 }), deviceMemoryCapped: false });
    expect(c.reason).toBe('4 GB RAM — Mid needs 12 GB');
  });
});

describe('GPU bandwidth: Low < 100 GB/s, Mid 100–400, High > 400', () => {
  it.each([
    [99, 40, 'Acme GPU: 99 GB/s memory bandwidth — Mid needs 100 GB/s'],
    [100, 41, 'Acme GPU: 100 GB/s memory bandwidth — High needs more than 400 GB/s'],
    [400, 75, 'Acme GPU: 400 GB/s memory bandwidth — High needs more than 400 GB/s'],
    [401, 76, 'Acme GPU: 401 GB/s memory bandwidth'],
    // Just past a boundary the figure keeps the decimal that tells which side it is on.
    [99.6, 40, 'Acme GPU: 99.6 GB/s memory bandwidth — Mid needs 100 GB/s'],
    [399.6, 75, 'Acme GPU: 399.6 GB/s memory bandwidth — High needs more than 400 GB/s'],
    [400.4, 76, 'Acme GPU: 400.4 GB/s memory bandwidth'],
    [400.04, 76, 'Acme GPU: 400.04 GB/s memory bandwidth'],
  ])('%s GB/s → %i', (gpuGBps, score, why) => {
    const c = gpuComponent(machine({ gpu: {} }), bench({ gpuGBps }));
    expect(c.score).toBe(score);
    expect(reason(c)).toBe(why);
    expect(c.weight).toBe(0.35);
  });

  it('a benchmark from a fallback adapter does not count; a missing flag does not make it one', () => {
    const real = machine({ gpu: {} });
    expect(gpuComponent(real, bench({ gpuGBps: 3000, fallback: true })).score).toBe(UNMEASURED_GPU_SCORE);
    const unflagged = { ...bench({ gpuGBps: 3000 }), isFallbackAdapter: undefined } as unknown as ReturnType<typeof bench>;
    expect(gpuComponent(real, unflagged).score).toBe(100);
    expect(gpuComponent(real, bench({})).score).toBe(UNMEASURED_GPU_SCORE);
    expect(gpuComponent(real, null).reason).toBe('Acme GPU: real GPU, not benchmarked yet (counted as entry-level Mid)');
  });

  it('names the GPU by its description, else vendor and architecture, else "GPU"', () => {
    const at = (gpu: object) => gpuComponent(machine({ gpu }), null).reason;
    expect(at({ description: '' })).toBe('acme rdna: real GPU, not benchmarked yet (counted as entry-level Mid)');
    expect(at({ description: '', architecture: '' })).toBe('acme: real GPU, not benchmarked yet (counted as entry-level Mid)');
    expect(at({ description: '', vendor: '', architecture: '' })).toBe('GPU: real GPU, not benchmarked yet (counted as entry-level Mid)');
  });

  it('no GPU and software GPUs score 0 and say why', () => {
    expect(gpuComponent(machine({ gpu: null }), null)).toEqual({ name: 'gpu', weight: 0.35, score: 0, reason: 'No GPU — this browser has no navigator.gpu' });
    const soft = (gpu: object) => gpuComponent(machine({ gpu: { isFallbackAdapter: true, ...gpu } }), bench({ gpuGBps: 500 }));
    expect(soft({ description: 'SwiftShader' }).reason).toBe('Only a software GPU (SwiftShader): counts as CPU-only');
    expect(soft({ description: '', vendor: 'google' }).reason).toBe('Only a software GPU (google): counts as CPU-only');
    expect(soft({ description: '', vendor: '' }).reason).toBe('Only a software GPU (fallback adapter): counts as CPU-only');
    expect(soft({}).score).toBe(0);
  });
});

describe('storage quota: Mid needs 10 GB, High more than 100 GB', () => {
  it.each([
    [9.5, 38, '9.5 GB storage available to the app — Mid needs 10 GB for models'], // floor(41·9.5/10)
    [10, 41, '10 GB storage available to the app'],
    [100, 75, '100 GB storage available to the app'],
    [101, 76, '101 GB storage available to the app'],
    [9.96, 40, '9.96 GB storage available to the app — Mid needs 10 GB for models'],
    [99.6, 75, '99.6 GB storage available to the app'],
    [100.4, 76, '100.4 GB storage available to the app'],
  ])('%s GB → %i', (quotaGB, score, why) => {
    const c = storageComponent(machine({ quotaGB }));
    expect(c.score).toBe(score);
    expect(reason(c)).toBe(why);
    expect(c.weight).toBe(0.1);
  });

  it('unknown quota scores 0', () => {
    expect(storageComponent(machine({ quotaGB: null }))).toEqual({ name: 'storage', weight: 0.1, score: 0, reason: 'Storage quota unknown' });
  });
});

describe('classifyTier: the weighted total', () => {
  it('sums weight × score and rounds (0.30·77 + 0.25·37 + 0.35·58 + 0.10·76 = 60.25 → 60, Mid)', () => {
    // An uncapped 11 GB: a capped figure would count as much as the rest (see the capped RAM tests).
    const r = classifyTier(machine({ cores: 13, memGB: 11, capped: false, quotaGB: 101, gpu: {} }), bench({ gpuGBps: 250 }));
    expect(r.components.map((c) => c.score)).toEqual([77, 37, 58, 76]);
    expect(r.score).toBe(60);
    expect(r.tier).toBe('mid');
  });

  it('CPU-only: 5 cores, 16 GB, 100 GB → 31, Low; everything at the top but no GPU → 65, Mid', () => {
    // 5 cores 34, 16 GB (41 + 34·4/12 = 52.3 → 52), no GPU, 100 GB storage 75: 10.2 + 13 + 0 + 7.5 = 30.7 → 31
    const low = classifyTier(machine({ cores: 5, memGB: 16, quotaGB: 100, gpu: null }));
    expect(low.score).toBe(31);
    expect(low.tier).toBe('low');
    // 32 cores (100), 64 GB (100), no GPU, 500 GB (100): 30 + 25 + 0 + 10 = 65 → Mid
    expect(classifyTier(machine({ cores: 32, memGB: 64, quotaGB: 500, gpu: null })).score).toBe(65);
  });

  it('the bench defaults to none', () => {
    expect(classifyTier(machine({ gpu: {} })).components[2].score).toBe(UNMEASURED_GPU_SCORE);
  });
});
