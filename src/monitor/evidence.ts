/**
 * Council evidence (issue 10): council signals come from finished requests, never from a live 1 s
 * window (it reads 0 during every prefill) nor from the last request's numbers repeated while the
 * council sits idle. Each finished request is kept with what it proves; a summary needs at least
 * MIN_REQUESTS fresh requests before it says anything.
 */
import type { CouncilMetrics, RequestRecord } from '../council/types';

/** Fewer requests than this prove nothing (one slow first token is not a slow council). */
export const MIN_REQUESTS = 3;
/** Requests older than this are not evidence about now. */
export const FRESH_MS = 60_000;
/** The newest requests a summary looks at (so it follows a change within a few requests). */
export const SUMMARY_REQUESTS = 5;
/** A council counts as working this long after its last request ran or waited (gaps between requests). */
export const WORK_GRACE_MS = 2_000;
/** SPEC §3.2 consensus thresholds are for an answer of this many tokens per member (the default cap). */
export const REFERENCE_TOKENS = 64;
/**
 * …and for a question of this many prompt tokens (a few sentences). A longer prompt's prefill is
 * scaled down as a longer answer's decode is: the person chose it, and a council of a real model on
 * a CPU reads a pasted page for tens of seconds, which no remedy of a "slow council" (dropping a
 * member, halving its timeout) makes right.
 */
export const REFERENCE_PROMPT_TOKENS = 64;
/** As many as the council keeps (CouncilMetrics.recentRequests). */
const KEEP_REQUESTS = 20;

export interface RequestEvidence {
  record: RequestRecord;
  /**
   * A request answered by a council of one member: that member and its decode speed, first → last token
   * (time to consensus minus its time to first token, so prefill is excluded). Null otherwise.
   */
  lone: { memberId: string; decodeTokensPerSecond: number } | null;
}

export interface EvidenceSummary {
  /** Fresh, finished, not aborted requests considered (≤ SUMMARY_REQUESTS). */
  requests: number;
  /** Median time to consensus scaled to a REFERENCE_TOKENS answer (long answers take longer by nature). */
  consensusTimeMs: number | null;
  /** Median per-request efficiency of the multi-member requests (SPEC §3.2). */
  efficiency: number | null;
  /** Multi-member requests with a known efficiency among those considered. */
  efficiencyRequests: number;
}

export interface CouncilReading {
  metrics: CouncilMetrics;
  /** A request runs or waits now, or did within WORK_GRACE_MS. Council signals count only then. */
  working: boolean;
  /** Finished requests with what each proves, oldest first (same array until a request finishes). */
  requests: readonly RequestEvidence[];
  summary: EvidenceSummary;
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The evidence of the newest fresh requests finished after `since` (pure). */
export function summarise(requests: readonly RequestEvidence[], now: number, since = -Infinity): EvidenceSummary {
  const fresh: RequestRecord[] = [];
  for (let i = requests.length - 1; i >= 0 && fresh.length < SUMMARY_REQUESTS; i--) {
    const r = requests[i].record;
    if (r.finishedAt <= since || now - r.finishedAt > FRESH_MS) break;
    if (!r.aborted) fresh.push(r);
  }
  const enough = fresh.length >= MIN_REQUESTS;
  const effs = fresh.filter((r) => r.members > 1 && r.efficiency !== null).map((r) => r.efficiency!);
  return {
    requests: fresh.length,
    consensusTimeMs: enough ? median(fresh.map(scaledConsensusMs)) : null,
    efficiency: effs.length >= MIN_REQUESTS ? median(effs) : null,
    efficiencyRequests: effs.length,
  };
}

/** Median decode speed of each member over its fresh requests answered alone (members with ≥ MIN_REQUESTS of them). */
export function loneDecodeSpeeds(requests: readonly RequestEvidence[], now: number, since = -Infinity): Map<string, number> {
  const speeds = new Map<string, number[]>();
  for (let i = requests.length - 1; i >= 0 && i >= requests.length - SUMMARY_REQUESTS; i--) {
    const { record, lone } = requests[i];
    if (record.finishedAt <= since || now - record.finishedAt > FRESH_MS) break;
    if (lone) speeds.set(lone.memberId, [...(speeds.get(lone.memberId) ?? []), lone.decodeTokensPerSecond]);
  }
  const out = new Map<string, number>();
  for (const [id, v] of speeds) if (v.length >= MIN_REQUESTS) out.set(id, median(v)!);
  return out;
}

/** A request's consensus time as if its question and answer were of the reference lengths: its prefill (to the first token) and its decode scaled apart. */
export function scaledConsensusMs(r: RequestRecord): number {
  const perMember = r.completionTokens / Math.max(1, r.members);
  const prefill = Math.min(r.consensusTimeMs, Math.max(0, r.firstTokenMs ?? 0));
  const prompt = REFERENCE_PROMPT_TOKENS / Math.max(REFERENCE_PROMPT_TOKENS, r.promptTokens ?? 0);
  return prefill * prompt + ((r.consensusTimeMs - prefill) * REFERENCE_TOKENS) / Math.max(REFERENCE_TOKENS, perMember);
}

/** Follows the council sample by sample: working-with-grace, and evidence taken as requests finish. */
export class CouncilEvidenceTracker {
  private lastWorkAt = -Infinity;
  private seen: readonly RequestRecord[] | null = null;
  private evidence: readonly RequestEvidence[] = [];
  private summary: EvidenceSummary = summarise([], 0);
  private summarisedAt = -Infinity;

  observe(m: CouncilMetrics, now: number): CouncilReading {
    if (m.busy || m.queueDepth > 0) this.lastWorkAt = now;
    // Summarised when a request finishes, else once a second (freshness), not on every sample.
    if (m.recentRequests !== this.seen) this.take(m);
    else if (now - this.summarisedAt < 1_000) return { metrics: m, working: now - this.lastWorkAt <= WORK_GRACE_MS, requests: this.evidence, summary: this.summary };
    this.summary = summarise(this.evidence, now);
    this.summarisedAt = now;
    return { metrics: m, working: now - this.lastWorkAt <= WORK_GRACE_MS, requests: this.evidence, summary: this.summary };
  }

  /** New records arrived (the council replaces the array only then): keep them with what they prove. */
  private take(m: CouncilMetrics): void {
    const known = new Set(this.evidence.map((e) => e.record.requestId));
    const added = m.recentRequests.filter((r) => !known.has(r.requestId));
    this.seen = m.recentRequests;
    if (!added.length) return;
    const newest = added[added.length - 1];
    this.evidence = [...this.evidence, ...added.map((r) => ({ record: r, lone: r === newest ? loneDecode(r, m) : null }))].slice(-KEEP_REQUESTS);
  }
}

/** Decode speed of a request answered by one member, read when it finishes (its TTFT is still the member's last). */
function loneDecode(r: RequestRecord, m: CouncilMetrics): RequestEvidence['lone'] {
  if (r.members !== 1 || r.aborted || r.failures > 0 || r.completionTokens < 8) return null;
  // Only a council of one: in a larger council a request one member answered alone waited for
  // something (a member calibrating, a failure), and its time to consensus says little about decoding.
  const present = m.members.filter((x) => x.state !== 'removed');
  const only = present.length === 1 ? present[0] : null;
  if (!only || only.ttftMs === null) return null;
  const decodeMs = r.consensusTimeMs - only.ttftMs;
  if (!(decodeMs > 0)) return null;
  return { memberId: only.id, decodeTokensPerSecond: ((r.completionTokens - 1) * 1000) / decodeMs };
}
