/** Issue 11 item 5: the council's per-device split on the tier card says when a budget is assumed. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import TierCard from './TierCard.svelte';
import { hardware } from '../../hardware/hardware.svelte';
import { bench, machine } from '../../hardware/test-profiles';
import { GiB } from '../../capacity/formulas';
import type { ModelDescriptor } from '../../models/model';

const webllm = (id: string, gib: number): ModelDescriptor => ({
  id, engine: 'web-llm', label: id, paramsBillions: 1, bitsPerWeight: 4.5, weightBytes: gib * GiB * 0.9, vramRequiredMB: gib * 1024,
  contextLength: 4096, requiredFeatures: [], url: null, source: 'prebuilt',
});
const split = () => /data-testid="council-split">([^<]*)</.exec(render(TierCard).body)?.[1];

describe('TierCard: the council split', () => {
  it('says "VRAM assumed" beside a GPU budget from the tier assumption, nothing once VRAM is entered', () => {
    hardware.profile = machine({ cores: 8, memGB: 4, gpu: {} });
    hardware.benchmarks = bench({ gpuGBps: 200, gflops: 1000 });
    hardware.models = [webllm('a', 1), webllm('b', 1.2)];
    hardware.vramGB = null;
    expect(split()).toBe('Placed on Acme GPU (high-performance): b, a — 2.2 GB of 3.4 GB (65 %), VRAM assumed.');
    hardware.vramGB = 8;
    expect(split()).toBe('Placed on Acme GPU (high-performance): b, a — 2.2 GB of 6.8 GB (32 %).');
    hardware.vramGB = null;
  });
});

describe('TierCard: RAM the browser does not report', () => {
  it('RAM unknown (no Device Memory API) on a CPU-only machine: a small model is planned on assumed RAM, and the split says so; too large a model is not', () => {
    const council = () => /data-testid="recommended-council">([^<]*)</.exec(render(TierCard).body)?.[1];
    hardware.profile = machine({ cores: 8, memGB: null, gpu: null });
    hardware.models = [{ ...webllm('g', 0.5), engine: 'wllama', vramRequiredMB: null }];
    hardware.benchmarks = bench({ cpuGBps: 20, cpuGflops: 100 });
    expect(council()).toMatch(/^g/);
    expect(split()).toMatch(/RAM assumed\.$/);
    hardware.profile = machine({ cores: 8, memGB: 4, gpu: null });
    hardware.models = [{ ...webllm('big', 8), engine: 'wllama', vramRequiredMB: null }];
    expect(council()).toBe('No model fits this machine: add a smaller model or a remote server.');
  });
});
