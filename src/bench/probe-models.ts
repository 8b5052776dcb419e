/**
 * The engine probe's models (issue 11): llama-shaped GGUF files of f32 weights that separate the
 * three costs of a decode step (capacity/engine-fit.ts): small (~1 MB, 2 blocks: the fixed cost
 * per token), deep (~14 MB in 16 narrow blocks: the cost per block) and wide (~55 MB in 4 wide
 * blocks, beyond a 32 MB L3 cache: the cost per byte). (They were ~1, 31 and 72 MB with 2, 4 and 8
 * blocks: depth grew with size, so the fit could not tell a block's cost from a byte's; the last
 * three clean CI runs predicted the 8-block 109 MB bench model 6–18 % slow. Measured side by side on 13 shapes, one
 * page: a + blocks × l + bytes × b from these three predicted every other shape within ±10 %.)
 * Built in the benchmark worker from a seed (values tiled: speed does not depend on them), never
 * downloaded. Shapes differ from the app's generated test models on purpose: predicting those from
 * these is a real prediction, not a replay. A fourth, q4_0 model gives the cost of quantised weights
 * (see PROBE_MODELS).
 */
import { ggufChunks, ggufFacts, type GgufSpec } from '../models/gguf/gguf-writer.mjs';

export interface ProbeModel {
  id: string;
  spec: GgufSpec;
}

/**
 * Small and wide (whose councils the probe also measures), deep; and a quantised one. Its shape's
 * f32 cost follows from the other three, and what it takes beyond that is the cost of quantised
 * weights per parameter: on this engine quantised matrices are dequantised in arithmetic, so a q4_0
 * file decodes slower than its f32 twin at a seventh of the bytes (measured, the wide shape: f32 55 MB
 * 73 tok/s, q8_0 14.6 MB 64, q4_0 7.7 MB 45), and a fit on bytes alone predicted it 6× too fast.
 * Four blocks, as real models have many: one block of 512 (the same 3.5 M parameters) decoded alike
 * (1.5–1.7 ns per parameter more, against 1.6–1.9) but read its 102-token prompts in 136–192 ms
 * where four of 256 took 387–485, and predicted the wide q4_0 shape's first token 60 % fast (four of
 * 256: 6–14 % slow): a prompt pays per block, which the prefill fit does not model yet.
 */
export const PROBE_MODELS: readonly [ProbeModel, ProbeModel, ProbeModel, ProbeModel] = [
  { id: 'probe-small', spec: { name: 'probe-small', seed: 21, nLayer: 2, nEmbd: 96, nHead: 4, nHeadKv: 4, nFf: 256, contextLength: 1024, weightType: 'f32' } },
  { id: 'probe-deep', spec: { name: 'probe-deep', seed: 24, nLayer: 16, nEmbd: 128, nHead: 8, nHeadKv: 8, nFf: 384, contextLength: 1024, weightType: 'f32' } },
  { id: 'probe-wide', spec: { name: 'probe-wide', seed: 25, nLayer: 4, nEmbd: 512, nHead: 8, nHeadKv: 8, nFf: 1536, contextLength: 1024, weightType: 'f32' } },
  { id: 'probe-q4', spec: { name: 'probe-q4', seed: 27, nLayer: 4, nEmbd: 256, nHead: 4, nHeadKv: 4, nFf: 768, contextLength: 1024, weightType: 'q4_0' } },
];

/** Bytes, parameters, transformer blocks and weight type of a probe model, without building it. */
export function probeModelFacts(m: ProbeModel): { bytes: number; params: number; layers: number; weightType: 'f32' | 'q4_0' } {
  const f = ggufFacts(m.spec);
  return { bytes: f.bytes, params: f.params, layers: f.nLayer, weightType: m.spec.weightType === 'q4_0' ? 'q4_0' : 'f32' };
}

/** The probe model as a Blob (call in a worker: the largest is ~55 MB). */
export function buildProbeModel(m: ProbeModel): Blob {
  return new Blob([...ggufChunks(m.spec, 'tiled')] as BlobPart[], { type: 'application/octet-stream' });
}
