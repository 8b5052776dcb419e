/**
 * The engine probe's prompts (engine-probe.ts), apart from its code: the Council view reads
 * LONG_PROMPT on first load (the chat template's cost: council/capacity-feedback.ts), and importing
 * it from engine-probe.ts put the whole probe into the first-load chunk.
 */

/**
 * The long prompts a quantised model asks (~65 tokens with the chat template; their first letters
 * differ from each other's and SHORT_PROMPT's: see LONG_PROMPTS). Its prompt tokens cost 5–40× an f32
 * one's here, so ~65 are enough to read, and the f32 models' three ~100-token prompts took ~2 s on the
 * q4_0 model alone. All quantised models ask them together at the end, in turns, one round per prompt
 * (runEngineProbe): a format's first token is read against Q4_K_M's (capacity/engine-fit.ts
 * quantisedMsPerToken), and one prompt each, minutes apart, moved q8_0's against Q4_K_M's by a third
 * between two probes of one page.
 */
export const QUANTISED_LONG_PROMPTS = ['Our council weighs every answer.', 'Any council weighs every answer.'] as const;

/**
 * Prompts of ~100 tokens for the prefill fit (byte-level vocabulary: one token per character, and
 * the chat template's), each model asked all three and the fit taking their median: one such prompt
 * on the 55 MB model read 297 ms, then 200 ms in a second probe of the same page. The same length
 * (the template's cost is read from it: capacity/prompt-tokens.ts), and first letters unlike each
 * other's and the short prompt's: llama.cpp reuses the prompt before it up to the first token that
 * differs, so 'The …' after 'Tell …' was one token shorter, and the fit read it as another length.
 */
export const LONG_PROMPTS = [
  'Our council weighs every answer before it speaks, and then it speaks.',
  'Any council weighs every answer before it speaks, and then it speaks.',
  'New council weighs every answer before it speaks, and then it speaks.',
] as const;
export const LONG_PROMPT = LONG_PROMPTS[0];
/**
 * The small model's long prompts, for the attention term (capacity/engine-fit.ts AttentionFit): ~450
 * and ~920 tokens with the template (its context is 1024), asked in turns, three times each. Measured on
 * the tiny model (2 blocks of 64), a 951-token prompt's first token took 97 ms where the ~100-token
 * prompts' line said ~21; on the small model (2 blocks of 96) these take ~0.3 s in all.
 */
export const ATTENTION_PROMPT_BYTES = [430, 900] as const;
/** Rounds of ATTENTION_PROMPT_BYTES (each prompt new: llama.cpp would reuse one it holds): the median of three outlasts one stall of the shared machine. */
export const ATTENTION_ROUNDS = 3;
/** A long prompt of `bytes` bytes (byte-level vocabulary: one token each), its first letter its own (B, C, …: none of the other prompts'). */
export function attentionPrompt(bytes: number, i: number): string {
  return `${String.fromCharCode(66 + i)}${i}. ${'Every member reads the whole question before it answers, and the council waits. '.repeat(Math.ceil(bytes / 40))}`.slice(0, bytes);
}
/** A typical short question: the context a decode step attends over is what a person's would be. */
export const SHORT_PROMPT = 'Tell me something about the sea and the sky.';
