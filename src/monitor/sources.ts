/**
 * What the monitor reads from the rest of the app, as small interfaces so the logic can be tested
 * with fakes and the app can wire in the real council and hardware when they are there.
 */
import type { Tier } from './thresholds';
import type { MemberSnapshot } from './snapshot';

/** The council's cheap 100 ms snapshot (see src/council/types.ts `CouncilMetrics`). */
export interface CouncilMetricsLike {
  members: MemberSnapshot[];
  queueDepth: number;
  consensusTimeMs: number | null;
  efficiency: number | null;
  combinedTokensPerSecond: number;
  estimatedGpuMemoryBytes: number;
}

export interface CouncilMetricsSource {
  /** Null when no council runs (or it cannot say). Must be cheap: called every 100 ms. */
  metrics(): CouncilMetricsLike | null;
}

/** Tier and capacity plan (from the hardware part); defaults to Mid when unknown. */
export interface PlanSource {
  tier(): Tier;
  /** The plan's council size (the auto scaler's ceiling). */
  maxMembers(): number;
  /** Memory budget for loaded models, bytes (plan budget after the safety factor); null when unknown. */
  memoryBudgetBytes(): number | null;
  /** A smaller / more quantised model that could replace `modelId`, or null. */
  smallerModel(modelId: string): string | null;
}
