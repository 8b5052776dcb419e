/**
 * What a remote server's HTTP answers mean (issue 9): statuses, network failures and model lists
 * become the named errors of errors.ts, worded for a person. A library's raw text ("Failed to
 * fetch") and a server's HTML error page never become the message.
 */
import * as v from 'valibot';
import { overflowOf, readContextOverflow, type ContextOverflow } from './context-overflow';
import { EngineError, ModelNotFoundError, PromptTooLongError, RateLimitedError, RemoteAuthError, RemoteProtocolError, RemoteServerError, RemoteUnreachableError } from './errors';
import { detailPayloadSchema, errorWords, modelListSchema, modelNames, problemOf, type ModelList } from './schemas/openai';

/** Retry-After in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  const v = value?.trim();
  if (!v) return null;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The server's own words in an error payload: `{error:{message}}` (OpenAI, vLLM, llama.cpp), a bare
 * `{error:"text"}`, or vLLM's older `{object:"error", message}`; null when it is not an error.
 */
export function errorOf(payload: unknown): string | null {
  const words = errorWords(payload);
  return words === null ? null : clip(words) || 'an error without a message';
}

/** The error message of a JSON error body, also FastAPI's `{detail}`; null for HTML, text or other JSON. */
export function bodyMessage(body: string): string | null {
  const payload = parseJson(body);
  if (payload === undefined) return null;
  return errorOf(payload) ?? (v.is(detailPayloadSchema, payload) ? clip(payload.detail) : null);
}

/** The parsed body, or undefined when it is not JSON (an HTML page, plain text). */
function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Where a model was asked for, for ModelNotFoundError: "…/v1/chat/completions (model "x")". */
export function modelAt(base: string, path: string, model: string | null): string {
  return model ? `${base}${path} (model "${model}")` : `${base}${path}`;
}

/**
 * A context refusal in an error body: a JSON error's own words and fields (overflowOf: never the
 * request it may echo), or a plain-text body's words; null when the body says something else.
 */
export function contextRefusal(body: string): ContextOverflow | null {
  const payload = parseJson(body);
  if (payload === undefined) return readContextOverflow(body.slice(0, 1000));
  const detail = v.is(detailPayloadSchema, payload) ? payload.detail : null;
  return overflowOf(payload, errorWords(payload) ?? detail);
}

/** A remote model in a person's words: "qwen at http://…/v1", or "the model at …" when its name is not known. */
export function remoteModel(base: string, model: string | null): string {
  return model ? `${model} at ${base}` : `the model at ${base}`;
}

/** A non-2xx answer as a named error: key refused, model missing, rate-limited, or server failure. */
export function httpError(base: string, path: string, res: Pick<Response, 'status' | 'statusText' | 'headers'>, body: string, model: string | null): EngineError {
  const { status } = res;
  if (status === 401 || status === 403) return new RemoteAuthError(base, status);
  if (status === 404) return new ModelNotFoundError(modelAt(base, path, model), 404);
  if (status === 429) return new RateLimitedError(base, parseRetryAfter(res.headers.get('retry-after')));
  const overflow = contextRefusal(body);
  if (overflow) return PromptTooLongError.of(remoteModel(base, model), overflow);
  const words = bodyMessage(body) ?? (res.statusText || (status >= 500 ? 'server error' : 'request refused'));
  return new RemoteServerError(base, `HTTP ${status}: ${words}`);
}

/** A fetch that failed before any answer: plain words, with the cause's code when the runtime gives one (Node does, browsers do not). */
export function networkError(base: string, err: unknown): RemoteUnreachableError {
  const code = ((err as { cause?: { code?: unknown } } | null)?.cause?.code ?? '') as string;
  const words: Record<string, string> = {
    ECONNREFUSED: 'the connection was refused',
    ENOTFOUND: 'the host name was not found',
    ECONNRESET: 'the connection was reset',
    EHOSTUNREACH: 'the host is unreachable',
  };
  return new RemoteUnreachableError(base, words[code] ?? 'no connection');
}

/**
 * Model names a `GET /models` body lists (schemas/openai.ts: OpenAI `{data:[{id}]}`, Ollama's
 * `data: null`, `{models:[{name}]}`). null when it lists none readable: not JSON (an HTML page), or
 * JSON without a list. A list that lies about its fields — ids that are numbers, `data` that is not a
 * list — is RemoteProtocolError naming the field; an error payload answered with 200 is RemoteServerError.
 */
export function listedModels(base: string, body: string): string[] | null {
  const payload = parseJson(body);
  if (payload === undefined || payload === null) return null;
  const error = errorOf(payload);
  if (error !== null) throw new RemoteServerError(base, `its model list is an error: ${error}`);
  const problem = problemOf(modelListSchema, payload);
  if (problem !== null) throw new RemoteProtocolError(base, '/v1/models', 'a model list', problem);
  const names = modelNames(payload as ModelList);
  return names.length ? names : null;
}

/**
 * The model to ask for: the named one when the server lists it (or lists nothing readable: some
 * servers answer any name), else the first listed one when none was named.
 */
export function chooseModel(base: string, body: string, wanted: string | null): string {
  const listed = listedModels(base, body);
  if (wanted && (!listed || listed.includes(wanted))) return wanted;
  if (wanted) throw new ModelNotFoundError(modelAt(base, '/models', wanted), `it is not among the models the server lists: ${listed!.slice(0, 5).join(', ')}`);
  if (listed) return listed[0];
  throw new ModelNotFoundError(`${base}/models`, 'the server lists no model, and none was named in Models');
}

function clip(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > 300 ? `${t.slice(0, 297)}…` : t;
}
