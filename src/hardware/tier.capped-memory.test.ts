/**
 * Issue 11 item 5: browsers cap navigator.deviceMemory (at 8 in most), so a capped figure means
 * "at least 8 GB". It must never on its own keep a machine below High, nor lift a weak one.
 */
import { describe, expect, it } from 'vitest';
import { atLeastMemory, classifyTier, memoryComponent, tierOfScore } from './tier';
import { bench, machine } from './test-profiles';
import type { TierComponent } from './tier-types';

const mem = (r: ReturnType<typeof classifyTier>) => r.components.find((c) => c.name === 'memory')!;

describe('a capped deviceMemory counts as "at least"', () => {
  // 16 cores → 81, 500 GB/s → 78 (77.5 rounds up), 200 GB storage → 82: High everywhere but RAM.
  const strong = { cores: 16, quotaGB: 200, gpu: {} };
  const fast = bench({ gpuGBps: 500 });

  it('a machine whose only shortfall is a capped 8 GB is High', () => {
    const r = classifyTier(machine({ ...strong, memGB: 8 }), fast);
    // rest = (0.30·81 + 0.35·78 + 0.10·82) / 0.75 = 79.7 → 80; total 59.8 + 0.25·80 = 79.8 → 80
    expect(mem(r).score).toBe(80);
    expect(r.score).toBe(80);
    expect(r.tier).toBe('high');
    expect(mem(r).reason).toBe('≥ 8 GB RAM (a lower bound: browsers cap this figure): the true amount is hidden, so it counts as much as the rest of the machine');
  });

  it('the same machine with a true (uncapped) 8 GB stays Mid, and says what High needs', () => {
    const r = classifyTier(machine({ ...strong, memGB: 8, capped: false }), fast);
    // 59.8 + 0.25·27 = 66.55 → 67
    expect(mem(r).score).toBe(27);
    expect(r.score).toBe(67);
    expect(r.tier).toBe('mid');
    expect(mem(r).reason).toBe('8 GB RAM — Mid needs 12 GB');
  });

  it('at the High boundary the other components decide: 76 → High, 75 → Mid', () => {
    // 13 cores 77, 401 GB/s 76, 101 GB 76: rest 76.4 → 76, total 76.3 → 76
    const above = classifyTier(machine({ cores: 13, memGB: 8, quotaGB: 101, gpu: {} }), bench({ gpuGBps: 401 }));
    expect([mem(above).score, above.score, above.tier]).toEqual([76, 76, 'high']);
    // 12 cores, 400 GB/s, 100 GB: 75 each → RAM 75, total 75: Mid because of them, not of RAM
    const below = classifyTier(machine({ cores: 12, memGB: 8, quotaGB: 100, gpu: {} }), bench({ gpuGBps: 400 }));
    expect([mem(below).score, below.score, below.tier]).toEqual([75, 75, 'mid']);
  });

  it('does not lift a weak machine: a capped figure keeps its own score when the rest is lower', () => {
    const r = classifyTier(machine({ cores: 4, memGB: 8, gpu: null }));
    expect(mem(r).score).toBe(27);
    expect(mem(r).reason).toBe('≥ 8 GB RAM (a lower bound: browsers cap this figure) — Mid needs 12 GB');
    expect(r.tier).toBe('low');
  });

  it('never changes the tier the other components give, except upwards when RAM itself scores more', () => {
    for (const cores of [2, 6, 12, 13, 32])
      for (const gpuGBps of [undefined, 99, 400, 401, 2000])
        for (const quotaGB of [9, 100, 101, 500]) {
          const p = machine({ cores, memGB: 8, quotaGB, gpu: gpuGBps === undefined ? null : {} });
          const r = classifyTier(p, bench({ gpuGBps }));
          const others = r.components.filter((c) => c.name !== 'memory');
          const rest = others.reduce((s, c) => s + c.weight * c.score, 0) / 0.75;
          const order = { low: 0, mid: 1, high: 2 };
          expect(order[r.tier]).toBeGreaterThanOrEqual(order[tierOfScore(rest)]);
          expect(mem(r).score).toBeGreaterThanOrEqual(memoryComponent(p).score);
        }
  });

  it('unknown RAM is not a capped figure: it stays assumed small', () => {
    const r = classifyTier(machine({ ...strong, memGB: null }), fast);
    expect(mem(r).score).toBe(20);
    expect(mem(r).reason).toMatch(/assumed small/);
  });
});

describe('atLeastMemory', () => {
  const memory: TierComponent = { name: 'memory', weight: 0.25, score: 27, reason: '≥ 8 GB RAM (a lower bound: browsers cap this figure) — Mid needs 12 GB' };
  const cpu = (score: number, weight = 0.3): TierComponent => ({ name: 'cpu', weight, score, reason: '' });

  it('leaves an uncapped figure alone, however strong the rest', () => {
    expect(atLeastMemory(memory, [cpu(100)], false)).toBe(memory);
  });

  it('raises a capped figure to the weighted mean of the rest, one point either side', () => {
    expect(atLeastMemory(memory, [cpu(28)], true).score).toBe(28);
    expect(atLeastMemory(memory, [cpu(27)], true)).toBe(memory);
    expect(atLeastMemory(memory, [cpu(26)], true)).toBe(memory);
    // weighted: (0.3·100 + 0.1·0) / 0.4 = 75
    expect(atLeastMemory(memory, [cpu(100), { ...cpu(0), weight: 0.1, name: 'storage' }], true).score).toBe(75);
  });

  it('with nothing else to compare (no weight) keeps the figure', () => {
    expect(atLeastMemory(memory, [], true)).toBe(memory);
    expect(atLeastMemory(memory, [cpu(100, 0)], true)).toBe(memory);
  });
});
