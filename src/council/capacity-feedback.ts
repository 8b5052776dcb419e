/**
 * The council's link to the Capacity Planner (src/hardware/hardware.svelte.ts): the recommended
 * council, whether a model fits before it is downloaded, and — after each answer — the measured
 * decode speed next to the prediction (the planner's feedback loop refines its efficiency from it).
 */
import type { EngineBackend, ModelDescriptor } from '../engines/engine';
import { hardware, recordMeasuredSpeed } from '../hardware/hardware.svelte';
import { LONG_PROMPT } from '../bench/probe-prompts';
import { byteLevelTemplateTokens, estimatePromptTokens, GENERATED_TEMPLATE_TOKENS, longestTimedPrompt, type TokenEstimate } from '../capacity/prompt-tokens';
import { coldTtftMs, firstTokenReach, quantisedWeightsOf } from '../capacity/probe-predictions';
import { attentionShape, type EngineFit } from '../capacity/engine-fit';
import { firstTokens } from './first-token-feedback.svelte';

/** Detects the hardware and builds the plan once (cheap: no benchmark is run here). */
export function initPlan(): Promise<void> {
  return hardware.init();
}

export function planFor(modelId: string) {
  return hardware.plan?.models.find((p) => p.model.id === modelId) ?? null;
}

/** A first-token prediction: `ms` refined by this session's answers where there are enough (`refined`), `coldMs` the probe's alone. */
export interface FirstTokenPrediction {
  ms: number;
  coldMs: number;
  refined: boolean;
  tokens: number;
  basis: TokenEstimate['basis'];
  beyondProbe: boolean;
  lowerBound: boolean;
}

/**
 * Predicted time to first token (ms) of `modelId` for this prompt in a council of `members`, before
 * it is asked (issue 11): the engine probe's prefill fit at the prompt's token count (one member's
 * alone), times the feedback of this session's answers of that model and council size once there
 * are enough (council/first-token-feedback.svelte.ts). null without a probe for its engine.
 */
export function predictFirstToken(modelId: string, prompt: string, members = 1): FirstTokenPrediction | null {
  const probe = hardware.engineProbe;
  const model = planFor(modelId)?.model;
  if (!probe || !model || model.engine !== probe.fit.engine) return null;
  const generated = model.source === 'generated';
  // Timed: the tokens llama.cpp processes, as the probe timed them (the template's opening comes
  // from its cache). Shown: the prompt's whole count, as the context warning counts it.
  const timed = estimatePromptTokens(prompt, generated, promptTemplateTokens());
  const shown = estimatePromptTokens(prompt, generated, GENERATED_TEMPLATE_TOKENS);
  const params = model.paramsBillions === null ? null : model.paramsBillions * 1e9;
  const cold = councilColdTtftMs(probe.fit, model, timed.tokens, members);
  const attention = probe.fit.prefill?.attention ?? null;
  const reach = firstTokenReach(timed.tokens, longestTimedPrompt(probe.prefill), attention?.longestTokens ?? null, !!attention && attentionShape(params, model.layers) !== null);
  // (a crafted stored probe can make it Infinity: say nothing rather than "~Infinity s")
  if (cold === null || !Number.isFinite(cold)) return null;
  const correction = firstTokens.correction(probe.runStartedAt, modelId, members);
  return { ms: cold * (correction ?? 1), coldMs: cold, refined: correction !== null, ...shown, ...reach };
}

/** The first token expected for `prompt` on `modelId` in a council of `members` (ms; the response timer's allowance), or null. Never throws. */
export function expectedFirstTokenMs(modelId: string, prompt: string, members: number): number | null {
  try {
    return predictFirstToken(modelId, prompt, members)?.ms ?? null;
  } catch {
    return null;
  }
}

/**
 * Sends one answer's first token to the first-token feedback, next to what the probe predicts for
 * the prompt tokens llama.cpp processed (`promptTokens`), in a council of `members`. Never throws.
 */
export function reportFirstToken(model: ModelDescriptor, promptTokens: number, ttftMs: number, members: number): void {
  try {
    const probe = hardware.engineProbe;
    if (!probe || model.engine !== probe.fit.engine) return;
    const cold = councilColdTtftMs(probe.fit, model, promptTokens, members);
    if (cold !== null) firstTokens.record(probe.runStartedAt, model.id, members, promptTokens, ttftMs, cold);
  } catch {
    /* feedback is best-effort: a failure here must not fail an answer */
  }
}

/**
 * The probe's first token for `promptTokens` on `model` in a council of `members`: one member's
 * alone, and with several, each member's longer by N ÷ C(N) (they prefill at once and share the
 * cores; the plan's C(N) is the decoding one, the only contention the probe measures). Measured in
 * the predictions bench: the bench model's first token read 345 ms alone, 515 ms in councils of 2
 * and 708 ms of 3, where the plan's C(N) said ×1.18 and ×1.74. null without a prefill fit.
 */
function councilColdTtftMs(fit: EngineFit, model: ModelDescriptor, promptTokens: number, members: number): number | null {
  const params = model.paramsBillions === null ? null : model.paramsBillions * 1e9;
  const alone = coldTtftMs(fit, promptTokens, params, quantisedWeightsOf(model)?.format ?? null, model.layers ?? null);
  const plan = planFor(model.id);
  const share = contentionShare(plan?.combinedTokensPerSecond ?? null, plan?.predictedTokensPerSecond ?? 0, members);
  return alone === null ? null : alone / (share !== null && share > 0 ? share : 1);
}

/** The chat template's cost in tokens on a byte-level model as the engine probe timed it (its cached opening left out: right for a first token); null without a probe. */
function promptTemplateTokens(): number | null {
  const probe = hardware.engineProbe;
  return probe ? byteLevelTemplateTokens(probe.prefill, new TextEncoder().encode(LONG_PROMPT).length) : null;
}

/** The plan's recommended council (model ids, one per member), or null before there is a plan. */
export function recommendedCouncil(): string[] | null {
  const ids = hardware.plan?.recommendedCouncil?.memberModelIds;
  return Array.isArray(ids) && ids.length ? [...ids] : null;
}

/** Memory budget of the plan on the device the model would use (bytes), or null. */
export function budgetBytes(): number | null {
  return hardware.plan?.budgetBytes ?? null;
}

/**
 * Sends one measured decode speed to the capacity planner, next to what the plan predicted for a
 * member among `members` decoding at once (a council's members share the machine: comparing a
 * contended speed with a lone prediction would teach the planner the wrong lesson). Never throws.
 */
export async function reportMeasuredSpeed(model: ModelDescriptor, backend: EngineBackend, tokensPerSecond: number, members = 1): Promise<void> {
  try {
    const plan = planFor(model.id);
    const lone = plan?.predictedTokensPerSecond;
    if (lone === null || lone === undefined || backend === 'remote') return; // nothing to compare with
    const share = contentionShare(plan?.combinedTokensPerSecond ?? null, lone, members);
    if (share === null) return; // no contention model for this size: the lone prediction does not apply
    const cold = plan?.coldTokensPerSecond ?? null;
    await recordMeasuredSpeed(model.id, model.engine, backend === 'webgpu' ? 'gpu' : 'cpu', lone * share, tokensPerSecond, cold === null ? null : cold * share, members);
  } catch {
    /* feedback is best-effort: a failure here must not fail an answer */
  }
}

/**
 * One member's share of its lone speed while `members` decode at once: C(N) ÷ N from the plan's
 * combined forecast; 1 for a lone member; null when the plan has no forecast for that size.
 */
export function contentionShare(combined: number[] | null, lone: number, members: number): number | null {
  if (members <= 1) return 1;
  const c = combined?.[members - 1];
  return c === undefined || !(lone > 0) ? null : c / members / lone;
}

// Read-only hook for the prediction benchmark: the first-token prediction the Council view shows.
if (typeof window !== 'undefined') Object.assign(window, { __wfPredict: { firstToken: predictFirstToken } });
