/**
 * The council places its members through the GPU Manager (issue 14 item 1): the real Council with
 * in-process fake engines wrapped in PlacedEngine, on a fake machine whose devices are given.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ChatResult, EngineKind, LoadConfig, ModelDescriptor } from '../engines/engine';
import { ChatRecorder } from '../engines/chat-stream';
import { EngineCrashedError } from '../engines/errors';
import { computeDevices } from './devices';
import { GpuManager } from './gpu-manager.svelte';
import { PlacedEngine, type LiveEngine } from './placed-engine';

const GiB = 1024 ** 3;

// Every model is a GGUF of the size its id says ("gguf-1.5" = 1.5 GiB of weights, 1.8 GiB loaded).
vi.mock('../council/model-registry', () => ({
  resolveModel: async (id: string): Promise<{ descriptor: ModelDescriptor; config: LoadConfig }> => ({
    descriptor: { id, engine: 'wllama', label: id, paramsBillions: null, bitsPerWeight: null, weightBytes: Number(id.split('-')[1]) * GiB, vramRequiredMB: null, contextLength: 512, requiredFeatures: [], url: `/models/${id}.gguf`, source: 'generated' },
    config: {},
  }),
  forgetCatalog: () => undefined,
}));
vi.mock('../council/capacity-feedback', () => import('../council/fake-registry.test-util'));

const { Council } = await import('../council/council.svelte');

class FakeEngine implements LiveEngine {
  alive = true;
  loads = 0;
  onDeath: ((reason: string) => void) | null = null;
  constructor(readonly kind: EngineKind) {}
  async load() {
    this.loads++;
    return { backend: 'wasm-cpu' as const, loadMs: 1 };
  }
  async chat(): Promise<ChatResult> {
    if (!this.alive) throw new EngineCrashedError('dead');
    const rec = new ChatRecorder('m');
    for (const w of ['one', ' two', ' three']) rec.token(w);
    return rec.finish('stop');
  }
  async abort() {}
  async stats() {
    return { kind: this.kind, modelId: null, backend: 'wasm-cpu' as const, threads: 1, loaded: true, loadMs: 1, lastTtftMs: null, lastDecodeTokensPerSecond: null, totalCompletionTokens: 0, requests: 0 };
  }
  async unload() {}
  kill(reason = 'killed') {
    if (!this.alive) return;
    this.alive = false;
    const notify = this.onDeath;
    this.onDeath = null;
    notify?.(reason);
  }
}

/** A CPU-only machine (like the test machine: a software adapter is no GPU) with a 4 GiB budget. */
function councilOn(cpuGiB = 4) {
  const manager = new GpuManager();
  const devices = computeDevices({ gpus: [], firstGpu: null, otherGpuBudgetBytes: 0, cpuBudgetBytes: cpuGiB * GiB });
  manager.useDevices(() => devices);
  const engines: FakeEngine[] = [];
  const c = new Council();
  c.useForTests((kind) => {
    const e = new FakeEngine(kind);
    engines.push(e);
    return new PlacedEngine(e, manager);
  });
  const held = () => manager.usage()[0].heldBytes / GiB;
  return { c, manager, engines, held };
}

describe('the council places members through the GPU Manager', () => {
  it('each loaded member holds its memory on the CPU device', async () => {
    const { c, held } = councilOn();
    await c.setMembers(['gguf-1', 'gguf-1.5']);
    expect(c.members.map((m) => m.state)).toEqual(['idle', 'idle']);
    expect(held()).toBeCloseTo(1.2 + 1.8, 6);
  });

  it('a member that does not fit fails before its download, with the numbers, and stays failed (no retries)', async () => {
    const { c, engines, held } = councilOn();
    await c.setMembers(['gguf-1.5', 'gguf-1']);
    const refused = await c.addMember('gguf-1');
    expect(refused.state).toBe('failed');
    expect(refused.errorName).toBe('MemberDoesNotFitError');
    expect(refused.error).toBe('Model gguf-1 needs 1.2 GB on CPU (RAM); 1 GB of 4 GB is free (2 members hold 3 GB). Remove a member or pick a smaller model.');
    expect(engines.at(-1)!.loads).toBe(0); // its engine was never asked to load (download)
    expect(held()).toBeCloseTo(3, 6);
  });

  it('removing a member releases its memory; the refused one then fits on Restart', async () => {
    const { c, held } = councilOn();
    await c.setMembers(['gguf-1.5', 'gguf-1']);
    const refused = await c.addMember('gguf-1');
    await c.removeMember(c.members[0].id);
    expect(held()).toBeCloseTo(1.2, 6);
    await c.restartMember(refused.id);
    expect(c.members.find((m) => m.id === refused.id)?.state).toBe('idle');
    expect(held()).toBeCloseTo(2.4, 6);
  });

  it('a crashed worker releases its memory; the member reloads and holds it again', async () => {
    const { c, engines, held } = councilOn();
    await c.setMembers(['gguf-1']);
    const first = engines[0];
    c.killMember(c.members[0].id);
    expect(first.alive).toBe(false);
    await vi.waitFor(() => expect(engines.length).toBe(2)); // recovery started a new engine
    await vi.waitFor(() => expect(c.members[0].state).toBe('idle'));
    expect(held()).toBeCloseTo(1.2, 6); // one reservation, not two
  });
});
