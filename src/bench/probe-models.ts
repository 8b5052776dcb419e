/**
 * The engine probe's models (issue 11): llama-shaped GGUF files of three sizes, ~1 MB, ~31 MB and
 * ~72 MB of f32 weights, spanning what decode costs from "fixed overhead per token" to "memory
 * bound" (the large one was 139 MB: its 64-token runs took 8.6 s). Built in the benchmark worker
 * from a seed (values tiled: speed does not depend on them), never downloaded. Shapes differ from
 * the app's generated test models on purpose: predicting those from these is a real
 * interpolation (the 109 MB bench model: an extrapolation along the last segment), not a replay.
 */
import { ggufChunks, ggufFacts, type GgufSpec } from '../models/gguf/gguf-writer.mjs';

export interface ProbeModel {
  id: string;
  spec: GgufSpec;
}

/** Small and medium (whose councils the probe also measures: copies load quickly), large. */
export const PROBE_MODELS: readonly [ProbeModel, ProbeModel, ProbeModel] = [
  { id: 'probe-small', spec: { name: 'probe-small', seed: 21, nLayer: 2, nEmbd: 96, nHead: 4, nHeadKv: 4, nFf: 256, contextLength: 1024, weightType: 'f32' } },
  { id: 'probe-medium', spec: { name: 'probe-medium', seed: 22, nLayer: 4, nEmbd: 384, nHead: 6, nHeadKv: 6, nFf: 1152, contextLength: 1024, weightType: 'f32' } },
  { id: 'probe-large', spec: { name: 'probe-large', seed: 23, nLayer: 8, nEmbd: 416, nHead: 8, nHeadKv: 8, nFf: 1248, contextLength: 1024, weightType: 'f32' } },
];

/** Bytes and parameters of a probe model, without building it. */
export function probeModelFacts(m: ProbeModel): { bytes: number; params: number } {
  const f = ggufFacts(m.spec);
  return { bytes: f.bytes, params: f.params };
}

/** The probe model as a Blob (call in a worker: the largest is ~72 MB). */
export function buildProbeModel(m: ProbeModel): Blob {
  return new Blob([...ggufChunks(m.spec, 'tiled')] as BlobPart[], { type: 'application/octet-stream' });
}
