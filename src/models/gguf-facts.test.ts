import { describe, expect, it } from 'vitest';
import { buildHeader } from './gguf/gguf-writer.mjs';
import { parseGgufHeader, tensorDataBytes, type GgufTensorInfo } from '../engines/gguf-header';
import { ggufSizeFacts, withGgufFacts } from './gguf-facts';
import { cachedGgufFacts, refineFromCachedHeaders } from './gguf-cached-facts';
import type { ModelDescriptor } from './model';

const spec = { name: 't', seed: 7, nLayer: 2, nEmbd: 64, nHead: 4, nHeadKv: 4, nFf: 128, contextLength: 512 } as const;
const ab = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const tensor = (dims: number[], type: number): GgufTensorInfo => ({ name: 'w', dims, type, offset: 0 });
/** A GGUF v3 header with no metadata and the given tensors (name, dims, ggml type). */
function tinyGguf(tensors: [string, number[], number][]): Uint8Array {
  const out: number[] = [];
  const put = (bytes: number, set: (v: DataView) => void) => { const v = new DataView(new ArrayBuffer(bytes)); set(v); out.push(...new Uint8Array(v.buffer)); };
  const u32 = (n: number) => put(4, (v) => v.setUint32(0, n, true));
  const u64 = (n: number) => put(8, (v) => v.setBigUint64(0, BigInt(n), true));
  u32(0x46554747); u32(3); u64(tensors.length); u64(0);
  for (const [name, dims, type] of tensors) { u64(name.length); out.push(...new TextEncoder().encode(name)); u32(dims.length); dims.forEach(u64); u32(type); u64(0); }
  return new Uint8Array(out);
}

describe('tensorDataBytes', () => {
  it('F32, F16 and block types (Q4_0: 18 bytes per 32, Q8_0: 34 per 32, Q6_K: 210 per 256); unknown → null', () => {
    expect(tensorDataBytes(tensor([64, 2], 0))).toBe(512);
    expect(tensorDataBytes(tensor([64, 2], 1))).toBe(256);
    expect(tensorDataBytes(tensor([64], 2))).toBe(36);
    expect(tensorDataBytes(tensor([64], 8))).toBe(68);
    expect(tensorDataBytes(tensor([256], 14))).toBe(210);
    expect(tensorDataBytes(tensor([64], 99))).toBeNull();
  });
});

describe('ggufSizeFacts: the size from the file itself', () => {
  it('without general.parameter_count: the sum of tensor elements; f32 → 32 bits, f16 → 16 bits per weight', () => {
    for (const [weightType, bits] of [['f32', 32], ['f16', 16]] as const) {
      const built = buildHeader({ ...spec, weightType });
      const f = ggufSizeFacts(parseGgufHeader(ab(built.header)))!;
      expect(f.paramsFrom).toBe('tensors');
      expect(f.params).toBe(built.spec.params);
      expect(f.tensorBytes).toBe(built.layout.reduce((s, t) => s + t.bytes, 0));
      // norms stay f32 in an f16 file, so a little above 16
      expect(f.bitsPerWeight!).toBeGreaterThanOrEqual(bits);
      expect(f.bitsPerWeight!).toBeLessThan(bits * 1.05);
      expect(f.layers).toBe(2); // llama.block_count
    }
  });

  it('layers: the architecture\'s block_count, only a positive whole number of it', () => {
    const t = [tensor([32], 0)];
    expect(ggufSizeFacts({ metadata: { 'general.architecture': 'qwen2', 'qwen2.block_count': 24 }, tensors: t })!.layers).toBe(24);
    expect(ggufSizeFacts({ metadata: { 'general.architecture': 'qwen2', 'llama.block_count': 24 }, tensors: t })!.layers).toBeNull(); // another architecture's key
    for (const bad of [0, -3, 2.5, '24']) expect(ggufSizeFacts({ metadata: { 'general.architecture': 'llama', 'llama.block_count': bad }, tensors: t })!.layers).toBeNull();
  });

  it('general.parameter_count wins over the tensor sum (e.g. tied embeddings), and sets bits per weight', () => {
    const h = { metadata: { 'general.parameter_count': 1000 }, tensors: [tensor([32, 40], 2)] }; // 1280 Q4_0 weights = 720 bytes
    expect(ggufSizeFacts(h)).toEqual({ params: 1000, paramsFrom: 'metadata', tensorBytes: 720, bitsPerWeight: 5.76, layers: null, fileType: 'Q4_0' }); // no file type: its matrices name it
    expect(ggufSizeFacts({ metadata: { 'general.parameter_count': 0 }, tensors: [tensor([32, 40], 2)] })).toMatchObject({ params: 1280, paramsFrom: 'tensors', bitsPerWeight: 4.5 });
    expect(ggufSizeFacts({ metadata: { 'general.parameter_count': 'many' }, tensors: [tensor([32], 8)] })).toMatchObject({ params: 32, bitsPerWeight: 8.5 });
  });

  it('a recorded count over 2× from the tensors is a wrong header: the tensors decide (no 142-million-bit weights)', () => {
    const q8 = [tensor([4096, 4096], 8)]; // 16.8 M Q8_0 weights
    expect(ggufSizeFacts({ metadata: { 'general.parameter_count': 1 }, tensors: q8 })).toMatchObject({ params: 4096 * 4096, paramsFrom: 'tensors', bitsPerWeight: 8.5 });
    expect(ggufSizeFacts({ metadata: { 'general.parameter_count': 70e9 }, tensors: q8 })).toMatchObject({ params: 4096 * 4096, paramsFrom: 'tensors', bitsPerWeight: 8.5 });
    expect(ggufSizeFacts({ metadata: { 'general.parameter_count': 2 * 4096 * 4096 }, tensors: q8 })!.paramsFrom).toBe('metadata');
  });

  it("general.file_type names the quantisation (llama.cpp's llama_ftype); a number not known here, or none, is null", () => {
    const t = [tensor([32], 8)];
    expect(ggufSizeFacts({ metadata: { 'general.file_type': 15 }, tensors: t })!.fileType).toBe('Q4_K_M');
    expect(ggufSizeFacts({ metadata: { 'general.file_type': 7 }, tensors: t })!.fileType).toBe('Q8_0');
    expect(ggufSizeFacts({ metadata: { 'general.file_type': 2 }, tensors: t })!.fileType).toBe('Q4_0');
    expect(ggufSizeFacts({ metadata: { 'general.file_type': 0 }, tensors: t })!.fileType).toBe('F32');
    for (const bad of [4, 99, -1, '15']) expect(ggufSizeFacts({ metadata: { 'general.file_type': bad }, tensors: t })!.fileType).toBeNull();
    expect(withGgufFacts({ ...gguf, fileType: 'Q4_K_M' }, { params: 1e9, paramsFrom: 'tensors', tensorBytes: null, bitsPerWeight: null, layers: null, fileType: null }).fileType).toBe('Q4_K_M');
  });

  it('a file type its weight matrices do not bear out is not believed: their family by bytes names it (a real K-quant mix stands)', () => {
    const of = (fileType: number, tensors: GgufTensorInfo[]) => ggufSizeFacts({ metadata: { 'general.file_type': fileType }, tensors })!.fileType;
    const norm = tensor([256], 0); // norms are f32 in every file
    // Declared Q4_K_M, every matrix Q8_0: it decodes as Q8_0.
    expect(of(15, [norm, tensor([256, 256], 8), tensor([256, 512], 8)])).toBe('Q8_0');
    // llama.cpp's own Q4_K_M mix (q4_K, q6_K, and q5_0 where a row is not a multiple of 256, even most of the bytes): Q4_K_M.
    expect(of(15, [norm, tensor([896, 4864], 6), tensor([896, 896], 6), tensor([256, 256], 12), tensor([256, 256], 14)])).toBe('Q4_K_M');
    // Declared F32 with Q4_0 matrices; declared Q8_0 with a q6_K output beside its q8_0 matrices.
    expect(of(0, [norm, tensor([256, 256], 2)])).toBe('Q4_0');
    expect(of(7, [norm, tensor([256, 256], 8), tensor([256, 1000], 14)])).toBe('Q8_0');
    // Declared Q4_0, f16 and f32 matrices: the float family by bytes.
    expect(of(2, [tensor([256, 256], 1)])).toBe('F16');
    expect(of(2, [tensor([256, 256], 0)])).toBe('F32');
    // Matrices of a type not known here leave the declared type.
    expect(of(15, [tensor([256, 256], 99)])).toBe('Q4_K_M');
  });

  it('an unknown tensor type leaves bits unknown; no tensors and no count → null', () => {
    expect(ggufSizeFacts({ metadata: {}, tensors: [tensor([32], 0), tensor([32], 99)] })).toEqual({ params: 64, paramsFrom: 'tensors', tensorBytes: null, bitsPerWeight: null, layers: null, fileType: null });
    expect(ggufSizeFacts({ metadata: {}, tensors: [] })).toBeNull();
  });
});

const gguf: ModelDescriptor = {
  id: 'gguf:x', engine: 'wllama', label: 'x', paramsBillions: 1, bitsPerWeight: 4.85, weightBytes: 9e8, vramRequiredMB: null,
  contextLength: 512, requiredFeatures: [], url: 'http://localhost/x.gguf', source: 'prebuilt',
};

describe('withGgufFacts', () => {
  it('replaces recorded figures with the header\'s; keeps what the header cannot tell', () => {
    expect(withGgufFacts(gguf, { params: 1.24e9, paramsFrom: 'metadata', tensorBytes: 8e8, bitsPerWeight: 5.16, layers: 16, fileType: 'Q4_K_M' })).toMatchObject({ paramsBillions: 1.24, bitsPerWeight: 5.16, weightBytes: 8e8, layers: 16, fileType: 'Q4_K_M' });
    expect(withGgufFacts({ ...gguf, layers: 12 }, { params: 2e9, paramsFrom: 'tensors', tensorBytes: null, bitsPerWeight: null, layers: null, fileType: null })).toMatchObject({ paramsBillions: 2, bitsPerWeight: 4.85, weightBytes: 9e8, layers: 12 });
  });
});

describe('cached headers refine the catalogue', () => {
  const built = buildHeader(spec);
  const file = new Uint8Array(built.header.length + built.dataBytes);
  file.set(built.header);
  const cache = (entries: Record<string, Uint8Array>) => ({ match: async (url: RequestInfo | URL) => (entries[String(url)] ? new Response(new Blob([entries[String(url)] as BlobPart])) : undefined) });

  it('reads the facts of a cached file; a missing or non-GGUF entry gives null', async () => {
    const c = cache({ 'http://localhost/x.gguf': file, 'http://localhost/html': new TextEncoder().encode('<!doctype html>') });
    expect((await cachedGgufFacts('http://localhost/x.gguf', c))?.params).toBe(built.spec.params);
    expect(await cachedGgufFacts('http://localhost/none.gguf', c)).toBeNull();
    expect(await cachedGgufFacts('http://localhost/html', c)).toBeNull();
  });

  it('applies them to catalogue and custom GGUFs only, never to generated or web-llm models', async () => {
    const generated = { ...gguf, id: 'generated:x', source: 'generated' as const };
    const webllm = { ...gguf, id: 'w', engine: 'web-llm' as const };
    const out = await refineFromCachedHeaders([gguf, generated, webllm], async () => cache({ 'http://localhost/x.gguf': file }));
    expect(out[0].paramsBillions).toBe(built.spec.params / 1e9);
    expect(out[0].bitsPerWeight).not.toBe(4.85);
    expect(out[1]).toBe(generated);
    expect(out[2]).toBe(webllm);
  });

  it('an entry the browser cannot read leaves the catalogue whole, with the recorded figures', async () => {
    const unreadable = { match: async () => new Response(new ReadableStream({ start: (c) => c.error(new TypeError('Failed to read blob')) })) };
    expect(await refineFromCachedHeaders([gguf], async () => unreadable)).toEqual([gguf]);
  });

  it('tensors of a type not sized here (i-quants): the cached file\'s size stands in, so the model can be planned', async () => {
    const file = new Uint8Array(tinyGguf([['w', [1024, 1024], 23]]).length + 557_056); // IQ4_XS: 4.25 bits per weight
    file.set(tinyGguf([['w', [1024, 1024], 23]]));
    expect(ggufSizeFacts(parseGgufHeader(ab(file)))).toMatchObject({ params: 1024 * 1024, tensorBytes: null, bitsPerWeight: null });
    const f = await cachedGgufFacts('http://localhost/iq.gguf', cache({ 'http://localhost/iq.gguf': file }));
    expect(f).toMatchObject({ params: 1024 * 1024, tensorBytes: file.length });
    expect(f!.bitsPerWeight).toBeCloseTo(4.25, 2);
  });

  it('without a Cache API the recorded figures stay', async () => {
    const out = await refineFromCachedHeaders([gguf], async () => {
      throw new ReferenceError('caches is not defined');
    });
    expect(out).toEqual([gguf]);
  });
});
