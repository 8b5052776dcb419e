/**
 * Public types of the Council Orchestrator (seed "Council Scaling Architecture", SPEC §3.4). The
 * monitor, optimiser, auto scaler and load tester build against these.
 */
import type { EngineBackend, EngineKind, FinishReason } from '../engines/engine';

/** The answer length a request gets when it names none (the council's default). */
export const DEFAULT_MAX_TOKENS = 64;

/**
 * A member's lifecycle (issue 9: one explicit state machine, see member-lifecycle.ts):
 * loading → calibrating → idle ⇄ generating; any → failed → restarting → calibrating …; any → removed.
 */
export type MemberState = 'loading' | 'calibrating' | 'idle' | 'generating' | 'failed' | 'restarting' | 'removed';

export interface CouncilMember {
  id: string;
  modelId: string;
  /** "Member 3": stable, used in failure messages. */
  label: string;
  /** The model's display name ("wirthforge-tiny (generated test model)"). */
  modelLabel: string;
  engine: EngineKind;
  /** Backend actually in use, as the engine reported it after loading. */
  backend: EngineBackend;
  state: MemberState;
  /** Plain-words error of the last failure (null when healthy). */
  error: string | null;
  /** Name of the last error (ModelNotFoundError, MemberTimeoutError …). */
  errorName: string | null;
  /** Recovery attempts since the last success (response timer: 3, then removed). */
  recoveries: number;
  /** wllama threads the engine reported after loading (null for other engines or before loading). */
  threads: number | null;
  /** Load progress 0..1 while loading (null when unknown). */
  loadFraction: number | null;
  loadText: string;
}

/** What the sampler and the optimiser read of a member every 100 ms (plain values, not $state). */
export type MemberFacts = Pick<CouncilMember, 'id' | 'modelId' | 'state' | 'backend' | 'threads'>;

export type Priority = 'high' | 'normal' | 'low';

export interface AskOptions {
  priority?: Priority;
  signal?: AbortSignal;
  /** Cap on generated tokens per member (default 64). */
  maxTokens?: number;
  /** Sampling seed (default: per-member seed so members differ). */
  seed?: number;
  temperature?: number;
  /** Generate exactly maxTokens per member (benchmarks, tests). */
  ignoreEos?: boolean;
}

/** One member's answer to one request. */
export interface MemberAnswer {
  memberId: string;
  modelId: string;
  text: string;
  finishReason: FinishReason;
  completionTokens: number;
  ttftMs: number | null;
  decodeTokensPerSecond: number | null;
  totalMs: number;
  /** Token timestamps (epoch ms, taken in the worker). */
  tokenTimes: number[];
  /** How the answer ended, when worth saying (e.g. cut short by invalid UTF-8). */
  note?: string;
  /** True when this answer came from a member that took over a failed member's request. */
  reassignedFrom: string | null;
}

export interface MemberFailure {
  memberId: string;
  modelId: string;
  /** Error name (MemberTimeoutError, EngineCrashedError …). */
  name: string;
  message: string;
}

export interface CouncilAnswer {
  requestId: string;
  prompt: string;
  /** The answer with the highest mean agreement (empty when nobody answered). */
  consensus: string;
  /** Mean agreement of the chosen answer with the others, 0..1 (1 for a single answer). */
  agreement: number;
  /** Members whose answer agrees with the consensus (similarity ≥ the agreement threshold). */
  agreeingMemberIds: string[];
  /** The member whose answer was chosen. */
  chosenMemberId: string | null;
  /** 'exact' for short answers, 'ngram' for free text. */
  method: 'exact' | 'ngram' | 'single' | 'none';
  /** True when early consensus stopped the remaining members. */
  stoppedEarly: boolean;
  answers: MemberAnswer[];
  failures: MemberFailure[];
  queuedMs: number;
  /** From dispatch to consensus. */
  consensusTimeMs: number;
  /** True when the request was stopped (council.stop() or its signal). */
  aborted: boolean;
}

export interface MemberMetrics {
  id: string;
  modelId: string;
  state: MemberState;
  /** Tokens/s over the last 1 s window (0 when idle). */
  tokensPerSecond: number;
  /** Mean ms between the last tokens (null before any). */
  timePerTokenMs: number | null;
  /** Decode tok/s when this member ran alone (measured; null until measured). */
  soloTokensPerSecond: number | null;
  ttftMs: number | null;
  /** Backend in use ('webgpu', 'wasm-cpu', 'wasm-cpu-mt', 'remote', 'unknown'). */
  backend: EngineBackend;
  /** Threads the engine reported (wllama), null otherwise. */
  threads: number | null;
}

/**
 * Evidence from one finished request (issue 10: council signals come from completed requests,
 * never from a window that includes prefill or idle time).
 */
export interface RequestRecord {
  requestId: string;
  /** Clock ms when the request settled. */
  finishedAt: number;
  /** Dispatch → consensus, ms. */
  consensusTimeMs: number;
  /**
   * SPEC §3.2 efficiency for this request: Σ decode tok/s of the members that answered together
   * (first → last token of each, so prefill is excluded) ÷ Σ their solo tok/s; null when unknown
   * (a single member, a member without a solo speed, or nobody decoded ≥ 2 tokens).
   */
  efficiency: number | null;
  /** Members that answered together (not counting reassigned answers). */
  members: number;
  completionTokens: number;
  aborted: boolean;
  /** Member failures during this request. */
  failures: number;
  /** Dispatch → the first token of the first member that answered (its prompt's prefill), ms; null when none came. */
  firstTokenMs?: number | null;
  /** The prompt in tokens, as the council estimates it before asking. */
  promptTokens?: number;
  /**
   * Each member that answered in its own right: its decode speed over this answer (first → last token,
   * prefill excluded) and the clean solo speed it was compared with (null when not measured).
   */
  memberSpeeds: { memberId: string; decodeTokensPerSecond: number; soloTokensPerSecond: number | null }[];
}

/** A cheap snapshot for the 100 ms sampler (no allocation-heavy work inside). */
export interface CouncilMetrics {
  members: MemberMetrics[];
  queueDepth: number;
  /** Last request's dispatch → consensus time (ms), null before any. */
  consensusTimeMs: number | null;
  /** Combined tok/s ÷ Σ solo tok/s (SPEC §3.2), null when it cannot be computed. */
  efficiency: number | null;
  combinedTokensPerSecond: number;
  /** Rough sum of loaded models' GPU memory (web-llm vram_required_MB), bytes. */
  estimatedGpuMemoryBytes: number;
  /** Requests completed / failed since start (for the load tester's error rate). */
  completed: number;
  failed: number;
  /** True while a request runs or waits in the queue. */
  busy: boolean;
  /** The last ≤ 20 finished requests, oldest first (same array while nothing new finished). */
  recentRequests: readonly RequestRecord[];
}

export type SyncMode = 'async' | 'lockstep';
export type BalancerMode = 'least-busy' | 'latency';
