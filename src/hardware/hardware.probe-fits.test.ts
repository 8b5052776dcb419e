import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { EngineProbeResult } from '../capacity/engine-fit';
import { bench, machine } from './test-profiles';

// The app's start-up without a browser: this machine, no adapters, no models (the plan's rows are not what is tested).
const profile = machine({ cores: 2, memGB: 8, gpu: null });
vi.mock('./detect', () => ({ detectHardware: async () => profile }));
vi.mock('../resources/gpu-adapters', () => ({ findAdapters: async () => [] }));
vi.mock('../models/catalog', () => ({ loadCatalog: async () => [] }));

/** A stored probe the fits can read: two f32 sizes alone, a council of two. */
const probe: EngineProbeResult = {
  engine: 'wllama', device: 'cpu', threads: 1, durationMs: 40_000,
  decode: [1e6, 1e6, 5e7, 5e7].map((bytes, i) => ({ bytes, decodeTokensPerSecond: bytes === 1e6 ? 800 + i : 60 + i })),
  prefill: [],
  council: [{ members: 2, bytes: 5e7, decodeTokensPerSecond: 50, run: 0 }, { members: 2, bytes: 5e7, decodeTokensPerSecond: 48, run: 0 }],
};

async function storeRunWithProbe(): Promise<void> {
  const { saveBenchmarkRun, saveProfileIfChanged } = await import('./persist');
  const { id } = await saveProfileIfChanged(profile);
  await saveBenchmarkRun(id, { ...bench({ cpuGBps: 8 }), engineProbe: probe });
}

describe('hardware state: the probe fits load when a stored run has a probe (off the first load: issue 12)', () => {
  it('a stored probe is fitted at start-up, and its fit is in the plan', async () => {
    vi.resetModules();
    await storeRunWithProbe();
    const { hardware } = await import('./hardware.svelte');
    await hardware.init();
    expect(hardware.error).toBeNull();
    expect(hardware.engineProbe?.fit.decode.points.map((p) => p.bytes)).toEqual([1e6, 5e7]);
    expect(hardware.plan?.engineFit).toEqual(hardware.engineProbe?.fit);
  });

  it('fits that cannot load leave the bandwidth estimate in force and say so', async () => {
    vi.resetModules();
    vi.doMock('../capacity/fit-probe', () => {
      throw new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1/assets/fit-probe.js');
    });
    const { hardware } = await import('./hardware.svelte');
    await hardware.init();
    expect(hardware.benchmarks?.engineProbe).toBeDefined();
    expect(hardware.engineProbe).toBeNull();
    expect(hardware.error).toBe("Could not load the engine probe's fits; speeds are estimated from memory bandwidth instead. Reload the page to try again.");
    expect(hardware.plan).not.toBeNull();
    vi.doUnmock('../capacity/fit-probe');
  });

  it('a newer stored probe that cannot be fitted (one size) leaves the older probe in force', async () => {
    vi.resetModules();
    await storeRunWithProbe();
    const { saveBenchmarkRun, saveProfileIfChanged } = await import('./persist');
    const { id } = await saveProfileIfChanged(profile);
    const oneSize = { ...probe, decode: probe.decode.filter((d) => d.bytes === 5e7) };
    await saveBenchmarkRun(id, { ...bench({ cpuGBps: 8 }), startedAt: Date.now() + 60_000, engineProbe: oneSize });
    const { hardware } = await import('./hardware.svelte');
    await hardware.init();
    expect(hardware.benchmarks?.engineProbe?.decode).toEqual(oneSize.decode);
    expect(hardware.engineProbe?.fit.decode.points.map((p) => p.bytes)).toEqual([1e6, 5e7]);
  });

  it('a probe that replaced a worker keeps the count through the store, and the probe card says so in words', async () => {
    vi.resetModules();
    const { saveBenchmarkRun, saveProfileIfChanged } = await import('./persist');
    const { id } = await saveProfileIfChanged(profile);
    await saveBenchmarkRun(id, { ...bench({ cpuGBps: 8 }), startedAt: Date.now() + 120_000, engineProbe: { ...probe, restarts: 2 } });
    const { hardware } = await import('./hardware.svelte');
    await hardware.init();
    expect(hardware.engineProbe?.restarts).toBe(2);
    const { render } = await import('svelte/server');
    const card = (await import('../ui/overview/EngineProbeCard.svelte')).default;
    expect(/data-testid="probe-restarts">([^<]*)</.exec(render(card).body)?.[1]).toBe('2 engine workers stopped during the probe and were replaced by a fresh one with the same model; the probe went on. If this happens on every run, report it.');
    // A newer probe that replaced none: no such line.
    await saveBenchmarkRun(id, { ...bench({ cpuGBps: 8 }), startedAt: Date.now() + 180_000, engineProbe: probe });
    vi.resetModules();
    const again = (await import('./hardware.svelte')).hardware;
    await again.init();
    expect(again.engineProbe?.restarts).toBe(0);
    const fresh = await import('svelte/server'); // (the card and Svelte's runtime from the same modules as the state)
    expect(fresh.render((await import('../ui/overview/EngineProbeCard.svelte')).default).body).not.toContain('probe-restarts');
  });
});
