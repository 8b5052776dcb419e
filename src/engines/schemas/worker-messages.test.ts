/** The worker → main-thread protocol schemas (issue 13): what a real engine sends passes, lies are named by field. */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ChatRecorder } from '../chat-stream';
import { errorName, fromWire, isWireError } from '../errors';
import { chatChunkSchema, chatResultSchema, chunkProblem, engineStatsSchema, isLoadProgress, loadProgressSchema, loadResultSchema, readWorkerMessage, workerStatsSchema } from './worker-messages';

/** A real chat as a local engine records it: its chunks and its result. */
function recorded(words = ['The ', 'sky ', 'is ', 'blue.']) {
  const chunks: unknown[] = [];
  const rec = new ChatRecorder('tiny', (c) => chunks.push(structuredClone(c)));
  rec.promptTokens = 7;
  for (const w of words) rec.token(w);
  return { chunks, result: structuredClone(rec.finish('stop')) };
}

const problem = (schema: v.GenericSchema, value: unknown, what = 'chat result') => {
  try {
    readWorkerMessage(schema, value, what);
  } catch (err) {
    expect(errorName(err)).toBe('EngineProtocolError');
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
};

const stats = {
  kind: 'wllama', modelId: 'tiny', backend: 'wasm-cpu-mt', threads: 2, loaded: true, loadMs: 812.5,
  lastTtftMs: 40.2, lastDecodeTokensPerSecond: 31.7, totalCompletionTokens: 120, requests: 3,
};

describe('worker messages: what engines really send passes', () => {
  it('every chunk and the result of a recorded chat (content chunks and the finish chunk with an empty delta)', () => {
    const { chunks, result } = recorded();
    expect(chunks).toHaveLength(5);
    for (const c of chunks) expect(chunkProblem(c)).toBeNull();
    expect(readWorkerMessage(chatResultSchema, result, 'chat result')).toEqual(result);
  });

  it('an answer with no token (ttft and speed null), an aborted one, one with a note', () => {
    const empty = new ChatRecorder('tiny').finish('abort');
    expect(empty.ttftMs).toBeNull();
    expect(v.is(chatResultSchema, structuredClone(empty))).toBe(true);
    expect(v.is(chatResultSchema, { ...recorded().result, finishReason: 'truncated', note: 'cut short: the server closed the stream' })).toBe(true);
  });

  it('chunk deltas as servers word them: content null, a role, nothing at all', () => {
    const c = recorded().chunks[0] as { choices: { delta: unknown }[] };
    for (const delta of [{ content: null }, { role: 'assistant', content: 'x' }, {}]) {
      expect(chunkProblem({ ...c, choices: [{ ...c.choices[0], delta }] })).toBeNull();
    }
  });

  it('load progress with and without a known size, load results with and without threads, stats or null', () => {
    for (const p of [
      { loadedBytes: 0, totalBytes: null, fraction: null, text: 'Contacting http://127.0.0.1:8000/v1' },
      { loadedBytes: 12_000_000, totalBytes: 40_000_000, fraction: 0.3, text: 'Downloading 12.0 / 40.0 MB' },
      { loadedBytes: 0, totalBytes: 0, fraction: 1, text: 'Connected' },
    ]) {
      expect(isLoadProgress(p)).toBe(true);
      expect(readWorkerMessage(loadProgressSchema, p, 'load progress report')).toEqual(p);
    }
    for (const r of [{ backend: 'remote', loadMs: 20 }, { backend: 'wasm-cpu-mt', loadMs: 900, threads: 4, weightBytes: 803_095_232, keptInMemory: true }, { backend: 'webgpu', loadMs: 3000, threads: null }]) {
      expect(readWorkerMessage(loadResultSchema, r, 'load result')).toEqual(r);
    }
    expect(readWorkerMessage(workerStatsSchema, stats, 'stats report')).toEqual(stats);
    expect(readWorkerMessage(workerStatsSchema, null, 'stats report')).toBeNull();
  });

  it('extra fields a newer worker may add are dropped, not refused', () => {
    expect(readWorkerMessage(loadResultSchema, { backend: 'webgpu', loadMs: 5, adapter: 'x' }, 'load result')).toEqual({ backend: 'webgpu', loadMs: 5 });
  });
});

describe('worker messages: wrong but plausible input is refused, naming the field', () => {
  const { result, chunks } = recorded();

  it('speeds as strings, NaN or negative', () => {
    expect(problem(chatResultSchema, { ...result, decodeTokensPerSecond: '31.7' })).toContain('decodeTokensPerSecond: expected a number, got a string ("31.7")');
    expect(problem(chatResultSchema, { ...result, decodeTokensPerSecond: NaN })).toContain('decodeTokensPerSecond: expected a number, got NaN');
    expect(problem(chatResultSchema, { ...result, decodeTokensPerSecond: -5 })).toContain('decodeTokensPerSecond: expected a number ≥ 0, got -5');
    expect(problem(workerStatsSchema, { ...stats, lastDecodeTokensPerSecond: Infinity }, 'stats report')).toContain('lastDecodeTokensPerSecond: expected a finite number, got Infinity');
  });

  it('missing text, token counts that are not whole numbers, a token time that is not a time', () => {
    const { text: _text, ...noText } = result;
    const message = problem(chatResultSchema, noText);
    expect(message).toBe('The model worker sent a malformed chat result (text: missing). Restart the member; if it happens again, report the problem.');
    expect(problem(chatResultSchema, { ...result, completionTokens: 4.5 })).toContain('completionTokens: expected a whole number, got 4.5');
    expect(problem(chatResultSchema, { ...result, tokenTimes: [...result.tokenTimes.slice(0, 2), null] })).toContain('tokenTimes[2]: expected a number, got null');
    expect(problem(chatResultSchema, { ...result, finishReason: 'done' })).toContain('finishReason: expected "stop" or "length" or "abort" or "truncated", got a string ("done")');
  });

  it('wrong nesting: a result that is a chunk, a chunk whose content is an object, a chunk without choices', () => {
    expect(problem(chatResultSchema, chunks[0])).toMatch(/text: missing \(and \d+ more problems\)/);
    const c = chunks[0] as { choices: { delta: unknown }[] };
    expect(chunkProblem({ ...c, choices: [{ ...c.choices[0], delta: { content: { text: 'The ' } } }] })).toBe('choices[0].delta.content: expected a string, got an object');
    expect(chunkProblem({ ...c, choices: [] })).toBe('choices: expected at least 1 item, got a list');
    expect(chunkProblem({ ...c, choices: c.choices[0] })).toBe('choices: expected a list, got an object');
    expect(chunkProblem({ ...c, t: '1700000000000' })).toBe('t: expected a number, got a string ("1700000000000")');
    expect(chunkProblem({ ...c, tokens: -1 })).toBe('tokens: expected a number ≥ 0, got -1');
    expect(chunkProblem(undefined)).toBe('expected an object, got nothing');
    expect(v.is(chatChunkSchema, { ...c, object: 'chat.completion' })).toBe(false);
  });

  it('progress beyond 1, negative bytes; a load result on an unknown backend; stats of the wrong kind', () => {
    expect(isLoadProgress({ loadedBytes: 1, totalBytes: 2, fraction: 1.5, text: 'x' })).toBe(false);
    expect(problem(loadProgressSchema, { loadedBytes: -1, totalBytes: null, fraction: null, text: 'x' }, 'load progress report')).toContain('loadedBytes: expected a number ≥ 0, got -1');
    expect(problem(loadResultSchema, { backend: 'cuda', loadMs: 5 }, 'load result')).toContain('backend: expected "webgpu" or');
    expect(problem(engineStatsSchema, { ...stats, kind: 'llama' }, 'stats report')).toContain('kind: expected "web-llm" or "wllama" or "remote", got a string ("llama")');
    expect(problem(loadResultSchema, { backend: 'webgpu', loadMs: 5, threads: 0 }, 'load result')).toContain('threads: expected a number ≥ 1, got 0');
    expect(problem(loadResultSchema, { backend: 'wasm-cpu', loadMs: 5, weightBytes: -1 }, 'load result')).toContain('weightBytes');
    expect(problem(loadResultSchema, { backend: 'wasm-cpu', loadMs: 5, keptInMemory: 'yes' }, 'load result')).toContain('keptInMemory');
  });
});

describe('errors from a worker', () => {
  it('a named error in its wire form, and a plain Error as comlink rebuilds it, are read as errors', () => {
    const wire = { name: 'RemoteAuthError', message: 'The server at x refused the API key (HTTP 401).', fields: { baseUrl: 'x', status: 401 } };
    expect(isWireError(wire)).toBe(true);
    expect(fromWire(wire)).toMatchObject({ name: 'RemoteAuthError', fields: { baseUrl: 'x', status: 401 } });
    const plain = Object.assign(new Error('boom'), { name: 'TypeError' });
    expect(isWireError(plain)).toBe(true);
    expect(fromWire(plain as never).fields).toEqual({});
  });

  it('anything else is not: it stays as it came and the council words it as an unexpected failure', () => {
    for (const x of [null, 'boom', { name: 'X' }, { name: 1, message: 'm' }, { name: 'X', message: 'm', fields: 'oops' }]) expect(isWireError(x)).toBe(false);
  });
});
