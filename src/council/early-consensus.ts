/**
 * Early consensus (Adaptive-Consistency, Aggarwal et al. 2023; SPEC §3.4): after each finished
 * answer, with `a` votes for the leading answer and `b` for the runner-up, the leader's share p has
 * posterior Beta(a+1, b+1); stop waiting when P(p > 0.5) ≥ confidence, or when the members still
 * running could not change the winner any more.
 */

/** P(X > 1/2) for X ~ Beta(a+1, b+1), integers a, b ≥ 0. Equals P(Binomial(a+b+1, 1/2) ≤ a). */
export function probLeaderIsMajority(a: number, b: number): number {
  const n = a + b + 1;
  let sum = 0;
  let c = 1; // C(n, 0)
  for (let k = 0; k <= a; k++) {
    sum += c;
    c = (c * (n - k)) / (k + 1);
  }
  return sum / 2 ** n;
}

export interface StopDecision {
  stop: boolean;
  reason: 'beta' | 'decided' | 'all-done' | 'waiting';
  probability: number;
}

/**
 * @param clusterSizes finished answers grouped by agreement, largest first
 * @param pending members still generating
 */
export function shouldStop(clusterSizes: number[], pending: number, confidence = 0.95): StopDecision {
  const a = clusterSizes[0] ?? 0;
  const b = clusterSizes[1] ?? 0;
  const probability = probLeaderIsMajority(a, b);
  if (pending === 0) return { stop: true, reason: 'all-done', probability };
  if (a === 0) return { stop: false, reason: 'waiting', probability };
  // Even if every pending member joined the runner-up, the leader would still be ahead.
  if (a > b + pending) return { stop: true, reason: 'decided', probability };
  if (a >= 2 && probability >= confidence) return { stop: true, reason: 'beta', probability };
  return { stop: false, reason: 'waiting', probability };
}
