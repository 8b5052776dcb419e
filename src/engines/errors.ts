/**
 * Named engine errors (SPEC §4, STYLE "Engine protocol and errors"). Each says what happened and
 * what the person can do. Across a worker boundary an error travels as `{ name, message, fields }`
 * (see `toWire` / `fromWire`) and callers check `err.name`, never `instanceof`.
 */
import * as v from 'valibot';
import type { ContextOverflow } from './context-overflow';

export interface WireError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

/** Base of every engine error: `fields` are the structured details that survive postMessage. */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    message: string,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The weights URL answered 404 (or 410): the file is not where the model record says. */
export class ModelNotFoundError extends EngineError {
  override name = 'ModelNotFoundError';
  constructor(readonly url: string, status: number | string = 404) {
    super(`The model file was not found at ${url} (${typeof status === 'number' ? `HTTP ${status}` : status}). Check the URL in Models, or remove this model.`, { url, status });
  }
}

/** The file downloaded but is not a model the engine can read (bad magic, truncated, wrong format). */
export class ModelCorruptError extends EngineError {
  override name = 'ModelCorruptError';
  constructor(readonly url: string, readonly reason: string) {
    super(`The model file ${url} is damaged or not a valid model (${reason}). Delete it from the cache in Models and download it again.`, { url, reason });
  }
}

/**
 * llama.cpp read the file and refused it: a GGUF whose header parses but whose model it cannot build
 * (an architecture it does not support here, keys or tensors its architecture needs missing, a
 * file written for a newer llama.cpp). Downloading it again cannot help.
 */
export class ModelUnsupportedError extends EngineError {
  override name = 'ModelUnsupportedError';
  constructor(readonly modelId: string, readonly architecture: string | null) {
    super(
      `llama.cpp in this browser could not build the model ${modelId}` +
        (architecture ? ` (its architecture is "${architecture}")` : '') +
        ': the file is a GGUF, but not one it can run here (an unsupported architecture, missing tensors, or a file for a newer llama.cpp). Downloading it again will not help; pick another model or another GGUF of it.',
      { modelId, architecture },
    );
  }
}

/** The model needs more memory than this device can give it (capacity plan budget or engine OOM). */
export class ModelTooLargeError extends EngineError {
  override name = 'ModelTooLargeError';
  /** `assumed`: the available figure rests on assumed VRAM or RAM (browsers hide VRAM and cap RAM). */
  constructor(readonly modelId: string, readonly requiredBytes: number | null, readonly availableBytes: number | null, readonly assumed: 'VRAM' | 'RAM' | null = null) {
    super(
      `The model ${modelId} does not fit on this device` +
        (requiredBytes && availableBytes ? ` (needs ${mb(requiredBytes)}, about ${mb(availableBytes)} available)` : '') +
        '. Pick a smaller or more quantised model, or fewer council members.' +
        (assumed === 'VRAM' ? ' The budget assumes the GPU memory (browsers hide it): if yours is larger, enter it on the Overview.' : '') +
        (assumed === 'RAM' ? ' The budget assumes the RAM the browser reports, which it caps: the machine may have more.' : ''),
      { modelId, requiredBytes, availableBytes },
    );
  }
}

/**
 * The request does not fit the model's context window: the engine or server refused it before
 * answering (or stopped it when the context filled). The request is at fault, not the member (it
 * stays loaded, nothing is restarted). The figures are the engine's own when it gave them:
 * `needTokens` what the request needs (the prompt, or prompt + answer where the engine counts both),
 * `promptTokens` the prompt's own count when it said it. The advice follows from them: fewer answer
 * tokens help only where the answer was counted.
 */
export class PromptTooLongError extends EngineError {
  override name = 'PromptTooLongError';
  constructor(readonly who: string, readonly needTokens: number | null, readonly contextTokens: number | null, readonly promptTokens: number | null = null) {
    const window = contextTokens !== null ? `the model reads at most ${contextTokens} at once (its context window)` : null;
    let text: string;
    if (promptTokens !== null && contextTokens !== null && promptTokens < contextTokens) {
      // The prompt fits; the answer asked for (max tokens) does not.
      text = `The answer asked for does not fit ${who}: the prompt is ${promptTokens} tokens${needTokens !== null ? ` and max tokens brings it to ${needTokens}` : ''}, and ${window}. Lower max tokens, or shorten the prompt.`;
    } else {
      const need = needTokens !== null ? `it needs ${needTokens} tokens` : null;
      const figures = need && window ? `: ${need}, and ${window}` : need ? `: ${need} (it is longer than the model's context window)` : window ? `: ${window}` : " (it is longer than the model's context window)";
      // Fewer answer tokens help only where the answer was counted and the prompt alone may fit.
      const answerCounted = needTokens !== null && promptTokens !== null && needTokens > promptTokens;
      const promptAloneTooLong = promptTokens !== null && (!answerCounted || contextTokens !== null);
      text = `The prompt is too long for ${who}${figures}. ${promptAloneTooLong ? 'Shorten the prompt.' : 'Shorten the prompt, or lower max tokens.'}`;
    }
    super(text, { who, needTokens, contextTokens, promptTokens });
  }

  /** The refusal an engine's or server's words report (context-overflow.ts), for `who`. */
  static of(who: string, overflow: ContextOverflow): PromptTooLongError {
    return new PromptTooLongError(who, overflow.needTokens, overflow.contextTokens, overflow.promptTokens);
  }
}

/** The browser refused to cache the weights: storage quota is full. */
export class StorageQuotaError extends EngineError {
  override name = 'StorageQuotaError';
  constructor(readonly modelId: string) {
    super(`The browser's storage is full while caching ${modelId}. Delete cached models in Models, or allow persistent storage, then try again.`, { modelId });
  }
}

/** The device lacks a WebGPU feature the model needs (e.g. shader-f16 for *f16 models); checked before download. */
export class FeatureMissingError extends EngineError {
  override name = 'FeatureMissingError';
  constructor(readonly modelId: string, readonly feature: string) {
    super(`The model ${modelId} needs the WebGPU feature "${feature}", which this device does not offer. Pick a model without it (e.g. a *f32 or GGUF model).`, { modelId, feature });
  }
}

/** WebGPU is not available at all in this browser / context. */
export class WebGpuUnavailableError extends EngineError {
  override name = 'WebGpuUnavailableError';
  constructor(readonly reason: string) {
    super(`WebGPU is not available here (${reason}). Use a GGUF model (wllama runs on the CPU) or a remote server.`, { reason });
  }
}

/** The GPU device was lost (driver reset, another tab, out of memory): the member must be restarted. */
export class DeviceLostError extends EngineError {
  override name = 'DeviceLostError';
  constructor(readonly reason: string) {
    super(`The GPU device was lost (${reason}). Restart the member; if it repeats, use a smaller model or fewer members.`, { reason });
  }
}

/** The engine (or its worker) died or threw an unrecoverable error. */
export class EngineCrashedError extends EngineError {
  override name = 'EngineCrashedError';
  constructor(readonly detail: string) {
    super(`The engine stopped working (${detail}). Restart the member.`, { detail });
  }
}

/**
 * A model worker sent the main thread something that is not what the engine protocol says (a result,
 * token chunk, progress report or stats of the wrong shape): the worker is broken, so it is ended and
 * the member restarted, as after a crash. `problem` names the field ("decodeTokensPerSecond: expected a number, got NaN").
 */
export class EngineProtocolError extends EngineError {
  override name = 'EngineProtocolError';
  constructor(readonly what: string, readonly problem: string) {
    super(`The model worker sent a malformed ${what} (${problem}). Restart the member; if it happens again, report the problem.`, { what, problem });
  }
}

/** A member produced no token for too long (SPEC §3.4 response timer: 5 s). */
export class MemberTimeoutError extends EngineError {
  override name = 'MemberTimeoutError';
  /** `member` as the person sees it (its label, "Member 3"): the message starts with it. */
  constructor(readonly member: string, readonly silentMs: number) {
    super(`${member} produced nothing for ${(silentMs / 1000).toFixed(1)} s and was stopped.`, { member, silentMs });
  }
}

/** The remote OpenAI-compatible server cannot be reached or refused the request. */
export class RemoteUnreachableError extends EngineError {
  override name = 'RemoteUnreachableError';
  constructor(readonly baseUrl: string, readonly detail: string) {
    super(`The server at ${baseUrl} could not be reached (${detail}). Check that it runs, its URL, and that it allows this origin (CORS).`, { baseUrl, detail });
  }
}

/** The server refused the API key (HTTP 401 or 403). */
export class RemoteAuthError extends EngineError {
  override name = 'RemoteAuthError';
  constructor(readonly baseUrl: string, readonly status: number) {
    super(`The server at ${baseUrl} refused the API key (HTTP ${status}). Check the key in Models, or ask the server's owner for one.`, { baseUrl, status });
  }
}

/** The server is rate-limiting (HTTP 429); `retryAfterMs` comes from its Retry-After header when given. */
export class RateLimitedError extends EngineError {
  override name = 'RateLimitedError';
  constructor(readonly baseUrl: string, readonly retryAfterMs: number | null) {
    super(
      `The server at ${baseUrl} is busy and asked us to slow down (HTTP 429)` +
        (retryAfterMs !== null ? `; it will be asked again after ${Math.ceil(retryAfterMs / 1000)} s` : '') +
        '. Fewer members on this server, or a higher rate limit, avoids this.',
      { baseUrl, retryAfterMs },
    );
  }
}

/** The server failed while answering: HTTP 5xx, or an error event in the stream (its own message in `detail`). */
export class RemoteServerError extends EngineError {
  override name = 'RemoteServerError';
  constructor(readonly baseUrl: string, readonly detail: string) {
    super(`The server at ${baseUrl} failed: ${detail}. Check the server's log; the council carries on without it.`, { baseUrl, detail });
  }
}

/**
 * The server answered, but with JSON that is not what an OpenAI-compatible server sends there (a model
 * list whose ids are numbers, a chunk whose text is an object …). `path` is the endpoint, `what` the
 * thing expected ("a model list"), `problem` the first wrong field in words.
 */
export class RemoteProtocolError extends EngineError {
  override name = 'RemoteProtocolError';
  constructor(readonly baseUrl: string, readonly path: string, readonly what: string, readonly problem: string) {
    super(`The server at ${baseUrl} answered ${path} with data that is not ${what} (${problem}). Check the URL points at an OpenAI-compatible server.`, { baseUrl, path, what, problem });
  }
}

/** The server did not connect or send its first byte in time. */
export class RemoteTimeoutError extends EngineError {
  override name = 'RemoteTimeoutError';
  constructor(readonly baseUrl: string, readonly phase: string, readonly ms: number) {
    super(`The server at ${baseUrl} did not answer in time (${phase}, ${(ms / 1000).toFixed(1)} s). Check that it runs and is not overloaded.`, { baseUrl, phase, ms });
  }
}

/** A member's model did not load (or calibrate) within its deadline. */
export class LoadTimeoutError extends EngineError {
  override name = 'LoadTimeoutError';
  constructor(readonly memberLabel: string, readonly phase: string, readonly ms: number) {
    super(`${memberLabel} did not finish ${phase} within ${Math.round(ms / 1000)} s and was stopped. Check the network or the server, then press Restart.`, { memberLabel, phase, ms });
  }
}

/** No model is loaded yet, or a chat was asked of an engine that is busy/unloaded. */
export class EngineNotReadyError extends EngineError {
  override name = 'EngineNotReadyError';
  constructor(readonly detail: string) {
    super(`The engine is not ready: ${detail}.`, { detail });
  }
}

/** The operation was cancelled by the person or by the council (not a failure). */
export class AbortedError extends EngineError {
  override name = 'AbortedError';
  constructor(detail = 'cancelled') {
    super(`Stopped (${detail}).`, { detail });
  }
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/** Serialises any thrown value for postMessage, keeping the named error's fields. */
export function toWire(err: unknown): WireError {
  if (err instanceof EngineError) return { name: err.name, message: err.message, fields: { ...err.fields } };
  if (err instanceof Error) return { name: err.name || 'Error', message: err.message, fields: {} };
  return { name: 'Error', message: String(err), fields: {} };
}

/** A serialised error as it arrives from a worker; `fields` may be missing (a plain Error's clone). */
const wireErrorSchema = v.object({ name: v.string(), message: v.string(), fields: v.optional(v.record(v.string(), v.unknown())) });

/** True when `x` is a serialised error (e.g. a rejection that came through comlink). */
export function isWireError(x: unknown): x is WireError {
  return v.is(wireErrorSchema, x);
}

/** Rebuilds a thrown error from its wire form: an `EngineError` with the same `name`, message and fields. */
export function fromWire(wire: WireError): EngineError {
  const err = new EngineError(wire.message, wire.fields ?? {});
  err.name = wire.name;
  return err;
}

/** The error's name, whether it is a live Error, an EngineError rebuilt from the wire, or a wire object. */
export function errorName(err: unknown): string {
  return typeof err === 'object' && err !== null && typeof (err as { name?: unknown }).name === 'string' ? (err as { name: string }).name : 'Error';
}

export function errorMessage(err: unknown): string {
  return typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string'
    ? (err as { message: string }).message
    : String(err);
}
