/** Whether a prompt fits the members' context windows, said before asking; at and just past each edge. */
import { describe, expect, it } from 'vitest';
import { effectiveMaxTokens, promptFit, promptFitText } from './prompt-fit';
import { DEFAULT_MAX_TOKENS } from './types';
import { CHATML_USER_TEMPLATE_TOKENS } from '../models/gguf/gguf-writer.mjs';
import type { ModelDescriptor } from '../models/model';
import { BPE_TEMPLATE_TOKENS, GENERATED_TEMPLATE_TOKENS } from '../capacity/prompt-tokens';

const model = (id: string, o: Partial<ModelDescriptor>): ModelDescriptor => ({
  id, engine: 'wllama', label: id, paramsBillions: null, bitsPerWeight: null, weightBytes: null, vramRequiredMB: null, contextLength: 512, requiredFeatures: [], url: null, source: 'generated', ...o,
});
const TEMPLATE = GENERATED_TEMPLATE_TOKENS;
const tiny = model('tiny', { contextLength: 512 });
/** A byte-level prompt of exactly `tokens` tokens with the probe's template. */
const promptOf = (tokens: number) => 'a'.repeat(tokens - TEMPLATE);

describe('promptFit', () => {
  it('a prompt that fills the whole context is refused; one token less leaves one for the answer', () => {
    expect(promptFit(promptOf(512), 1, [tiny])).toMatchObject({ kind: 'too-long', tokens: 512, contextTokens: 512, answerRoom: 0, basis: 'measured' });
    expect(promptFit(promptOf(513), 1, [tiny])?.kind).toBe('too-long');
    expect(promptFit(promptOf(511), 1, [tiny])).toBeNull();
    expect(promptFit(promptOf(511), 2, [tiny])).toMatchObject({ kind: 'answer-cut', answerRoom: 1 });
  });

  it('prompt + max tokens at the context fits; one past, the answer is cut', () => {
    expect(promptFit(promptOf(400), 112, [tiny])).toBeNull();
    expect(promptFit(promptOf(400), 113, [tiny])).toMatchObject({ kind: 'answer-cut', answerRoom: 112 });
  });

  it('wllama runs a model with at most 2048 tokens of context, whatever the file says', () => {
    const big = model('big', { contextLength: 131072 });
    expect(promptFit(promptOf(2048), 1, [big])).toMatchObject({ kind: 'too-long', contextTokens: 2048 });
    expect(promptFit(promptOf(2047), 1, [big])).toBeNull();
  });

  it('a refusal outranks a cut answer, and among refusals the tightest context names the model', () => {
    const wide = model('wide', { contextLength: 1024 });
    const narrow = model('narrow', { contextLength: 256 });
    expect(promptFit(promptOf(600), 64, [wide, tiny])).toMatchObject({ kind: 'too-long', model: 'tiny' });
    expect(promptFit(promptOf(600), 64, [tiny, wide])).toMatchObject({ kind: 'too-long', model: 'tiny' });
    expect(promptFit(promptOf(600), 64, [tiny, narrow])).toMatchObject({ kind: 'too-long', model: 'narrow' });
    expect(promptFit(promptOf(1000), 64, [narrow, tiny])).toMatchObject({ kind: 'too-long', model: 'narrow' });
  });

  it('whichever order the members come in: a refusal beats a cut answer, the least room wins among cut answers, the first among equals', () => {
    const roomy = model('roomy', { contextLength: 640 }); // 600 + 64 > 640: a cut answer, 40 tokens of room
    expect(promptFit(promptOf(600), 64, [roomy, tiny])).toMatchObject({ kind: 'too-long', model: 'tiny' });
    expect(promptFit(promptOf(600), 64, [tiny, roomy])).toMatchObject({ kind: 'too-long', model: 'tiny' });
    const roomier = model('roomier', { contextLength: 660 });
    expect(promptFit(promptOf(600), 100, [roomy, roomier])).toMatchObject({ kind: 'answer-cut', model: 'roomy', answerRoom: 40 });
    expect(promptFit(promptOf(600), 100, [roomier, roomy])).toMatchObject({ kind: 'answer-cut', model: 'roomy', answerRoom: 40 });
    const twin = model('twin', { contextLength: 512 });
    expect(promptFit(promptOf(600), 64, [tiny, twin])?.model).toBe('tiny');
    expect(promptFit(promptOf(600), 64, [twin, tiny])?.model).toBe('twin');
  });

  it('a model whose context is unknown (a remote server) is not judged', () => {
    expect(promptFit('x'.repeat(100_000), 64, [model('r', { engine: 'remote', contextLength: null, source: 'remote' })])).toBeNull();
  });

  it("a generated model's count is exact, its whole template included (as llama.cpp counts it: 2000 bytes need 2051 tokens); another model's ~4 bytes a token", () => {
    expect(GENERATED_TEMPLATE_TOKENS).toBe(CHATML_USER_TEMPLATE_TOKENS); // the writer's template, byte by byte
    expect(GENERATED_TEMPLATE_TOKENS).toBe(51);
    const big = model('big', { contextLength: 2048 });
    expect(promptFit('a'.repeat(1996), 1, [big])).toBeNull(); // 2047 tokens: one left for the answer
    expect(promptFit('a'.repeat(1997), 1, [big])).toMatchObject({ kind: 'too-long', tokens: 2048, basis: 'measured' });
    expect(promptFit('é'.repeat(1000), 8, [big])).toMatchObject({ kind: 'too-long', tokens: 2051 }); // bytes, not characters
    const bpe = model('bpe', { source: 'prebuilt', contextLength: 512 });
    expect(promptFit('a'.repeat(1996), 1, [bpe])).toBeNull(); // 499 + 12 = 511 tokens: one left for the answer
    expect(promptFit('a'.repeat(1997), 1, [bpe])).toMatchObject({ kind: 'too-long', tokens: 512, basis: 'estimated' });
  });

  it('a context recorded as 0 or less is unknown, not "reads at most 0"', () => {
    expect(promptFit('hello', 64, [model('odd', { engine: 'web-llm', source: 'custom', contextLength: 0 })])).toBeNull();
    expect(promptFit(promptOf(2048), 1, [model('zero', { contextLength: 0 })])).toMatchObject({ contextTokens: 2048 }); // wllama: its cap
  });
});

describe('effectiveMaxTokens', () => {
  it('an emptied field (null) or a count below one is the default the request is sent with; a fraction is floored', () => {
    expect(DEFAULT_MAX_TOKENS).toBe(64);
    for (const v of [null, undefined, 0, -5, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(effectiveMaxTokens(v)).toBe(64);
    expect(effectiveMaxTokens(1)).toBe(1);
    expect(effectiveMaxTokens(48.9)).toBe(48);
  });
  it('so the warning judges the answer the engines are asked for: an emptied field on a 480-token prompt warns of a cut answer', () => {
    expect(promptFit(promptOf(480), effectiveMaxTokens(null), [tiny])).toMatchObject({ kind: 'answer-cut', answerRoom: 32 });
  });
});

describe('promptFitText', () => {
  it('says how long, what the model reads, and what to do', () => {
    expect(promptFitText(promptFit(promptOf(600), 64, [tiny])!, 64)).toBe('This prompt is 600 tokens: tiny reads at most 512 at once (its context window). Shorten it, or tiny will refuse it.');
    const bpe = model('bpe', { source: 'prebuilt', contextLength: 512 });
    expect(promptFitText(promptFit('a'.repeat(4 * (400 - BPE_TEMPLATE_TOKENS)), 200, [bpe])!, 200)).toBe('Answers stop after ~112 tokens: the prompt (~400 tokens) and max tokens (200) are more than the 512 bpe reads at once.');
  });
});
