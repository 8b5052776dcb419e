import { describe, expect, it } from 'vitest';
import type { ChatResult, EngineBackend, EngineKind, ModelDescriptor } from '../engines/engine';
import { EngineCrashedError } from '../engines/errors';
import { describeFailure, isPermanent } from '../council/failures';
import { computeDevices, type FoundAdapter } from './devices';
import { GpuManager } from './gpu-manager.svelte';
import { PlacedEngine, type LiveEngine } from './placed-engine';

const GiB = 1024 ** 3;
const card: FoundAdapter = {
  preference: 'high-performance',
  facts: { vendor: 'amd', architecture: 'rdna3', device: '', description: 'AMD Radeon RX 7600', isFallbackAdapter: false, features: ['shader-f16'], limits: { maxBufferSize: 2 * GiB } },
};

/** A worker-like engine: records whether it was asked to load (download) and can die on its own. */
class FakeWorker implements LiveEngine {
  alive = true;
  loads = 0;
  onDeath: ((reason: string) => void) | null = null;
  constructor(
    readonly kind: EngineKind,
    private readonly backend: EngineBackend = 'webgpu',
    private readonly loadError: Error | null = null,
  ) {}
  async load() {
    this.loads++;
    if (this.loadError) throw this.loadError;
    return { backend: this.backend, loadMs: 1 };
  }
  chat(): Promise<ChatResult> {
    throw new Error('not used');
  }
  async abort() {}
  async stats() {
    return { kind: this.kind, modelId: null, backend: this.backend, threads: null, loaded: true, loadMs: 1, lastTtftMs: null, lastDecodeTokensPerSecond: null, totalCompletionTokens: 0, requests: 0 };
  }
  async unload() {}
  kill(reason = 'killed') {
    if (!this.alive) return;
    this.alive = false;
    this.onDeath?.(reason);
  }
}

const model = (id: string, gib: number, engine: EngineKind = 'web-llm'): ModelDescriptor => ({
  id, engine, label: id, paramsBillions: 1, bitsPerWeight: 4, weightBytes: gib * GiB, vramRequiredMB: engine === 'web-llm' ? gib * 1024 : null,
  contextLength: 2048, requiredFeatures: [], url: null, source: 'prebuilt',
});

function manager(gpus: FoundAdapter[] = [card], gpuGiB = 4, cpuGiB = 2): GpuManager {
  const m = new GpuManager();
  const devices = computeDevices({ gpus, firstGpu: { budgetBytes: gpuGiB * GiB, source: 'entered' }, otherGpuBudgetBytes: GiB, cpuBudgetBytes: cpuGiB * GiB });
  m.useDevices(() => devices);
  return m;
}
const held = (m: GpuManager) => m.usage().map((u) => `${u.device.id} ${u.heldBytes / GiB}`);

describe('members hold their reservation while their worker lives', () => {
  it('a member that does not fit is refused before its download, with a named, permanent error a person can read', async () => {
    const m = manager();
    await new PlacedEngine(new FakeWorker('web-llm'), m).load(model('A', 1.5));
    await new PlacedEngine(new FakeWorker('web-llm'), m).load(model('B', 1.5));
    const worker = new FakeWorker('web-llm');
    const err = await new PlacedEngine(worker, m).load(model('C', 1.5)).catch((e: unknown) => e);
    expect(worker.loads).toBe(0); // nothing downloaded
    expect(isPermanent(err)).toBe(true);
    expect(describeFailure(err, 'Member 3')).toEqual({
      name: 'MemberDoesNotFitError',
      message: 'Model C needs 1.5 GB on AMD Radeon RX 7600 (high-performance); 1 GB of 4 GB is free (2 members hold 3 GB). Remove a member or pick a smaller model.',
    });
    expect(held(m)).toEqual(['gpu-0 3', 'cpu 0']);
  });

  it('removal (kill) frees the memory, and the next member fits', async () => {
    const m = manager();
    const a = new PlacedEngine(new FakeWorker('web-llm'), m);
    await a.load(model('A', 3));
    await expect(new PlacedEngine(new FakeWorker('web-llm'), m).load(model('B', 2))).rejects.toMatchObject({ name: 'MemberDoesNotFitError' });
    a.kill('removed from the council');
    await new PlacedEngine(new FakeWorker('web-llm'), m).load(model('B', 2));
    expect(held(m)).toEqual(['gpu-0 2', 'cpu 0']);
  });

  it('a worker that crashes on its own frees its memory, and the council still hears of the death', async () => {
    const m = manager();
    const worker = new FakeWorker('web-llm');
    const engine = new PlacedEngine(worker, m);
    const deaths: string[] = [];
    engine.onDeath = (r) => deaths.push(r);
    await engine.load(model('A', 3));
    worker.kill('its worker stopped');
    expect(deaths).toEqual(['its worker stopped']);
    expect(held(m)).toEqual(['gpu-0 0', 'cpu 0']);
  });

  it('a failed load releases what it reserved', async () => {
    const m = manager();
    await expect(new PlacedEngine(new FakeWorker('web-llm', 'webgpu', new EngineCrashedError('boom')), m).load(model('A', 3))).rejects.toThrow();
    expect(m.reservations).toEqual([]);
  });

  it('wllama on WebGPU counts on the GPU; one that ran on the CPU (no shader-f16 in the end) counts on the CPU', async () => {
    const m = manager();
    await new PlacedEngine(new FakeWorker('wllama', 'webgpu'), m).load(model('g1', 1, 'wllama'));
    await new PlacedEngine(new FakeWorker('wllama', 'wasm-cpu-mt'), m).load(model('g2', 0.5, 'wllama'));
    // A GGUF needs its weights plus KV cache and activations: modelMemoryBytes = 1.2 × the file.
    expect(held(m)).toEqual(['gpu-0 1.2', 'cpu 0.6']);
  });

  it('this machine (a software adapter only): one CPU device, and a wasm member counts there', async () => {
    const m = manager([], 0, 3.2);
    await new PlacedEngine(new FakeWorker('wllama', 'wasm-cpu'), m).load(model('tiny', 0.01, 'wllama'));
    expect(m.usage().map((u) => [u.device.label, u.members.map((r) => r.modelLabel)])).toEqual([['CPU (RAM)', ['tiny']]]);
  });

  it('two cards: members spread over both, and each card keeps its own account', async () => {
    const igpu: FoundAdapter = { preference: 'low-power', facts: { ...card.facts, vendor: 'intel', description: 'Intel Arc iGPU' } };
    const m = manager([card, igpu], 2);
    for (const id of ['a', 'b', 'c']) await new PlacedEngine(new FakeWorker('web-llm'), m).load(model(id, 0.9));
    expect(held(m)).toEqual(['gpu-0 1.8', 'gpu-1 0.9', 'cpu 0']);
  });
});
