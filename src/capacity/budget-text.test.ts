import { describe, expect, it } from 'vitest';
import { cpuBudgetText, gbText, gpuBudgetText, vramStatusText } from './budget-text';
import { GiB } from './formulas';
import { gpuMemory } from './gpu-memory';

describe('budget texts say "assumed" wherever the figure is assumed', () => {
  it('GB in GiB, short', () => {
    expect([gbText(3.4 * GiB), gbText(4 * GiB), gbText(12 * GiB), gbText(0.5 * GiB), gbText(0.25 * GiB), gbText(10.8 * GiB)]).toEqual(['3.4', '4', '12', '0.5', '0.25', '11']);
  });

  it('assumed VRAM: names the assumption and asks for the real figure', () => {
    expect(gpuBudgetText(gpuMemory('mid', null, null), 3.4 * GiB, 'mid')).toBe('GPU budget 3.4 GB (assumed 4 GB VRAM for the mid tier — enter yours)');
  });

  it('assumed, with a smaller proven lower bound beside it', () => {
    expect(gpuBudgetText(gpuMemory('mid', null, 0.5 * GiB), 3.4 * GiB, 'mid')).toBe(
      'GPU budget 3.4 GB (assumed 4 GB VRAM for the mid tier, at least 0.5 GB proven by the benchmark — enter yours)',
    );
  });

  it('proven above the assumption', () => {
    expect(gpuBudgetText(gpuMemory('low', null, 3 * GiB), 2.4 * GiB, 'low')).toBe('GPU budget 2.4 GB (at least 3 GB proven by the benchmark; VRAM assumed no larger — enter yours)');
  });

  it('entered: no "assumed"', () => {
    const t = gpuBudgetText(gpuMemory('mid', 8, null), 6.8 * GiB, 'mid');
    expect(t).toBe('GPU budget 6.8 GB (your 8 GB VRAM)');
    expect(t).not.toMatch(/assumed/);
  });

  it('RAM: capped is assumed, a reported figure is not, unknown says so', () => {
    expect(cpuBudgetText(8, true, 3.2 * GiB)).toBe('CPU budget 3.2 GB (half of 8 GB RAM, assumed: browsers cap the figure they report, so the machine may have more)');
    // Recent Chromium reports up to 16 or 32 GB, still capped: no cap figure is named
    expect(cpuBudgetText(16, true, 6.4 * GiB)).toBe('CPU budget 6.4 GB (half of 16 GB RAM, assumed: browsers cap the figure they report, so the machine may have more)');
    expect(cpuBudgetText(4, false, 1.6 * GiB)).toBe('CPU budget 1.6 GB (half of 4 GB RAM)');
    expect(cpuBudgetText(null, false, 1.7 * GiB)).toBe('CPU budget 1.7 GB (half of 4 GB RAM, assumed: this browser does not report RAM)');
  });
});

describe('vramStatusText: what the VRAM entry says the plan uses', () => {
  it('assumed, with and without a proven lower bound', () => {
    expect(vramStatusText(gpuMemory('mid', null, null), 'mid', true)).toBe('Browsers hide VRAM: assumed 4 GB for the mid tier until you enter yours.');
    expect(vramStatusText(gpuMemory('low', null, 0.5 * GiB), 'low', true)).toBe(
      'Browsers hide VRAM: assumed 2 GB for the low tier until you enter yours. At least 0.5 GB proven by the benchmark.',
    );
  });

  it('proven above the assumption', () => {
    expect(vramStatusText(gpuMemory('low', null, 3 * GiB), 'low', true)).toBe('Browsers hide VRAM: using the 3 GB the benchmark proved until you enter yours.');
  });

  it('entered, on a real GPU and on a machine without one', () => {
    expect(vramStatusText(gpuMemory('mid', 8, null), 'mid', true)).toBe('Using your 8 GB for the GPU budget.');
    expect(vramStatusText(gpuMemory('mid', 8, null), 'mid', false)).toBe('Your 8 GB is stored; no usable GPU here, so the plan runs on the CPU.');
  });
});
