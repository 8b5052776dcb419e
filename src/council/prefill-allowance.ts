/**
 * How long a member may work on its prompt before its silence counts (Response Timer, SPEC §3.4:
 * the 5 s start after it). A prompt's prefill is work, not silence: a real model on the CPU takes
 * longer than 5 s over a short prompt (measured here, 39 prompt tokens: Llama-3.2-1B's twin 13 s,
 * Qwen2.5-0.5B's 12 s, SmolLM2-360M's 8 s), so a member failed for it would be restarted three
 * times and removed while healthy. Twice the larger of the two measured figures, else the floor (a
 * generous allowance costs only a slower notice of a stall; a short one fails a healthy member):
 *   1. the engine probe's first token for this prompt and council (capacity-feedback.ts), when a
 *      benchmark run made one;
 *   2. this member's own pace: its earlier first tokens, per prompt token (PrefillPace);
 *   3. before either exists (no benchmark run, the member's first answer on this model, threads
 *      and backend: its solo-speed calibration), a floor from the model's size (floorFirstTokenMs, paramsOf).
 * A remote server's model, whose size is not known here, gets at least the time its engine waits
 * for the answer to start (REMOTE_START_ALLOWANCE_MS).
 */
import { REMOTE_DEADLINES } from '../engines/remote-deadlines';
import type { ModelDescriptor } from '../engines/engine';

/** Most time a member's prompt may take before its silence counts: a 1 B model's longest prompt on a slow CPU, with room. A lie (a stored probe, a pace read in a stall) cannot leave a stuck member unwatched longer. */
export const MAX_PREFILL_ALLOWANCE_MS = 5 * 60_000;
/**
 * Prompt work per second a member is assumed to do at least, alone, when nothing was measured
 * (2 FLOP per parameter per prompt token). The three catalogue twins above did 3.2–7.4 GFLOP/s here
 * on one thread (2 × 1.24 B × 39 tokens in 13 s is 7.4); Llama-3.2-1B's twin added by URL, as a
 * council member's calibration, 6.2 (76 tokens in 30 s): the floor is 3–7× below them.
 */
export const FLOOR_PREFILL_FLOPS = 1e9;
/** Answers whose prompt work the pace remembers (the slowest counts: see PrefillPace). */
export const PACE_WINDOW = 5;
/** An answer whose engine processed fewer prompt tokens says little of the pace: llama.cpp kept the rest from the question before, and the first token's time is then mostly fixed cost. */
export const PACE_MIN_TOKENS = 8;

/**
 * A member's own prefill pace: ms per prompt token of its last PACE_WINDOW first tokens, and how
 * many members were at work at once then. Tokens are the council's estimate for the request, the
 * unit the next request is expected in (a GGUF of unknown tokenizer is estimated at 4 bytes a
 * token, which a byte-level one processes as 4: counted in the engine's tokens instead, its pace
 * would read 4× too fast against the estimate). The engine's own count only tells a prompt it
 * mostly kept from the question before (PACE_MIN_TOKENS).
 */
export class PrefillPace {
  private answers: { msPerToken: number; busy: number }[] = [];

  /**
   * One answer: its prompt estimated at `promptTokens`, of which the engine processed
   * `processedTokens` before its first token, after `ttftMs`, with `busyMembers` members sharing
   * its device (itself included).
   */
  record(promptTokens: number, processedTokens: number, ttftMs: number | null, busyMembers: number): void {
    if (ttftMs === null || !(ttftMs > 0) || !Number.isFinite(ttftMs) || !(processedTokens >= PACE_MIN_TOKENS) || !(promptTokens > 0)) return;
    this.answers = [...this.answers, { msPerToken: ttftMs / promptTokens, busy: Math.max(1, busyMembers) }].slice(-PACE_WINDOW);
  }

  /**
   * The first token expected for `promptTokens` with `members` at work at once (ms), or null before
   * any answer: linear in tokens (the attention term is left to the allowance's 2×), at the slowest
   * pace remembered, and slower in proportion where more members are at work than then (no parallel
   * gain assumed), never faster where fewer are (a pace read with three at once on a machine with
   * cores to spare is the pace of one).
   */
  expectMs(promptTokens: number, members: number): number | null {
    if (!this.answers.length) return null;
    return Math.max(...this.answers.map((a) => a.msPerToken * promptTokens * Math.max(1, members / a.busy)));
  }
}

/**
 * A model's parameters for the floor: the catalogue's, else about 2 per byte of its weights (a 4-bit
 * file's; more generous for wider weights) from the catalogue's size or the file the engine loaded
 * (a GGUF added by URL, whose size nothing said before), else null.
 */
export function paramsOf(d: Pick<ModelDescriptor, 'paramsBillions' | 'weightBytes'>, loadedBytes?: number): number | null {
  if (d.paramsBillions !== null && d.paramsBillions > 0) return d.paramsBillions * 1e9;
  const bytes = d.weightBytes ?? loadedBytes ?? null;
  return bytes !== null && bytes > 0 ? bytes * 2 : null;
}

/**
 * Prompt tokens the floor adds to the council's estimate: a chat template longer than the 12 it
 * assumes (Llama 3's ~30, the generated models' 51). The calibration prompt, estimated at 19 tokens,
 * was 76 on a byte-level GGUF added by URL.
 */
export const FLOOR_TEMPLATE_TOKENS = 40;

/** The floor's first token for `promptTokens` (the council's estimate) on a model of `params` parameters with `members` at once (ms; FLOOR_PREFILL_FLOPS), or null when its size is unknown (a remote server's model). */
export function floorFirstTokenMs(params: number | null, promptTokens: number, members: number): number | null {
  if (params === null || !(params > 0)) return null;
  return ((2 * params * (promptTokens + FLOOR_TEMPLATE_TOKENS)) / FLOOR_PREFILL_FLOPS) * 1000 * Math.max(1, members);
}

/**
 * A remote member's first answer, before any pace: the remote engine waits this long for the
 * headers and then the body's first byte, and fails with the wait that ran out in words
 * (RemoteTimeoutError); a server may queue the request or load the model first (Ollama loads it
 * on its first request). The council's 5 s would cut in first, with less to say.
 */
export const REMOTE_START_ALLOWANCE_MS = REMOTE_DEADLINES.headersMs + REMOTE_DEADLINES.firstByteMs;

/**
 * The allowance (ms): twice the larger of the probe's and the pace's first token, the floor's when
 * neither exists, 0 with nothing to go on; never below `atLeastMs` (a remote server's start:
 * REMOTE_START_ALLOWANCE_MS, which no pace read from its earlier answers lowers — a server counts
 * the prompt it kept from the question before, and may queue or reload the model at any time), never
 * above MAX_PREFILL_ALLOWANCE_MS.
 */
export function prefillAllowanceMs(probeMs: number | null, paceMs: number | null, floorMs: number | null, atLeastMs = 0): number {
  const usable = (ms: number | null): ms is number => ms !== null && Number.isFinite(ms) && ms > 0;
  const measured = [probeMs, paceMs].filter(usable);
  const ms = measured.length ? 2 * Math.max(...measured) : usable(floorMs) ? floorMs : 0;
  return Math.min(Math.max(ms, atLeastMs), MAX_PREFILL_ALLOWANCE_MS);
}
