import { describeGguf, tensorDataBytes, type GgufHeader } from '../engines/gguf-header';
import type { ModelDescriptor } from './model';

/**
 * A GGUF model's size from its own header, not from its name or a catalogue guess: parameters from
 * `general.parameter_count` when the file records it, else the sum of its tensors' element counts;
 * bits per weight = tensor bytes × 8 ÷ parameters (a K-quant mixes block types, so no per-type
 * figure is exact).
 */
export interface GgufSizeFacts {
  params: number;
  paramsFrom: 'metadata' | 'tensors';
  /** Bytes of all tensor data (what decode reads), null when a tensor type's size is unknown here. */
  tensorBytes: number | null;
  bitsPerWeight: number | null;
  /** Transformer blocks (`<architecture>.block_count`), null when the header does not say. */
  layers: number | null;
}

export function ggufSizeFacts(h: Pick<GgufHeader, 'metadata' | 'tensors'>): GgufSizeFacts | null {
  const recorded = h.metadata['general.parameter_count'];
  const counted = h.tensors.reduce((s, t) => s + t.dims.reduce((a, b) => a * b, 1), 0);
  const fromMeta = typeof recorded === 'number' && Number.isFinite(recorded) && recorded > 0;
  const params = fromMeta ? recorded : counted;
  if (!(params > 0)) return null;
  let tensorBytes: number | null = 0;
  for (const t of h.tensors) {
    const b = tensorDataBytes(t);
    tensorBytes = b === null || tensorBytes === null ? null : tensorBytes + b;
  }
  if (tensorBytes === 0) tensorBytes = null;
  return { params, paramsFrom: fromMeta ? 'metadata' : 'tensors', tensorBytes, bitsPerWeight: tensorBytes === null ? null : (tensorBytes * 8) / params, layers: layersOf(describeGguf(h).nLayer) };
}

/** A transformer block count when `v` is one (a whole number ≥ 1), else null: unknown, not guessed. */
export function layersOf(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null;
}

/** The descriptor with its header's facts in place of recorded or guessed ones (what is unknown stays). */
export function withGgufFacts(m: ModelDescriptor, f: GgufSizeFacts): ModelDescriptor {
  return {
    ...m,
    paramsBillions: f.params / 1e9,
    bitsPerWeight: f.bitsPerWeight ?? m.bitsPerWeight,
    weightBytes: f.tensorBytes ?? m.weightBytes,
    layers: f.layers ?? m.layers ?? null,
  };
}
