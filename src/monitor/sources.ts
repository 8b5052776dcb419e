/**
 * What the monitor reads from the rest of the app, as small interfaces so the logic can be tested
 * with fakes and the app can wire in the real council and hardware when they are there.
 */
import type { CouncilMetrics } from '../council/types';
import type { Tier } from './thresholds';

export interface CouncilMetricsSource {
  /** Null when no council runs (or it cannot say). Must be cheap: called every 100 ms. */
  metrics(): CouncilMetrics | null;
}

/** Memory the plan may use per device, bytes (after the tier's safety factor); null = unknown. */
export interface MemoryBudgets {
  cpu: number | null;
  gpu: number | null;
}

/** Tier and capacity plan (from the hardware part); Mid until the hardware is classified. */
export interface PlanSource {
  tier(): Tier;
  /** The plan's council size (the auto scaler's ceiling). */
  maxMembers(): number;
  budgets(): MemoryBudgets;
  /** A smaller / more quantised model that could replace `modelId`, with its predicted decode speed, or null. */
  smallerModel(modelId: string): { modelId: string; predictedTokensPerSecond: number | null } | null;
}
