/**
 * The solo-speed calibration each member runs alone after loading (SPEC §3.2: council efficiency
 * = combined tok/s ÷ sum of solo tok/s). Warm-up runs come first, until the speed stops rising
 * (engines/warm-up.ts): a fresh worker decodes 2–4× slower for its first seconds (V8's optimising
 * tier, cold caches), which made solo speed read low and efficiency far above 100 %.
 */
export const CALIBRATION_PROMPT = 'Count from one to twenty.';
/** Tokens of each warm-up run (not CALIBRATION_TOKENS: the measured runs are told apart by it). */
export const CALIBRATION_WARMUP_TOKENS = 24;
/** The warm-up's limit: a machine whose speed keeps moving is measured anyway (and said to be noisy). */
export const CALIBRATION_WARMUP_MAX_MS = 2_000;
export const CALIBRATION_TOKENS = 32;
/** Measured runs are repeated until their spread is small (issue 12: clean calibrations)… */
export const CALIBRATION_CLEAN_CV = 0.1;
/** …but never more than this many (a busy machine is said, not waited out). */
export const CALIBRATION_MAX_RUNS = 4;

/** Median and coefficient of variation of the measured runs; clean when the spread is small. */
export function soloFromRuns(speeds: number[]): { tokensPerSecond: number | null; cv: number | null; clean: boolean } {
  if (!speeds.length) return { tokensPerSecond: null, cv: null, clean: false };
  const sorted = [...speeds].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  if (speeds.length < 2) return { tokensPerSecond: median, cv: null, clean: false };
  const mean = speeds.reduce((s, x) => s + x, 0) / speeds.length;
  const sd = Math.sqrt(speeds.reduce((s, x) => s + (x - mean) ** 2, 0) / (speeds.length - 1));
  const cv = mean > 0 ? sd / mean : null;
  return { tokensPerSecond: median, cv, clean: cv !== null && cv <= CALIBRATION_CLEAN_CV };
}

/**
 * The solo speed as a person reads it on a member card: the figure, and whether its runs agreed.
 * "41.0 tok/s (CV 3 %)"; "41.0 tok/s (noisy: CV 18 %)" when the runs never came within 10 %;
 * "(noisy: one run)" when only one run produced a speed, so its spread is unknown.
 */
export function soloSpeedText(tokensPerSecond: number | null, cv: number | null): string {
  if (tokensPerSecond === null) return 'not measured';
  const speed = `${tokensPerSecond.toFixed(1)} tok/s`;
  if (cv === null) return `${speed} (noisy: one run)`;
  const spread = `CV ${Math.round(cv * 100)} %`;
  return cv <= CALIBRATION_CLEAN_CV ? `${speed} (${spread})` : `${speed} (noisy: ${spread})`;
}
