/**
 * The solo-speed calibration each member runs alone after loading (SPEC §3.2: council efficiency
 * = combined tok/s ÷ sum of solo tok/s). A short warm-up comes first: the first generation after
 * a load pays for JIT and cold caches, which made solo speed read low and efficiency above 100 %.
 */
export const CALIBRATION_PROMPT = 'Count from one to twenty.';
export const CALIBRATION_WARMUP_TOKENS = 8;
export const CALIBRATION_TOKENS = 32;
