/**
 * The engine probe's models (issue 11): llama-shaped GGUF files of f32 weights that separate the
 * three costs of a decode step (capacity/fit-probe.ts): small (~1 MB, 2 blocks: the fixed cost
 * per token), deep (~14 MB in 16 narrow blocks: the cost per block) and wide (~55 MB in 4 wide
 * blocks, beyond a 32 MB L3 cache: the cost per byte). (They were ~1, 31 and 72 MB with 2, 4 and 8
 * blocks: depth grew with size, so the fit could not tell a block's cost from a byte's; the last
 * three clean CI runs predicted the 8-block 109 MB bench model 6–18 % slow. Measured side by side on 13 shapes, one
 * page: a + blocks × l + bytes × b from these three predicted every other shape within ±10 %.)
 * Built in the benchmark worker from a seed (values tiled: speed does not depend on them), never
 * downloaded. Shapes differ from the app's generated test models on purpose: predicting those from
 * these is a real prediction, not a replay. Three more, one per quantised format, give the cost of
 * quantised weights (see PROBE_MODELS).
 */
import { ggufChunks, ggufFacts, type GgufSpec } from '../models/gguf/gguf-writer.mjs';
import { QUANT_FORMATS, type ProbeWeightType, type QuantFormat } from '../capacity/engine-fit';

export interface ProbeModel {
  id: string;
  spec: GgufSpec;
  /** A format's second size: measured in turns with its first (engine-probe.ts), for the format's lines. */
  secondSize?: boolean;
}

/**
 * The quantised models' shape: a real model's proportions in small — two blocks of 768, grouped-query
 * attention, a feed-forward 2.7× as wide, and a tied vocabulary of 8192 (a third of its 18.9 M
 * parameters; a fifth to a quarter of Llama-3.2-1B's and Qwen2.5-0.5B's). On this engine quantised
 * matrices are dequantised in arithmetic, a cost per parameter that differs by format and that bytes
 * do not tell (a q4_0 file decodes slower than its f32 twin at a seventh of the bytes), and a
 * quantised model pays a fixed ~3–5 ms per token besides. Measured side by side (two pages, minutes
 * apart), Q4_K_M: this shape 11.7 ms per token, its f32 twin 12.5 (at 6× the bytes), the large shape
 * below 18.2, Llama-3.2-1B's shape 429–484; a line through the first and the large one says 410.
 */
const QUANTISED_SHAPE = { nLayer: 2, nEmbd: 768, nHead: 12, nHeadKv: 4, nFf: 2048, vocabSize: 8192, tiedEmbeddings: true, contextLength: 1024 } as const;
/**
 * A second, larger shape for Q4_K_M (most GGUF files, and what a file of unknown type is assumed to
 * be): four blocks of 1024 with a feed-forward of 4096 (69 M parameters, 3.7× the first). With the
 * first it gives the format's line, a fixed cost per token and a cost per parameter
 * (capacity/fit-probe.ts quantisedCosts); q8_0 and q4_0 take its fixed cost. In turns with the
 * first, and its long prompt after the first's: beyond a 32 MB cache, a prompt token costs 1.5–1.6×
 * per parameter what it does inside, and every format's prompt cost is scaled along the line the two
 * sizes give (capacity/fit-probe.ts prefillSizeLine). (Two blocks, 39 M parameters,
 * left a difference of 6–12 ms per token against runs that move by ±2 ms: three probes read the
 * 1B twin −31 to +33 % off. A q8_0 pair too took 5–6 s more of the probe, and read SmolLM2-360M's
 * q8_0 twin no better.)
 */
const LARGE_QUANTISED_SHAPE = { nLayer: 4, nEmbd: 1024, nHead: 16, nHeadKv: 4, nFf: 4096, vocabSize: 8192, tiedEmbeddings: true, contextLength: 1024 } as const;
const LINE_FORMATS: readonly QuantFormat[] = ['q4_k_m'];
const quantisedModel = (format: QuantFormat, seed: number): ProbeModel => ({ id: `probe-${format}`, spec: { name: `probe-${format}`, seed, ...QUANTISED_SHAPE, weightType: format } });
const largeQuantisedModel = (format: QuantFormat, seed: number): ProbeModel => ({ id: `probe-${format}-large`, secondSize: true, spec: { name: `probe-${format}-large`, seed, ...LARGE_QUANTISED_SHAPE, weightType: format } });

/**
 * Small and wide (whose councils the probe also measures), deep; and one model per quantised format
 * (QUANT_FORMATS), two for LINE_FORMATS: a format's fixed cost per token and its cost per parameter.
 */
export const PROBE_MODELS: readonly ProbeModel[] = [
  { id: 'probe-small', spec: { name: 'probe-small', seed: 21, nLayer: 2, nEmbd: 96, nHead: 4, nHeadKv: 4, nFf: 256, contextLength: 1024, weightType: 'f32' } },
  { id: 'probe-deep', spec: { name: 'probe-deep', seed: 24, nLayer: 16, nEmbd: 128, nHead: 8, nHeadKv: 8, nFf: 384, contextLength: 1024, weightType: 'f32' } },
  { id: 'probe-wide', spec: { name: 'probe-wide', seed: 25, nLayer: 4, nEmbd: 512, nHead: 8, nHeadKv: 8, nFf: 1536, contextLength: 1024, weightType: 'f32' } },
  ...QUANT_FORMATS.map((format, i) => quantisedModel(format, 27 + i)),
  ...LINE_FORMATS.map((format, i) => largeQuantisedModel(format, 35 + i)),
];

/** Bytes, parameters, transformer blocks and weight type of a probe model, without building it. */
export function probeModelFacts(m: ProbeModel): { bytes: number; params: number; layers: number; width: number; weightType: ProbeWeightType } {
  const f = ggufFacts(m.spec);
  const quantised = QUANT_FORMATS.find((q) => q === m.spec.weightType);
  return { bytes: f.bytes, params: f.params, layers: f.nLayer, width: f.nEmbd, weightType: quantised ?? 'f32' };
}

/** The probe model as a Blob (call in a worker: the largest is ~55 MB). */
export function buildProbeModel(m: ProbeModel): Blob {
  return new Blob([...ggufChunks(m.spec, 'tiled')] as BlobPart[], { type: 'application/octet-stream' });
}
