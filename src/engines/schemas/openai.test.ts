/** OpenAI-compatible JSON (issue 13): the dialects real servers speak pass; lies are refused naming the field. */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { chatEventSchema, contentText, errorWords, modelListSchema, modelNames, problemOf } from './openai';
import { bodyMessage, errorOf, listedModels } from '../remote-http';
import { errorName } from '../errors';

const BASE = 'http://127.0.0.1:8000/v1';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}

describe('GET /v1/models: real lists are read', () => {
  it.each([
    ['OpenAI', { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' }] }, ['gpt-4o-mini']],
    [
      'vLLM',
      { object: 'list', data: [{ id: 'Qwen/Qwen2.5-1.5B-Instruct', object: 'model', created: 1718000000, owned_by: 'vllm', root: 'Qwen/Qwen2.5-1.5B-Instruct', parent: null, max_model_len: 32768, permission: [{ id: 'modelperm-1', allow_sampling: true }] }] },
      ['Qwen/Qwen2.5-1.5B-Instruct'],
    ],
    [
      'llama.cpp (models and data side by side)',
      { models: [{ name: 'qwen.gguf', model: 'qwen.gguf', modified_at: '', size: '', digest: '', type: 'model', capabilities: ['completion'] }], object: 'list', data: [{ id: 'qwen.gguf', object: 'model', created: 1718000000, owned_by: 'llamacpp', meta: { vocab_type: 2, n_ctx_train: 32768 } }] },
      ['qwen.gguf'],
    ],
    ['Ollama', { object: 'list', data: [{ id: 'llama3.2:1b', object: 'model', created: 1718000000, owned_by: 'library' }, { id: 'qwen2.5:0.5b', object: 'model', created: 1718000001, owned_by: 'library' }] }, ['llama3.2:1b', 'qwen2.5:0.5b']],
    ["Ollama's native /api/tags shape", { models: [{ name: 'llama3.2:1b', model: 'llama3.2:1b', modified_at: '2026-01-01T00:00:00Z', size: 1321098329, digest: 'baf6a787fdff', details: { family: 'llama' } }] }, ['llama3.2:1b']],
    ['LM Studio', { data: [{ id: 'qwen2.5-7b-instruct', object: 'model', owned_by: 'organization_owner' }], object: 'list' }, ['qwen2.5-7b-instruct']],
  ])('%s', (_server, body, names) => {
    expect(v.is(modelListSchema, body)).toBe(true);
    expect(listedModels(BASE, JSON.stringify(body))).toEqual(names);
  });

  it('nothing readable listed: Ollama with no model (`data: null`), an empty list, HTML, JSON without a list', () => {
    for (const body of [JSON.stringify({ object: 'list', data: null }), JSON.stringify({ object: 'list', data: [] }), '<html><body>Welcome</body></html>', '{}', 'null']) {
      expect(listedModels(BASE, body)).toBeNull();
    }
  });

  it('an error payload answered with 200 is the server failing, in its words', () => {
    const err = thrown(() => listedModels(BASE, JSON.stringify({ error: { message: 'model store is locked', type: 'server_error' } })));
    expect(errorName(err)).toBe('RemoteServerError');
    expect(err.message).toContain('its model list is an error: model store is locked');
  });
});

describe('GET /v1/models: lies are refused, naming the field', () => {
  it.each([
    ['an id that is a number', { data: [{ id: 7, object: 'model' }] }, 'data[0].id: expected a string, got 7'],
    ['data that is an object', { object: 'list', data: { id: 'x' } }, 'data: expected a list, got an object'],
    ['entries that are bare names', { data: ['llama3'] }, 'data[0]: expected an object, got a string ("llama3")'],
    ['an entry without any name', { data: [{ object: 'model', owned_by: 'me' }] }, 'data[0]: expected a model with an id (its name), got an object'],
    ['a later entry that lies', { data: [{ id: 'ok' }, { id: ['x'] }] }, 'data[1].id: expected a string, got a list'],
    ['native models whose name is a number', { models: [{ name: 1 }] }, 'models[0].name: expected a string, got 1'],
  ])('%s', (_what, body, problem) => {
    const err = thrown(() => listedModels(BASE, JSON.stringify(body)));
    expect(errorName(err)).toBe('RemoteProtocolError');
    expect(err.message).toBe(`The server at ${BASE} answered /v1/models with data that is not a model list (${problem}). Check the URL points at an OpenAI-compatible server.`);
    expect((err as Error & { fields: Record<string, unknown> }).fields).toMatchObject({ baseUrl: BASE, path: '/v1/models', problem });
  });

  it('a JSON value that is not an object at all', () => {
    expect(thrown(() => listedModels(BASE, '[{"id":"x"}]')).message).toContain('(expected an object, got a list)');
    expect(thrown(() => listedModels(BASE, '"ok"')).message).toContain('(expected an object, got a string ("ok"))');
  });

  it('modelNames prefers `data` and skips nothing it was given', () => {
    expect(modelNames({ data: [{ id: 'a' }], models: [{ name: 'b' }] })).toEqual(['a']);
    expect(modelNames({ data: null, models: [{ model: 'b' }] })).toEqual(['b']);
  });
});

const chunk = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1718000000, model: 'm', choices: [{ index: 0, ...choice }], ...extra,
});

describe('chat events: the dialects servers speak pass', () => {
  it.each([
    ['OpenAI with include_usage (usage null until the last chunk)', chunk({ delta: { content: 'Hi' }, logprobs: null, finish_reason: null }, { system_fingerprint: 'fp_1', usage: null })],
    ['OpenAI usage chunk', { id: 'c', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13, completion_tokens_details: { reasoning_tokens: 0 } } }],
    ["llama.cpp's role-only first chunk", chunk({ delta: { role: 'assistant', content: null }, finish_reason: null })],
    ['llama.cpp timings', chunk({ delta: { content: 'sky' }, finish_reason: null }, { timings: { predicted_n: 2, predicted_ms: 40.5, prompt_n: 9 } })],
    ['vLLM continuous usage', chunk({ delta: { content: ' is' }, finish_reason: null, stop_reason: null }, { usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } })],
    ['a reasoning model (content null beside reasoning_content)', chunk({ delta: { reasoning_content: 'Let me think', content: null }, finish_reason: null })],
    ['content as a list of parts (Mistral)', chunk({ delta: { content: [{ type: 'thinking', thinking: [] }, { type: 'text', text: 'Blue' }] }, finish_reason: null })],
    ["Azure's first chunk (no choices yet)", { id: '', object: '', created: 0, model: '', choices: [], prompt_filter_results: [{ prompt_index: 0 }] }],
    ['a finish chunk with an empty delta', chunk({ delta: {}, finish_reason: 'stop' })],
    ['a tool-call finish', chunk({ delta: { tool_calls: [{ index: 0 }] }, finish_reason: 'tool_calls' })],
    ['a whole completion (server ignored stream: true)', { object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'The sky is blue.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 5 } }],
    ['a whole completion without usage', { choices: [{ message: { content: 'ok' }, finish_reason: 'length' }] }],
    ['usage with a missing or null count', { choices: [], usage: { prompt_tokens: null, total_tokens: 3 } }],
    ['a bare object (a proxy keep-alive)', {}],
  ])('%s', (_what, event) => {
    expect(problemOf(chatEventSchema, event)).toBeNull();
  });

  it('contentText joins the text parts and reads null as nothing', () => {
    expect(contentText([{ type: 'thinking' }, { type: 'text', text: 'Bl' }, { text: 'ue' }])).toBe('Blue');
    expect(contentText(null)).toBe('');
    expect(contentText(undefined)).toBe('');
    expect(contentText('x')).toBe('x');
  });
});

describe('chat events: wrong but plausible input is refused, naming the field', () => {
  it.each([
    ['a token count as a string', { choices: [], usage: { prompt_tokens: 5, completion_tokens: '12' } }, 'usage.completion_tokens: expected a number, got a string ("12")'],
    ['a negative token count', { choices: [], usage: { completion_tokens: -4 } }, 'usage.completion_tokens: expected a number ≥ 0, got -4'],
    ['a fractional token count', { timings: { predicted_n: 4.5 } }, 'timings.predicted_n: expected a whole number, got 4.5'],
    ['text that is a number', chunk({ delta: { content: 42 }, finish_reason: null }), 'choices[0].delta.content: expected a string or a list, got 42'],
    ['text one level too deep', { choices: [{ message: { content: { text: 'hi' } } }] }, 'choices[0].message.content: expected a string or a list, got an object'],
    ['a delta that is a string', chunk({ delta: 'Hi', finish_reason: null }), 'choices[0].delta: expected an object, got a string ("Hi")'],
    ['choices that are an object', { choices: { delta: { content: 'Hi' } } }, 'choices: expected a list, got an object'],
    ['a finish reason that is a number', chunk({ delta: {}, finish_reason: 1 }), 'choices[0].finish_reason: expected a string, got 1'],
    ['usage that is a number', { choices: [], usage: 13 }, 'usage: expected an object, got 13'],
    ['an event that is a list', [{ choices: [] }], 'expected an object, got a list'],
  ])('%s', (_what, event, problem) => {
    expect(problemOf(chatEventSchema, event)).toBe(problem);
  });
});

describe('error payloads', () => {
  it.each([
    [{ error: { message: 'CUDA out of memory', type: 'server_error', code: 500 } }, 'CUDA out of memory'],
    [{ error: { type: 'overloaded_error' } }, 'overloaded_error'],
    [{ error: 'model not loaded' }, 'model not loaded'],
    [{ object: 'error', message: 'vLLM: bad request', type: 'BadRequestError', code: 400 }, 'vLLM: bad request'],
    [{ error: {} }, ''],
  ])('%j is an error', (payload, words) => {
    expect(errorWords(payload)).toBe(words);
  });

  it('chunks, `error: null` and other values are not errors', () => {
    for (const p of [chunk({ delta: { content: 'x' } }), { error: null, choices: [] }, { error: 5 }, 'error', null, [], { object: 'list' }]) expect(errorWords(p)).toBeNull();
  });

  it('errorOf and bodyMessage word them for a person (FastAPI detail too; HTML never)', () => {
    expect(errorOf({ error: {} })).toBe('an error without a message');
    expect(errorOf({ error: '  spaced\n out  ' })).toBe('spaced out');
    expect(bodyMessage(JSON.stringify({ detail: 'Not authenticated' }))).toBe('Not authenticated');
    expect(bodyMessage(JSON.stringify({ detail: [{ loc: ['body'], msg: 'field required' }] }))).toBeNull();
    expect(bodyMessage('<html>502</html>')).toBeNull();
    expect(bodyMessage(JSON.stringify({ error: { message: 'engine overloaded' } }))).toBe('engine overloaded');
  });
});
