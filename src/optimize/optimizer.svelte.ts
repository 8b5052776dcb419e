/**
 * Optimisation Engine (seed "Optimization Engine"): consumes the monitor's published samples and
 * frames and owns its own state (issue 10: the monitor imports nothing from here). With automatic
 * tuning on, the Quality Scaler moves the UI quality from the frames, the Auto Scaler resizes the
 * council, and the Tuning Processor applies the decision-tree rules; each change is validated and
 * kept or rolled back, and big changes (a model swap) wait as proposals for the person.
 */
import type { MonitorSample } from '../monitor/sample';
import type { SampleContext } from '../monitor/monitor.svelte';
import type { PlanSource } from '../monitor/sources';
import type { TierThresholds } from '../monitor/thresholds';
import { MemoryManager } from '../resources/memory-manager';
import type { ActionLogRecord } from '../store/schema';
import { ActionPipeline, type TuningAction } from './actions';
import { alertBaselines, type AlertBaselines } from '../monitor/alert-baselines';
import { TARGET_FLOOR } from '../capacity/formulas';
import { BaselineFollower } from './baselines';
import { AutoScaler, type ScaleDecision } from './auto-scaler';
import type { CouncilControl } from './council-port';
import { DISMISS_BACKOFF_MS, ProposalBox, type Proposal } from './proposals';
import { QualityScaler, type QualityDecision } from './quality-scaler';
import { proposeTuning } from './rules';
import { speedRatio } from './speed-ratio';
import { QUALITY_LEVELS, uiQuality } from './ui-quality.svelte';

const SHOWN_ACTIONS = 50;

export interface OptimizerDeps {
  control: CouncilControl;
  plan: Pick<PlanSource, 'maxMembers' | 'smallerModel' | 'budgets'>;
  /** Writes an action log record (IndexedDB in the app); must not throw. */
  persist(record: ActionLogRecord): void;
  newId(prefix: string): string;
  /** The figures alerts compare against, refreshed when a change is kept (default: the monitor's shared set). */
  baselines?: AlertBaselines;
}

interface PendingQuality {
  record: ActionLogRecord;
  direction: 'down' | 'up';
  dueAt: number;
}

/** A member the optimiser removed and may bring back, with what it needs to judge that. */
interface Removed {
  modelId: string;
  cause: ScaleDecision['cause'];
  removedAt: number;
  /** Solo speeds of the members that stayed, as the council knew them before the removal. */
  solos: Map<string, number>;
}

export class Optimizer {
  autoTuning = $state(true);
  // Raw: both lists are replaced, never mutated (a deep proxy of 50 records on every log line cost a frame's slack).
  actions = $state.raw<ActionLogRecord[]>([]);
  proposals = $state.raw<Proposal[]>([]);

  private scaler = new QualityScaler({ budgetMs: 1000 / 60, levels: QUALITY_LEVELS.length, initialLevel: uiQuality.level });
  private autoScaler = new AutoScaler();
  private memory = new MemoryManager(0);
  private pipeline: ActionPipeline;
  private box = new ProposalBox();
  private pendingQuality: PendingQuality[] = [];
  private pendingUp: PendingQuality | null = null;
  private removed: Removed[] = [];
  private optimising = false;
  /** Clock of the newest sample. */
  private lastAt = 0;
  private lastSample: MonitorSample | null = null;
  private baselines: BaselineFollower;

  constructor(private readonly deps: OptimizerDeps) {
    this.baselines = new BaselineFollower(deps.baselines ?? alertBaselines, TARGET_FLOOR);
    // Seed "Update Baselines": a kept change refreshes the alerts' figures from its validation window.
    this.pipeline = new ActionPipeline({ write: (r) => this.logAction(this.baselines.follow(r, this.lastSample)) });
  }

  onFrame(at: number, intervalMs: number): void {
    this.scaler.addFrame(at, intervalMs);
  }

  /** One published sample. Returns the optimisation step's promise (tests await it; the app does not). */
  onSample(sample: MonitorSample, ctx: SampleContext): Promise<void> {
    this.lastAt = sample.at;
    this.lastSample = sample;
    this.scaler.budgetMs = ctx.thresholds.frameBudgetMs;
    if (uiQuality.level !== this.scaler.level || !ctx.warm) this.scaler.adopt(uiQuality.level, ctx.now); // windows start after the warm-up
    if (this.autoTuning && ctx.warm) {
      const d = this.scaler.evaluate(ctx.now);
      if (d) this.applyQuality(d, ctx.now, sample.at);
    }
    this.settleQuality(sample, ctx.now);
    if (!this.autoTuning || !ctx.warm || this.optimising) return Promise.resolve();
    // Nothing to validate, apply or scale, and no memory pressure: nothing to do this tick.
    const idle = !this.pipeline.busy && !this.box.accepted.length && !sample.council && (sample.memoryShare ?? 0) < ctx.thresholds.memoryWarning;
    return idle ? Promise.resolve() : this.optimise(sample, ctx.thresholds);
  }

  setAutoTuning(on: boolean, at: number): void {
    this.autoTuning = on;
    // Clocks kept while tuning was off would describe a past the optimiser did not watch.
    this.autoScaler.reset();
    this.logAction({ id: this.deps.newId('act'), at, action: on ? 'Automatic tuning on' : 'Automatic tuning off', reason: 'changed by you', outcome: 'kept' });
  }

  accept(id: string): void {
    this.box.accept(id);
    this.proposals = this.box.list;
  }

  dismiss(id: string, now: number): void {
    const p = this.box.dismiss(id);
    if (p) this.pipeline.block(p.action.kind, now + DISMISS_BACKOFF_MS);
    this.proposals = this.box.list;
  }

  /** Records loaded from storage (newest first), behind anything logged since. */
  restoreLog(records: ActionLogRecord[]): void {
    const shown = new Set(this.actions.map((a) => a.id));
    this.actions = [...this.actions, ...records.filter((r) => !shown.has(r.id))].slice(0, SHOWN_ACTIONS);
  }

  // ------------------------------------------------------------ Quality Scaler

  private applyQuality(d: QualityDecision, now: number, at: number): void {
    uiQuality.set(d.to);
    const to = QUALITY_LEVELS[d.to].label;
    if (d.flipFlop && this.pendingUp) {
      // The step up made frames slow again: this step down is its rollback.
      const up = this.pendingUp;
      this.pendingQuality = this.pendingQuality.filter((p) => p !== up);
      this.pendingUp = null;
      this.logAction({ ...up.record, at, outcome: 'rolled-back', after: d.meanFrameMs, reason: `${up.record.reason}; then ${d.reason}: back to ${to}, next try after a ${(this.scaler.backoff / 1000).toFixed(0)} s backoff` });
      return;
    }
    const record: ActionLogRecord = {
      id: this.deps.newId('act'),
      at,
      action: `${d.direction === 'down' ? 'Lower' : 'Raise'} UI quality ${QUALITY_LEVELS[d.from].label} → ${to}`,
      reason: d.reason,
      outcome: 'applied',
      before: d.meanFrameMs,
      after: null,
      metric: 'frameTimeMs',
    };
    this.logAction(record);
    const pending: PendingQuality = { record, direction: d.direction, dueAt: now + (d.direction === 'down' ? 3_000 : this.scaler.flipFlopMs) };
    this.pendingQuality.push(pending);
    if (d.direction === 'up') this.pendingUp = pending;
  }

  /** Validation of quality steps: a step down is kept (a higher level only adds cost); a step up is kept unless it flip-flopped. */
  private settleQuality(sample: MonitorSample, now: number): void {
    if (!this.pendingQuality.length) return;
    for (const p of this.pendingQuality) {
      if (now < p.dueAt) continue;
      const after = sample.frameTimeMs;
      const recovered = after !== null && after <= this.scaler.budgetMs * 1.15;
      const note = p.direction === 'down' ? (recovered ? 'frames back on budget' : 'frames still slow: kept (a higher level only adds cost); the auto scaler looks further') : 'frames stayed on budget';
      this.logAction({ ...p.record, at: sample.at, outcome: 'kept', after, reason: `${p.record.reason}; ${note}` });
      if (p === this.pendingUp) this.pendingUp = null;
    }
    this.pendingQuality = this.pendingQuality.filter((p) => now < p.dueAt);
  }

  // ------------------------------------------------------------ Auto Scaler + Tuning Processor

  private async optimise(s: MonitorSample, th: TierThresholds): Promise<void> {
    this.optimising = true;
    const now = s.at;
    try {
      await this.pipeline.tick(s, now);
      if (this.pipeline.busy) return;
      const accepted = this.box.next();
      if (accepted) {
        await this.pipeline.start(accepted.action, s, now);
        return;
      }
      const c = this.deps.control;
      const members = c.members();
      const budgets = this.deps.plan.budgets();
      this.memory.budgetBytes = budgets.gpu ?? budgets.cpu ?? 0;
      const perMember = members.length && s.gpuMemoryBytes ? s.gpuMemoryBytes / members.length : 0;
      this.memory.sync(members.map((m) => ({ id: m.id, modelId: m.modelId, bytes: perMember, busy: m.state === 'generating' || m.state === 'loading' })), now);
      // Loading a model (and measuring its solo speed) costs frames and speed for a while: do not scale on that.
      const loading = members.some((m) => m.state === 'loading' || m.state === 'calibrating' || m.state === 'restarting');
      if (loading) this.autoScaler.reset();
      const back = this.removed.at(-1);
      const restorable = back ? { cause: back.cause, speedRatio: s.council ? speedRatio(s.council.requests, now, back.removedAt, (id) => back.solos.get(id) ?? null) : null } : null;
      // Bringing back what the optimiser removed returns to the size the person chose, even above the plan.
      const ceiling = Math.max(this.deps.plan.maxMembers(), members.length + this.removed.length);
      const scale = loading ? null : this.autoScaler.observe(s, th, now, members.length, ceiling, restorable, (cause) => !this.pipeline.blocked(`scale-remove-${cause}`, now));
      const action =
        (scale && this.scaleAction(scale, s, th)) ||
        (members.length
          ? proposeTuning({ sample: s, thresholds: th, council: c, memory: this.memory, smallerModel: (id) => this.deps.plan.smallerModel(id), blocked: (k) => this.pipeline.blocked(k, now), baselines: this.deps.baselines })
          : null);
      if (!action) return;
      if (action.proposal) {
        if (this.box.offer(action, now)) this.proposals = this.box.list;
        return;
      }
      await this.pipeline.start(action, s, now);
    } catch (err) {
      console.warn('WIRTHFORGE optimiser:', err);
    } finally {
      this.optimising = false;
    }
  }

  private scaleAction(d: ScaleDecision, s: MonitorSample, th: TierThresholds): TuningAction | null {
    const c = this.deps.control;
    if (d.direction === 'remove') {
      const list = s.council?.metrics.members.filter((m) => m.state !== 'removed') ?? [];
      // The slowest by measured solo speed (a live reading is 0 between tokens and when idle).
      const victim = [...list].sort((a, b) => (a.soloTokensPerSecond ?? Infinity) - (b.soloTokensPerSecond ?? Infinity))[0];
      if (!victim) return null;
      const solos = new Map(list.filter((m) => m !== victim && m.soloTokensPerSecond).map((m) => [m.id, m.soloTokensPerSecond!]));
      const entry: Removed = { modelId: victim.modelId, cause: d.cause, removedAt: s.at, solos };
      const byFrames = d.cause === 'frames';
      return {
        // One kind per cause: a removal for frames that did not cure them (an outside hog starves the
        // UI too) must not block, for the 5 min after its rollback, a removal the efficiency asks for.
        kind: `scale-remove-${d.cause}`,
        what: `Remove council member ${victim.modelId} (${victim.id})`,
        why: d.reason,
        metric: byFrames ? 'frameTimeMs' : 'speedRatio',
        better: byFrames ? 'lower' : 'higher',
        validateMs: byFrames ? 5_000 : 15_000,
        maxValidateMs: 90_000,
        // The members that stay, against their solo speeds from before (their own runs alone would move them).
        measure: byFrames ? undefined : (x, since) => (x.council ? speedRatio(x.council.requests, x.at, since, (id) => solos.get(id) ?? null) : null),
        apply: async () => {
          await c.removeMember(victim.id);
          this.removed.push(entry);
        },
        rollback: async () => {
          this.removed = this.removed.filter((r) => r !== entry);
          await c.addMember(victim.modelId);
        },
      };
    }
    const back = this.removed.at(-1);
    if (!back) return null;
    let added: string | null = null;
    const byFrames = back.cause === 'frames';
    return {
      kind: 'scale-add',
      what: `Add council member ${back.modelId} back`,
      why: d.reason,
      metric: byFrames ? 'frameTimeMs' : 'efficiency',
      better: byFrames ? 'lower' : 'higher',
      validateMs: byFrames ? 10_000 : 15_000,
      maxValidateMs: 90_000,
      // Adding a member costs frames and speed by nature: keep it while they stay above the removal lines.
      accept: byFrames ? (_b, after) => after === null || after <= th.frameBudgetMs * 1.2 : (_b, after) => after === null || after >= th.efficiencyCritical,
      apply: async () => {
        this.removed = this.removed.filter((r) => r !== back);
        added = await c.addMember(back.modelId);
      },
      rollback: async () => {
        if (added) await c.removeMember(added);
        this.removed.push({ ...back, removedAt: this.lastAt });
      },
    };
  }

  private logAction(r: ActionLogRecord): void {
    const i = this.actions.findIndex((a) => a.id === r.id);
    this.actions = i >= 0 ? this.actions.with(i, r) : [r, ...this.actions].slice(0, SHOWN_ACTIONS);
    this.deps.persist(r);
  }
}
