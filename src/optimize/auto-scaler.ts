/**
 * Auto Scaler (seed "Optimization Engine → Auto Scaler", SPEC §3.4): says when to remove a council
 * member (frame time > 20 ms for 5 s, or efficiency < 0.4 held for 2 s) and when to add one back
 * (headroom held for 30 s and the capacity plan allows more members). Pure; time is passed in.
 *
 * Slow frames count against the council only while it works (a member generating or a request
 * queued): idle members cost no CPU, so removing one would not give the UI a single frame back.
 *
 * Headroom, since a page cannot read CPU/GPU load: frames at the budget (mean frame time ≤
 * budget × 1.1), memory below its warning level, and the council not slowing itself down
 * (efficiency unknown or ≥ 0.7, the restore level of SPEC §3.2).
 */
import type { MonitorSnapshot } from '../monitor/snapshot';
import type { TierThresholds } from '../monitor/thresholds';

export interface ScaleDecision {
  direction: 'remove' | 'add';
  reason: string;
}

export interface AutoScalerOptions {
  removeFrameMs?: number;
  removeAfterMs?: number;
  efficiencyHoldMs?: number;
  addAfterMs?: number;
  /** Minimum time between two scaling decisions. */
  settleMs?: number;
  /** How long the council still counts as working after its last generating member or queued request. */
  workGraceMs?: number;
}

export class AutoScaler {
  private overSince: number | null = null;
  private inefficientSince: number | null = null;
  private headroomSince: number | null = null;
  private lastDecisionAt = -Infinity;
  private lastWorkAt = -Infinity;
  private readonly o: Required<AutoScalerOptions>;

  constructor(o: AutoScalerOptions = {}) {
    this.o = { removeFrameMs: 20, removeAfterMs: 5_000, efficiencyHoldMs: 2_000, addAfterMs: 30_000, settleMs: 10_000, workGraceMs: 1_000, ...o };
  }

  /**
   * @param members how many members run now
   * @param maxMembers the capacity plan's council size (the ceiling)
   * @param canRestore whether there is a member to bring back (one the optimiser removed)
   */
  observe(s: MonitorSnapshot, t: TierThresholds, now: number, members: number, maxMembers: number, canRestore: boolean): ScaleDecision | null {
    const ft = s.frameTimeMs;
    const generating = s.council?.members.filter((m) => m.state === 'generating').length ?? 0;
    // A short grace bridges the gap between one request and the next, so it does not restart the clock.
    if (generating > 0 || (s.council?.queueDepth ?? 0) > 0) this.lastWorkAt = now;
    const working = now - this.lastWorkAt <= this.o.workGraceMs;
    this.overSince = working && ft !== null && ft > this.o.removeFrameMs ? (this.overSince ?? now) : null;
    const eff = s.council?.efficiency ?? null;
    const active = generating > 1;
    this.inefficientSince = active && eff !== null && eff < t.efficiencyCritical ? (this.inefficientSince ?? now) : null;
    const headroom =
      ft !== null &&
      ft <= t.frameBudgetMs * 1.1 &&
      (s.memoryShare === null || s.memoryShare < t.memoryWarning) &&
      (eff === null || !active || eff >= t.efficiencyRestore);
    this.headroomSince = headroom ? (this.headroomSince ?? now) : null;

    if (now - this.lastDecisionAt < this.o.settleMs) return null;
    if (members > 1 && this.overSince !== null && now - this.overSince >= this.o.removeAfterMs) {
      return this.decide(now, { direction: 'remove', reason: `frame time ${ft!.toFixed(1)} ms > ${this.o.removeFrameMs} ms for ${((now - this.overSince) / 1000).toFixed(0)} s` });
    }
    if (members > 1 && this.inefficientSince !== null && now - this.inefficientSince >= this.o.efficiencyHoldMs) {
      return this.decide(now, { direction: 'remove', reason: `council efficiency ${(eff! * 100).toFixed(0)} % < ${t.efficiencyCritical * 100} %` });
    }
    if (canRestore && members < maxMembers && this.headroomSince !== null && now - this.headroomSince >= this.o.addAfterMs) {
      return this.decide(now, { direction: 'add', reason: `headroom for ${((now - this.headroomSince) / 1000).toFixed(0)} s (frames on budget, memory and efficiency fine); plan allows ${maxMembers}` });
    }
    return null;
  }

  /** Forget the running clocks (e.g. while a member loads: loading jank is transient, not a reason to scale). */
  reset(): void {
    this.overSince = null;
    this.inefficientSince = null;
    this.headroomSince = null;
  }

  private decide(now: number, d: ScaleDecision): ScaleDecision {
    this.lastDecisionAt = now;
    this.overSince = null;
    this.inefficientSince = null;
    this.headroomSince = null;
    return d;
  }
}
