/**
 * Metrics Collector (seed "Performance Monitoring Flow: loop every 100 ms"): a requestAnimationFrame
 * loop counts frames and their intervals; every 100 ms `sample()` folds them, long tasks, the JS
 * heap and the council's snapshot into ring buffers of Float64Array (no per-sample allocation in
 * the buffers) and returns a 1 s aggregated sample for alerts and the optimiser.
 * The cost of each sample is measured and kept too (`costMs`), so the benchmark can report it.
 */
import type { CouncilMetrics } from '../council/types';
import { CouncilEvidenceTracker, type CouncilReading } from './evidence';
import { HeapReader } from './heap';
import { LongTaskCounter } from './long-tasks';
import { RingBuffer } from './ring-buffer';
import type { MonitorSample } from './sample';
import type { CouncilMetricsSource, MemoryBudgets } from './sources';

export const SAMPLE_MS = 100;
/** 5 minutes of 100 ms samples. */
export const HISTORY_SAMPLES = 3000;
const SAMPLES_PER_SECOND = 1000 / SAMPLE_MS;

export class MetricsCollector {
  readonly time = new RingBuffer(HISTORY_SAMPLES);
  readonly fps = new RingBuffer(HISTORY_SAMPLES);
  readonly frameTimeMs = new RingBuffer(HISTORY_SAMPLES);
  readonly longTasks = new RingBuffer(HISTORY_SAMPLES);
  readonly heapMB = new RingBuffer(HISTORY_SAMPLES);
  readonly gpuMB = new RingBuffer(HISTORY_SAMPLES);
  readonly tokensPerSecond = new RingBuffer(HISTORY_SAMPLES);
  readonly queueDepth = new RingBuffer(HISTORY_SAMPLES);
  readonly consensusS = new RingBuffer(HISTORY_SAMPLES);
  readonly efficiency = new RingBuffer(HISTORY_SAMPLES);
  readonly memoryShare = new RingBuffer(HISTORY_SAMPLES);
  readonly quality = new RingBuffer(HISTORY_SAMPLES);
  /** Main-thread cost of each sample() call, ms. */
  readonly costMs = new RingBuffer(HISTORY_SAMPLES);
  /** Main-thread cost of the monitor tick's own work (sample, alerts, every subscriber's synchronous part; not the screen's refresh), ms. */
  readonly tickWorkMs = new RingBuffer(HISTORY_SAMPLES);
  /** The same tick up to the end of the microtasks it queued (the optimiser's async step, Svelte's state updates), ms. */
  readonly tickCostMs = new RingBuffer(HISTORY_SAMPLES);
  // Per-sample frame counters (summed over the last 10 samples for the 1 s view).
  private readonly framesPerSample = new RingBuffer(SAMPLES_PER_SECOND);
  private readonly intervalSumPerSample = new RingBuffer(SAMPLES_PER_SECOND);
  private readonly intervalMaxPerSample = new RingBuffer(SAMPLES_PER_SECOND);

  readonly heap = new HeapReader();
  readonly longTaskCounter = new LongTaskCounter();
  private readonly evidence = new CouncilEvidenceTracker();
  private frames = 0;
  private intervalSum = 0;
  private intervalMax = 0;
  private lastFrameAt = NaN;
  private rafId = 0;
  private running = false;

  constructor(
    private readonly council: CouncilMetricsSource,
    /** Called on every frame with its rAF timestamp and the interval since the previous frame. */
    private readonly onFrame: (at: number, intervalMs: number) => void = () => undefined,
    private readonly memoryBudgets: () => MemoryBudgets = () => ({ cpu: null, gpu: null }),
    private readonly qualityLevel: () => number = () => NaN,
  ) {}

  /**
   * The page was hidden (another tab, a minimised window): no frames come meanwhile, and the first
   * one back carries the whole hidden time as its interval, which read as a frozen UI (a sticky
   * critical alert, and the rollback of any change being validated on frames). The frame window
   * starts again from the next frame either way.
   */
  private readonly onVisibility = (): void => {
    this.lastFrameAt = NaN;
    this.frames = 0;
    this.intervalSum = 0;
    this.intervalMax = 0;
    this.framesPerSample.clear();
    this.intervalSumPerSample.clear();
    this.intervalMaxPerSample.clear();
  };

  start(): void {
    if (this.running) return;
    this.running = true;
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisibility);
    const loop = (t: number) => {
      if (!this.running) return;
      if (!Number.isNaN(this.lastFrameAt)) {
        const dt = t - this.lastFrameAt;
        this.frames++;
        this.intervalSum += dt;
        if (dt > this.intervalMax) this.intervalMax = dt;
        this.onFrame(t, dt);
      }
      this.lastFrameAt = t;
      this.rafId = requestAnimationFrame(loop);
    };
    this.rafId = requestAnimationFrame(loop);
  }

  stop(): void {
    this.running = false;
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisibility);
    cancelAnimationFrame(this.rafId);
    this.longTaskCounter.stop();
  }

  /** Takes one 100 ms sample; `now` is performance.now() (same clock as rAF), `epochMs` the council's clock. */
  sample(now: number, epochMs: number): MonitorSample {
    const t0 = performance.now();
    this.framesPerSample.push(this.frames);
    this.intervalSumPerSample.push(this.intervalSum);
    this.intervalMaxPerSample.push(this.intervalMax);
    this.frames = 0;
    this.intervalSum = 0;
    this.intervalMax = 0;
    let frames = 0;
    let sum = 0;
    let longest = 0;
    for (let i = 0; i < this.framesPerSample.length; i++) {
      frames += this.framesPerSample.latest(i);
      sum += this.intervalSumPerSample.latest(i);
      longest = Math.max(longest, this.intervalMaxPerSample.latest(i));
    }
    // The second's longest frame is left out (of ≥ 6): one long frame — a screen change — is not a slow UI.
    if (frames >= 6) {
      sum -= longest;
      frames--;
    }
    const hidden = typeof document !== 'undefined' && document.hidden;
    let fps: number | null = null;
    let frameTimeMs: number | null = null;
    if (!hidden && frames > 0) {
      frameTimeMs = sum / frames;
      fps = 1000 / frameTimeMs;
    } else if (!hidden && now - this.lastFrameAt >= 1000) {
      // No frame for a whole second while visible: the main thread is frozen. (Not merely a window
      // that starts again, after the page was hidden, before its second frame.)
      frameTimeMs = now - this.lastFrameAt;
      fps = 0;
    }
    const longTasksNow = this.longTaskCounter.take();
    const heapBytes = this.heap.read(now);
    let metrics: CouncilMetrics | null = null;
    try {
      metrics = this.council.metrics();
    } catch {
      metrics = null; // a council that cannot report must not stop the monitor
    }
    const council: CouncilReading | null = metrics ? this.evidence.observe(metrics, epochMs) : null;
    const gpuBytes = metrics ? metrics.estimatedGpuMemoryBytes : null;
    const budgets = this.memoryBudgets();
    const memoryShare = shareOfBudgets([
      this.heap.mainShare(),
      this.heap.pageBytes !== null && budgets.cpu ? this.heap.pageBytes / budgets.cpu : null,
      gpuBytes !== null && budgets.gpu ? gpuBytes / budgets.gpu : null,
    ]);

    this.time.push(epochMs);
    this.fps.push(fps ?? NaN);
    this.frameTimeMs.push(frameTimeMs ?? NaN);
    this.longTasks.push(longTasksNow);
    this.heapMB.push(heapBytes === null ? NaN : heapBytes / 2 ** 20);
    this.gpuMB.push(gpuBytes === null ? NaN : gpuBytes / 2 ** 20);
    this.tokensPerSecond.push(metrics ? metrics.combinedTokensPerSecond : NaN);
    this.queueDepth.push(metrics ? metrics.queueDepth : NaN);
    this.consensusS.push(council?.summary.consensusTimeMs != null ? council.summary.consensusTimeMs / 1000 : NaN);
    this.efficiency.push(council?.summary.efficiency ?? NaN);
    this.memoryShare.push(memoryShare ?? NaN);
    this.quality.push(this.qualityLevel());

    let longTasks = 0;
    for (let i = 0; i < Math.min(SAMPLES_PER_SECOND, this.longTasks.length); i++) longTasks += this.longTasks.latest(i);
    const sample: MonitorSample = { at: epochMs, fps, frameTimeMs, longTasks, heapBytes, memoryShare, gpuMemoryBytes: gpuBytes, council };
    this.costMs.push(performance.now() - t0);
    return sample;
  }
}

/**
 * Each share compares memory with its own limit: the main thread's heap with its heap limit, the
 * page's memory (workers' wasm included) with the plan's RAM budget, GPU memory with the GPU budget.
 */
export function shareOfBudgets(shares: (number | null)[]): number | null {
  let max: number | null = null;
  for (const s of shares) if (s !== null && Number.isFinite(s)) max = Math.max(max ?? 0, s);
  return max;
}
