/**
 * How many tokens a prompt becomes, before it is sent (issue 11: the first token is predicted for
 * the person's actual prompt). The project's generated models spell text byte by byte, and the
 * engine probe measured their chat template's cost on this very engine; other models use a
 * byte-pair vocabulary, where about four bytes of English make one token (an estimate, said so).
 */
import type { ProbePrefillSample } from './engine-fit';

export interface TokenEstimate {
  tokens: number;
  /** 'measured': byte-level vocabulary with the template cost the probe saw; 'estimated' otherwise. */
  basis: 'measured' | 'estimated';
}

/** Bytes per token of a byte-pair vocabulary on English text, and a chat template's typical cost. */
export const BPE_BYTES_PER_TOKEN = 4;
export const BPE_TEMPLATE_TOKENS = 12;

/**
 * Tokens the project's generated models' chat template adds to a prompt: BOS and CHATML's markers,
 * spelled byte by byte (models/gguf/gguf-writer.mjs CHATML_USER_TEMPLATE_TOKENS, which a test holds
 * this to; not imported, to keep the model writer out of the page's first load). All of it counts against
 * the context. (The engine probe's template figure is smaller: llama.cpp reuses the template's
 * opening from its cache, so it is not timed; it is right for a first token, not for the context.)
 */
export const GENERATED_TEMPLATE_TOKENS = 51;

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * Tokens llama.cpp processes beyond the prompt's own bytes on a byte-level model: its chat template
 * minus the part of it still in the KV cache from the last request (llama.cpp reuses a common
 * prefix). The probe's longest prompt measured `promptTokens` for `longPromptBytes` of text; the
 * rest is that template cost. null without probe runs.
 */
export function byteLevelTemplateTokens(samples: readonly Pick<ProbePrefillSample, 'promptTokens'>[], longPromptBytes: number): number | null {
  if (!samples.length) return null;
  return Math.max(0, Math.max(...samples.map((s) => s.promptTokens)) - longPromptBytes);
}

/**
 * The longest prompt the probe timed, in tokens; null without probe runs. Beyond it a first-token
 * prediction is the fit's line carried past its data, and a low one: each further prompt token
 * attends over all before it. Measured on the tiny model in one page (one member, 4-token answers),
 * predicted against measured: 92 tokens 8 vs 19 ms, 332 tokens 12 vs 30–32, 832 tokens 21 vs
 * 122–229, 1932 tokens 40 vs 307–405.
 */
export function longestTimedPrompt(samples: readonly Pick<ProbePrefillSample, 'promptTokens'>[]): number | null {
  return samples.length ? Math.max(...samples.map((s) => s.promptTokens)) : null;
}

export function estimatePromptTokens(prompt: string, byteLevel: boolean, templateTokens: number | null): TokenEstimate {
  const bytes = utf8Bytes(prompt);
  if (byteLevel) return templateTokens !== null ? { tokens: bytes + templateTokens, basis: 'measured' } : { tokens: bytes + BPE_TEMPLATE_TOKENS, basis: 'estimated' };
  return { tokens: Math.ceil(bytes / BPE_BYTES_PER_TOKEN) + BPE_TEMPLATE_TOKENS, basis: 'estimated' };
}
