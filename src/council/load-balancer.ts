/**
 * Load Balancer (seed "Load Balancer"; SPEC §3.4): picks which member takes a piece of work —
 * used when a failed member's request is reassigned, and when a council serves several requests.
 * least-busy: fewest requests in flight (ties → lower TTFT). latency: lowest time-to-first-token
 * EMA among members not busy; a member never measured goes first, so every member gets measured.
 */
import type { BalancerMode } from './types';

export interface BalancerCandidate {
  id: string;
  /** Ready to accept work at all (loaded, not failed/removed). */
  available: boolean;
  inFlight: number;
  /** Exponential moving average of TTFT (ms); null before the first request. */
  ttftEmaMs: number | null;
}

export function pickMember(candidates: BalancerCandidate[], mode: BalancerMode, exclude: ReadonlySet<string> = new Set()): string | null {
  const pool = candidates.filter((c) => c.available && !exclude.has(c.id));
  if (!pool.length) return null;
  const ttft = (c: BalancerCandidate) => c.ttftEmaMs ?? -1; // unmeasured first
  const sorted = [...pool].sort((a, b) =>
    mode === 'least-busy'
      ? a.inFlight - b.inFlight || ttft(a) - ttft(b)
      : Number(a.inFlight > 0) - Number(b.inFlight > 0) || ttft(a) - ttft(b) || a.inFlight - b.inFlight,
  );
  return sorted[0].id;
}

/** TTFT EMA update (α = 0.3: recent requests dominate, one outlier does not). */
export function updateEma(prev: number | null, sample: number, alpha = 0.3): number {
  return prev === null ? sample : prev + alpha * (sample - prev);
}
