/**
 * Per-member cadence for display and metrics (SPEC §3.5): tokens/s over a 1 s window, time per
 * token, stall (two consecutive gaps > 400 ms), burst (> 12 tok/s), and the optional energy E(t).
 */
export const STALL_GAP_MS = 400;
export const BURST_TPS = 12;

export class Cadence {
  private times: number[] = [];
  private gapsOverStall = 0;
  energy = 0;
  lastDeltaMs: number | null = null;

  constructor(private windowMs = 1000) {}

  reset(): void {
    this.times = [];
    this.gapsOverStall = 0;
    this.energy = 0;
    this.lastDeltaMs = null;
  }

  /** Records a token produced at `t` (epoch ms, from the worker). */
  add(t: number, tokens = 1): void {
    const prev = this.times[this.times.length - 1];
    if (prev !== undefined) {
      this.lastDeltaMs = t - prev;
      this.gapsOverStall = this.lastDeltaMs > STALL_GAP_MS ? this.gapsOverStall + 1 : 0;
    }
    for (let i = 0; i < tokens; i++) this.times.push(t);
    if (this.times.length > 4096) this.times.splice(0, this.times.length - 2048);
    // E = 0.7·v + 0.3·f, v = clamp(tps/20), f = 1 − clamp((Δt − 400)/1100), EMA α = 0.35.
    const v = clamp(this.tokensPerSecond(t) / 20);
    const f = 1 - clamp(((this.lastDeltaMs ?? 0) - 400) / 1100);
    this.energy += 0.35 * (0.7 * v + 0.3 * f - this.energy);
  }

  /** Tokens in the last `windowMs` before `now`, per second. */
  tokensPerSecond(now: number): number {
    // Times ascend: binary search for the first token inside the window (a fast member has
    // hundreds in it, read every 100 ms by the monitor).
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (now - this.times[mid] <= this.windowMs) hi = mid;
      else lo = mid + 1;
    }
    return ((this.times.length - lo) * 1000) / this.windowMs;
  }

  /** Mean ms between the last (up to 16) tokens. */
  timePerTokenMs(): number | null {
    const k = Math.min(16, this.times.length);
    if (k < 2) return null;
    const last = this.times[this.times.length - 1];
    return (last - this.times[this.times.length - k]) / (k - 1);
  }

  stalled(): boolean {
    return this.gapsOverStall >= 2;
  }

  burst(now: number): boolean {
    return this.tokensPerSecond(now) > BURST_TPS;
  }

  get count(): number {
    return this.times.length;
  }
}

function clamp(x: number): number {
  return Math.max(0, Math.min(1, x));
}
