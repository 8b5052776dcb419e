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

export function estimatePromptTokens(prompt: string, byteLevel: boolean, templateTokens: number | null): TokenEstimate {
  const bytes = utf8Bytes(prompt);
  if (byteLevel) return templateTokens !== null ? { tokens: bytes + templateTokens, basis: 'measured' } : { tokens: bytes + BPE_TEMPLATE_TOKENS, basis: 'estimated' };
  return { tokens: Math.ceil(bytes / BPE_BYTES_PER_TOKEN) + BPE_TEMPLATE_TOKENS, basis: 'estimated' };
}
