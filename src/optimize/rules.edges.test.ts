/** Tuning rules edges (issue 15): each trigger on both sides of its threshold, the ladders' steps, rollbacks. */
import { describe, expect, it } from 'vitest';
import { CouncilScenario, member, request, sample as snap } from '../monitor/samples.test-util';
import { thresholdsFor } from '../monitor/thresholds';
import { MemoryManager } from '../resources/memory-manager';
import { AlertBaselines } from '../monitor/alert-baselines';
import { proposeTuning, type RuleContext } from './rules';
import { FakeCouncil } from './fakes.test-util';
import type { MemberMetrics } from '../council/types';

const mid = thresholdsFor('mid');

function ctx(p: Partial<RuleContext> & Pick<RuleContext, 'sample'>, council = new FakeCouncil(['A', 'B'])): RuleContext {
  return { thresholds: mid, council, memory: new MemoryManager(1000), smallerModel: () => null, blocked: () => false, baselines: new AlertBaselines(), ...p };
}

/** A working council of `members` whose last 3 requests took `consensusMs`, with `queueDepth` waiting. */
function council(consensusMs: number, o: { queueDepth?: number; solo?: (number | null)[] } = {}) {
  const c = new CouncilScenario();
  for (let i = 1; i <= 3; i++) c.finish(request(i * 1_000, { consensusTimeMs: consensusMs, completionTokens: 128 }));
  const solo = o.solo ?? [90, 20];
  return c.step(3_100, { busy: true, queueDepth: o.queueDepth ?? 0, members: solo.map((s, i) => member(`m${i + 1}`, { modelId: String.fromCharCode(65 + i), soloTokensPerSecond: s })) });
}

/** Memory with one idle model (A, 300 of 1000) and one busy (B, 600). */
function memoryWithIdle() {
  const memory = new MemoryManager(1000);
  memory.sync([{ id: 'm1', modelId: 'A', bytes: 300, busy: false }, { id: 'm2', modelId: 'B', bytes: 600, busy: true }], 0);
  return memory;
}

describe('high memory', () => {
  it('acts from exactly the warning share, not below it, not without a reading', () => {
    expect(proposeTuning(ctx({ sample: snap({ memoryShare: 0.85 }), memory: memoryWithIdle() }))?.kind).toBe('evict-lru');
    expect(proposeTuning(ctx({ sample: snap({ memoryShare: 0.849 }), memory: memoryWithIdle() }))).toBeNull();
    expect(proposeTuning(ctx({ sample: snap({ memoryShare: null }), memory: memoryWithIdle() }))).toBeNull();
  });

  it('evicting: validated on memory share, lower is better; rollback loads the models again', async () => {
    const c = new FakeCouncil(['A', 'B']);
    const a = proposeTuning(ctx({ sample: snap({ memoryShare: 0.9 }), memory: memoryWithIdle() }, c))!;
    expect(a).toMatchObject({ kind: 'evict-lru', metric: 'memoryShare', better: 'lower', validateMs: 5_000 });
    expect(a.what).toBe('Unload 1 least recently used idle model(s): A');
    expect(a.why).toBe('memory at 90 % of the budget (warning 85 %)');
    await a.apply();
    await a.rollback();
    expect(c.calls).toEqual(['remove m1', 'add A']);
  });

  it('eviction backing off → the biggest model is proposed smaller; backing off too, or no smaller model → nothing', async () => {
    const c = new FakeCouncil(['A', 'B']);
    const blockedEvict = (k: string) => k === 'evict-lru';
    const smaller = (id: string) => ({ modelId: `${id}-q4`, predictedTokensPerSecond: 10 });
    const a = proposeTuning(ctx({ sample: snap({ memoryShare: 0.9 }), memory: memoryWithIdle(), smallerModel: smaller, blocked: blockedEvict }, c))!;
    expect(a).toMatchObject({ kind: 'smaller-model', what: 'Replace B by the smaller B-q4', validateMs: 10_000 });
    expect(a.proposal?.gain).toBe('frees about 60 % of the memory budget (now 90 %); may download the model');
    await a.apply();
    await a.rollback();
    expect(c.calls).toEqual(['remove m2', 'add B-q4', 'remove m3', 'add B']);
    expect(proposeTuning(ctx({ sample: snap({ memoryShare: 0.9 }), memory: memoryWithIdle(), smallerModel: smaller, blocked: (k) => k === 'evict-lru' || k === 'smaller-model' }))).toBeNull();
    expect(proposeTuning(ctx({ sample: snap({ memoryShare: 0.9 }), memory: memoryWithIdle(), blocked: blockedEvict }))).toBeNull();
  });
});

describe('council slow', () => {
  it('consensus above 2 s, not at it; a queue from 5, not at 4', () => {
    expect(proposeTuning(ctx({ sample: council(2_000) }))).toBeNull();
    const slow = proposeTuning(ctx({ sample: council(2_001) }))!;
    expect(slow).toMatchObject({ kind: 'early-consensus', metric: 'consensusTimeMs', better: 'lower', validateMs: 15_000, maxValidateMs: 60_000 });
    expect(slow.why).toBe('consensus takes 2.0 s per 64-token answer (median of 3 requests; warning 2 s)');
    expect(proposeTuning(ctx({ sample: council(1_000, { queueDepth: 4 }) }))).toBeNull();
    const queued = proposeTuning(ctx({ sample: council(1_000, { queueDepth: 5 }) }))!;
    expect(queued).toMatchObject({ kind: 'early-consensus', metric: 'queueDepth', why: '5 requests queued (warning 5)' });
  });

  it('a council of one has none of these remedies', () => {
    expect(proposeTuning(ctx({ sample: council(9_000, { solo: [20] }) }))).toBeNull();
  });

  it('early consensus: apply turns it on, rollback off', async () => {
    const c = new FakeCouncil(['A', 'B']);
    const a = proposeTuning(ctx({ sample: council(3_000) }, c))!;
    await a.apply();
    await a.rollback();
    expect(c.calls).toEqual(['early true', 'early false']);
  });

  it('timeout halves, never below 2 s; at 2 s the next step is dropping the slowest', async () => {
    const c = new FakeCouncil(['A', 'B']);
    c.state.earlyConsensus = true;
    c.state.memberTimeoutMs = 3_000;
    const a = proposeTuning(ctx({ sample: council(3_000) }, c))!;
    expect(a.what).toBe('Shorten the member timeout 3 s → 2 s');
    await a.apply();
    await a.rollback();
    expect(c.calls).toEqual(['timeout 2000', 'timeout 3000']);
    c.state.memberTimeoutMs = 2_000;
    const d = proposeTuning(ctx({ sample: council(3_000) }, c))!;
    expect(d.kind).toBe('drop-slowest');
    expect(d.what).toBe('Remove the slowest member B (20.0 tok/s solo)');
  });

  it('drops by solo speed, ignoring members never measured; none measured → nothing', () => {
    const c = new FakeCouncil(['A', 'B', 'C']);
    c.state.earlyConsensus = true;
    c.state.memberTimeoutMs = 2_000;
    expect(proposeTuning(ctx({ sample: council(3_000, { solo: [null, 40, 30] }) }, c))?.what).toBe('Remove the slowest member C (30.0 tok/s solo)');
    expect(proposeTuning(ctx({ sample: council(3_000, { solo: [null, null] }) }, c))).toBeNull();
    expect(proposeTuning(ctx({ sample: council(3_000), blocked: (k) => k === 'drop-slowest' }, c))).toBeNull();
  });
});

describe('low tokens/s (a member alone below 0.7 × its baseline)', () => {
  function lone(speed: number, backendThreads: { threads?: number | null; backend?: MemberMetrics['backend'] } = {}) {
    const c = new CouncilScenario();
    const members = [member('m1', { modelId: 'A', soloTokensPerSecond: 50, threads: backendThreads.threads ?? 4, ttftMs: 300, ...(backendThreads.backend ? { backend: backendThreads.backend } : {}) })];
    for (let i = 1; i <= 3; i++) {
      c.finish(request(i * 1_000, { members: 1, efficiency: null, completionTokens: 65, consensusTimeMs: 300 + 64_000 / speed }));
      c.step(i * 1_000, { busy: true, members });
    }
    return c.step(3_100, { busy: true, members });
  }

  it('exactly 0.7 × the solo speed is not slow', () => {
    expect(proposeTuning(ctx({ sample: lone(35) }, new FakeCouncil(['A'], 'wasm-cpu', 4)))).toBeNull();
    expect(proposeTuning(ctx({ sample: lone(34) }, new FakeCouncil(['A'], 'wasm-cpu', 4)))?.kind).toBe('fewer-threads');
  });

  it('fewer threads: validated on consensus time; apply and rollback reload the CPU members', async () => {
    const c = new FakeCouncil(['A'], 'wasm-cpu', 4);
    c.state.threadsPerMember = 4;
    const a = proposeTuning(ctx({ sample: lone(20) }, c))!;
    expect(a).toMatchObject({ kind: 'fewer-threads', metric: 'consensusTimeMs', better: 'lower', validateMs: 15_000, maxValidateMs: 60_000 });
    expect(a.why).toMatch(/^A decodes 20\.\d tok\/s alone < 70 % of its solo 50 tok\/s$/);
    await a.apply();
    await a.rollback();
    expect(c.calls).toEqual(['threads 3', 'reload m1', 'threads 4', 'reload m1']);
  });

  it('one thread already, no thread count, or backing off → nothing', () => {
    expect(proposeTuning(ctx({ sample: lone(20) }, new FakeCouncil(['A'], 'wasm-cpu', 1)))).toBeNull();
    expect(proposeTuning(ctx({ sample: lone(20) }, new FakeCouncil(['A'], 'wasm-cpu', null)))).toBeNull();
    expect(proposeTuning(ctx({ sample: lone(20), blocked: (k) => k === 'fewer-threads' }, new FakeCouncil(['A'], 'wasm-cpu', 4)))).toBeNull();
  });

  it('on a GPU member: a smaller model, with its predicted gain when known', async () => {
    const withPrediction = proposeTuning(ctx({ sample: lone(20, { backend: 'webgpu' }), smallerModel: () => ({ modelId: 'A-q4', predictedTokensPerSecond: 60 }) }, new FakeCouncil(['A'])))!;
    expect(withPrediction).toMatchObject({ kind: 'smaller-model', what: 'Replace A by the smaller / more quantised A-q4', metric: 'consensusTimeMs' });
    expect(withPrediction.proposal?.gain).toMatch(/^predicted 60 tok\/s instead of 20\.\d tok\/s \(×[\d.]+\); may download the model$/);
    const without = proposeTuning(ctx({ sample: lone(20, { backend: 'webgpu' }), smallerModel: () => ({ modelId: 'A-q4', predictedTokensPerSecond: null }) }, new FakeCouncil(['A'])))!;
    expect(without.proposal?.gain).toBe('less memory per token; may download the model');
    expect(proposeTuning(ctx({ sample: lone(20, { backend: 'webgpu' }) }, new FakeCouncil(['A'])))).toBeNull();
    expect(proposeTuning(ctx({ sample: lone(20, { backend: 'webgpu' }), smallerModel: () => ({ modelId: 'A-q4', predictedTokensPerSecond: 60 }), blocked: (k) => k === 'smaller-model' }, new FakeCouncil(['A'])))).toBeNull();
  });
});
