/**
 * Tuning Processor: the seed's Performance Tuning Decision Tree as explicit rules, each turning a
 * symptom into one reversible action (apply / rollback) that the ActionPipeline validates.
 *   High memory  → clear caches (unload least recently used idle models) → smaller model
 *   Council slow → early consensus → timeout mechanisms (shorter member timeout) → drop slowest member
 *   Low TPS      → CPU: fewer threads per member (reduce concurrency) · GPU: smaller/quantised model
 *   Low FPS      → the Quality Scaler (UI quality: batching, chart rate, effects) and the Auto Scaler
 * Rules are tried in that order; the first applicable one whose kind is not backing off wins.
 */
import type { MonitorSnapshot } from '../monitor/snapshot';
import type { TierThresholds } from '../monitor/thresholds';
import type { MemoryManager } from '../resources/memory-manager';
import type { TuningAction } from './actions';
import { isCpuBackend, type CouncilControl, type SmallerModelFinder } from './council-port';

export interface RuleContext {
  snapshot: MonitorSnapshot;
  thresholds: TierThresholds;
  council: CouncilControl;
  memory: MemoryManager;
  smallerModel: SmallerModelFinder;
  /** Whether an action kind is backing off (recently kept or rolled back). */
  blocked(kind: string): boolean;
}

/** Replace one member's model by another (used by memory and low-TPS rules). */
function swapModel(c: CouncilControl, memberId: string, fromModel: string, toModel: string): Pick<TuningAction, 'apply' | 'rollback'> {
  let newId: string | null = null;
  return {
    async apply() {
      await c.removeMember(memberId);
      newId = await c.addMember(toModel);
    },
    async rollback() {
      if (newId) await c.removeMember(newId);
      await c.addMember(fromModel);
    },
  };
}

/** A thread count applies when an engine loads: reload the idle CPU members now (busy ones keep theirs until their next load). */
async function reloadIdleCpuMembers(c: CouncilControl): Promise<void> {
  if (!c.reloadMember) return;
  for (const m of c.members()) if (isCpuBackend(m.backend) && m.state === 'idle') await c.reloadMember(m.id);
}

export function proposeTuning(ctx: RuleContext): TuningAction | null {
  for (const rule of [highMemory, councilSlow, lowTps]) {
    const a = rule(ctx);
    if (a) return a;
  }
  return null;
}

function highMemory({ snapshot: s, thresholds: t, council: c, memory, smallerModel, blocked }: RuleContext): TuningAction | null {
  if (s.memoryShare === null || s.memoryShare < t.memoryWarning) return null;
  const why = `memory at ${(s.memoryShare * 100).toFixed(0)} % of the budget (warning ${t.memoryWarning * 100} %)`;
  const victims = memory.evictionPlan(t.memoryWarning - 0.05);
  if (victims.length && !blocked('evict-lru')) {
    return {
      kind: 'evict-lru',
      what: `Unload ${victims.length} least recently used idle model(s): ${victims.map((v) => v.modelId).join(', ')}`,
      why,
      metric: 'memoryShare',
      better: 'lower',
      validateMs: 5_000,
      async apply() {
        for (const v of victims) await c.removeMember(v.id);
      },
      async rollback() {
        for (const v of victims) await c.addMember(v.modelId);
      },
    };
  }
  if (blocked('smaller-model')) return null;
  const biggest = memory.lru.ordered().sort((a, b) => b.bytes - a.bytes)[0];
  const member = biggest && c.members().find((m) => m.id === biggest.key);
  const smaller = member ? smallerModel(member.modelId) : null;
  if (!member || !smaller) return null;
  return {
    kind: 'smaller-model',
    what: `Replace ${member.modelId} by the smaller ${smaller}`,
    why,
    metric: 'memoryShare',
    better: 'lower',
    validateMs: 10_000,
    ...swapModel(c, member.id, member.modelId, smaller),
  };
}

function councilSlow({ snapshot: s, thresholds: t, council: c, blocked }: RuleContext): TuningAction | null {
  const k = s.council;
  if (!k) return null;
  const slowConsensus = k.consensusTimeMs !== null && k.consensusTimeMs > t.consensusWarningMs;
  const longQueue = k.queueDepth >= t.queueWarning;
  if (!slowConsensus && !longQueue) return null;
  const why = slowConsensus
    ? `consensus took ${(k.consensusTimeMs! / 1000).toFixed(1)} s (warning ${t.consensusWarningMs / 1000} s)`
    : `${k.queueDepth} requests queued (warning ${t.queueWarning})`;
  const metric = slowConsensus ? 'consensusTimeMs' : 'queueDepth';
  const knobs = c.knobs();
  if (!knobs.earlyConsensus && !blocked('early-consensus'))
    return {
      kind: 'early-consensus',
      what: 'Turn on early consensus (stop waiting once the answer is decided)',
      why,
      metric,
      better: 'lower',
      validateMs: 15_000,
      apply: () => c.setEarlyConsensus(true),
      rollback: () => c.setEarlyConsensus(false),
    };
  if (knobs.memberTimeoutMs > 2_000 && !blocked('member-timeout')) {
    const before = knobs.memberTimeoutMs;
    const next = Math.max(2_000, Math.round(before / 2));
    return {
      kind: 'member-timeout',
      what: `Shorten the member timeout ${before / 1000} s → ${next / 1000} s`,
      why,
      metric,
      better: 'lower',
      validateMs: 15_000,
      apply: () => c.setMemberTimeoutMs(next),
      rollback: () => c.setMemberTimeoutMs(before),
    };
  }
  if (k.members.length > 1 && !blocked('drop-slowest')) {
    const slowest = [...k.members].sort((a, b) => a.tokensPerSecond - b.tokensPerSecond)[0];
    return {
      kind: 'drop-slowest',
      what: `Remove the slowest member ${slowest.modelId} (${slowest.tokensPerSecond.toFixed(1)} tok/s)`,
      why,
      metric,
      better: 'lower',
      validateMs: 15_000,
      apply: () => c.removeMember(slowest.id),
      async rollback() {
        await c.addMember(slowest.modelId);
      },
    };
  }
  return null;
}

function lowTps({ snapshot: s, thresholds: t, council: c, smallerModel, blocked }: RuleContext): TuningAction | null {
  const k = s.council;
  if (!k) return null;
  const slow = k.members.find((m) => m.state === 'generating' && m.tokensPerSecond > 0 && m.tokensPerSecond < (m.soloTokensPerSecond ?? t.tokensPerSecondTarget) * t.tokensPerSecondAlertRatio);
  if (!slow) return null;
  const baseline = slow.soloTokensPerSecond ?? t.tokensPerSecondTarget;
  const why = `${slow.modelId} at ${slow.tokensPerSecond.toFixed(1)} tok/s < 70 % of ${baseline.toFixed(0)} tok/s`;
  const cpu = isCpuBackend(slow.backend);
  if (cpu) {
    const { threadsPerMember: before } = c.knobs();
    if (before <= 1 || blocked('fewer-threads')) return null;
    return {
      kind: 'fewer-threads',
      what: `Fewer threads per member ${before} → ${before - 1} (CPU oversubscribed)`,
      why,
      metric: 'combinedTokensPerSecond',
      better: 'higher',
      validateMs: 10_000,
      async apply() {
        c.setThreadsPerMember(before - 1);
        await reloadIdleCpuMembers(c);
      },
      async rollback() {
        c.setThreadsPerMember(before);
        await reloadIdleCpuMembers(c);
      },
    };
  }
  const smaller = smallerModel(slow.modelId);
  if (!smaller || blocked('smaller-model')) return null;
  return {
    kind: 'smaller-model',
    what: `Replace ${slow.modelId} by the smaller / more quantised ${smaller}`,
    why,
    metric: 'combinedTokensPerSecond',
    better: 'higher',
    validateMs: 15_000,
    ...swapModel(c, slow.id, slow.modelId, smaller),
  };
}
