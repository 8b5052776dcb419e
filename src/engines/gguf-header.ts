/**
 * Reads a GGUF header (magic, version, metadata, tensor infos) so the Model Loader can tell a
 * corrupt or truncated file from a good one BEFORE handing it to llama.cpp, and so the UI can show
 * what a model is (architecture, layers, width, context). Pure: works on an ArrayBuffer prefix.
 */
export interface GgufTensorInfo {
  name: string;
  dims: number[];
  type: number;
  offset: number;
}

export interface GgufHeader {
  version: number;
  metadata: Record<string, unknown>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Byte offset where tensor data starts (header + padding). */
  dataOffset: number;
  /** Bytes the whole file must have at least (data start + last tensor's end), null if a type is unknown. */
  minFileBytes: number | null;
}

export class GgufParseError extends Error {
  override name = 'GgufParseError';
  /** True when the buffer simply ended early (read more bytes and try again). */
  constructor(message: string, readonly needMore = false) {
    super(message);
  }
}

const MAGIC = 0x46554747;
// Bytes per element (block types: bytes per block / elements per block) for sizes we can check.
const TYPE_SIZE: Record<number, [number, number]> = {
  0: [4, 1], 1: [2, 1], 2: [18, 32], 3: [20, 32], 6: [22, 32], 7: [24, 32], 8: [34, 32],
  10: [84, 256], 11: [110, 256], 12: [144, 256], 13: [176, 256], 14: [210, 256], 30: [2, 1],
};

/** Header bytes read first from a file; a longer header (large vocabularies) is read in growing steps. */
const FIRST_READ = 8 << 20;

/**
 * The header of a GGUF file, reading only as much of it as the header needs: 8 MB first, then four
 * times more while the parser asks for more, up to the whole file. Throws GgufParseError.
 */
export async function readGgufHeader(blob: Blob): Promise<GgufHeader> {
  for (let prefix = Math.min(blob.size, FIRST_READ); ; prefix = Math.min(blob.size, prefix * 4)) {
    try {
      return parseGgufHeader(await blob.slice(0, prefix).arrayBuffer());
    } catch (err) {
      if (!(err instanceof GgufParseError && err.needMore && prefix < blob.size)) throw err;
    }
  }
}

/** Bytes of one tensor's data, or null when its type's block size is not known here. */
export function tensorDataBytes(t: Pick<GgufTensorInfo, 'dims' | 'type'>): number | null {
  const size = TYPE_SIZE[t.type];
  if (!size) return null;
  const count = t.dims.reduce((a, b) => a * b, 1);
  return Math.ceil(count / size[1]) * size[0];
}

export function parseGgufHeader(buffer: ArrayBuffer): GgufHeader {
  const view = new DataView(buffer);
  let p = 0;
  const need = (n: number) => {
    if (p + n > view.byteLength) throw new GgufParseError('header longer than the bytes read', true);
  };
  const u32 = () => (need(4), (p += 4), view.getUint32(p - 4, true));
  const u64 = () => {
    need(8);
    const v = view.getBigUint64(p, true);
    p += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new GgufParseError('a 64-bit field is out of range');
    return Number(v);
  };
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const str = () => {
    const n = u64();
    if (n > 1 << 24) throw new GgufParseError(`a string of ${n} bytes is not plausible`);
    need(n);
    const s = decoder.decode(new Uint8Array(buffer, p, n));
    p += n;
    return s;
  };
  const value = (type: number): unknown => {
    switch (type) {
      case 0: return (need(1), view.getUint8(p++));
      case 1: return (need(1), view.getInt8(p++));
      case 2: return (need(2), (p += 2), view.getUint16(p - 2, true));
      case 3: return (need(2), (p += 2), view.getInt16(p - 2, true));
      case 4: return u32();
      case 5: return (need(4), (p += 4), view.getInt32(p - 4, true));
      case 6: return (need(4), (p += 4), view.getFloat32(p - 4, true));
      case 7: return (need(1), view.getUint8(p++) !== 0);
      case 8: return str();
      case 9: {
        const elem = u32();
        // llama.cpp reads no array of arrays; read one, a file of nested arrays would recurse until the stack ran out.
        if (elem === 9) throw new GgufParseError('an array of arrays (llama.cpp reads none)');
        const n = u64();
        if (n > 1 << 24) throw new GgufParseError(`an array of ${n} items is not plausible`);
        const arr: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) arr[i] = value(elem);
        return arr;
      }
      case 10: return u64();
      case 11: return (need(8), (p += 8), Number(view.getBigInt64(p - 8, true)));
      case 12: return (need(8), (p += 8), view.getFloat64(p - 8, true));
      default: throw new GgufParseError(`unknown metadata type ${type}`);
    }
  };

  if (u32() !== MAGIC) throw new GgufParseError('not a GGUF file (the first 4 bytes are not "GGUF")');
  const version = u32();
  if (version < 2 || version > 3) throw new GgufParseError(`unsupported GGUF version ${version}`);
  const tensorCount = u64();
  const kvCount = u64();
  if (tensorCount > 1 << 20 || kvCount > 1 << 20) throw new GgufParseError('implausible tensor or metadata count');
  const metadata: Record<string, unknown> = {};
  for (let i = 0; i < kvCount; i++) {
    const key = str();
    metadata[key] = value(u32());
  }
  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = str();
    const nDims = u32();
    if (nDims > 4) throw new GgufParseError(`tensor ${name} has ${nDims} dimensions`);
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(u64());
    tensors.push({ name, dims, type: u32(), offset: u64() });
  }
  const alignment = typeof metadata['general.alignment'] === 'number' ? (metadata['general.alignment'] as number) : 32;
  // llama.cpp refuses any other; 0 would make every offset NaN and let a truncated file through.
  if (!(alignment >= 1 && Number.isInteger(Math.log2(alignment)))) throw new GgufParseError(`general.alignment ${alignment} is not a power of 2`);
  const dataOffset = Math.ceil(p / alignment) * alignment;
  let end = 0;
  let known = true;
  for (const t of tensors) {
    const bytes = tensorDataBytes(t);
    if (bytes === null) { known = false; continue; }
    end = Math.max(end, t.offset + bytes);
  }
  return { version, metadata, tensors, alignment, dataOffset, minFileBytes: known ? dataOffset + end : null };
}

/** Short facts for the UI: architecture, layers, width, context, vocabulary size. */
export function describeGguf(h: Pick<GgufHeader, 'metadata'>): { architecture: string; nLayer: number | null; nEmbd: number | null; contextLength: number | null; nVocab: number | null } {
  const arch = String(h.metadata['general.architecture'] ?? 'unknown');
  const num = (k: string) => (typeof h.metadata[`${arch}.${k}`] === 'number' ? (h.metadata[`${arch}.${k}`] as number) : null);
  const tokens = h.metadata['tokenizer.ggml.tokens'];
  return {
    architecture: arch,
    nLayer: num('block_count'),
    nEmbd: num('embedding_length'),
    contextLength: num('context_length'),
    nVocab: Array.isArray(tokens) ? tokens.length : num('vocab_size'),
  };
}
