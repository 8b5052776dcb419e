/**
 * The feedback loop for first tokens (issue 11, "keep refining"): each answer's time to first
 * token against what the probe's fit says for the prompt tokens llama.cpp processed, per model and
 * council size. The ratio carries across prompt lengths: over the predictions bench's runs the tiny
 * model's first tokens read 20–35 % below the fit at ~100, ~480 and ~980 tokens alike, the bench
 * model's 10–20 % above (the app's own work beside the engine — rendering, the monitor — that the
 * probe's quiet workers do not have). Per council size, since N members prefill at once and the
 * cold prediction is one member's alone. Pure: the app holds one (council/first-token-feedback.svelte.ts).
 */
import { median } from '../regression/descriptive';
import { CORRECTION_BOUNDS } from './probe-predictions';

/** Answers a correction is read from: the most recent of a model and council size. */
export const FIRST_TOKEN_WINDOW = 20;
/** Answers before a correction applies (one answer's first token moves by ±30 % here). */
export const MIN_FIRST_TOKEN_ANSWERS = 3;
/** A prompt llama.cpp processed fewer tokens of (it held the rest from the question before) is a decode step, another cost: not counted. */
export const MIN_TIMED_TOKENS = 8;

export class FirstTokenFeedback {
  private probe: unknown = null;
  private readonly ratios = new Map<string, number[]>();

  /**
   * One answer: its first token took `measuredMs` where the probe `probe` (any identity: ratios
   * read against another probe are dropped) predicted `coldMs` for its prompt tokens.
   */
  record(probe: unknown, modelId: string, members: number, promptTokens: number, measuredMs: number, coldMs: number): void {
    if (promptTokens < MIN_TIMED_TOKENS || !(measuredMs > 0) || !(coldMs > 0) || !Number.isFinite(measuredMs) || !Number.isFinite(coldMs)) return;
    this.forProbe(probe);
    const key = `${members}/${modelId}`;
    const ratio = Math.min(CORRECTION_BOUNDS.max, Math.max(CORRECTION_BOUNDS.min, measuredMs / coldMs));
    this.ratios.set(key, [...(this.ratios.get(key) ?? []), ratio].slice(-FIRST_TOKEN_WINDOW));
  }

  /** measured ÷ cold for `modelId` in a council of `members` (median of its recent answers), or null: too few answers, or a newer probe. */
  correction(probe: unknown, modelId: string, members: number): number | null {
    if (probe !== this.probe) return null;
    const ratios = this.ratios.get(`${members}/${modelId}`) ?? [];
    return ratios.length >= MIN_FIRST_TOKEN_ANSWERS ? median(ratios) : null;
  }

  private forProbe(probe: unknown): void {
    if (probe === this.probe) return;
    this.probe = probe;
    this.ratios.clear();
  }
}
