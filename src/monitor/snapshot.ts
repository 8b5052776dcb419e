/**
 * One aggregated reading of the monitor (1 s windows over the 100 ms samples). Alerts, the
 * optimisation rules and the auto scaler all decide from this, so they can be tested with
 * synthetic snapshots.
 */
export interface MemberSnapshot {
  id: string;
  modelId: string;
  state: string;
  tokensPerSecond: number;
  timePerTokenMs: number | null;
  /** This member's own baseline (solo decode tok/s), null until measured. */
  soloTokensPerSecond: number | null;
  /** Time to first token of the member's last answer, ms (null before any). */
  ttftMs?: number | null;
  /** Backend in use ('webgpu', 'wasm-cpu', 'wasm-cpu-mt', 'remote' …) when known. */
  backend?: string;
}

export interface MonitorSnapshot {
  at: number;
  /** Frames per second over the last second (null when no frames, e.g. hidden tab). */
  fps: number | null;
  /** Mean rAF interval over the last second, ms. */
  frameTimeMs: number | null;
  /** Long tasks / long animation frames seen in the last second. */
  longTasks: number;
  /** JS heap bytes in use, null when the browser does not tell. */
  heapBytes: number | null;
  /** Share (0..1) of the memory budget in use: max of heap share and GPU share; null = unknown. */
  memoryShare: number | null;
  gpuMemoryBytes: number | null;
  /** Council: null when no council is running. */
  council: {
    members: MemberSnapshot[];
    queueDepth: number;
    consensusTimeMs: number | null;
    efficiency: number | null;
    combinedTokensPerSecond: number;
  } | null;
}
