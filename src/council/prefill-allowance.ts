/**
 * How long a member may work on its prompt before its silence counts (Response Timer, SPEC §3.4:
 * the 5 s start after it). A prompt's prefill is work, not silence: a real model on the CPU takes
 * longer than 5 s over a short prompt (measured here, 39 prompt tokens: Llama-3.2-1B's twin 13 s,
 * Qwen2.5-0.5B's 12 s, SmolLM2-360M's 8 s), so a member failed for it would be restarted three
 * times and removed while healthy. Three sources, the most generous wins (a generous allowance costs
 * only a slower notice of a stall; a short one fails a healthy member):
 *   1. the engine probe's first token for this prompt and council (capacity-feedback.ts), when a
 *      benchmark run made one;
 *   2. this member's own pace: its earlier first tokens, per prompt token (PrefillPace);
 *   3. before either exists (no benchmark run, the member's first answer: its solo-speed
 *      calibration), a floor from the model's size (floorFirstTokenMs); for a remote server's
 *      model, whose size is not known here, the time its engine waits for the answer to start.
 */
import { REMOTE_DEADLINES } from '../engines/remote-deadlines';

/** Most time a member's prompt may take before its silence counts: a 1 B model's longest prompt on a slow CPU, with room. A lie (a stored probe, a pace read in a stall) cannot leave a stuck member unwatched longer. */
export const MAX_PREFILL_ALLOWANCE_MS = 5 * 60_000;
/**
 * Prompt work per second a member is assumed to do at least, alone, when nothing was measured
 * (2 FLOP per parameter per prompt token). The three catalogue twins above did 3.2–7.4 GFLOP/s here
 * (2 × 1.24 B × 39 tokens in 13 s is 7.4), on 2 cores: the floor is 3–7× below them.
 */
export const FLOOR_PREFILL_FLOPS = 1e9;
/** Answers whose prompt work the pace remembers (the slowest counts: see PrefillPace). */
export const PACE_WINDOW = 5;
/** An answer whose engine processed fewer prompt tokens says little of the pace: llama.cpp kept the rest from the question before, and the first token's time is then mostly fixed cost. */
export const PACE_MIN_TOKENS = 8;

/**
 * A member's own prefill pace: ms per prompt token of its last PACE_WINDOW first tokens, each
 * times the members that were busy at once (they share the cores), so a pace read alone (the
 * calibration) still holds for a council of three asked at once.
 */
export class PrefillPace {
  private msPerTokenAlone: number[] = [];

  /** One answer: `promptTokens` processed before its first token, after `ttftMs`, with `busyMembers` members (itself included) at work. */
  record(promptTokens: number, ttftMs: number | null, busyMembers: number): void {
    if (ttftMs === null || !(ttftMs > 0) || !(promptTokens >= PACE_MIN_TOKENS) || !Number.isFinite(ttftMs)) return;
    this.msPerTokenAlone = [...this.msPerTokenAlone, ttftMs / promptTokens / Math.max(1, busyMembers)].slice(-PACE_WINDOW);
  }

  /**
   * The first token expected for `promptTokens` with `members` at work at once (ms), or null before
   * any answer: linear in both (no parallel gain, the attention term left to the allowance's 2×),
   * at the slowest pace remembered.
   */
  expectMs(promptTokens: number, members: number): number | null {
    if (!this.msPerTokenAlone.length) return null;
    return Math.max(...this.msPerTokenAlone) * promptTokens * Math.max(1, members);
  }
}

/** The floor's first token for `promptTokens` on a model of `params` parameters with `members` at once (ms; FLOOR_PREFILL_FLOPS), or null when its size is unknown (a remote server's model). */
export function floorFirstTokenMs(params: number | null, promptTokens: number, members: number): number | null {
  if (params === null || !(params > 0)) return null;
  return ((2 * params * promptTokens) / FLOOR_PREFILL_FLOPS) * 1000 * Math.max(1, members);
}

/**
 * A remote member's first answer, before any pace: the remote engine waits this long for the
 * headers and then the body's first byte, and fails with the wait that ran out in words
 * (RemoteTimeoutError); a server may queue the request or load the model first (Ollama loads it
 * on its first request). The council's 5 s would cut in first, with less to say.
 */
export const REMOTE_START_ALLOWANCE_MS = REMOTE_DEADLINES.headersMs + REMOTE_DEADLINES.firstByteMs;

/**
 * The allowance (ms): twice the larger of the probe's and the pace's first token; the floor's when
 * neither exists; 0 with nothing to go on. Never above MAX_PREFILL_ALLOWANCE_MS.
 */
export function prefillAllowanceMs(probeMs: number | null, paceMs: number | null, floorMs: number | null): number {
  const usable = (ms: number | null): ms is number => ms !== null && Number.isFinite(ms) && ms > 0;
  const measured = [probeMs, paceMs].filter(usable);
  const ms = measured.length ? 2 * Math.max(...measured) : usable(floorMs) ? floorMs : 0;
  return Math.min(ms, MAX_PREFILL_ALLOWANCE_MS);
}
