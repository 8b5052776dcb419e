/** Tier Classifier output types (SPEC §2 "Tier Classifier", §3.1). */
export type Tier = 'low' | 'mid' | 'high';

export type TierComponentName = 'cpu' | 'memory' | 'gpu' | 'storage';

export interface TierComponent {
  name: TierComponentName;
  /** Weight in the total: CPU 0.30, memory 0.25, GPU 0.35, storage 0.10. */
  weight: number;
  /** 0…100; the seed's Mid boundary scores 41, its High boundary 76. */
  score: number;
  /** The reason in plain words, e.g. "2 CPU cores (Mid needs 6)". */
  reason: string;
}

export interface TierResult {
  tier: Tier;
  /** Weighted total 0…100: Low ≤ 40, Mid ≤ 75, High ≥ 76. */
  score: number;
  components: TierComponent[];
}

/** The tier in force: the detected one, or the person's override (stored in settings). */
export interface EffectiveTier {
  tier: Tier;
  detected: TierResult;
  override: Tier | null;
}

export const TIER_LABEL: Record<Tier, string> = { low: 'Low', mid: 'Mid', high: 'High' };
