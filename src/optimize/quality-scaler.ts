/**
 * Quality Scaler (seed "Optimization Engine → Quality Scaler", SPEC §3.3): an FPS-aware
 * controller that moves the UI quality level from the stream of requestAnimationFrame intervals.
 *
 * Rules (pure, driven by a caller-supplied clock so it is testable with synthetic frame streams):
 * - Step DOWN when the mean frame interval over the window (frames since the last change, one
 *   outlier left out: one long frame such as a screen change is not jank) exceeds
 *   budget × 1.15, or when the window is unsteady (≥ 15 % of frames take more than 1.5 × the
 *   window's median: a steady 30 fps beats an unsteady 45–50). Heavy jank (mean > 1.5 × budget)
 *   is judged on 500 ms, mild overshoot on 1 s, so random dropped frames do not trigger it.
 * - Step UP only after a window (1 s) of steady frames whose mean is below budget × 0.85 —
 *   or, since the rAF interval can never drop below the display's own vsync interval, below
 *   1.05 × that interval when the display is what limits it (at 60 Hz a 60 fps target reads as
 *   "steady at the display rate"). The display interval is the smallest window median seen in the
 *   last 5 minutes, so a level that is steady at 30 fps only because it is slow does not count.
 * - Hysteresis: windows only hold frames after the last change; a step up needs a dwell time
 *   (1 s + backoff) since the last change; a step down that follows a step up within 10 s is a
 *   flip-flop: the step up is rolled back and no step up is tried for 60 s (doubling for each
 *   further flip-flop, up to 10 min), so there is at most one flip-flop a minute. The backoff
 *   halves after every calm 5 minutes.
 * drei's PerformanceMonitor needs 10 windows of 250 ms (~2.5 s) to decide; this steps down in
 * ~0.5 s and can reach the bottom in ~2 s under heavy jank.
 */
import { RingBuffer } from '../monitor/ring-buffer';

export interface QualityScalerOptions {
  /** Frame budget in ms: 1000/60 (or 1000/30 on the Low tier). */
  budgetMs: number;
  levels: number;
  initialLevel: number;
  downWindowMs?: number;
  upWindowMs?: number;
  upDwellMs?: number;
  flipFlopMs?: number;
  firstBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface QualityDecision {
  from: number;
  to: number;
  direction: 'down' | 'up';
  /** Mean frame interval (ms) of the window that decided. */
  meanFrameMs: number;
  /** Plain-words reason for the action log. */
  reason: string;
  /** True when this step down undoes a recent step up (a flip-flop). */
  flipFlop: boolean;
}

interface WindowStats {
  mean: number;
  median: number;
  slowShare: number;
}

/** Frames longer than this are gaps (tab hidden, debugger), not jank: the windows restart. */
const GAP_MS = 1000;

export class QualityScaler {
  level: number;
  budgetMs: number;
  readonly levels: number;
  private readonly times = new RingBuffer(2048);
  private readonly intervals = new RingBuffer(2048);
  private readonly scratch = new Float64Array(2048);
  /** Time of the last level change, or of the first frame / the end of a gap. */
  private lastChangeAt = NaN;
  private displayIntervalMs = Infinity;
  private displaySeenAt = -Infinity;
  private lastUpAt = -Infinity;
  private backoffMs = 0;
  private lastBackoffDecayAt = 0;
  readonly downWindowMs: number;
  readonly upWindowMs: number;
  readonly upDwellMs: number;
  readonly flipFlopMs: number;
  readonly firstBackoffMs: number;
  readonly maxBackoffMs: number;
  flipFlops = 0;
  private longStats: { now: number; windowMs: number; stats: WindowStats | null } = { now: NaN, windowMs: NaN, stats: null };

  constructor(o: QualityScalerOptions) {
    this.budgetMs = o.budgetMs;
    this.levels = o.levels;
    this.level = o.initialLevel;
    this.downWindowMs = o.downWindowMs ?? 500;
    this.upWindowMs = o.upWindowMs ?? 1000;
    this.upDwellMs = o.upDwellMs ?? 1000;
    this.flipFlopMs = o.flipFlopMs ?? 10_000;
    this.firstBackoffMs = o.firstBackoffMs ?? 60_000;
    this.maxBackoffMs = o.maxBackoffMs ?? 600_000;
  }

  /** Current extra wait before a step up (grows after flip-flops). */
  get backoff(): number {
    return this.backoffMs;
  }

  /** Records one frame: `at` = rAF timestamp (ms), `intervalMs` = time since the previous frame. */
  addFrame(at: number, intervalMs: number): void {
    if (!(intervalMs > 0)) return;
    if (Number.isNaN(this.lastChangeAt)) this.lastChangeAt = at;
    if (intervalMs > GAP_MS) {
      // Not jank the UI can fix: restart the windows after the gap.
      this.lastChangeAt = Math.max(this.lastChangeAt, at);
      return;
    }
    this.times.push(at);
    this.intervals.push(intervalMs);
  }

  /** Someone else set the level (user, rollback): adopt it and restart the windows. */
  adopt(level: number, now: number): void {
    if (level !== this.level) this.lastUpAt = -Infinity; // not our step: a later step down is no flip-flop of it
    this.level = level;
    this.lastChangeAt = now;
  }

  /** Decides at most one step; call it every sample (100 ms). */
  evaluate(now: number): QualityDecision | null {
    this.decayBackoff(now);
    if (Number.isNaN(this.lastChangeAt)) return null;
    const sinceChange = now - this.lastChangeAt;
    const short = sinceChange >= this.downWindowMs ? this.windowStats(now, this.downWindowMs) : null;
    const long = sinceChange >= 2 * this.downWindowMs ? this.windowStats(now, 2 * this.downWindowMs) : null;
    this.longStats = { now, windowMs: 2 * this.downWindowMs, stats: long };
    const heavy = short !== null && short.mean > this.budgetMs * 1.5;
    const down = heavy ? short : long;
    if (down) {
      this.noteDisplayInterval(now, down.median);
      // Mild trouble must hold over the whole second and still in its latest half.
      const slow = down.mean > this.budgetMs * 1.15 && (heavy || (short !== null && short.mean > this.budgetMs * 1.15));
      const unsteady = down.slowShare >= 0.15 && (heavy || (short !== null && short.slowShare >= 0.15));
      if ((slow || unsteady) && this.level > 0) {
        const flipFlop = now - this.lastUpAt <= this.flipFlopMs;
        if (flipFlop) {
          this.flipFlops++;
          this.backoffMs = Math.min(this.maxBackoffMs, Math.max(this.firstBackoffMs, this.backoffMs * 2));
          this.lastBackoffDecayAt = now;
          this.lastUpAt = -Infinity;
        }
        const reason = slow
          ? `mean frame time ${down.mean.toFixed(1)} ms over ${heavy ? this.downWindowMs : 2 * this.downWindowMs} ms > ${(this.budgetMs * 1.15).toFixed(1)} ms`
          : `unsteady frames: ${(down.slowShare * 100).toFixed(0)} % over 1.5 × the median ${down.median.toFixed(1)} ms`;
        return this.step(now, -1, down.mean, reason, flipFlop);
      }
      if (slow || unsteady) return null; // already at the bottom
    }
    if (this.level >= this.levels - 1 || sinceChange < this.upDwellMs + this.backoffMs) return null;
    // The up window is the long down window with the default options: one sort, not two, per sample.
    const up = this.longStats.windowMs === this.upWindowMs && this.longStats.now === now && this.longStats.stats ? this.longStats.stats : this.windowStats(now, this.upWindowMs);
    if (!up || sinceChange < this.upWindowMs) return null;
    this.noteDisplayInterval(now, up.median);
    const displayBound = Math.min(this.displayIntervalMs, this.budgetMs) * 1.05;
    const threshold = Math.max(this.budgetMs * 0.85, displayBound);
    if (up.slowShare < 0.05 && up.mean < threshold) {
      this.lastUpAt = now;
      return this.step(now, +1, up.mean, `steady frames: mean ${up.mean.toFixed(1)} ms over ${this.upWindowMs / 1000} s < ${threshold.toFixed(1)} ms`, false);
    }
    return null;
  }

  private step(now: number, delta: -1 | 1, mean: number, reason: string, flipFlop: boolean): QualityDecision {
    const from = this.level;
    this.level = from + delta;
    this.lastChangeAt = now;
    return { from, to: this.level, direction: delta < 0 ? 'down' : 'up', meanFrameMs: mean, reason, flipFlop };
  }

  private decayBackoff(now: number): void {
    if (this.backoffMs > 0 && now - this.lastBackoffDecayAt >= 300_000) {
      this.backoffMs = this.backoffMs / 2 < this.firstBackoffMs ? 0 : this.backoffMs / 2;
      this.lastBackoffDecayAt = now;
    }
  }

  /** The display's frame interval: the smallest window median of the last 5 minutes. */
  private noteDisplayInterval(now: number, median: number): void {
    if (median <= this.displayIntervalMs || now - this.displaySeenAt > 300_000) {
      this.displayIntervalMs = median;
      this.displaySeenAt = now;
    }
  }

  /**
   * Mean, median and share of slow frames over the frames of the last `windowMs` since the last
   * change. The mean leaves out one outlier frame: one long frame — a screen change, a chart
   * created — is not a slow UI (issue 10), while jank makes most frames long.
   */
  private windowStats(now: number, windowMs: number): WindowStats | null {
    const from = Math.max(now - windowMs, this.lastChangeAt);
    let n = 0;
    let sum = 0;
    for (let i = 0; i < this.times.length; i++) {
      if (this.times.latest(i) <= from) break;
      const v = this.intervals.latest(i);
      this.scratch[n++] = v;
      sum += v;
    }
    if (n < 3) return null;
    const sorted = this.scratch.subarray(0, n).sort();
    const median = sorted[n >> 1];
    let slow = 0;
    for (let i = 0; i < n; i++) if (sorted[i] > median * 1.5) slow++;
    // One outlier (a screen change: > 3 × the median) among ≥ 6 frames is left out of the mean.
    const trim = n >= 6 && sorted[n - 1] > 3 * median ? 1 : 0;
    if (trim) sum -= sorted[n - 1];
    return { mean: sum / (n - trim), median, slowShare: slow / n };
  }
}
