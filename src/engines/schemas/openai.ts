/**
 * What OpenAI-compatible servers send, as valibot schemas (issue 13), written for the dialects
 * servers really speak: extra fields are kept out of the way, optional ones may be missing or null.
 *
 * - `GET /v1/models`: OpenAI, vLLM, llama.cpp and LM Studio list `{data: [{id, …}]}`; Ollama sends
 *   `data: null` when it has no model; Ollama's native list and newer llama.cpp send
 *   `{models: [{name, model, …}]}` (llama.cpp beside `data`).
 * - Chat: stream chunks (`choices[].delta`), a whole completion from a server that ignored
 *   `stream: true` (`choices[].message`), llama.cpp's `choices: []` usage chunk and per-chunk
 *   `timings`, vLLM's usage in the last chunk or in every chunk, usage absent or null,
 *   `delta.content` null, a role-only first chunk, content as a list of parts.
 * - Error payloads: `{error: {message}}`, `{error: "text"}`, vLLM's old `{object: "error", message}`,
 *   FastAPI's `{detail: "text"}`.
 *
 * A value that does not fit is a lie about a field (a model id that is a number, token counts as
 * strings, text that is an object): RemoteProtocolError names it (see `readModelList`, `chatEventProblem`).
 */
import * as v from 'valibot';
import { describeIssues } from './issues';

const tokenCount = v.pipe(v.number(), v.integer(), v.minValue(0));

/** One listed model: named by `id` (OpenAI), or `name` / `model` (Ollama's native list). */
const listedModel = v.pipe(
  v.looseObject({ id: v.optional(v.string()), name: v.optional(v.string()), model: v.optional(v.string()) }),
  v.check((m) => !!(m.id || m.name || m.model), 'a model with an id (its name)'),
);

export const modelListSchema = v.looseObject({
  data: v.nullish(v.array(listedModel)),
  models: v.nullish(v.array(listedModel)),
});

export type ModelList = v.InferOutput<typeof modelListSchema>;

/** Text of a message: a string, null, or a list of parts of which the `text` ones count. */
const contentSchema = v.nullish(v.union([v.string(), v.array(v.looseObject({ type: v.optional(v.string()), text: v.optional(v.string()) }))]));

/**
 * A message or delta. A thinking model's thoughts come apart from its answer: `reasoning_content`
 * (llama.cpp, vLLM before 0.10, DeepSeek), `reasoning` (vLLM since, Ollama, OpenRouter).
 */
const messageSchema = v.looseObject({ role: v.nullish(v.string()), content: contentSchema, reasoning_content: v.nullish(v.string()), reasoning: v.nullish(v.string()) });

const choiceSchema = v.looseObject({
  index: v.optional(v.number()),
  delta: v.nullish(messageSchema),
  message: v.nullish(messageSchema),
  finish_reason: v.nullish(v.string()),
});

/** One chat event: a stream chunk, or the whole completion of a server that does not stream. */
export const chatEventSchema = v.looseObject({
  choices: v.nullish(v.array(choiceSchema)),
  usage: v.nullish(v.looseObject({ prompt_tokens: v.nullish(tokenCount), completion_tokens: v.nullish(tokenCount) })),
  timings: v.nullish(v.looseObject({ predicted_n: v.nullish(tokenCount) })),
});

export type ChatEvent = v.InferOutput<typeof chatEventSchema>;
type Content = v.InferOutput<typeof contentSchema>;

/** The text a content field carries ('' for none). */
export function contentText(content: Content): string {
  if (typeof content === 'string') return content;
  if (!content) return '';
  return content.map((part) => (part.type === undefined || part.type === 'text' ? (part.text ?? '') : '')).join('');
}

/** The server's error payloads (status 4xx/5xx bodies and error events in a stream). */
const bareErrorSchema = v.looseObject({ error: v.string() });
const errorObjectSchema = v.looseObject({ error: v.looseObject({ message: v.optional(v.unknown()), type: v.optional(v.unknown()) }) });
const oldVllmErrorSchema = v.looseObject({ object: v.literal('error'), message: v.optional(v.unknown()) });

/** FastAPI's `{detail: "text"}` (an HTTP error body only). */
export const detailPayloadSchema = v.looseObject({ detail: v.string() });

/** The server's own words when `payload` is an error ('' when it gave none); null when it is not an error. */
export function errorWords(payload: unknown): string | null {
  if (v.is(bareErrorSchema, payload)) return payload.error;
  if (v.is(errorObjectSchema, payload)) {
    const { message, type } = payload.error;
    return typeof message === 'string' ? message : typeof type === 'string' ? type : '';
  }
  if (v.is(oldVllmErrorSchema, payload)) return typeof payload.message === 'string' ? payload.message : '';
  return null;
}

/**
 * null when `value` fits `schema`, else the first wrong field in words ("data[0].id: expected a
 * string, got 5"). A JSON list is never one of these objects (valibot's objects would take it).
 */
export function problemOf(schema: v.GenericSchema, value: unknown): string | null {
  if (Array.isArray(value)) return 'expected an object, got a list';
  const parsed = v.safeParse(schema, value);
  return parsed.success ? null : describeIssues(parsed.issues);
}

/** The names a model list gives: `data` when the server sent it, else `models`. */
export function modelNames(list: ModelList): string[] {
  const entries = list.data ?? list.models ?? [];
  return entries.map((m) => m.id || m.name || m.model || '').filter(Boolean);
}
