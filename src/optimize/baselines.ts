/**
 * Update Baselines (seed: Performance Optimization Pipeline, "Monitor Results → Update Baselines"):
 * when the optimiser keeps a change after its validation window, the figures the alerts compare
 * against are refreshed from that window, so the next alert measures against the new normal.
 * Today those figures are the members' lone decode speeds (src/monitor/alert-baselines.ts); the
 * other alerts compare with SPEC §3.2's fixed thresholds, which no change moves.
 *
 * It watches the pipeline's action-log records: an 'applied' record opens a window, the same
 * action's 'kept' record closes it, and gains "baseline refreshed: …" when a figure was refreshed.
 */
import type { AlertBaselines } from '../monitor/alert-baselines';
import { loneDecodeSpeeds } from '../monitor/evidence';
import type { MonitorSample } from '../monitor/sample';
import type { ActionLogRecord } from '../store/schema';

export interface SpeedRefresh {
  memberId: string;
  modelId: string;
  from: number | null;
  to: number;
}

/**
 * Refreshes each member's speed baseline from the lone answers it finished after `since` (the
 * validation window; loneDecodeSpeeds asks for ≥ 3 of them). Returns what changed.
 */
export function refreshFromWindow(baselines: AlertBaselines, sample: MonitorSample, since: number, after: string): SpeedRefresh[] {
  const council = sample.council;
  if (!council) return [];
  const speeds = loneDecodeSpeeds(council.requests, sample.at, since);
  const out: SpeedRefresh[] = [];
  for (const m of council.metrics.members) {
    const to = speeds.get(m.id);
    if (to === undefined || m.state === 'removed') continue;
    const from = baselines.memberSpeed(m.id, m.soloTokensPerSecond)?.tokensPerSecond ?? null;
    baselines.refreshMemberSpeed(m.id, { tokensPerSecond: to, replacesSolo: m.soloTokensPerSecond, after, at: sample.at });
    out.push({ memberId: m.id, modelId: m.modelId, from, to });
  }
  return out;
}

/** "baseline refreshed: model-a (m1) alone 40.0 → 31.5 tok/s, alert below 22.1" for the action log. */
export function refreshText(refreshes: SpeedRefresh[], alertRatio: number): string {
  const parts = refreshes.map((r) => `${r.modelId} (${r.memberId}) alone ${r.from === null ? 'unknown' : r.from.toFixed(1)} → ${r.to.toFixed(1)} tok/s, alert below ${(r.to * alertRatio).toFixed(1)}`);
  return `baseline refreshed: ${parts.join('; ')}`;
}

export class BaselineFollower {
  /** Applied action records still in their validation window: id → when applied. */
  private readonly open = new Map<string, number>();

  constructor(
    private readonly baselines: AlertBaselines,
    private readonly alertRatio: number,
  ) {}

  /** Passes an action-log record through; a kept one refreshes the baselines and says so in its reason. */
  follow(record: ActionLogRecord, sample: MonitorSample | null): ActionLogRecord {
    if (record.outcome === 'applied') {
      this.open.set(record.id, record.at);
      return record;
    }
    const appliedAt = this.open.get(record.id);
    this.open.delete(record.id);
    if (record.outcome !== 'kept' || appliedAt === undefined || !sample) return record;
    const refreshes = refreshFromWindow(this.baselines, sample, appliedAt, record.action);
    return refreshes.length ? { ...record, reason: `${record.reason}; ${refreshText(refreshes, this.alertRatio)}` } : record;
  }
}
