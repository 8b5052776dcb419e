import { describe, expect, it } from 'vitest';
import type { ActionLogRecord } from '../store/schema';
import { CouncilScenario, member, request, sample as snap } from '../monitor/samples.test-util';
import { thresholdsFor } from '../monitor/thresholds';
import { MemoryManager } from '../resources/memory-manager';
import { AlertBaselines } from '../monitor/alert-baselines';
import { ActionPipeline, type TuningAction } from './actions';
import { AutoScaler } from './auto-scaler';
import { proposeTuning, type RuleContext } from './rules';
import { FakeCouncil } from './fakes.test-util';

const mid = thresholdsFor('mid');

function ctx(p: Partial<RuleContext> & Pick<RuleContext, 'sample'>, council = new FakeCouncil(['A', 'B'])): RuleContext {
  return { thresholds: mid, council, memory: new MemoryManager(1000), smallerModel: () => null, blocked: () => false, ...p };
}

/** A working 2-member council whose last 3 requests took `consensusMs` for 64 tokens each. */
function slowCouncil(consensusMs: number) {
  const c = new CouncilScenario();
  for (let i = 1; i <= 3; i++) c.finish(request(i * 1_000, { consensusTimeMs: consensusMs, completionTokens: 128 }));
  return c.step(3_100, { busy: true, members: [member('m1', { modelId: 'A', soloTokensPerSecond: 90 }), member('m2', { modelId: 'B', soloTokensPerSecond: 20 })] });
}

describe('decision-tree rules', () => {
  it('proposes nothing when healthy', () => {
    expect(proposeTuning(ctx({ sample: slowCouncil(1_000) }))).toBeNull();
  });

  it('proposes nothing about the council while it is idle, however slow its last requests were', () => {
    const c = new CouncilScenario();
    for (let i = 1; i <= 3; i++) c.finish(request(i * 1_000, { consensusTimeMs: 9_000 }));
    c.step(3_000, { busy: true });
    expect(proposeTuning(ctx({ sample: c.step(30_000) }))).toBeNull();
  });

  it('council slow → early consensus, then shorter timeout, then drop the slowest member (by solo speed)', async () => {
    const council = new FakeCouncil(['A', 'B']);
    const s = slowCouncil(3_000);
    const blocked = new Set<string>();
    const next = () => proposeTuning(ctx({ sample: s, blocked: (k) => blocked.has(k) }, council));
    const a1 = next()!;
    expect(a1.kind).toBe('early-consensus');
    await a1.apply();
    const a2 = next()!;
    expect(a2.kind).toBe('member-timeout');
    await a2.apply();
    blocked.add('member-timeout');
    const a3 = next()!;
    expect(a3.kind).toBe('drop-slowest');
    expect(a3.what).toBe('Remove the slowest member B (20.0 tok/s solo)');
    await a3.apply();
    await a3.rollback();
    expect(council.calls).toEqual(['early true', 'timeout 2500', 'remove m2', 'add B']);
  });

  it('high memory → unload the least recently used idle model', async () => {
    const council = new FakeCouncil(['A', 'B', 'C']);
    const memory = new MemoryManager(1000);
    memory.sync([{ id: 'm1', modelId: 'A', bytes: 300, busy: false }], 0);
    memory.sync([{ id: 'm1', modelId: 'A', bytes: 300, busy: false }, { id: 'm2', modelId: 'B', bytes: 300, busy: false }, { id: 'm3', modelId: 'C', bytes: 300, busy: true }], 1);
    const a = proposeTuning(ctx({ sample: snap({ memoryShare: 0.9 }), memory }, council))!;
    expect(a.kind).toBe('evict-lru');
    expect(a.what).toContain('A');
    await a.apply();
    expect(council.calls).toEqual(['remove m1']);
  });

  it('high memory with nothing idle to unload → a smaller model, as a proposal only', () => {
    const council = new FakeCouncil(['A']);
    const memory = new MemoryManager(1000);
    memory.sync([{ id: 'm1', modelId: 'A', bytes: 900, busy: true }], 0);
    const a = proposeTuning(ctx({ sample: snap({ memoryShare: 0.9 }), memory, smallerModel: () => ({ modelId: 'A-q4', predictedTokensPerSecond: null }) }, council))!;
    expect(a.kind).toBe('smaller-model');
    expect(a.proposal?.gain).toMatch(/frees about 90 % of the memory budget/);
  });
});

describe('the per-member speed rule reads the baseline the alert reads', () => {
  /** A council of one CPU member (4 threads, solo 50 tok/s) whose last 3 answers decoded at `speed` alone. */
  function lone(speed: number) {
    const c = new CouncilScenario();
    const members = [member('m1', { modelId: 'A', soloTokensPerSecond: 50, threads: 4, ttftMs: 300 })];
    for (let i = 1; i <= 3; i++) {
      c.finish(request(i * 1_000, { members: 1, efficiency: null, completionTokens: 65, consensusTimeMs: 300 + 64_000 / speed }));
      c.step(i * 1_000, { busy: true, members });
    }
    return c.step(3_100, { busy: true, members });
  }
  const cpuCouncil = () => new FakeCouncil(['A'], 'wasm-cpu', 4);

  it('below 0.7 × the solo speed: fewer threads', () => {
    // Fresh baselines: the app-wide ones may hold a speed an optimiser scenario in this worker refreshed.
    expect(proposeTuning(ctx({ sample: lone(30), baselines: new AlertBaselines() }, cpuCouncil()))?.what).toBe('Fewer threads per member 4 → 3 (CPU oversubscribed)');
  });

  it('after a kept change made 30 tok/s the new normal, 30 tok/s is not slow (the alert is quiet too), and 20 is', () => {
    const baselines = new AlertBaselines();
    baselines.refreshMemberSpeed('m1', { tokensPerSecond: 30, replacesSolo: 50, after: 'fewer threads', at: 0 });
    expect(proposeTuning(ctx({ sample: lone(30), baselines }, cpuCouncil()))).toBeNull();
    expect(proposeTuning(ctx({ sample: lone(20), baselines }, cpuCouncil()))?.why).toMatch(/^A decodes 20\.\d tok\/s alone < 70 % of its baseline 30 tok\/s$/);
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
    for (let t = 100; t <= 2_100; t += 100) await p.tick(snap({ frameTimeMs: 17 }), t); // the window: 100 (the first sample after) to 2_100
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
    for (let t = 100; t <= 2_100; t += 100) await p.tick(snap({ frameTimeMs: 31 }), t);
    expect(isOn()).toBe(false);
    expect(log.map((r) => r.outcome)).toEqual(['applied', 'rolled-back']);
    expect(p.blocked('k', 200_000)).toBe(true);
  });

  it('judges a change that takes seconds to apply (a member loading) on what came after it, not during it', async () => {
    const { log, p, action } = setup();
    let loaded = () => {};
    action.apply = () => new Promise<void>((r) => (loaded = r));
    const started = p.start(action, snap({ frameTimeMs: 30 }), 0);
    // 5 s of loading, still slow under the old configuration: the pipeline is busy and hears none of it.
    for (let t = 100; t <= 5_000; t += 100) expect(await p.tick(snap({ frameTimeMs: 31 }), t)).toBeNull();
    loaded();
    expect(await started).toBe(true);
    // Its first second settles in (a new member's first tokens): the window judges the second half.
    for (let t = 5_100; t <= 7_100; t += 100) await p.tick(snap({ frameTimeMs: t < 6_000 ? 31 : 17 }), t);
    expect(log.map((r) => r.outcome)).toEqual(['applied', 'kept']);
    expect(log[1]).toMatchObject({ before: 30, after: 17 });
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
  /** A council of `n` members: generating (working) or idle. */
  const council = (n: number, working = true) => {
    const c = new CouncilScenario();
    return (at: number, frameTimeMs = 16.7) =>
      c.step(at, { busy: working, members: Array.from({ length: n }, (_, i) => member(`m${i}`, { state: working ? 'generating' : 'idle' })) }, { frameTimeMs });
  };

  it('removes a member when frame time stays above 20 ms for 5 s while the council works', () => {
    const a = new AutoScaler();
    const s = council(3);
    let t = 0;
    for (; t <= 4_900; t += 100) expect(a.observe(s(t, 25), mid, t, 3, 3, null)).toBeNull();
    expect(a.observe(s(t, 25), mid, t, 3, 3, null)?.cause).toBe('frames');
  });

  it('does not remove on a short spike, when only one member runs, or while the council is idle', () => {
    const a = new AutoScaler();
    const two = council(2);
    for (let t = 0; t < 20_000; t += 100) expect(a.observe(two(t, t % 4_000 < 3_000 ? 25 : 16), mid, t, 2, 3, null)).toBeNull();
    const b = new AutoScaler();
    const one = council(1);
    for (let t = 0; t < 20_000; t += 100) expect(b.observe(one(t, 40), mid, t, 1, 3, null)).toBeNull();
    const c = new AutoScaler();
    const idle = council(2, false);
    for (let t = 0; t < 20_000; t += 100) expect(c.observe(idle(t, 40), mid, t, 2, 3, null)).toBeNull();
  });

  it('removes a member on efficiency < 0.4 over 3 requests, and not twice on the same requests', () => {
    const a = new AutoScaler({ settleMs: 0 });
    const c = new CouncilScenario();
    for (let i = 1; i <= 3; i++) c.finish(request(i * 1_000, { efficiency: 0.3 }));
    const s = (t: number) => c.step(t, { busy: true });
    expect(a.observe(s(3_100), mid, 3_100, 2, 3, null)?.cause).toBe('efficiency');
    for (let t = 3_200; t < 10_000; t += 100) expect(a.observe(s(t), mid, t, 2, 3, null)).toBeNull();
  });

  it('adds a member back only after 30 s of headroom, within the plan, and after an efficiency removal only on evidence', () => {
    const healthy = council(2, false);
    const first = (a: AutoScaler, members: number, restorable: Parameters<AutoScaler['observe']>[5]) => {
      for (let t = 0; t <= 60_000; t += 100) if (a.observe(healthy(t), mid, t, members, 3, restorable)) return t;
      return null;
    };
    expect(first(new AutoScaler(), 2, { cause: 'frames', speedRatio: null })).toBe(30_000);
    expect(first(new AutoScaler(), 3, { cause: 'frames', speedRatio: null })).toBeNull(); // plan full
    expect(first(new AutoScaler(), 2, null)).toBeNull(); // nothing to restore
    expect(first(new AutoScaler(), 2, { cause: 'efficiency', speedRatio: null })).toBeNull(); // no evidence the contention ended
    expect(first(new AutoScaler(), 2, { cause: 'efficiency', speedRatio: 0.5 })).toBeNull(); // still contended
    expect(first(new AutoScaler(), 2, { cause: 'efficiency', speedRatio: 0.95 })).toBe(30_000);
  });

  it('forgets its clocks on reset (a member loading)', () => {
    const a = new AutoScaler();
    const busy = council(2);
    for (let t = 0; t < 4_000; t += 100) a.observe(busy(t, 30), mid, t, 2, 3, null);
    a.reset();
    for (let t = 4_000; t < 8_900; t += 100) expect(a.observe(busy(t, 30), mid, t, 2, 3, null)).toBeNull();
    expect(a.observe(busy(9_000, 30), mid, 9_000, 2, 3, null)?.direction).toBe('remove');
  });
});
