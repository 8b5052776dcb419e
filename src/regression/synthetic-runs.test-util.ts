/**
 * Synthetic benchmark runs for the A/A tests: every run has its own offset (the machine's state
 * that run: run-to-run variance) on top of per-sample noise, from a seeded generator so the tests
 * are repeatable.
 */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box–Muller). */
export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/**
 * One run of `samples` measurements around `level`: a run offset with relative sd `runSd`
 * (shared by every sample of the run) and per-sample relative noise `sampleSd`.
 */
export function syntheticRun(rand: () => number, o: { level: number; samples: number; runSd: number; sampleSd: number }): number[] {
  const runLevel = o.level * (1 + o.runSd * gaussian(rand));
  return Array.from({ length: o.samples }, () => runLevel * (1 + o.sampleSd * gaussian(rand)));
}
