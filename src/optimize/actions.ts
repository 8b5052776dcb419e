/**
 * The seed's tuning pipeline (Decision Tree: Apply Solution → Monitor Results → Improved?):
 * every action is applied, watched for a validation window, then kept or rolled back, and each
 * step is written to the action log (what, why, before/after metric, outcome). One action is in
 * flight at a time so its effect can be attributed.
 */
import { summarise } from '../monitor/evidence';
import type { MonitorSample } from '../monitor/sample';
import type { ActionLogRecord } from '../store/schema';

/**
 * What an action is judged on. Live metrics (frames, memory, queue) are averaged over the second
 * half of the validation window; council evidence (consensus time, efficiency, speed ratio) is read
 * from the requests finished since the action, and only once there are enough of them.
 */
export type MetricName = 'frameTimeMs' | 'memoryShare' | 'queueDepth' | 'consensusTimeMs' | 'efficiency' | 'speedRatio';

/** `since`: only requests finished after it count (-Infinity: the current evidence). */
export function readMetric(s: MonitorSample, m: MetricName, since = -Infinity): number | null {
  switch (m) {
    case 'frameTimeMs':
      return s.frameTimeMs;
    case 'memoryShare':
      return s.memoryShare;
    case 'queueDepth':
      return s.council?.metrics.queueDepth ?? null;
    case 'consensusTimeMs':
      return s.council ? summarise(s.council.requests, s.at, since).consensusTimeMs : null;
    case 'efficiency':
      return s.council ? summarise(s.council.requests, s.at, since).efficiency : null;
    case 'speedRatio':
      return null; // only the action knows the baselines: it brings its own `measure`
  }
}

const EVIDENCE: ReadonlySet<MetricName> = new Set(['consensusTimeMs', 'efficiency', 'speedRatio']);

export interface TuningAction {
  /** Stable kind (for per-kind backoff), e.g. 'early-consensus', 'drop-member'. */
  kind: string;
  /** What is done, e.g. "Remove member m2 (slowest, 12 tok/s)". */
  what: string;
  /** Why, with the number that triggered it. */
  why: string;
  metric: MetricName;
  better: 'lower' | 'higher';
  validateMs: number;
  /**
   * A big change (swapping or downloading a model, issue 10): never applied on its own; the person
   * sees it with its predicted gain and accepts or dismisses it.
   */
  proposal?: { gain: string };
  /** Evidence metrics: how long to wait for enough finished requests before calling it inconclusive (default validateMs). */
  maxValidateMs?: number;
  /** Reads the metric itself (for baselines only the action knows); `since` as in readMetric. */
  measure?(s: MonitorSample, since: number): number | null;
  apply(): Promise<void> | void;
  rollback(): Promise<void> | void;
  /**
   * Decides from before/after whether to keep. Default: keep when the metric moved the right way by
   * ≥ 5 %, or when there is no new reading (inconclusive, the change is cheap to leave).
   */
  accept?(before: number | null, after: number | null): boolean;
}

export interface ActionLogSink {
  write(record: ActionLogRecord): void;
}

export function improved(better: 'lower' | 'higher', before: number | null, after: number | null, minGain = 0.05): boolean {
  if (before === null || after === null) return true;
  return better === 'lower' ? after <= before * (1 - minGain) : after >= before * (1 + minGain);
}

interface InFlight {
  action: TuningAction;
  record: ActionLogRecord;
  /** When the window began: the first sample after the change was in place (null until then). */
  appliedAt: number | null;
  samples: number[];
}

export class ActionPipeline {
  private current: InFlight | null = null;
  private applying = false;
  /** Per-kind time before which that kind is not tried again (after a rollback: longer). */
  private readonly blockedUntil = new Map<string, number>();
  private seq = 0;

  constructor(
    private readonly log: ActionLogSink,
    private readonly idPrefix = 'act',
    private readonly retryAfterKeepMs = 30_000,
    private readonly retryAfterRollbackMs = 5 * 60_000,
  ) {}

  get busy(): boolean {
    return this.current !== null || this.applying;
  }

  /** Keeps a kind from being tried before `until` (e.g. the person dismissed its proposal). */
  block(kind: string, until: number): void {
    this.blockedUntil.set(kind, Math.max(until, this.blockedUntil.get(kind) ?? -Infinity));
  }

  blocked(kind: string, now: number): boolean {
    return (this.blockedUntil.get(kind) ?? -Infinity) > now;
  }

  /** Applies the action and starts its validation window. Returns false when busy or blocked. */
  async start(action: TuningAction, sample: MonitorSample, now: number): Promise<boolean> {
    if (this.busy || this.blocked(action.kind, now)) return false;
    const record: ActionLogRecord = {
      id: `${this.idPrefix}-${now.toString(36)}-${++this.seq}`,
      at: now,
      action: action.what,
      reason: action.why,
      outcome: 'applied',
      before: measure(action, sample, -Infinity),
      after: null,
      metric: action.metric,
    };
    this.applying = true;
    try {
      await action.apply();
    } catch (err) {
      this.applying = false;
      this.log.write({ ...record, outcome: 'skipped', reason: `${action.why} — could not apply: ${(err as Error).message}` });
      this.blockedUntil.set(action.kind, now + this.retryAfterRollbackMs);
      return false;
    }
    this.applying = false;
    // The window starts at the next sample, not at `now`: applying may take seconds (a member added
    // back loads its model), and what happened meanwhile ran under the old configuration.
    this.current = { action, record, appliedAt: null, samples: [] };
    this.log.write(record);
    return true;
  }

  /** Feeds a sample; when the validation window ends, keeps or rolls back. */
  async tick(sample: MonitorSample, now: number): Promise<ActionLogRecord | null> {
    const c = this.current;
    if (!c) return null;
    if (c.appliedAt === null) {
      c.appliedAt = now;
      return null;
    }
    const elapsed = now - c.appliedAt;
    let after: number | null;
    if (EVIDENCE.has(c.action.metric)) {
      if (elapsed < c.action.validateMs) return null;
      after = measure(c.action, sample, c.appliedAt);
      if (after === null && elapsed < (c.action.maxValidateMs ?? c.action.validateMs)) return null;
    } else {
      // Judge on the second half of the window: the first half is the change settling in.
      const v = measure(c.action, sample, c.appliedAt);
      if (elapsed >= c.action.validateMs / 2 && v !== null && Number.isFinite(v)) c.samples.push(v);
      if (elapsed < c.action.validateMs) return null;
      after = c.samples.length ? c.samples.reduce((a, b) => a + b, 0) / c.samples.length : null;
    }
    this.current = null;
    const keep = c.action.accept ? c.action.accept(c.record.before ?? null, after) : improved(c.action.better, c.record.before ?? null, after);
    const done: ActionLogRecord = { ...c.record, at: now, after, outcome: keep ? 'kept' : 'rolled-back' };
    if (!keep) {
      try {
        await c.action.rollback();
      } catch (err) {
        done.reason = `${done.reason} — rollback failed: ${(err as Error).message}`;
      }
    }
    this.blockedUntil.set(c.action.kind, now + (keep ? this.retryAfterKeepMs : this.retryAfterRollbackMs));
    this.log.write(done);
    return done;
  }
}

function measure(a: TuningAction, s: MonitorSample, since: number): number | null {
  return a.measure ? a.measure(s, since) : readMetric(s, a.metric, since);
}
