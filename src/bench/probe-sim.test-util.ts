/**
 * A simulated machine for the engine probe's tests (engine-probe.test.ts, engine-probe.chaos.test.ts):
 * engines whose speeds follow known costs, so a fit can be checked against them.
 */
import type { ChatOptions, ChatRequest, ChatResult, Engine, EngineBackend, LoadOptions, LoadResult, ModelDescriptor } from '../engines/engine';
import { EngineCrashedError } from '../engines/errors';
import type { ProbeEnv } from './engine-probe';
import { PROBE_MODELS } from './probe-models';

/**
 * A simulated machine: one token costs 3 ms + 0.25 ms per block + bytes ÷ 5 GB/s alone; a quantised
 * model instead 4 ms + its format's cost per parameter (as measured here: capacity/fit-probe.ts
 * quantisedCosts); with N members decoding at once
 * each runs at 1 ÷ (1 + 0.4 (N − 1)) of its lone speed; the first token costs 10 ms + 0.02 ms per
 * prompt token per million parameters, and attention (simAttentionMs).
 */
export class SimEngine implements Engine {
  readonly kind = 'wllama' as const;
  static running = 0;
  /** Each load's model and threads, in order. */
  static loads: { model: ModelDescriptor; threads: number }[] = [];
  /** Each answer's model id, tokens asked, request and engine, in order. */
  static calls: { model: string; tokens: number; request: ChatRequest; engine: SimEngine }[] = [];
  model: ModelDescriptor | null = null;
  dead = false;
  hang = false;
  /** Where the engine says it runs (wllama takes the GPU where it has shader-f16). */
  backend: EngineBackend = 'wasm-cpu';
  async load(model: ModelDescriptor, options?: LoadOptions): Promise<LoadResult> {
    SimEngine.loads.push({ model, threads: options?.config?.threads ?? -1 });
    this.model = model;
    return { backend: this.backend, loadMs: 1, threads: 1 };
  }
  /** (The probe's options — signal, onChunk — are for its tests to check: engine-probe.test.ts loggedProbe.) */
  async chat(request: ChatRequest, _options?: ChatOptions): Promise<ChatResult> {
    if (this.dead) throw new EngineCrashedError('killed');
    if (this.hang) return this.stall();
    SimEngine.calls.push({ model: this.model!.id, tokens: request.max_tokens ?? 0, request, engine: this });
    SimEngine.running++;
    await this.tick(); // the group's other members start
    const n = SimEngine.running;
    await this.tick(); // …and each has counted them before any ends
    SimEngine.running--;
    const lone = simLoneSpeed(this.model!);
    const promptTokens = request.messages[0].content.length + 20;
    return {
      text: 'x', finishReason: 'length', promptTokens, completionTokens: request.max_tokens ?? 0, startedAt: 0,
      ttftMs: 10 + promptTokens * 0.02 * ((this.model!.paramsBillions ?? 0) * 1e3) + simAttentionMs(this.model!, promptTokens), decodeTokensPerSecond: lone / (1 + 0.4 * (n - 1)), tokenTimes: [], totalMs: 1,
    };
  }
  async abort() {}
  async stats() { return { modelId: null, backend: 'wasm-cpu' as const, loadMs: null, lastTtftMs: null, lastDecodeTokensPerSecond: null, totalTokens: 0, requests: 0, threads: 1 } as never; }
  async unload() {}
  /** A step of simulated time (a millisecond: each phase takes some). */
  protected tick(): Promise<void> {
    return new Promise((r) => setTimeout(r, 1));
  }
  private stalls = new Set<(e: Error) => void>();
  /** A call that never answers: only a kill ends it. */
  protected stall<T>(): Promise<T> {
    return new Promise<T>((_, reject) => this.stalls.add(reject));
  }
  /** Like WorkerEngine.kill: every pending call rejects, and the worker is gone. */
  kill() {
    this.dead = true;
    for (const reject of this.stalls) reject(new EngineCrashedError('killed'));
    this.stalls.clear();
  }
}

/** The simulated machine's attention cost per block, per unit of width, per prompt token squared (ms). */
export const SIM_ATTENTION = 1e-7;
/** A long prompt's attention on the simulated machine: SIM_ATTENTION × blocks × width × tokens² (ms). */
export function simAttentionMs(model: ModelDescriptor, promptTokens: number): number {
  const spec = PROBE_MODELS.find((m) => m.id === model.label)?.spec;
  return spec ? SIM_ATTENTION * (spec.nLayer ?? 0) * (spec.nEmbd ?? 0) * promptTokens ** 2 : 0;
}

/** The simulated machine's lone decode speed of a model, tokens per second. */
export function simLoneSpeed(model: ModelDescriptor): number {
  const perParam = SIM_COST[model.fileType ?? ''];
  return 1 / (perParam ? SIM_FIXED + (model.paramsBillions ?? 0) * 1e9 * perParam : 0.003 + model.layers! * 0.00025 + model.weightBytes! / 5e9);
}

/** The simulated machine's seconds per parameter of each quantised format, and their fixed seconds per token. */
export const SIM_COST: Record<string, number> = { Q4_0: 2e-9, Q8_0: 1e-9, Q4_K_M: 0.5e-9 };
export const SIM_FIXED = 0.004;
/** A simulated file size: f32 by its shape, quantised at their bits of 32. */
const SIM_BITS: Record<string, number> = { q4_0: 4.5, q8_0: 8.5, q4_k_m: 5 };
export const simBytes = (m: (typeof PROBE_MODELS)[number]) => Math.round((m.spec.nLayer ?? 1) * (m.spec.nEmbd ?? 1) ** 2 * 24 * ((SIM_BITS[m.spec.weightType ?? ''] ?? 32) / 32));

export function env(over: Partial<ProbeEnv> = {}): ProbeEnv & { engines: SimEngine[] } {
  const engines: SimEngine[] = [];
  return {
    engines,
    buildModel: async (m) => new Blob([new Uint8Array(simBytes(m))]),
    newEngine: () => {
      const e = new SimEngine();
      engines.push(e);
      return e;
    },
    threadsFor: () => 1,
    ...over,
  };
}
