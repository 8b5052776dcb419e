/**
 * Performance Monitor (seed "Performance Monitoring Flow"): every 100 ms the collector samples,
 * the thresholds are analysed and alerts raised, and the sample is published. The monitor decides
 * nothing else: consumers (the Optimisation Engine in src/optimize/) subscribe to the samples and
 * own their state, so data flows one way (STYLE "Data flows one way").
 * One instance, `monitor`, started once by the app shell.
 */
import { AlertManager, type Alert } from './alerts';
import { MetricsCollector, SAMPLE_MS } from './collector';
import { detectConditions } from './conditions';
import { councilMetricsSource } from './council-source';
import { HardwarePlanSource } from './hardware-plan.svelte';
import { flushHistory } from './history';
import type { MonitorSample } from './sample';
import type { CouncilMetricsSource, PlanSource } from './sources';
import { thresholdsFor, type Tier, type TierThresholds } from './thresholds';

const HISTORY_FLUSH_MS = 10_000;
/** Page-load frames say nothing about steady state: no alerts (and no decisions) in the first seconds. */
export const WARM_UP_MS = 3_000;

/** What every subscriber gets with a sample. */
export interface SampleContext {
  /** performance.now() of the tick (the rAF clock). */
  now: number;
  thresholds: TierThresholds;
  /** False during the first WARM_UP_MS. */
  warm: boolean;
}

export type SampleListener = (sample: MonitorSample, ctx: SampleContext) => void;
export type FrameListener = (at: number, intervalMs: number) => void;

class Monitor {
  running = $state(false);
  // Raw: replaced every tick, never mutated; a deep proxy of each sample cost more than the sample.
  current = $state.raw<MonitorSample | null>(null);
  alerts = $state.raw<Alert[]>([]);
  tier = $state<Tier>('mid');
  /** Told by the optimiser, so alerts say what is being done (or that tuning is off). */
  autoTuning = $state(true);
  /** How often the numbers on screen refresh (the optimiser's UI quality level sets it). */
  displayEveryMs = 400;
  /** The UI quality level in force, recorded with every sample (set by the optimiser). */
  qualityLevel = NaN;

  collector!: MetricsCollector;
  private alertManager = new AlertManager();
  private listeners: SampleListener[] = [];
  private frameListeners: FrameListener[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastFlush = 0;
  private startedAt = 0;
  private lastAlertRefresh = 0;
  private lastShown = 0;
  private tierThresholds: TierThresholds | null = null;

  constructor(
    private readonly councilSource: CouncilMetricsSource = councilMetricsSource,
    readonly plan: PlanSource = new HardwarePlanSource(),
  ) {}

  get heapSource(): string {
    return this.collector?.heap.source ?? 'n/a';
  }
  get longTaskTypes(): string[] {
    return this.collector?.longTaskCounter.supported ?? [];
  }
  get thresholds(): TierThresholds {
    return thresholdsFor(this.tier);
  }

  /** Every published sample, every 100 ms; returns the unsubscribe function. */
  subscribe(listener: SampleListener): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  /** Every animation frame (rAF time, interval since the previous one). */
  subscribeFrames(listener: FrameListener): () => void {
    this.frameListeners.push(listener);
    return () => (this.frameListeners = this.frameListeners.filter((l) => l !== listener));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.collector = new MetricsCollector(
      this.councilSource,
      (at, dt) => {
        for (const l of this.frameListeners) l(at, dt);
      },
      () => this.plan.budgets(),
      () => this.qualityLevel,
    );
    this.collector.start();
    this.startedAt = performance.now();
    this.lastFlush = Date.now();
    this.timer = setInterval(() => this.tick(), SAMPLE_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.collector?.stop();
    this.running = false;
  }

  /** Every alert raised since the page loaded (bounded), for the e2e probe. */
  alertHistory(): readonly Alert[] {
    return this.alertManager.alerts;
  }

  dismiss(id: string): void {
    this.alertManager.dismiss(id, Date.now());
    this.alerts = this.alertManager.active().map((a) => ({ ...a }));
  }

  private tick(): void {
    const now = performance.now();
    // Measured to the end of the microtasks the tick queues (Svelte's DOM updates run there).
    queueMicrotask(() => queueMicrotask(() => this.collector.tickCostMs.push(performance.now() - now)));
    const sample = this.collector.sample(now, performance.timeOrigin + now);
    const epoch = Date.now();
    const tier = this.plan.tier();
    if (tier !== this.tier || !this.tierThresholds) {
      this.tier = tier;
      this.tierThresholds = thresholdsFor(tier);
    }
    const thresholds = this.tierThresholds;
    const warm = now - this.startedAt >= WARM_UP_MS;
    if (warm) {
      const changed = this.alertManager.update(detectConditions(sample, thresholds, { autoTuning: this.autoTuning }), epoch);
      // Open alerts carry live numbers: refresh the shown copies on change, else once a second.
      if (changed.length || (this.alerts.length && epoch - this.lastAlertRefresh >= 1_000)) {
        this.alerts = this.alertManager.active().map((a) => ({ ...a }));
        this.lastAlertRefresh = epoch;
      }
    }
    const ctx: SampleContext = { now, thresholds, warm };
    for (const l of this.listeners) {
      try {
        l(sample, ctx);
      } catch (err) {
        console.warn('WIRTHFORGE monitor subscriber:', err); // one consumer's bug must not stop the monitor
      }
    }
    // The tick's own work ends here (issue 10: collector + alerts + rules); what follows publishes to the screen and storage.
    this.collector.tickWorkMs.push(performance.now() - now);
    // The numbers on screen refresh at the quality level's chart rate, not every 100 ms (DOM work).
    if (epoch - this.lastShown >= this.displayEveryMs) {
      this.current = sample;
      this.lastShown = epoch;
    }
    if (epoch - this.lastFlush >= HISTORY_FLUSH_MS) {
      this.lastFlush = epoch;
      void flushHistory(this.collector, epoch).catch(() => undefined);
    }
  }
}

export const monitor = new Monitor();
