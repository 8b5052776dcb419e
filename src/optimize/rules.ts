/**
 * Tuning Processor: the seed's Performance Tuning Decision Tree as explicit rules, each turning a
 * symptom into one reversible action (apply / rollback) that the ActionPipeline validates.
 *   High memory  → clear caches (unload least recently used idle models) → smaller model (proposed)
 *   Council slow → early consensus → timeout mechanisms (shorter member timeout) → drop slowest member
 *   Low TPS      → CPU: fewer threads per member · GPU: smaller/quantised model (proposed)
 *   Low FPS      → the Quality Scaler (UI quality) and the Auto Scaler
 * Council rules read evidence from finished requests and only while the council works (issue 10);
 * memory acts at any time. Swapping a model is a proposal the person accepts, never automatic.
 * Rules are tried in that order; the first applicable one whose kind is not backing off wins.
 */
import { alertBaselines, type AlertBaselines } from '../monitor/alert-baselines';
import { loneDecodeSpeeds } from '../monitor/evidence';
import type { MonitorSample } from '../monitor/sample';
import type { TierThresholds } from '../monitor/thresholds';
import type { MemoryManager } from '../resources/memory-manager';
import type { TuningAction } from './actions';
import { isCpuBackend, type CouncilControl } from './council-port';

/** A smaller / more quantised model that could replace a model, with its predicted decode speed. */
export type SmallerModelFinder = (modelId: string) => { modelId: string; predictedTokensPerSecond: number | null } | null;

export interface RuleContext {
  sample: MonitorSample;
  thresholds: TierThresholds;
  council: CouncilControl;
  memory: MemoryManager;
  smallerModel: SmallerModelFinder;
  /** Whether an action kind is backing off (recently kept, rolled back or dismissed). */
  blocked(kind: string): boolean;
  /** The speeds the per-member alert compares with (default: the app's); tests pass their own. */
  baselines?: AlertBaselines;
}

export function proposeTuning(ctx: RuleContext): TuningAction | null {
  for (const rule of [highMemory, councilSlow, lowTps]) {
    const a = rule(ctx);
    if (a) return a;
  }
  return null;
}

/** Replace one member's model by another: a proposal with the predicted gain. */
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

function highMemory({ sample: s, thresholds: t, council: c, memory, smallerModel, blocked }: RuleContext): TuningAction | null {
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
  const share = memory.share();
  return {
    kind: 'smaller-model',
    what: `Replace ${member.modelId} by the smaller ${smaller.modelId}`,
    why,
    metric: 'memoryShare',
    better: 'lower',
    validateMs: 10_000,
    proposal: { gain: `frees about ${(((biggest.bytes / Math.max(1, memory.budgetBytes)) * 100) | 0)} % of the memory budget${share === null ? '' : ` (now ${(share * 100).toFixed(0)} %)`}; may download the model` },
    ...swapModel(c, member.id, member.modelId, smaller.modelId),
  };
}

function councilSlow({ sample: s, thresholds: t, council: c, blocked }: RuleContext): TuningAction | null {
  const k = s.council;
  // Early consensus, timeouts and dropping a member are remedies of a council of ≥ 2 only.
  if (!k?.working || k.metrics.members.length < 2) return null;
  const consensusMs = k.summary.consensusTimeMs;
  const slowConsensus = consensusMs !== null && consensusMs > t.consensusWarningMs;
  const longQueue = k.metrics.queueDepth >= t.queueWarning;
  if (!slowConsensus && !longQueue) return null;
  const why = slowConsensus
    ? `consensus takes ${(consensusMs! / 1000).toFixed(1)} s per 64-token answer (median of ${k.summary.requests} requests; warning ${t.consensusWarningMs / 1000} s)`
    : `${k.metrics.queueDepth} requests queued (warning ${t.queueWarning})`;
  const metric = slowConsensus ? 'consensusTimeMs' : 'queueDepth';
  const evidence = { validateMs: 15_000, maxValidateMs: 60_000 };
  const knobs = c.knobs();
  if (!knobs.earlyConsensus && !blocked('early-consensus'))
    return {
      kind: 'early-consensus',
      what: 'Turn on early consensus (stop waiting once the answer is decided)',
      why,
      metric,
      better: 'lower',
      ...evidence,
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
      ...evidence,
      apply: () => c.setMemberTimeoutMs(next),
      rollback: () => c.setMemberTimeoutMs(before),
    };
  }
  // The slowest member by its measured solo speed (a live reading is 0 between tokens and when idle).
  const ranked = k.metrics.members.filter((m) => m.soloTokensPerSecond !== null).sort((a, b) => a.soloTokensPerSecond! - b.soloTokensPerSecond!);
  if (k.metrics.members.length > 1 && ranked.length && !blocked('drop-slowest')) {
    const slowest = ranked[0];
    return {
      kind: 'drop-slowest',
      what: `Remove the slowest member ${slowest.modelId} (${slowest.soloTokensPerSecond!.toFixed(1)} tok/s solo)`,
      why,
      metric,
      better: 'lower',
      ...evidence,
      apply: () => c.removeMember(slowest.id),
      async rollback() {
        await c.addMember(slowest.modelId);
      },
    };
  }
  return null;
}

function lowTps({ sample: s, thresholds: t, council: c, smallerModel, blocked, baselines = alertBaselines }: RuleContext): TuningAction | null {
  const k = s.council;
  if (!k?.working) return null;
  // Only a member answering alone is compared with its baseline (its solo speed, or what a kept change
  // made the new normal: the same figure the alert reads, so the rule never acts where the alert is
  // quiet): concurrent members are slower by nature, and the efficiency rule (auto scaler) judges that.
  const lone = loneDecodeSpeeds(k.requests, s.at);
  let base = 0;
  const slow = k.metrics.members.find((m) => {
    const speed = lone.get(m.id);
    base = baselines.memberSpeed(m.id, m.soloTokensPerSecond)?.tokensPerSecond ?? 0;
    return speed !== undefined && base > 0 && speed < base * t.tokensPerSecondAlertRatio;
  });
  if (!slow) return null;
  const speed = lone.get(slow.id)!;
  const why = `${slow.modelId} decodes ${speed.toFixed(1)} tok/s alone < 70 % of its ${base === slow.soloTokensPerSecond ? 'solo' : 'baseline'} ${base.toFixed(0)} tok/s`;
  if (isCpuBackend(slow.backend)) {
    // The thread count the members report (what they run), not a guess from the core count.
    const reported = c.members().filter((m) => isCpuBackend(m.backend) && m.threads).map((m) => m.threads!);
    const before = reported.length ? Math.max(...reported) : null;
    if (before === null || before <= 1 || blocked('fewer-threads')) return null;
    const knobBefore = c.knobs().threadsPerMember;
    return {
      kind: 'fewer-threads',
      what: `Fewer threads per member ${before} → ${before - 1} (CPU oversubscribed)`,
      why,
      metric: 'consensusTimeMs',
      better: 'lower',
      validateMs: 15_000,
      maxValidateMs: 60_000,
      async apply() {
        c.setThreadsPerMember(before - 1);
        await reloadCpuMembers(c);
      },
      async rollback() {
        c.setThreadsPerMember(knobBefore);
        await reloadCpuMembers(c);
      },
    };
  }
  const smaller = smallerModel(slow.modelId);
  if (!smaller || blocked('smaller-model')) return null;
  const predicted = smaller.predictedTokensPerSecond;
  return {
    kind: 'smaller-model',
    what: `Replace ${slow.modelId} by the smaller / more quantised ${smaller.modelId}`,
    why,
    metric: 'consensusTimeMs',
    better: 'lower',
    validateMs: 15_000,
    maxValidateMs: 60_000,
    proposal: { gain: predicted ? `predicted ${predicted.toFixed(0)} tok/s instead of ${speed.toFixed(1)} tok/s (×${(predicted / speed).toFixed(1)}); may download the model` : 'less memory per token; may download the model' },
    ...swapModel(c, slow.id, slow.modelId, smaller.modelId),
  };
}

/** A thread count applies when an engine loads: reload the idle CPU members now (busy ones keep theirs until their next load). */
/** Every CPU member reloads with the new count: an idle one now, a busy one after its current answer. */
async function reloadCpuMembers(c: CouncilControl): Promise<void> {
  if (!c.reloadMember) return;
  for (const m of c.members()) if (isCpuBackend(m.backend) && (m.state === 'idle' || m.state === 'generating')) await c.reloadMember(m.id);
}
