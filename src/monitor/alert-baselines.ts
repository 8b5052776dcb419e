/**
 * The figures the alerts compare against that follow the machine's normal (seed: Optimization
 * Pipeline → Update Baselines). Today that is each member's decode speed alone (SPEC §3.2: a member
 * below 0.7 × its baseline is alerted). Until a kept change refreshes it, a member's baseline is its
 * clean solo speed measured by the council; after a kept change (fewer threads, a smaller batch …)
 * it is what the member did in that change's validation window, so the next alert measures against
 * the new normal instead of firing on a speed the optimiser chose on purpose.
 *
 * The optimiser writes here (src/optimize/baselines.ts); the alert conditions read it. The monitor
 * imports nothing from src/optimize/.
 */

export interface RefreshedSpeed {
  tokensPerSecond: number;
  /** The solo speed it replaced: when the council measures a new one (a reload), that is newer and wins. */
  replacesSolo: number | null;
  /** The kept change it follows, for the alert's words. */
  after: string;
  at: number;
}

export interface SpeedBaseline {
  tokensPerSecond: number;
  /** True when a kept change set it; false for the member's own solo speed. */
  refreshed: boolean;
}

export class AlertBaselines {
  private readonly speeds = new Map<string, RefreshedSpeed>();

  /** What `memberId`'s lone decode speed is compared with, or null when nothing is known. */
  memberSpeed(memberId: string, soloTokensPerSecond: number | null): SpeedBaseline | null {
    const r = this.speeds.get(memberId);
    if (r && r.replacesSolo === soloTokensPerSecond) return { tokensPerSecond: r.tokensPerSecond, refreshed: true };
    return soloTokensPerSecond ? { tokensPerSecond: soloTokensPerSecond, refreshed: false } : null;
  }

  refreshMemberSpeed(memberId: string, speed: RefreshedSpeed): void {
    this.speeds.set(memberId, speed);
  }

  refreshed(memberId: string): RefreshedSpeed | null {
    return this.speeds.get(memberId) ?? null;
  }
}

/** The app's one set, read by the monitor's alert conditions and refreshed by the optimiser. */
export const alertBaselines = new AlertBaselines();
