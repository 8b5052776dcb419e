/**
 * Targets and alert thresholds per tier (SPEC §3.2). The per-tier numbers come from the one tier
 * table (capacity/formulas.ts); the UI numbers are given for the 60 fps target, and on the Low tier
 * (30 fps target) the fps and frame-time limits scale with the target so "warning" still means
 * "noticeably below target".
 */
import { MEMORY_CRITICAL_SHARE, MEMORY_WARNING_SHARE, TARGET_FLOOR, TIER_TARGET_FPS, TIER_TARGET_TPS, TIER_TTFT_MS } from '../capacity/formulas';
import type { Tier } from '../hardware/tier-types';

export type { Tier };

export interface TierThresholds {
  tier: Tier;
  targetFps: number;
  /** 1000 / targetFps. */
  frameBudgetMs: number;
  fpsWarning: number;
  fpsCritical: number;
  frameTimeWarningMs: number;
  frameTimeCriticalMs: number;
  /** Share of the memory budget in use. */
  memoryWarning: number;
  memoryCritical: number;
  queueWarning: number;
  queueCritical: number;
  consensusWarningMs: number;
  consensusCriticalMs: number;
  /** Council efficiency: shrink below, restore above (SPEC §3.2, §3.4). */
  efficiencyCritical: number;
  efficiencyRestore: number;
  /** Decode tokens/s target per member; alert below 0.7 × baseline. */
  tokensPerSecondTarget: number;
  tokensPerSecondAlertRatio: number;
  timeToFirstTokenMs: number;
}

export function thresholdsFor(tier: Tier): TierThresholds {
  const targetFps = TIER_TARGET_FPS[tier];
  const scale = 60 / targetFps; // 1 on Mid/High, 2 on Low
  return {
    tier,
    targetFps,
    frameBudgetMs: 1000 / targetFps,
    fpsWarning: 45 / scale,
    fpsCritical: 30 / scale,
    frameTimeWarningMs: 22 * scale,
    frameTimeCriticalMs: 33 * scale,
    memoryWarning: MEMORY_WARNING_SHARE,
    memoryCritical: MEMORY_CRITICAL_SHARE,
    queueWarning: 5,
    queueCritical: 15,
    consensusWarningMs: 2000,
    consensusCriticalMs: 5000,
    efficiencyCritical: 0.4,
    efficiencyRestore: 0.7,
    tokensPerSecondTarget: TIER_TARGET_TPS[tier],
    tokensPerSecondAlertRatio: TARGET_FLOOR,
    timeToFirstTokenMs: TIER_TTFT_MS[tier],
  };
}
