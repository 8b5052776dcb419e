import { describe, expect, it } from 'vitest';
import type { ActionLogRecord } from '../store/schema';
import { thresholdsFor } from '../monitor/thresholds';
import { MemoryManager } from '../resources/memory-manager';
import { ActionPipeline, type TuningAction } from './actions';
import { AutoScaler } from './auto-scaler';
import { proposeTuning, type RuleContext } from './rules';
import { FakeCouncil, snap } from './fakes.test-util';

const mid = thresholdsFor('mid');

function ctx(p: Partial<RuleContext> & Pick<RuleContext, 'snapshot'>, council = new FakeCouncil(['A', 'B'])): RuleContext {
  return { thresholds: mid, council, memory: new MemoryManager(1000), smallerModel: () => null, blocked: () => false, ...p };
}

const member = (id: string, modelId: string, tps: number, extra = {}) => ({ id, modelId, state: 'generating', tokensPerSecond: tps, timePerTokenMs: 1000 / tps, soloTokensPerSecond: null, ...extra });

describe('decision-tree rules', () => {
  it('proposes nothing when healthy', () => {
    expect(proposeTuning(ctx({ snapshot: snap({}, { members: [member('m1', 'A', 90)] }) }))).toBeNull();
  });

  it('council slow → early consensus, then shorter timeout, then drop the slowest member', async () => {
    const council = new FakeCouncil(['A', 'B']);
    const s = snap({}, { consensusTimeMs: 3_000, members: [member('m1', 'A', 90), member('m2', 'B', 20)] });
    const blocked = new Set<string>();
    const next = () => proposeTuning(ctx({ snapshot: s, blocked: (k) => blocked.has(k) }, council));
    const a1 = next()!;
    expect(a1.kind).toBe('early-consensus');
    await a1.apply();
    const a2 = next()!;
    expect(a2.kind).toBe('member-timeout');
    await a2.apply();
    blocked.add('member-timeout');
    const a3 = next()!;
    expect(a3.kind).toBe('drop-slowest');
    expect(a3.what).toContain('B');
    await a3.apply();
    await a3.rollback();
    expect(council.calls).toEqual(['early true', 'timeout 2500', 'remove m2', 'add B']);
  });

  it('low TPS on the CPU → fewer threads; on the GPU → a smaller model when one is known', async () => {
    const cpu = new FakeCouncil(['A'], 'wasm-cpu-mt');
    const sCpu = snap({}, { members: [member('m1', 'A', 10, { backend: 'wasm-cpu-mt', soloTokensPerSecond: 30 })] });
    const a = proposeTuning(ctx({ snapshot: sCpu }, cpu))!;
    expect(a.kind).toBe('fewer-threads');
    await a.apply();
    expect(cpu.state.threadsPerMember).toBe(1);
    expect(cpu.calls).toEqual(['threads 1', 'reload m1']); // the idle CPU member reloads so it applies

    const gpu = new FakeCouncil(['big']);
    const sGpu = snap({}, { members: [member('m1', 'big', 10, { backend: 'webgpu' })] });
    expect(proposeTuning(ctx({ snapshot: sGpu }, gpu))).toBeNull(); // no smaller model known
    const b = proposeTuning(ctx({ snapshot: sGpu, smallerModel: (id) => (id === 'big' ? 'small-q4' : null) }, gpu))!;
    expect(b.kind).toBe('smaller-model');
    await b.apply();
    expect(gpu.members().map((m) => m.modelId)).toEqual(['small-q4']);
    await b.rollback();
    expect(gpu.members().map((m) => m.modelId)).toEqual(['big']);
  });

  it('high memory → unload the least recently used idle model', async () => {
    const council = new FakeCouncil(['A', 'B', 'C']);
    const memory = new MemoryManager(1000);
    memory.sync([{ id: 'm1', modelId: 'A', bytes: 300, busy: false }], 0);
    memory.sync([{ id: 'm1', modelId: 'A', bytes: 300, busy: false }, { id: 'm2', modelId: 'B', bytes: 300, busy: false }, { id: 'm3', modelId: 'C', bytes: 300, busy: true }], 1);
    const a = proposeTuning(ctx({ snapshot: snap({ memoryShare: 0.9 }), memory }, council))!;
    expect(a.kind).toBe('evict-lru');
    expect(a.what).toContain('A');
    await a.apply();
    expect(council.calls).toEqual(['remove m1']);
  });
});

describe('ActionPipeline (apply → validate → keep or roll back)', () => {
  function setup() {
    const log: ActionLogRecord[] = [];
    const p = new ActionPipeline({ write: (r) => log.push(r) }, 't', 30_000, 300_000);
    let on = false;
    const action: TuningAction = {
      kind: 'k',
      what: 'turn the knob',
      why: 'slow',
      metric: 'frameTimeMs',
      better: 'lower',
      validateMs: 2_000,
      apply: () => void (on = true),
      rollback: () => void (on = false),
    };
    return { log, p, action, isOn: () => on };
  }

  it('keeps an action that helped and logs before/after', async () => {
    const { log, p, action, isOn } = setup();
    expect(await p.start(action, snap({ frameTimeMs: 30 }), 0)).toBe(true);
    expect(await p.start(action, snap(), 10)).toBe(false); // one at a time
    for (let t = 100; t <= 2_000; t += 100) await p.tick(snap({ frameTimeMs: 17 }), t);
    expect(isOn()).toBe(true);
    expect(log.map((r) => r.outcome)).toEqual(['applied', 'kept']);
    expect(log[1]).toMatchObject({ before: 30, after: 17, metric: 'frameTimeMs' });
    expect(log[0].id).toBe(log[1].id);
    expect(p.blocked('k', 20_000)).toBe(true);
    expect(p.blocked('k', 40_000)).toBe(false);
  });

  it('rolls back an action that did not help and backs off longer', async () => {
    const { log, p, action, isOn } = setup();
    await p.start(action, snap({ frameTimeMs: 30 }), 0);
    for (let t = 100; t <= 2_000; t += 100) await p.tick(snap({ frameTimeMs: 31 }), t);
    expect(isOn()).toBe(false);
    expect(log.map((r) => r.outcome)).toEqual(['applied', 'rolled-back']);
    expect(p.blocked('k', 200_000)).toBe(true);
  });

  it('logs an action that could not be applied as skipped', async () => {
    const { log, p, action } = setup();
    action.apply = () => {
      throw new Error('council is busy');
    };
    expect(await p.start(action, snap(), 0)).toBe(false);
    expect(log[0].outcome).toBe('skipped');
    expect(log[0].reason).toContain('council is busy');
    expect(p.busy).toBe(false);
  });
});

describe('AutoScaler', () => {
  const members = (n: number, eff: number | null) => ({ members: Array.from({ length: n }, (_, i) => member(`m${i}`, `M${i}`, 20)), efficiency: eff });

  it('removes a member when frame time stays above 20 ms for 5 s while the council works', () => {
    const a = new AutoScaler();
    let d = null;
    let t = 0;
    for (; t <= 4_900; t += 100) expect(a.observe(snap({ frameTimeMs: 25 }, members(3, null)), mid, t, 3, 3, false)).toBeNull();
    d = a.observe(snap({ frameTimeMs: 25 }, members(3, null)), mid, t, 3, 3, false);
    expect(d?.direction).toBe('remove');
  });

  it('does not remove on a short spike or when only one member runs', () => {
    const a = new AutoScaler();
    for (let t = 0; t < 20_000; t += 100) expect(a.observe(snap({ frameTimeMs: t % 4_000 < 3_000 ? 25 : 16 }, members(2, null)), mid, t, 2, 3, false)).toBeNull();
    const b = new AutoScaler();
    for (let t = 0; t < 20_000; t += 100) expect(b.observe(snap({ frameTimeMs: 40 }, members(1, null)), mid, t, 1, 3, false)).toBeNull();
  });

  it('does not remove idle members on slow frames: they cost the UI nothing', () => {
    const idle = { members: [member('m0', 'M0', 20, { state: 'idle' }), member('m1', 'M1', 20, { state: 'idle' })], efficiency: null };
    const a = new AutoScaler();
    for (let t = 0; t < 20_000; t += 100) expect(a.observe(snap({ frameTimeMs: 40 }, idle), mid, t, 2, 3, false)).toBeNull();
    // A queued request counts as work: the slow frames then do count.
    const b = new AutoScaler();
    const out = [];
    for (let t = 0; t <= 6_000; t += 100) out.push(b.observe(snap({ frameTimeMs: 40 }, { ...idle, queueDepth: 1 }), mid, t, 2, 3, false));
    expect(out.filter(Boolean)[0]?.direction).toBe('remove');
    // A gap of a few hundred ms between two requests does not restart the clock; a long idle spell does.
    const c = new AutoScaler();
    const busy = members(2, null);
    const gaps = [];
    for (let t = 0; t <= 5_000; t += 100) gaps.push(c.observe(snap({ frameTimeMs: 40 }, t >= 2_000 && t < 2_500 ? idle : busy), mid, t, 2, 3, false));
    expect(gaps.filter(Boolean)[0]?.direction).toBe('remove');
    const d = new AutoScaler();
    for (let t = 0; t <= 5_000; t += 100) expect(d.observe(snap({ frameTimeMs: 40 }, t >= 2_000 && t < 4_000 ? idle : busy), mid, t, 2, 3, false)).toBeNull();
  });

  it('removes a member when efficiency stays below 0.4', () => {
    const a = new AutoScaler();
    const out = [];
    for (let t = 0; t <= 3_000; t += 100) out.push(a.observe(snap({}, members(3, 0.3)), mid, t, 3, 3, false));
    expect(out.filter(Boolean)[0]?.reason).toMatch(/efficiency/);
  });

  it('adds a member back only after 30 s of headroom and only within the plan', () => {
    const a = new AutoScaler();
    const healthy = snap({ frameTimeMs: 16.7 }, members(2, 0.8));
    let first: number | null = null;
    for (let t = 0; t <= 40_000 && first === null; t += 100) if (a.observe(healthy, mid, t, 2, 3, true)) first = t;
    expect(first).toBe(30_000);
    const b = new AutoScaler();
    for (let t = 0; t <= 60_000; t += 100) expect(b.observe(healthy, mid, t, 3, 3, true)).toBeNull(); // plan full
    const c = new AutoScaler();
    for (let t = 0; t <= 60_000; t += 100) expect(c.observe(healthy, mid, t, 2, 3, false)).toBeNull(); // nothing to restore
  });

  it('forgets its clocks on reset (a member loading)', () => {
    const a = new AutoScaler();
    const busy = members(2, null);
    for (let t = 0; t < 4_000; t += 100) a.observe(snap({ frameTimeMs: 30 }, busy), mid, t, 2, 3, false);
    a.reset();
    for (let t = 4_000; t < 8_900; t += 100) expect(a.observe(snap({ frameTimeMs: 30 }, busy), mid, t, 2, 3, false)).toBeNull();
    expect(a.observe(snap({ frameTimeMs: 30 }, busy), mid, 9_000, 2, 3, false)?.direction).toBe('remove');
  });

  it('restarts the headroom clock on any dip', () => {
    const a = new AutoScaler();
    let first: number | null = null;
    for (let t = 0; t <= 70_000 && first === null; t += 100) {
      const ft = t === 20_000 ? 25 : 16.7;
      if (a.observe(snap({ frameTimeMs: ft }), mid, t, 1, 3, true)) first = t;
    }
    expect(first).toBe(50_100);
  });
});
