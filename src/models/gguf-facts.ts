import { describeGguf, tensorDataBytes, type GgufHeader } from '../engines/gguf-header';
import type { ModelDescriptor } from './model';

/**
 * A GGUF model's size from its own header, not from its name or a catalogue guess: parameters from
 * `general.parameter_count` when the file records it (within 2× of its tensors), else the sum of its tensors' element counts;
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
  /** The quantisation `general.file_type` names (llama.cpp's llama_ftype), null when absent or not known here. */
  fileType: string | null;
}

/** llama.cpp's llama_ftype numbers and names (llama.h): what `general.file_type` holds. */
const FILE_TYPES: Record<number, string> = {
  0: 'F32', 1: 'F16', 2: 'Q4_0', 3: 'Q4_1', 7: 'Q8_0', 8: 'Q5_0', 9: 'Q5_1', 10: 'Q2_K', 11: 'Q3_K_S', 12: 'Q3_K_M', 13: 'Q3_K_L',
  14: 'Q4_K_S', 15: 'Q4_K_M', 16: 'Q5_K_S', 17: 'Q5_K_M', 18: 'Q6_K', 19: 'IQ2_XXS', 20: 'IQ2_XS', 21: 'Q2_K_S', 22: 'IQ3_XS',
  23: 'IQ3_XXS', 24: 'IQ1_S', 25: 'IQ4_NL', 26: 'IQ3_S', 27: 'IQ3_M', 28: 'IQ2_S', 29: 'IQ2_M', 30: 'IQ4_XS', 31: 'IQ1_M', 32: 'BF16',
};

/** The file type a header's `general.file_type` names, or null. */
export function fileTypeOf(h: Pick<GgufHeader, 'metadata'>): string | null {
  const n = h.metadata['general.file_type'];
  return typeof n === 'number' ? (FILE_TYPES[n] ?? null) : null;
}

/** Families of weight formats that decode alike here (capacity/probe-predictions.ts quantFormatOfFileType), and the file type standing for each. */
type Family = 'float' | 'q8' | 'legacy' | 'k';
const FAMILY_FILE_TYPE: Record<Exclude<Family, 'float'>, string> = { q8: 'Q8_0', legacy: 'Q4_0', k: 'Q4_K_M' };
/** A ggml tensor type's family (ggml.h: 0 F32, 1 F16, 2–7 Q4_0…Q5_1, 8 Q8_0, 10–23 and 29 K- and i-quants, 30 BF16), or null. */
function tensorFamily(type: number): Family | null {
  if (type === 0 || type === 1 || type === 30) return 'float';
  if (type === 8) return 'q8';
  if ([2, 3, 6, 7].includes(type)) return 'legacy';
  if ((type >= 10 && type <= 23) || type === 29) return 'k';
  return null;
}
/** A file type's family, by llama.cpp's name. */
function fileTypeFamily(name: string): Family {
  if (/^(F32|F16|BF16)$/.test(name)) return 'float';
  if (name === 'Q8_0') return 'q8';
  if (/^Q[45]_[01]$/.test(name)) return 'legacy';
  return 'k';
}

/**
 * The file type the tensors bear out. A K-quant file mixes block types (Q4_K_M: q4_K, q6_K, and
 * q5_0 or q8_0 where a row is not a multiple of 256), so the declared type stands while any weight
 * matrix is of its family; a file whose matrices hold none of it (declared Q4_K_M, all Q8_0) lies,
 * and its matrices' family by bytes names it instead: formats decode ~3× apart per parameter here.
 * A file that names no type is named by its matrices too.
 */
function fileTypeOfTensors(declared: string | null, tensors: GgufHeader['tensors']): string | null {
  const bytes = new Map<Family, number>();
  for (const t of tensors) {
    const family = tensorFamily(t.type);
    if (t.dims.length < 2 || family === null) continue; // norms and biases are f32 in every file
    bytes.set(family, (bytes.get(family) ?? 0) + (tensorDataBytes(t) ?? 0));
  }
  if (!bytes.size || (declared !== null && bytes.has(fileTypeFamily(declared)))) return declared;
  const [largest] = [...bytes].reduce((a, b) => (b[1] > a[1] ? b : a));
  return largest === 'float' ? (tensors.some((t) => t.type === 0 && t.dims.length >= 2) ? 'F32' : 'F16') : FAMILY_FILE_TYPE[largest];
}

export function ggufSizeFacts(h: Pick<GgufHeader, 'metadata' | 'tensors'>): GgufSizeFacts | null {
  const recorded = h.metadata['general.parameter_count'];
  const counted = h.tensors.reduce((s, t) => s + t.dims.reduce((a, b) => a * b, 1), 0);
  // A recorded count far from the tensors' own (over 2× either way) is a wrong header: the tensors
  // are what is stored and read, and a lie would drive bits per weight and the speed per parameter.
  const fromMeta = typeof recorded === 'number' && Number.isFinite(recorded) && recorded > 0 && !(counted > 0 && (recorded > 2 * counted || recorded < counted / 2));
  const params = fromMeta ? recorded : counted;
  if (!(params > 0)) return null;
  let tensorBytes: number | null = 0;
  for (const t of h.tensors) {
    const b = tensorDataBytes(t);
    tensorBytes = b === null || tensorBytes === null ? null : tensorBytes + b;
  }
  if (tensorBytes === 0) tensorBytes = null;
  return { params, paramsFrom: fromMeta ? 'metadata' : 'tensors', tensorBytes, bitsPerWeight: tensorBytes === null ? null : (tensorBytes * 8) / params, layers: layersOf(describeGguf(h).nLayer), fileType: fileTypeOfTensors(fileTypeOf(h), h.tensors) };
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
    fileType: f.fileType ?? m.fileType ?? null,
  };
}
