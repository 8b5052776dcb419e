/**
 * When a fresh engine worker is warm (issue 11, issue 12): V8 runs the engine's wasm on its
 * baseline tier first and compiles the hot functions with its optimising tier in the background,
 * so a new worker decodes 2–4× slower for its first seconds (seen here: 114 → 768 tok/s over 2 s
 * on the tiny model; a second worker starts slow again). Speeds measured in that climb read low —
 * a solo speed from it made council efficiency read far above 100 %, and the engine probe
 * predicted small models at half their speed. Warm-up runs repeat until this says the climb is over.
 */

/** Warm when the last two runs are no more than 10 % faster than the best before them (≥ 3 runs). */
export function warmedUp(speeds: readonly number[]): boolean {
  if (speeds.length < 3) return false;
  const before = Math.max(...speeds.slice(0, -2));
  return speeds.slice(-2).every((v) => v <= before * 1.1);
}

/**
 * Tokens a fresh worker decodes before its per-token code is compiled by the optimising tier: V8
 * tiers a function up once it has run enough, so it is a count of tokens, not a time. Measured on
 * the tiny model: full speed after ~1000 tokens (123 → 900+ tok/s), with plateaus on the way that
 * the speed rule alone took for the end. A big model cannot decode that many in a few seconds, and
 * needs not: its time goes to kernels that are hot at once, so its caller ends the warm-up sooner.
 */
export const WARM_UP_TOKENS = 1500;
