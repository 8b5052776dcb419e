/**
 * What a council-member worker may send the main thread (src/engines/engine.ts), as valibot
 * schemas: load progress and result, token chunks, the chat result, stats and ping. WorkerEngine
 * checks every message against these; one that does not fit is an EngineProtocolError naming the
 * field. Token chunks come per token, so their check is a single `v.is` (issues are only gathered
 * for a chunk that fails it).
 */
import * as v from 'valibot';
import type { ChatCompletionChunk, ChatResult, EngineStats, LoadProgress, LoadResult } from '../engine';
import { EngineProtocolError } from '../errors';
import { describeIssues } from './issues';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));
const durationMs = nonNegative;
const epochMs = nonNegative;
/** tokens/s: finite and ≥ 0, or null when it could not be measured. */
const speed = v.nullable(nonNegative);

export const finishReasonSchema = v.picklist(['stop', 'length', 'abort', 'truncated']);
export const engineKindSchema = v.picklist(['web-llm', 'wllama', 'remote']);
export const backendSchema = v.picklist(['webgpu', 'wasm-cpu', 'wasm-cpu-mt', 'remote', 'unknown']);

export const loadProgressSchema = v.object({
  loadedBytes: nonNegative,
  totalBytes: v.nullable(nonNegative),
  fraction: v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  text: v.string(),
});

export const loadResultSchema = v.object({
  backend: backendSchema,
  loadMs: durationMs,
  threads: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1)))),
  weightBytes: v.optional(nonNegative),
  keptInMemory: v.optional(v.boolean()),
});

export const chatChunkSchema = v.object({
  id: v.string(),
  object: v.literal('chat.completion.chunk'),
  created: v.pipe(v.number(), v.finite()),
  model: v.string(),
  choices: v.pipe(
    v.array(
      v.object({
        index: count,
        delta: v.object({ role: v.optional(v.literal('assistant')), content: v.nullish(v.string()) }),
        finish_reason: v.nullable(finishReasonSchema),
      }),
    ),
    v.minLength(1),
  ),
  t: epochMs,
  tokens: count,
});

export const chatResultSchema = v.object({
  text: v.string(),
  finishReason: finishReasonSchema,
  promptTokens: count,
  completionTokens: count,
  startedAt: epochMs,
  ttftMs: v.nullable(durationMs),
  decodeTokensPerSecond: speed,
  tokenTimes: v.array(epochMs),
  totalMs: durationMs,
  note: v.optional(v.string()),
});

export const engineStatsSchema = v.object({
  kind: engineKindSchema,
  modelId: v.nullable(v.string()),
  backend: backendSchema,
  threads: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  loaded: v.boolean(),
  loadMs: v.nullable(durationMs),
  lastTtftMs: v.nullable(durationMs),
  lastDecodeTokensPerSecond: speed,
  totalCompletionTokens: count,
  requests: count,
});

/** `stats()` answers null while no engine is loaded in the worker. */
export const workerStatsSchema = v.nullable(engineStatsSchema);
export const pingSchema = epochMs;

/**
 * The message as its schema's output, or an EngineProtocolError: "The model worker sent a malformed
 * chat result (decodeTokensPerSecond: expected a number ≥ 0, got -3) …".
 */
export function readWorkerMessage<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const parsed = v.safeParse(schema, value);
  if (parsed.success) return parsed.output;
  throw new EngineProtocolError(what, describeIssues(parsed.issues));
}

/** The per-token check: null when the chunk is well formed, else the first wrong field in words. */
export function chunkProblem(value: unknown): string | null {
  if (v.is(chatChunkSchema, value)) return null;
  return describeIssues(v.safeParse(chatChunkSchema, value).issues ?? []);
}

/** Progress relayed from another tab or worker (download lock): true when it can be shown. */
export function isLoadProgress(value: unknown): value is LoadProgress {
  return v.is(loadProgressSchema, value);
}

// The schemas describe the engine's types exactly: a change to either breaks the type check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree: [
  Same<v.InferOutput<typeof loadProgressSchema>, LoadProgress>,
  Same<v.InferOutput<typeof loadResultSchema>, LoadResult>,
  Same<v.InferOutput<typeof chatResultSchema>, ChatResult>,
  Same<v.InferOutput<typeof engineStatsSchema>, EngineStats>,
  Same<v.InferOutput<typeof chatChunkSchema>['choices'][number]['delta'], ChatCompletionChunk['choices'][number]['delta']>,
] = [true, true, true, true, true];
void agree;
