/**
 * The optimiser's view of the council (seed "Council Manager"): only what it reads and the knobs
 * it turns. The running app adapts the real `council` to this (see council-adapter.ts); unit tests
 * pass fakes.
 */
export interface CouncilMemberInfo {
  id: string;
  modelId: string;
  state: string;
  backend?: string;
  /** Threads the engine reported after loading (wllama), null otherwise. */
  threads?: number | null;
}

export interface CouncilControl {
  members(): readonly CouncilMemberInfo[];
  removeMember(id: string): Promise<void>;
  /** Loads a member for the model; resolves with the new member id. */
  addMember(modelId: string): Promise<string>;
  setMemberTimeoutMs(ms: number): void;
  setEarlyConsensus(on: boolean): void;
  /** Threads per CPU (wllama) member; takes effect when a member (re)loads. */
  setThreadsPerMember(n: number | null): void;
  /** Reloads a member's engine (so a new thread count applies): at once when idle, else after its current answer; optional. */
  reloadMember?(id: string): Promise<void>;
  /** Current knob values as the council holds them (threads: the knob, null = automatic). */
  knobs(): { memberTimeoutMs: number; earlyConsensus: boolean; threadsPerMember: number | null };
}

/** CPU backends (wllama in WebAssembly: 'wasm-cpu', 'wasm-cpu-mt'), where threads are the knob. */
export function isCpuBackend(backend: string | undefined): boolean {
  return !!backend && (backend.startsWith('wasm') || backend === 'cpu');
}
