import { describe, expect, it } from 'vitest';
import type { GpuFacts } from '../hardware/profile';
import { computeDevices, distinctGpus, sameAdapter, type FoundAdapter } from './devices';
import { DevicePlacement, splitCouncil, type PlacementRequest } from './placement';

const GiB = 1024 ** 3;

function adapter(p: Partial<GpuFacts> = {}): GpuFacts {
  return {
    vendor: 'nvidia', architecture: 'ampere', device: '', description: 'NVIDIA RTX 3060', isFallbackAdapter: false,
    features: ['shader-f16', 'timestamp-query'], limits: { maxBufferSize: 2 * GiB, maxStorageBufferBindingSize: 2 * GiB }, ...p,
  };
}
const discrete: FoundAdapter = { preference: 'high-performance', facts: adapter() };
const integrated: FoundAdapter = { preference: 'low-power', facts: adapter({ vendor: 'intel', architecture: 'gen-12lp', description: 'Intel Iris Xe', features: ['timestamp-query'], limits: { maxBufferSize: GiB, maxStorageBufferBindingSize: GiB } }) };
const swiftshader: FoundAdapter = { preference: 'high-performance', facts: adapter({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader', isFallbackAdapter: true, features: [] }) };

function machine(found: FoundAdapter[], gpuGB = 4, cpuGB = 3) {
  return computeDevices({ gpus: distinctGpus(found), firstGpu: { budgetBytes: gpuGB * GiB, source: 'entered' }, otherGpuBudgetBytes: 1.7 * GiB, cpuBudgetBytes: cpuGB * GiB });
}
let seq = 0;
const member = (engine: PlacementRequest['engine'], gb: number, label = `model-${gb}`): PlacementRequest => ({ memberId: `m${++seq}`, modelId: label, modelLabel: label, engine, bytes: gb * GiB });

describe('adapters: both preferences asked, the same adapter counted once', () => {
  it('one GPU answering both preferences is one device; its limits are part of its identity', () => {
    const same = distinctGpus([discrete, { preference: 'low-power', facts: adapter() }]);
    expect(same.map((a) => a.preference)).toEqual(['high-performance']);
    expect(sameAdapter(adapter(), adapter({ limits: { maxBufferSize: GiB } }))).toBe(false);
  });

  it('an integrated and a discrete GPU are two devices, the high-performance one first', () => {
    expect(distinctGpus([integrated, discrete]).map((a) => a.facts.description)).toEqual(['NVIDIA RTX 3060', 'Intel Iris Xe']);
  });

  it('a software adapter is not a GPU: this machine has one device, the CPU', () => {
    const devices = machine([swiftshader]);
    expect(devices.map((d) => d.id)).toEqual(['cpu']);
  });
});

describe('placement on one adapter', () => {
  it('fits up to the byte and is refused one byte over, before anything is loaded, with the numbers', () => {
    const p = new DevicePlacement(machine([discrete], 4));
    p.place(member('web-llm', 1.5, 'A'));
    p.place(member('web-llm', 1.3, 'B'));
    const exact = { memberId: 'm-exact', modelId: 'C', modelLabel: 'C', engine: 'web-llm' as const, bytes: 1.2 * GiB };
    expect(p.place(exact)?.deviceId).toBe('gpu-0');
    p.release('m-exact');
    expect(() => p.place({ ...exact, bytes: 1.2 * GiB + 1 })).toThrowError(
      'Model C needs 1.2 GB on NVIDIA RTX 3060 (high-performance); 1.2 GB of 4 GB is free (2 members hold 2.8 GB). Remove a member or pick a smaller model.',
    );
  });

  it('the refusal is a named error carrying its numbers', () => {
    const p = new DevicePlacement(machine([discrete], 4));
    try {
      p.place(member('web-llm', 5, 'Big'));
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ name: 'MemberDoesNotFitError', fields: { requiredBytes: 5 * GiB, freeBytes: 4 * GiB, budgetBytes: 4 * GiB, holders: 0 } });
      expect((err as Error).message).toBe('Model Big needs 5 GB on NVIDIA RTX 3060 (high-performance); 4 GB of 4 GB is free. Pick a smaller or more quantised model.');
    }
  });

  it('wllama runs on a GPU with shader-f16 and counts there; when the GPU is full it goes to the CPU', () => {
    const p = new DevicePlacement(machine([discrete], 4, 3));
    expect(p.place(member('wllama', 3))?.deviceId).toBe('gpu-0');
    expect(p.place(member('wllama', 2))?.deviceId).toBe('cpu');
    expect(p.usage().map((u) => [u.device.id, u.heldBytes / GiB])).toEqual([['gpu-0', 3], ['cpu', 2]]);
  });

  it('a wllama member that fell back to the CPU after loading is counted on the CPU', () => {
    const p = new DevicePlacement(machine([discrete]));
    const m = member('wllama', 1);
    p.place(m);
    p.settle(m.memberId, 'cpu');
    expect(p.reservation(m.memberId)?.deviceId).toBe('cpu');
  });

  it('removing (or losing) a member frees its memory for the next one', () => {
    const p = new DevicePlacement(machine([discrete], 4));
    const a = member('web-llm', 3);
    p.place(a);
    expect(() => p.place(member('web-llm', 2))).toThrow(/1 member holds 3 GB/);
    p.release(a.memberId);
    expect(p.place(member('web-llm', 2))?.deviceId).toBe('gpu-0');
  });

  it('a reload places the member again without counting its own old reservation', () => {
    const p = new DevicePlacement(machine([discrete], 4));
    const a = member('web-llm', 3);
    p.place(a);
    expect(p.place(a)?.bytes).toBe(3 * GiB);
    expect(p.usage()[0].heldBytes).toBe(3 * GiB);
  });

  it('a remote member holds nothing here', () => {
    const p = new DevicePlacement(machine([discrete]));
    expect(p.place(member('remote', 100))).toBeNull();
  });
});

describe('placement on two adapters (High tier: the multi-GPU formula)', () => {
  it('web-llm members spread over both cards, each on the one with the most free memory', () => {
    const p = new DevicePlacement(machine([discrete, integrated], 4));
    // 4 GB and 1.7 GB budgets: 2.5 GB free on the first after one member, then 1.0 GB < 1.7 GB.
    expect([1.5, 1.5, 1.0].map((gb) => p.place(member('web-llm', gb))?.deviceId)).toEqual(['gpu-0', 'gpu-0', 'gpu-1']);
    expect(p.usage().map((u) => u.heldBytes / GiB)).toEqual([3, 1, 0]);
  });

  it('a member larger than either card is refused even though the two together would hold it', () => {
    const p = new DevicePlacement(machine([discrete, integrated], 4));
    expect(() => p.place(member('web-llm', 5, 'Huge'))).toThrowError('Model Huge needs 5 GB on NVIDIA RTX 3060 (high-performance); 4 GB of 4 GB is free. Pick a smaller or more quantised model.');
  });

  it('wllama goes only to the card with shader-f16, then to the CPU', () => {
    const p = new DevicePlacement(machine([discrete, integrated], 1));
    expect(p.place(member('wllama', 0.5))?.deviceId).toBe('gpu-0');
    expect(p.place(member('wllama', 0.7))?.deviceId).toBe('cpu');
  });

  it('the planned split puts the largest member first and says which card holds what', () => {
    const devices = machine([discrete, integrated], 4);
    const plan = splitCouncil(devices, [1, 3, 1.5].map((gb) => ({ modelId: `m${gb}`, modelLabel: `m${gb}`, engine: 'web-llm' as const, bytes: gb * GiB })));
    expect(plan.refused).toBeNull();
    expect(plan.usage.map((u) => [u.device.id, u.members.map((m) => m.modelId)])).toEqual([['gpu-0', ['m3', 'm1']], ['gpu-1', ['m1.5']], ['cpu', []]]);
    expect(splitCouncil(devices, [3, 3, 3].map((gb) => ({ modelId: 'x', modelLabel: 'x', engine: 'web-llm' as const, bytes: gb * GiB }))).refused).toMatch(/^Model x needs 3 GB on Intel Iris Xe \(low-power\); 1.7 GB of 1.7 GB is free/);
  });
});

describe('refusals say which figure is assumed', () => {
  it('assumed VRAM: enter yours; capped RAM: the machine may have more', () => {
    const assumedGpu = computeDevices({ gpus: [discrete], firstGpu: { budgetBytes: GiB, source: 'assumed' }, otherGpuBudgetBytes: 0, cpuBudgetBytes: GiB, ramCapped: true });
    const p = new DevicePlacement(assumedGpu);
    expect(() => p.place(member('web-llm', 2, 'G'))).toThrow(/is free\. Pick a smaller or more quantised model\. The budget assumes the GPU memory \(browsers hide it\): if yours is larger, enter it on the Overview\.$/);
    const cpuOnly = new DevicePlacement(computeDevices({ gpus: [], firstGpu: null, otherGpuBudgetBytes: 0, cpuBudgetBytes: GiB, ramCapped: true }));
    expect(() => cpuOnly.place(member('wllama', 2, 'C'))).toThrowError('Model C needs 2 GB on CPU (RAM); 1 GB of 1 GB is free. Pick a smaller or more quantised model. The budget assumes the RAM the browser reports, which it caps: the machine may have more.');
  });
});
