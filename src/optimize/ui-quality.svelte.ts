/**
 * The five UI quality levels of SPEC §3.3, each about 20 % cheaper than the one above. Level 4 is
 * full quality, level 0 the cheapest. The Quality Scaler (FPS-aware) moves `level`; charts, effects
 * and the council's streamed text read the current settings from here.
 */
export interface QualitySettings {
  level: number;
  label: string;
  /** How often live charts are redrawn. */
  chartRefreshMs: number;
  /** How many points each live chart draws (older points are dropped). */
  chartPoints: number;
  /** CSS transitions/animations on (off below level 2). */
  animations: boolean;
  /** How often streamed tokens are flushed to the DOM (batched between flushes). */
  tokenFlushMs: number;
}

// Each step down cuts the per-second UI work by about 20 %: chart redraws × points and DOM flushes.
export const QUALITY_LEVELS: readonly QualitySettings[] = [
  { level: 0, label: 'Minimal', chartRefreshMs: 1000, chartPoints: 150, animations: false, tokenFlushMs: 200 },
  { level: 1, label: 'Low', chartRefreshMs: 800, chartPoints: 200, animations: false, tokenFlushMs: 160 },
  { level: 2, label: 'Medium', chartRefreshMs: 640, chartPoints: 250, animations: true, tokenFlushMs: 128 },
  { level: 3, label: 'High', chartRefreshMs: 500, chartPoints: 300, animations: true, tokenFlushMs: 100 },
  { level: 4, label: 'Full', chartRefreshMs: 400, chartPoints: 375, animations: true, tokenFlushMs: 80 },
];

export const TOP_QUALITY = QUALITY_LEVELS.length - 1;

class UiQuality {
  level = $state(TOP_QUALITY);
  readonly settings = $derived(QUALITY_LEVELS[this.level]);

  set(level: number) {
    this.level = Math.max(0, Math.min(TOP_QUALITY, Math.round(level)));
  }
}

export const uiQuality = new UiQuality();
