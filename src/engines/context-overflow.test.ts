/** Context refusals in each engine's and server's own words become PromptTooLongError (issue 11 review: a long prompt is not a crash). */
import { describe, expect, it } from 'vitest';
import { readContextOverflow } from './context-overflow';
import { engineContextTokens, wllamaContext, WLLAMA_MAX_CONTEXT } from './context-window';
import { webLlmError } from './webllm-errors';
import { PromptTooLongError } from './errors';
import type { ModelDescriptor } from './engine';

describe('readContextOverflow', () => {
  it.each([
    // wllama 3.13 (llama.cpp in the page), as seen in the browser
    ['request (4940 tokens) exceeds the available context size (2048 tokens), try increasing it', 4940, 2048],
    // an older llama.cpp server: the figures only beside the words, in its JSON body
    ['{"error":{"code":400,"message":"the request exceeds the available context size, try increasing the context size or enable context shift","type":"exceed_context_size_error","n_prompt_tokens":4940,"n_ctx":2048}}', 4940, 2048],
    ['the request exceeds the available context size, try increasing the context size or enable context shift', null, null],
    // vLLM, older and newer
    ["This model's maximum context length is 2048 tokens. However, you requested 4956 tokens (4940 in the messages, 16 in the completion). Please reduce the length of the messages or completion.", 4956, 2048],
    ["This model's maximum context length is 4096 tokens. However, your request has 5000 input tokens. Please reduce the length of the input messages.", 5000, 4096],
    // OpenAI
    ["This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.", 9000, 8192],
    ['{"error":{"message":"Input is too long for this model","code":"context_length_exceeded"}}', null, null],
    // web-llm's ContextWindowSizeExceededError
    ['Prompt tokens exceed context window size: number of prompt tokens: 4940; context window size: 4096\nConsider shortening the prompt, or increase `context_window_size`, or using sliding window via `sliding_window_size`.', 4940, 4096],
  ])('%s', (message, needTokens, contextTokens) => {
    expect(readContextOverflow(message)).toEqual({ needTokens, contextTokens });
  });

  it.each([
    'CUDA out of memory while decoding',
    'Model requires 5000 MB which exceeds maxBufferSize',
    'The model `x` does not exist.',
    'Too many requests',
    'llama_decode failed',
    'context deadline exceeded', // Go's timeout text (Ollama behind a proxy): not a context window
    '',
  ])('not an overflow: %s', (message) => {
    expect(readContextOverflow(message)).toBeNull();
  });
});

describe('the context an engine runs a model with', () => {
  const model = (engine: ModelDescriptor['engine'], contextLength: number | null) => ({ engine, contextLength });
  it('wllama: the model\'s own, capped at WLLAMA_MAX_CONTEXT; the cap when the file does not say', () => {
    expect(WLLAMA_MAX_CONTEXT).toBe(2048);
    expect(wllamaContext(512)).toBe(512);
    expect(wllamaContext(2048)).toBe(2048);
    expect(wllamaContext(2049)).toBe(2048);
    expect(wllamaContext(131072)).toBe(2048);
    expect(wllamaContext(null)).toBe(2048);
    expect(engineContextTokens(model('wllama', 256))).toBe(256);
  });
  it('web-llm: its record\'s window; a remote server: unknown unless recorded', () => {
    expect(engineContextTokens(model('web-llm', 4096))).toBe(4096);
    expect(engineContextTokens(model('remote', null))).toBeNull();
  });
});

describe('web-llm errors', () => {
  const m = { id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC', url: null, vramRequiredMB: 1129 } as ModelDescriptor;
  it('a prompt beyond its context window is PromptTooLongError, not "does not fit" (its words say "exceed")', () => {
    const e = Object.assign(new Error('Prompt tokens exceed context window size: number of prompt tokens: 4940; context window size: 4096\nConsider shortening the prompt'), { name: 'ContextWindowSizeExceededError' });
    const mapped = webLlmError(e, m);
    expect(mapped).toBeInstanceOf(PromptTooLongError);
    expect(mapped.message).toBe(`The prompt is too long for ${m.id}: it needs 4940 tokens, and the model reads at most 4096 at once (its context window). Shorten the prompt, or lower max tokens.`);
  });
  it('a buffer too large is still ModelTooLargeError', () => {
    expect(webLlmError(new Error('Buffer size exceeds maxBufferSize'), m).name).toBe('ModelTooLargeError');
  });
});

describe('PromptTooLongError', () => {
  it('says what it knows, and what to do', () => {
    expect(new PromptTooLongError('tiny', 4940, 2048).message).toBe('The prompt is too long for tiny: it needs 4940 tokens, and the model reads at most 2048 at once (its context window). Shorten the prompt, or lower max tokens.');
    expect(new PromptTooLongError('tiny', null, 2048).message).toBe('The prompt is too long for tiny: the model reads at most 2048 at once (its context window). Shorten the prompt, or lower max tokens.');
    expect(new PromptTooLongError('tiny', 4940, null).message).toBe("The prompt is too long for tiny: it needs 4940 tokens (it is longer than the model's context window). Shorten the prompt, or lower max tokens.");
    expect(new PromptTooLongError('tiny', null, null).message).toBe("The prompt is too long for tiny (it is longer than the model's context window). Shorten the prompt, or lower max tokens.");
    expect(new PromptTooLongError('tiny', 4940, 2048).fields).toEqual({ who: 'tiny', needTokens: 4940, contextTokens: 2048 });
  });
});
