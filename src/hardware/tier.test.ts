import { describe, expect, it } from 'vitest';
import { bandScore, classifyTier, tierOfScore, TIER_WEIGHTS } from './tier';
import { bench, machine } from './test-profiles';

describe('tierOfScore (Low ≤ 40, Mid ≤ 75, High ≥ 76)', () => {
  it('puts the boundaries where SPEC §2 says', () => {
    expect([0, 40, 41, 75, 76, 100].map(tierOfScore)).toEqual(['low', 'low', 'mid', 'mid', 'high', 'high']);
  });
});

describe('bandScore', () => {
  it('maps the seed boundaries onto the tier boundaries (cores: Low < 6, Mid 6–12, High > 12)', () => {
    expect(bandScore(5, 6, 12, 32)).toBe(34); // floor(41 × 5 / 6)
    expect(bandScore(6, 6, 12, 32)).toBe(41);
    expect(bandScore(9, 6, 12, 32)).toBe(58); // 41 + 34 × 3/6
    expect(bandScore(12, 6, 12, 32)).toBe(75);
    expect(bandScore(13, 6, 12, 32)).toBe(77); // 76 + 24 × 1/20 = 77.2
    expect(bandScore(64, 6, 12, 32)).toBe(100);
    expect(bandScore(0, 6, 12, 32)).toBe(0);
    expect(bandScore(5.99, 6, 12, 32)).toBeLessThanOrEqual(40);
  });
});

describe('classifyTier', () => {
  it('weights sum to 1', () => {
    expect(Object.values(TIER_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('CPU-only, 4 cores, 8 GB → Low, with reasons for every component', () => {
    const r = classifyTier(machine({ cores: 4, memGB: 8, gpu: null }));
    expect(r.tier).toBe('low');
    // 0.30·27 + 0.25·27 + 0.35·0 + 0.10·(41 + 34·40/90 = 56) = 8.1 + 6.75 + 5.6 = 20.45 → 20
    expect(r.score).toBe(20);
    expect(r.components.map((c) => c.name)).toEqual(['cpu', 'memory', 'gpu', 'storage']);
    expect(r.components.find((c) => c.name === 'cpu')!.reason).toContain('4 CPU cores');
    expect(r.components.find((c) => c.name === 'memory')!.reason).toContain('≥ 8 GB');
    expect(r.components.find((c) => c.name === 'gpu')!.reason).toMatch(/No GPU/);
  });

  it('a fallback adapter (SwiftShader) never raises the tier, even with a fast benchmark', () => {
    const base = machine({ cores: 4, memGB: 8, gpu: null });
    const swift = machine({ cores: 4, memGB: 8, gpu: { isFallbackAdapter: true, description: 'SwiftShader' } });
    const withBench = classifyTier(swift, bench({ gpuGBps: 3000, fallback: true }));
    expect(withBench.score).toBe(classifyTier(base).score);
    expect(withBench.components.find((c) => c.name === 'gpu')!.score).toBe(0);
    expect(withBench.components.find((c) => c.name === 'gpu')!.reason).toMatch(/software GPU/);
  });

  it('a SwiftShader adapter not flagged as fallback is still recognised by its name', () => {
    // detect.ts marks it; the classifier trusts isFallbackAdapter.
    const swift = machine({ gpu: { isFallbackAdapter: true } });
    expect(classifyTier(swift).components[2].score).toBe(0);
  });

  it('every component at the Mid lower boundary (6 cores, 12 GB, 100 GB/s, 10 GB) → score 41, Mid', () => {
    const r = classifyTier(machine({ cores: 6, memGB: 12, quotaGB: 10, gpu: {} }), bench({ gpuGBps: 100 }));
    expect(r.components.map((c) => c.score)).toEqual([41, 41, 41, 41]);
    expect(r.score).toBe(41);
    expect(r.tier).toBe('mid');
  });

  it('just below the Mid boundary everywhere (5 cores, 11 GB, 99 GB/s, 9 GB) → Low', () => {
    const r = classifyTier(machine({ cores: 5, memGB: 11, quotaGB: 9, gpu: {} }), bench({ gpuGBps: 99 }));
    expect(r.components.every((c) => c.score <= 40)).toBe(true);
    expect(r.tier).toBe('low');
  });

  it('at the High boundary (12 cores, 24 GB, 400 GB/s, 100 GB) → 75, Mid; just above → High', () => {
    const top = classifyTier(machine({ cores: 12, memGB: 24, quotaGB: 100, gpu: {} }), bench({ gpuGBps: 400 }));
    expect(top.score).toBe(75);
    expect(top.tier).toBe('mid');
    const above = classifyTier(machine({ cores: 13, memGB: 25, quotaGB: 101, gpu: {} }), bench({ gpuGBps: 401 }));
    expect(above.components.every((c) => c.score >= 76)).toBe(true);
    expect(above.tier).toBe('high');
  });

  it('a real GPU not yet benchmarked counts as entry-level Mid (41) and says so', () => {
    const c = classifyTier(machine({ gpu: {} })).components.find((x) => x.name === 'gpu')!;
    expect(c.score).toBe(41);
    expect(c.reason).toMatch(/not benchmarked/);
  });

  it('a strong CPU-only machine cannot reach High: the GPU weight is missing', () => {
    const r = classifyTier(machine({ cores: 64, memGB: 128, quotaGB: 1000, gpu: null }));
    expect(r.score).toBe(65); // 30 + 25 + 0 + 10
    expect(r.tier).toBe('mid');
  });

  it('unknown RAM (no Device Memory API) is assumed small', () => {
    const c = classifyTier(machine({ memGB: null })).components.find((x) => x.name === 'memory')!;
    expect(c.score).toBe(20);
    expect(c.reason).toMatch(/unknown/);
  });
});
