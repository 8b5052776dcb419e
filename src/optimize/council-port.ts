/**
 * The optimiser's view of the council (seed "Council Manager"): only what it reads and the knobs
 * it turns. The running app adapts the real `council` to this (see monitor/council-adapter.ts);
 * unit tests pass fakes.
 */
export interface CouncilMemberInfo {
  id: string;
  modelId: string;
  state: string;
  backend?: string;
}

export interface CouncilControl {
  members(): CouncilMemberInfo[];
  removeMember(id: string): Promise<void>;
  /** Loads a member for the model; resolves with the new member id. */
  addMember(modelId: string): Promise<string>;
  setMemberTimeoutMs(ms: number): void;
  setEarlyConsensus(on: boolean): void;
  /** Threads per CPU (wllama) member; takes effect when a member (re)loads. */
  setThreadsPerMember(n: number): void;
  /** Reloads a member's engine (so a new thread count applies); optional. */
  reloadMember?(id: string): Promise<void>;
  /** Current knob values (the adapter remembers what was last set when the council does not say). */
  knobs(): { memberTimeoutMs: number; earlyConsensus: boolean; threadsPerMember: number };
}

/** Which smaller / more quantised model could replace a model (null when none is known). */
export type SmallerModelFinder = (modelId: string) => string | null;

/** CPU backends (wllama in WebAssembly: 'wasm-cpu', 'wasm-cpu-mt'), where threads are the knob. */
export function isCpuBackend(backend: string | undefined): boolean {
  return !!backend && (backend.startsWith('wasm') || backend === 'cpu');
}
