/**
 * Tier and capacity plan for the monitor. Until the hardware part has classified this machine the
 * monitor assumes Mid (SPEC §3.1: 2–3 members) and has no memory budget; `setPlan` is how the
 * hardware/capacity part hands over the real tier and plan.
 */
import type { PlanSource } from './sources';
import type { Tier } from './thresholds';

const DEFAULT_MAX_MEMBERS: Record<Tier, number> = { low: 1, mid: 3, high: 6 };

export interface PlanFacts {
  tier: Tier;
  /** recommendedCouncil.size of the capacity plan. */
  councilSize?: number | null;
  /** budgetBytes of the capacity plan. */
  budgetBytes?: number | null;
  /** model id → smaller/more quantised alternative that fits. */
  smallerModel?: (modelId: string) => string | null;
}

export class SettablePlanSource implements PlanSource {
  private facts: PlanFacts = { tier: 'mid' };

  setPlan(facts: PlanFacts): void {
    this.facts = facts;
  }
  tier(): Tier {
    return this.facts.tier;
  }
  maxMembers(): number {
    return this.facts.councilSize ?? DEFAULT_MAX_MEMBERS[this.facts.tier];
  }
  memoryBudgetBytes(): number | null {
    return this.facts.budgetBytes ?? null;
  }
  smallerModel(modelId: string): string | null {
    return this.facts.smallerModel?.(modelId) ?? null;
  }
}
