/**
 * Auto Scaler (seed "Optimization Engine → Auto Scaler", SPEC §3.4): says when to remove a council
 * member and when to add one back. Pure; time (the sample clock) is passed in.
 *
 * Remove:
 * - frame time > 20 ms for 5 s while the council works (idle members cost the UI nothing); 20 ms is
 *   1.2 × the 60 fps budget, so on Low (30 fps target) the line is 40 ms, as the alert lines scale;
 * - efficiency < 0.4 in the evidence of ≥ 3 requests that finished since the last decision (issue
 *   10: never a live window that reads 0 in every prefill, never the same old requests twice).
 * Add back (a member the optimiser removed, within the plan) after 30 s of headroom: frames at
 * the budget (≤ budget × 1.1) and memory below its warning level; after a removal for efficiency,
 * also the members' speed ratio back at the restore level (≥ 0.7 of solo, SPEC §3.2) over ≥ 3
 * requests, so an outside CPU hog keeps it out and its end brings it back.
 */
import { summarise } from '../monitor/evidence';
import type { MonitorSample } from '../monitor/sample';
import type { TierThresholds } from '../monitor/thresholds';

export interface ScaleDecision {
  direction: 'remove' | 'add';
  /** What the decision rests on: its validation judges the same thing. */
  cause: 'frames' | 'efficiency';
  reason: string;
}

/** What the optimiser could bring back, and whether the evidence allows it. */
export interface Restorable {
  /** Why it was removed. */
  cause: 'frames' | 'efficiency';
  /** The members' speed ratio since the removal (see speed-ratio.ts), null without enough evidence. */
  speedRatio: number | null;
}

export interface AutoScalerOptions {
  /** Remove above this × the tier's frame budget (20 ms at 60 fps). */
  removeFrameRatio?: number;
  removeAfterMs?: number;
  addAfterMs?: number;
  /** Minimum time between two scaling decisions. */
  settleMs?: number;
}

export class AutoScaler {
  private overSince: number | null = null;
  private headroomSince: number | null = null;
  private lastDecisionAt = -Infinity;
  private readonly o: Required<AutoScalerOptions>;

  constructor(o: AutoScalerOptions = {}) {
    this.o = { removeFrameRatio: 1.2, removeAfterMs: 5_000, addAfterMs: 30_000, settleMs: 10_000, ...o };
  }

  /**
   * @param members how many members run now
   * @param maxMembers the capacity plan's council size (the ceiling)
   * @param restorable the member the optimiser would bring back, or null
   * @param canRemove whether a removal for this cause may be tried now (one rolled back is blocked
   *   for a while): a blocked cause is passed over, so it neither acts nor starves the other cause
   */
  observe(s: MonitorSample, t: TierThresholds, now: number, members: number, maxMembers: number, restorable: Restorable | null, canRemove: (cause: ScaleDecision['cause']) => boolean = () => true): ScaleDecision | null {
    const ft = s.frameTimeMs;
    const working = s.council?.working ?? false;
    const removeFrameMs = t.frameBudgetMs * this.o.removeFrameRatio;
    this.overSince = working && ft !== null && ft > removeFrameMs ? (this.overSince ?? now) : null;
    const headroom = ft !== null && ft <= t.frameBudgetMs * 1.1 && (s.memoryShare === null || s.memoryShare < t.memoryWarning);
    this.headroomSince = headroom ? (this.headroomSince ?? now) : null;

    if (now - this.lastDecisionAt < this.o.settleMs) return null;
    if (members > 1 && this.overSince !== null && now - this.overSince >= this.o.removeAfterMs && canRemove('frames'))
      return this.decide(now, { direction: 'remove', cause: 'frames', reason: `frame time ${ft!.toFixed(1)} ms > ${removeFrameMs.toFixed(0)} ms for ${((now - this.overSince) / 1000).toFixed(0)} s while the council works` });
    if (members > 1 && working && s.council && canRemove('efficiency')) {
      const e = summarise(s.council.requests, now, this.lastDecisionAt);
      if (e.efficiency !== null && e.efficiency < t.efficiencyCritical)
        return this.decide(now, { direction: 'remove', cause: 'efficiency', reason: `council efficiency ${(e.efficiency * 100).toFixed(0)} % < ${t.efficiencyCritical * 100} % (median of ${e.efficiencyRequests} requests)` });
    }
    if (!restorable || members >= maxMembers || this.headroomSince === null || now - this.headroomSince < this.o.addAfterMs) return null;
    if (restorable.cause === 'efficiency' && (restorable.speedRatio === null || restorable.speedRatio < t.efficiencyRestore)) return null;
    const ratio = restorable.speedRatio === null ? '' : `, members at ${(restorable.speedRatio * 100).toFixed(0)} % of their solo speed`;
    return this.decide(now, { direction: 'add', cause: restorable.cause, reason: `headroom for ${((now - this.headroomSince) / 1000).toFixed(0)} s (frames on budget, memory fine${ratio}); plan allows ${maxMembers}` });
  }

  /** Forget the running clocks (e.g. while a member loads: loading jank is transient, not a reason to scale). */
  reset(): void {
    this.overSince = null;
    this.headroomSince = null;
  }

  private decide(now: number, d: ScaleDecision): ScaleDecision {
    this.lastDecisionAt = now;
    this.reset();
    return d;
  }
}
