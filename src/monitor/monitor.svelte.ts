/**
 * Performance Monitor (seed "Performance Monitoring Flow"): every 100 ms the collector samples,
 * the thresholds are analysed, alerts raised, and — when automatic tuning is on — the Optimisation
 * Engine acts: the Quality Scaler moves the UI quality, the Auto Scaler resizes the council, and the
 * Tuning Processor applies the decision-tree rules, each validated and kept or rolled back.
 * One instance, `monitor`, started once by the app shell.
 */
import { ActionPipeline, type ActionLogSink, type TuningAction } from '../optimize/actions';
import { AutoScaler, type ScaleDecision } from '../optimize/auto-scaler';
import type { CouncilControl } from '../optimize/council-port';
import { QualityScaler, type QualityDecision } from '../optimize/quality-scaler';
import { proposeTuning } from '../optimize/rules';
import { QUALITY_LEVELS, uiQuality } from '../optimize/ui-quality.svelte';
import { MemoryManager } from '../resources/memory-manager';
import { db, newId } from '../store/db';
import type { ActionLogRecord } from '../store/schema';
import { getSetting, putSetting } from '../store/settings';
import { AlertManager, type Alert } from './alerts';
import { MetricsCollector, SAMPLE_MS } from './collector';
import { detectConditions } from './conditions';
import { councilControl, councilMetricsSource } from './council-adapter';
import { flushHistory, trimStore } from './history';
import { HardwarePlanSource } from './hardware-plan';
import type { MonitorSnapshot } from './snapshot';
import type { CouncilMetricsSource, PlanSource } from './sources';
import { thresholdsFor, type Tier, type TierThresholds } from './thresholds';

export const AUTO_TUNING_KEY = 'monitor.autoTuning';
const HISTORY_FLUSH_MS = 10_000;
const ACTION_LOG_KEEP = 1000;
const SHOWN_ACTIONS = 50;
/** Page-load frames say nothing about steady state: no decisions in the first seconds. */
const WARM_UP_MS = 3_000;

interface PendingQuality {
  record: ActionLogRecord;
  direction: 'down' | 'up';
  dueAt: number;
}

class Monitor {
  running = $state(false);
  current = $state<MonitorSnapshot | null>(null);
  alerts = $state<Alert[]>([]);
  actions = $state<ActionLogRecord[]>([]);
  autoTuning = $state(true);
  tier = $state<Tier>('mid');
  samples = $state(0);

  collector!: MetricsCollector;
  private scaler = new QualityScaler({ budgetMs: 1000 / 60, levels: QUALITY_LEVELS.length, initialLevel: uiQuality.level });
  private alertManager = new AlertManager();
  private autoScaler = new AutoScaler();
  private memory = new MemoryManager(0);
  private pipeline: ActionPipeline;
  private pendingQuality: PendingQuality[] = [];
  private pendingUp: PendingQuality | null = null;
  /** Models the optimiser removed, that the auto scaler may bring back. */
  private restorable: string[] = [];
  private optimising = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastFlush = 0;
  private startedAt = 0;
  private lastAlertRefresh = 0;
  private lastShown = 0;

  constructor(
    private readonly councilSource: CouncilMetricsSource = councilMetricsSource,
    private readonly control: CouncilControl = councilControl,
    readonly plan: PlanSource = new HardwarePlanSource(),
  ) {
    const sink: ActionLogSink = { write: (r) => this.logAction(r) };
    this.pipeline = new ActionPipeline(sink);
  }

  get heapSource(): string {
    return this.collector?.heap.source ?? 'n/a';
  }
  get longTaskTypes(): string[] {
    return this.collector?.longTaskCounter.supported ?? [];
  }
  get thresholds(): TierThresholds {
    return thresholdsFor(this.tier);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.collector = new MetricsCollector(
      this.councilSource,
      (at, dt) => this.scaler.addFrame(at, dt),
      () => this.plan.memoryBudgetBytes(),
      () => uiQuality.level,
    );
    this.collector.start();
    this.startedAt = performance.now();
    this.lastFlush = Date.now();
    this.timer = setInterval(() => this.tick(), SAMPLE_MS);
    try {
      this.autoTuning = await getSetting(AUTO_TUNING_KEY, true);
      const recent = await (await db()).getAllFromIndex('actionLog', 'at');
      const shown = new Set(this.actions.map((a) => a.id));
      this.actions = [...this.actions, ...recent.reverse().filter((r) => !shown.has(r.id))].slice(0, SHOWN_ACTIONS);
    } catch {
      // Storage unavailable: monitoring still works, the log just is not kept.
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.collector?.stop();
    this.running = false;
  }

  async setAutoTuning(on: boolean): Promise<void> {
    this.autoTuning = on;
    // Clocks kept while tuning was off would describe a past the optimiser did not watch.
    this.autoScaler.reset();
    this.logAction({ id: newId('act'), at: Date.now(), action: on ? 'Automatic tuning on' : 'Automatic tuning off', reason: 'changed by you', outcome: 'kept' });
    await putSetting(AUTO_TUNING_KEY, on);
  }

  dismiss(id: string): void {
    this.alertManager.dismiss(id, Date.now());
    this.alerts = this.alertManager.active().map((a) => ({ ...a }));
  }

  private tick(): void {
    const now = performance.now();
    // Measured to the end of the microtasks the tick queues (Svelte's DOM updates run there).
    queueMicrotask(() => queueMicrotask(() => this.collector.tickCostMs.push(performance.now() - now)));
    const epoch = Date.now();
    const snap = this.collector.sample(now, epoch);
    this.tier = this.plan.tier();
    const th = thresholdsFor(this.tier);
    this.scaler.budgetMs = th.frameBudgetMs;
    if (uiQuality.level !== this.scaler.level) this.scaler.adopt(uiQuality.level, now);
    const warm = now - this.startedAt >= WARM_UP_MS;
    if (!warm) this.scaler.adopt(this.scaler.level, now); // windows start after the warm-up
    if (this.autoTuning && warm) {
      const d = this.scaler.evaluate(now);
      if (d) this.applyQuality(d, now, epoch);
    }
    this.settleQuality(now, epoch);
    const animations = uiQuality.settings.animations ? 'on' : 'off';
    if (document.documentElement.dataset.animations !== animations) document.documentElement.dataset.animations = animations;

    if (warm) {
      const changed = this.alertManager.update(detectConditions(snap, th, { autoTuning: this.autoTuning }), epoch);
      // Open alerts carry live numbers: refresh the shown copies on change, else once a second.
      if (changed.length || (this.alerts.length && epoch - this.lastAlertRefresh >= 1_000)) {
        this.alerts = this.alertManager.active().map((a) => ({ ...a }));
        this.lastAlertRefresh = epoch;
      }
      if (this.autoTuning && !this.optimising) void this.optimise(snap, th, epoch);
    }
    // The numbers on screen refresh at the quality level's chart rate, not every 100 ms (DOM work).
    if (epoch - this.lastShown >= uiQuality.settings.chartRefreshMs) {
      this.current = snap;
      this.lastShown = epoch;
    }
    this.samples++;
    if (epoch - this.lastFlush >= HISTORY_FLUSH_MS) {
      this.lastFlush = epoch;
      void flushHistory(this.collector, epoch).catch(() => undefined);
      void trimStore('actionLog', ACTION_LOG_KEEP).catch(() => undefined);
    }
  }

  // ------------------------------------------------------------ Quality Scaler

  private applyQuality(d: QualityDecision, now: number, epoch: number): void {
    uiQuality.set(d.to);
    const from = QUALITY_LEVELS[d.from].label;
    const to = QUALITY_LEVELS[d.to].label;
    if (d.flipFlop && this.pendingUp) {
      // The step up made frames slow again: this step down is its rollback.
      const up = this.pendingUp;
      this.pendingQuality = this.pendingQuality.filter((p) => p !== up);
      this.pendingUp = null;
      this.logAction({ ...up.record, at: epoch, outcome: 'rolled-back', after: d.meanFrameMs, reason: `${up.record.reason}; then ${d.reason}: back to ${to}, next try after a ${(this.scaler.backoff / 1000).toFixed(0)} s backoff` });
      return;
    }
    const record: ActionLogRecord = {
      id: newId('act'),
      at: epoch,
      action: `${d.direction === 'down' ? 'Lower' : 'Raise'} UI quality ${from} → ${to}`,
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
  private settleQuality(now: number, epoch: number): void {
    for (const p of this.pendingQuality) {
      if (now < p.dueAt) continue;
      const after = this.collector.frameTimeMs.meanLatest(10);
      const recovered = Number.isFinite(after) && after <= this.scaler.budgetMs * 1.15;
      const note = p.direction === 'down' ? (recovered ? 'frames back on budget' : 'frames still slow: kept (a higher level only adds cost); the auto scaler looks further') : 'frames stayed on budget';
      this.logAction({ ...p.record, at: epoch, outcome: 'kept', after: Number.isFinite(after) ? after : null, reason: `${p.record.reason}; ${note}` });
      if (p === this.pendingUp) this.pendingUp = null;
    }
    this.pendingQuality = this.pendingQuality.filter((p) => now < p.dueAt);
  }

  // ------------------------------------------------------------ Auto Scaler + Tuning Processor

  private async optimise(snap: MonitorSnapshot, th: TierThresholds, epoch: number): Promise<void> {
    this.optimising = true;
    try {
      await this.pipeline.tick(snap, epoch);
      if (this.pipeline.busy) return;
      const members = this.control.members();
      this.memory.budgetBytes = this.plan.memoryBudgetBytes() ?? 0;
      const perMember = members.length && snap.gpuMemoryBytes ? snap.gpuMemoryBytes / members.length : 0;
      this.memory.sync(members.map((m) => ({ id: m.id, modelId: m.modelId, bytes: perMember, busy: m.state === 'generating' || m.state === 'loading' })), epoch);
      // Loading a model (and measuring its solo speed) costs frames for a while: do not scale on that.
      const loading = members.some((m) => m.state === 'loading');
      if (loading) this.autoScaler.reset();
      const scale = loading ? null : this.autoScaler.observe(snap, th, epoch, members.length, this.plan.maxMembers(), this.restorable.length > 0);
      const action =
        (scale && this.scaleAction(scale, snap)) ||
        (members.length
          ? proposeTuning({
              snapshot: snap,
              thresholds: th,
              council: this.control,
              memory: this.memory,
              smallerModel: (id) => this.plan.smallerModel(id),
              blocked: (k) => this.pipeline.blocked(k, epoch),
            })
          : null);
      if (action) await this.pipeline.start(action, snap, epoch);
    } catch (err) {
      console.warn('WIRTHFORGE optimiser:', err);
    } finally {
      this.optimising = false;
    }
  }

  private scaleAction(d: ScaleDecision, snap: MonitorSnapshot): TuningAction | null {
    const c = this.control;
    if (d.direction === 'remove') {
      const list = snap.council?.members ?? [];
      const victim = [...list].sort((a, b) => a.tokensPerSecond - b.tokensPerSecond)[0] ?? c.members().at(-1);
      if (!victim) return null;
      const byFrames = d.reason.startsWith('frame');
      return {
        kind: 'scale-remove',
        what: `Remove council member ${victim.modelId} (${victim.id})`,
        why: d.reason,
        metric: byFrames ? 'frameTimeMs' : 'efficiency',
        better: byFrames ? 'lower' : 'higher',
        validateMs: 5_000,
        apply: async () => {
          await c.removeMember(victim.id);
          this.restorable.push(victim.modelId);
        },
        rollback: async () => {
          this.restorable = this.restorable.filter((m, i, a) => !(m === victim.modelId && i === a.lastIndexOf(m)));
          await c.addMember(victim.modelId);
        },
      };
    }
    const modelId = this.restorable.at(-1);
    if (!modelId) return null;
    let added: string | null = null;
    return {
      kind: 'scale-add',
      what: `Add council member ${modelId} back`,
      why: d.reason,
      metric: 'frameTimeMs',
      better: 'lower',
      validateMs: 10_000,
      // Adding a member costs frames by nature: keep it while frames stay under the removal line.
      accept: (_before, after) => after === null || after <= 20,
      apply: async () => {
        this.restorable.pop();
        added = await c.addMember(modelId);
      },
      rollback: async () => {
        if (added) await c.removeMember(added);
        this.restorable.push(modelId);
      },
    };
  }

  private logAction(r: ActionLogRecord): void {
    const i = this.actions.findIndex((a) => a.id === r.id);
    if (i >= 0) this.actions[i] = r;
    else this.actions = [r, ...this.actions].slice(0, SHOWN_ACTIONS);
    void db()
      .then((d) => d.put('actionLog', r))
      .catch(() => undefined);
  }
}

export const monitor = new Monitor();

/** Read-only hook for the e2e tests and benchmarks (like the council's __wfCouncil). */
export interface MonitorProbe {
  level(): number;
  /** Main-thread cost (ms) of the newest `n` samples (collector only, or the whole tick). */
  sampleCosts(n: number, whole?: boolean): number[];
  longTasksTotal(): { count: number; blockedMs: number };
}
if (typeof window !== 'undefined')
  (window as unknown as { __wfMonitor?: MonitorProbe }).__wfMonitor = {
    level: () => uiQuality.level,
    sampleCosts(n, whole = false) {
      const ring = whole ? monitor.collector?.tickCostMs : monitor.collector?.costMs;
      const out = new Float64Array(Math.min(n, ring?.length ?? 0));
      ring?.copyLatest(out, out.length);
      return [...out];
    },
    longTasksTotal: () => ({ count: monitor.collector?.longTaskCounter.total ?? 0, blockedMs: monitor.collector?.longTaskCounter.totalBlockedMs ?? 0 }),
  };
