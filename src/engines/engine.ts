/**
 * The one engine interface (SPEC §4; seed "Inference Engine" / "Model Loader"). Every engine —
 * web-llm (WebGPU), wllama (GGUF, CPU) and a remote OpenAI-compatible server — implements it inside
 * a council-member worker, and `WorkerEngine` (worker-engine.ts) implements the same interface on the
 * main thread by forwarding to that worker. Streaming uses the OpenAI chat-completions chunk shape;
 * each chunk carries `t`, a timestamp taken INSIDE the worker when the token came out of the engine,
 * so cadence is measured where the work happens, not after the postMessage hop.
 */
import type { EngineKind, ModelDescriptor } from '../models/model';

export type { EngineKind, ModelDescriptor };
export * from './errors';

/** Where the engine actually runs — reported, not assumed (wllama silently falls back to CPU). */
export type EngineBackend = 'webgpu' | 'wasm-cpu' | 'wasm-cpu-mt' | 'remote' | 'unknown';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Upper bound on generated tokens. */
  max_tokens?: number;
  temperature?: number;
  top_k?: number;
  top_p?: number;
  /** Sampling seed, so benchmarks and tests are reproducible. */
  seed?: number;
  /** Generate exactly max_tokens (benchmarks and tests need fixed-length answers). */
  ignore_eos?: boolean;
}

/** One streamed chunk: the OpenAI `chat.completion.chunk` shape plus `t`. */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: {
    index: number;
    delta: { role?: 'assistant'; content?: string | null };
    finish_reason: FinishReason | null;
  }[];
  /**
   * Epoch milliseconds (performance.timeOrigin + performance.now(), sub-ms) taken inside the worker
   * when this token was produced. Comparable across threads.
   */
  t: number;
  /** Number of tokens this chunk stands for (1 for local engines; servers may batch). */
  tokens: number;
}

/**
 * How an answer ended: 'stop' (the model ended it), 'length' (max_tokens), 'abort' (stopped by the
 * person or the council), 'truncated' (the stream ended without an end marker: not a clean answer).
 */
export type FinishReason = 'stop' | 'length' | 'abort' | 'truncated';

/** What a finished (or aborted) chat returns: text, usage and timings measured in the worker. */
export interface ChatResult {
  text: string;
  finishReason: FinishReason;
  promptTokens: number;
  completionTokens: number;
  /** Epoch ms when the request started inside the worker. */
  startedAt: number;
  /** Time to first token (ms), null when nothing was generated. */
  ttftMs: number | null;
  /** Decode tokens/s over first→last token (excludes prefill). */
  decodeTokensPerSecond: number | null;
  /** Per-token timestamps (epoch ms), the `t` of every chunk. */
  tokenTimes: number[];
  totalMs: number;
  /** How the answer ended when it is worth saying (e.g. "stopped early: … not valid UTF-8"). */
  note?: string;
}

export interface LoadProgress {
  loadedBytes: number;
  /** null when the server does not say (no Content-Length). */
  totalBytes: number | null;
  /** 0..1, or null when unknown. */
  fraction: number | null;
  /** Plain words: "Downloading 12.1 / 40.0 MB", "Compiling shaders" … */
  text: string;
}

/** Engine-specific settings that ride along with the descriptor. */
export interface LoadConfig {
  /** wllama: threads (1 = single-thread wasm). Chosen by `chooseThreads` when absent. */
  threads?: number;
  /** wllama: a local GGUF file the person picked (instead of `model.url`). */
  file?: Blob;
  /** wllama / web-llm: reuse the engine's cache (default true). */
  useCache?: boolean;
  /** web-llm: model library (wasm) URL for a custom record. */
  modelLib?: string;
  /** web-llm: base URL that replaces huggingface.co/mlc-ai for prebuilt weights (self-hosting). */
  modelBaseUrl?: string;
  /** web-llm: chat-config overrides (context_window_size, …). */
  overrides?: Record<string, unknown>;
  /** remote: server base URL (…/v1 is appended when missing), model name and optional API key. */
  baseUrl?: string;
  remoteModel?: string;
  apiKey?: string;
  /** WebGPU features of this device, so required features are checked before any download. */
  gpuFeatures?: string[];
}

export interface LoadOptions {
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  config?: LoadConfig;
}

export interface ChatOptions {
  /** Called for every chunk, in order. */
  onChunk?: (chunk: ChatCompletionChunk) => void;
  signal?: AbortSignal;
  /**
   * How long the caller will wait for the first token (ms): the council's prefill allowance. An
   * engine with waits of its own (a remote server's: remote-deadlines.ts) waits at least this long,
   * so a long prompt on a big remote model is not failed by a fixed deadline first.
   */
  firstTokenWaitMs?: number;
}

export interface EngineStats {
  kind: EngineKind;
  modelId: string | null;
  backend: EngineBackend;
  threads: number | null;
  loaded: boolean;
  loadMs: number | null;
  /** Last completed request. */
  lastTtftMs: number | null;
  lastDecodeTokensPerSecond: number | null;
  totalCompletionTokens: number;
  requests: number;
}

/** What a finished load reports: where the engine runs, how long loading took, threads in use (wllama). */
export interface LoadResult {
  backend: EngineBackend;
  loadMs: number;
  threads?: number | null;
  /** Bytes of the model file loaded, where the engine read one (wllama): its size when the catalogue does not say (a GGUF added by URL). */
  weightBytes?: number;
  /** The file was loaded from memory, not stored: the browser would not keep it (model-cache.ts), so the next load downloads it again. */
  keptInMemory?: boolean;
}

/** Implemented by each engine (in its worker) and by WorkerEngine (on the main thread). */
export interface Engine {
  readonly kind: EngineKind;
  load(model: ModelDescriptor, options?: LoadOptions): Promise<LoadResult>;
  /** Streams one chat completion. Rejects with a named error; abort resolves with finishReason 'abort'. */
  chat(request: ChatRequest, options?: ChatOptions): Promise<ChatResult>;
  /** Stops the running chat (same as aborting its signal). */
  abort(): Promise<void>;
  stats(): Promise<EngineStats>;
  unload(): Promise<void>;
}

/** Worker timestamp helper: epoch ms with sub-ms precision. */
export function nowEpochMs(): number {
  return performance.timeOrigin + performance.now();
}
