/**
 * Load Tester types (seed "Load Testing Architecture", SPEC §3.7). A scenario drives a LoadTarget
 * (the council, whatever engines its members run) and records one event per request plus periodic
 * environment samples; the report is computed from those records alone.
 */

export type ScenarioId = 'S1' | 'S2' | 'S4' | 'S5';

/** What a load test talks to. The council adapter implements it; unit tests use a fake. */
export interface LoadTarget {
  label: string;
  /** Requests the target is planned to serve at once (the 1× of the S5 ramp). */
  capacity(): number;
  ask(prompt: string, options: { signal: AbortSignal; maxTokens: number }): Promise<LoadAnswer>;
  /** Requests waiting in the target's own queue (0 when it has none). */
  queueDepth(): number;
  /**
   * Bounds the target's queue for the run (S5 overload: show that it sheds with clear rejections
   * instead of queueing without end); returns the function that restores the previous bound.
   */
  boundQueue?(limit: number): () => void;
}

export interface LoadAnswer {
  /** Tokens generated for this request (all members together). */
  tokens: number;
  /** Time to the first token of the fastest member (ms), null if none. */
  ttftMs: number | null;
  /** Time spent waiting in the target's queue before it ran (ms), null if unknown. */
  queuedMs: number | null;
  /** Epoch-ms timestamps of generated tokens, for throughput over time (may be empty). */
  tokenTimes: number[];
  /** Members that failed while answering (counted as errors when nothing was answered). */
  memberFailures: number;
  /** True when the target answered with nothing usable. */
  empty: boolean;
}

export type Outcome = 'ok' | 'rejected' | 'error' | 'cancelled' | 'lost';

/** One request's life, times in ms since the run started. */
export interface RequestEvent {
  id: number;
  /** Scenario-specific label: "burst 3 (5)", "level 2×" … */
  tag: string;
  /** Group key used by per-group statistics (burst size, ramp level). */
  group: string;
  submittedAt: number;
  settledAt: number;
  outcome: Outcome;
  tokens: number;
  ttftMs: number | null;
  queuedMs: number | null;
  /** Name of the error for rejected/error/lost (QueueFullError, MemberTimeoutError …). */
  errorName: string | null;
  errorMessage: string | null;
}

/** Environment sample taken every sampleIntervalMs during the run. */
export interface EnvSample {
  at: number;
  fps: number | null;
  heapBytes: number | null;
  queueDepth: number;
  inFlight: number;
}

export interface TokenBucket {
  /** Bucket start, ms since run start. */
  at: number;
  tokens: number;
}

export interface LoadRun {
  scenario: ScenarioId;
  short: boolean;
  target: string;
  capacity: number;
  startedAt: number;
  durationMs: number;
  stopped: boolean;
  events: RequestEvent[];
  samples: EnvSample[];
  /** Token timestamps relative to run start (only what the target reported). */
  tokenTimes: number[];
}

export interface Progress {
  fraction: number;
  text: string;
}
