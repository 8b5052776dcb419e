import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { ALIGNMENT, GGML_TYPE, GGUF_MAGIC, buildHeader, byteLevelVocab, ggufChunks, ggufFacts, tensorData, toHalf, typeBytes } from './gguf-writer.mjs';
import { writeGguf } from '../../../scripts/gguf/gguf-file.mjs';
import { describeGguf, parseGgufHeader } from '../../engines/gguf-header';

const tiny = { name: 't', seed: 7, nLayer: 2, nEmbd: 64, nHead: 4, nHeadKv: 4, nFf: 128, contextLength: 512 } as const;

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

describe('GGUF writer', () => {
  it('writes a GGUF v3 header with llama metadata and a gpt2 byte-level vocabulary', () => {
    const { header } = buildHeader(tiny);
    const view = new DataView(header.buffer, header.byteOffset);
    expect(view.getUint32(0, true)).toBe(GGUF_MAGIC);
    expect(new TextDecoder('latin1').decode(header.subarray(0, 4))).toBe('GGUF');
    expect(view.getUint32(4, true)).toBe(3);
    const h = parseGgufHeader(toArrayBuffer(header));
    expect(h.metadata['general.architecture']).toBe('llama');
    expect(h.metadata['llama.block_count']).toBe(2);
    expect(h.metadata['llama.embedding_length']).toBe(64);
    expect(h.metadata['tokenizer.ggml.model']).toBe('gpt2');
    expect(h.metadata['tokenizer.ggml.merges']).toEqual([]);
    const tokens = h.metadata['tokenizer.ggml.tokens'] as string[];
    expect(tokens.length).toBe(99);
    expect(tokens[h.metadata['tokenizer.ggml.bos_token_id'] as number]).toBe('<s>');
    expect(describeGguf(h)).toMatchObject({ architecture: 'llama', nLayer: 2, nEmbd: 64, contextLength: 512, nVocab: 99 });
  });

  it('lists dims fastest-varying first and aligns every tensor and the data start to 32 bytes', () => {
    const { header, layout } = buildHeader(tiny);
    expect(header.length % ALIGNMENT).toBe(0);
    const h = parseGgufHeader(toArrayBuffer(header));
    expect(h.dataOffset).toBe(header.length);
    const embd = h.tensors.find((t) => t.name === 'token_embd.weight')!;
    expect(embd.dims).toEqual([64, 99]);
    expect(h.tensors.find((t) => t.name === 'blk.1.ffn_down.weight')!.dims).toEqual([128, 64]);
    for (const t of layout) expect(t.offset % ALIGNMENT).toBe(0);
    expect(h.tensors.length).toBe(3 + 2 * 9);
  });

  it('vocabulary is printable ASCII plus space/newline/tab, so random sampling stays valid UTF-8', () => {
    const { tokens } = byteLevelVocab();
    const normal = tokens.slice(2);
    expect(normal).toContain('!');
    expect(normal).toContain('~');
    expect(normal).toContain('\u0120'); // GPT-2's byte-level space
    expect(normal.every((t) => t.length === 1)).toBe(true);
  });

  it("'bytes' vocabulary spells all 256 bytes the GPT-2 way (for the broken-UTF-8 robustness model)", () => {
    const { tokens } = byteLevelVocab('bytes');
    expect(tokens.length).toBe(258);
    expect(new Set(tokens).size).toBe(258);
    expect(tokens).toContain('\u00c3'); // byte 0xC3, a UTF-8 lead byte on its own
  });

  it('is deterministic for a seed and different for another seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gguf-'));
    const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
    const a = await writeGguf(join(dir, 'a.gguf'), tiny);
    await writeGguf(join(dir, 'b.gguf'), tiny);
    await writeGguf(join(dir, 'c.gguf'), { ...tiny, seed: 8 });
    expect(hash(join(dir, 'a.gguf'))).toBe(hash(join(dir, 'b.gguf')));
    expect(hash(join(dir, 'a.gguf'))).not.toBe(hash(join(dir, 'c.gguf')));
    const file = readFileSync(join(dir, 'a.gguf'));
    expect(file.length).toBe(a.bytes);
    expect(parseGgufHeader(toArrayBuffer(file)).minFileBytes).toBe(file.length);
    // The chunks a browser worker collects into a Blob are the very bytes of the file.
    expect(Buffer.concat([...ggufChunks(tiny)])).toEqual(file);
  });

  it('f16 weights halve the matrices and keep norms f32', () => {
    const f32 = buildHeader(tiny);
    const f16 = buildHeader({ ...tiny, weightType: 'f16' });
    expect(f16.dataBytes).toBeLessThan(f32.dataBytes * 0.6);
    expect(f16.layout.find((t) => t.name === 'output_norm.weight')!.type).toBe(0);
    expect(f16.layout.find((t) => t.name === 'output.weight')!.type).toBe(1);
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(-2)).toBe(0xc000);
  });

  it('q8_0 and q4_0 weights: 34 and 18 bytes per 32, norms f32, the file type said, and the header reader agrees on the size', () => {
    const shape = { ...tiny, nEmbd: 64, nFf: 128 };
    const f32 = buildHeader(shape);
    for (const [weightType, type, fileType, perBlock] of [['q8_0', GGML_TYPE.Q8_0, 7, 34], ['q4_0', GGML_TYPE.Q4_0, 2, 18]] as const) {
      const q = buildHeader({ ...shape, weightType });
      const out = q.layout.find((t) => t.name === 'output.weight')!;
      expect(out.type).toBe(type);
      expect(out.bytes).toBe((out.count / 32) * perBlock);
      expect(q.layout.find((t) => t.name === 'output_norm.weight')!.type).toBe(GGML_TYPE.F32);
      const file = Buffer.concat([...ggufChunks({ ...shape, weightType }, 'tiled')]);
      const parsed = parseGgufHeader(toArrayBuffer(file));
      expect(parsed.metadata['general.file_type']).toBe(fileType);
      expect(parsed.minFileBytes).toBe(file.length);
      expect(file.length).toBeLessThan(f32.dataBytes / 3);
      // Tiled and random fills make files of one size; every block's scale is the same f16.
      expect(Buffer.concat([...ggufChunks({ ...shape, weightType }, 'random')]).length).toBe(file.length);
      const data = tensorData(out, 1, 'tiled');
      expect(data[perBlock] | (data[perBlock + 1] << 8)).toBe(data[0] | (data[1] << 8));
    }
  });

  it("Q4_K_M: llama.cpp's mix — q6_K for the logits and some blocks' attn_v and ffn_down, q4_K elsewhere, q5_0 / q8_0 where a row is not a multiple of 256", () => {
    const shape = { ...tiny, nLayer: 8, nEmbd: 256, nHead: 4, nHeadKv: 4, nFf: 512, weightType: 'q4_k_m' as const };
    const h = buildHeader(shape);
    const type = (name: string) => h.layout.find((t) => t.name === name)!.type;
    expect(type('output.weight')).toBe(GGML_TYPE.Q6_K);
    expect(type('token_embd.weight')).toBe(GGML_TYPE.Q4_K);
    expect(type('blk.0.attn_q.weight')).toBe(GGML_TYPE.Q4_K);
    // use_more_bits(i, 8): i < 1, i ≥ 7, or (i − 1) % 3 == 2 → blocks 0, 3, 6, 7.
    const v = [...Array(8).keys()].map((i) => type(`blk.${i}.attn_v.weight`) === GGML_TYPE.Q6_K);
    expect(v).toEqual([true, false, false, true, false, false, true, true]);
    expect([...Array(8).keys()].map((i) => type(`blk.${i}.ffn_down.weight`) === GGML_TYPE.Q6_K)).toEqual(v);
    const q4k = h.layout.find((t) => t.name === 'blk.1.ffn_up.weight')!;
    expect(q4k.bytes).toBe((q4k.count / 256) * 144);
    expect(h.layout.find((t) => t.name === 'output.weight')!.bytes).toBe((256 * h.spec.nVocab * 210) / 256);
    // Tied embeddings: token_embd is the logits' matrix, in q6_K; rows of 384 fall back.
    const tied = buildHeader({ ...shape, tiedEmbeddings: true, vocabSize: 512 });
    expect(tied.layout.some((t) => t.name === 'output.weight')).toBe(false);
    expect(tied.layout.find((t) => t.name === 'token_embd.weight')!.type).toBe(GGML_TYPE.Q6_K);
    const narrow = buildHeader({ ...shape, nEmbd: 384, nHead: 6, nHeadKv: 6, nFf: 768 });
    expect(narrow.layout.find((t) => t.name === 'blk.1.attn_q.weight')!.type).toBe(GGML_TYPE.Q5_0);
    expect(narrow.layout.find((t) => t.name === 'output.weight')!.type).toBe(GGML_TYPE.Q8_0);
    // The header reader agrees on the size, and each block's f16 scales sit where ggml reads them.
    const file = Buffer.concat([...ggufChunks(shape, 'tiled')]);
    const parsed = parseGgufHeader(toArrayBuffer(file));
    expect(parsed.metadata['general.file_type']).toBe(15);
    expect(parsed.minFileBytes).toBe(file.length);
    const half = (d: Uint8Array, at: number) => d[at] | (d[at + 1] << 8);
    const k4 = tensorData(q4k, 1, 'random');
    expect(half(k4, 144)).toBe(half(k4, 0)); // d of the second super-block is the first's
    expect(half(k4, 2)).toBe(half(k4, 0)); // dmin
    const q6 = h.layout.find((t) => t.name === 'output.weight')!;
    const k6 = tensorData(q6, 1, 'random');
    expect(half(k6, 208 + 210)).toBe(half(k6, 208));
    expect(half(k6, 208)).toBeGreaterThan(0);
  });

  it('a real model\'s vocabulary size and tied embeddings: Llama 3.2 1B\'s shape is its published size and parameter count', () => {
    const llama = { nLayer: 16, nEmbd: 2048, nHead: 32, nHeadKv: 8, nFf: 8192, vocabSize: 128256, tiedEmbeddings: true };
    const f = ggufFacts({ ...llama, weightType: 'q4_k_m' });
    expect(f.nVocab).toBe(128256);
    expect(f.params).toBe(1_235_814_400); // Llama-3.2-1B: 1.24 B
    // bartowski's Llama-3.2-1B-Instruct-Q4_K_M.gguf is 807 690 656 bytes (its tokenizer's merges are not written here).
    expect(f.bytes / 807_690_656).toBeGreaterThan(0.99);
    expect(f.bytes / 807_690_656).toBeLessThan(1);
    const padded = byteLevelVocab('ascii', 300);
    expect(padded.tokens).toHaveLength(300);
    expect(padded.types.slice(-1)).toEqual([5]); // unused: the tokenizer never makes it
    expect(new Set(padded.tokens).size).toBe(300);
  });

  it('refuses a weight type it cannot write, and a matrix that does not fill whole blocks', () => {
    expect(() => buildHeader({ ...tiny, weightType: 'q5_k' as never })).toThrow(/unknown weight type "q5_k"/);
    expect(() => buildHeader({ ...tiny, nEmbd: 48, nFf: 100, weightType: 'q8_0' })).toThrow(/do not fill 32-value blocks/);
    expect(typeBytes(GGML_TYPE.F16, 10)).toBe(20);
  });

  it('a truncated or foreign file is refused by the header reader', () => {
    const { header } = buildHeader(tiny);
    expect(() => parseGgufHeader(toArrayBuffer(header.subarray(0, 100)))).toThrow(/longer than the bytes read/);
    expect(() => parseGgufHeader(toArrayBuffer(new TextEncoder().encode('<!doctype html><html>...</html>')))).toThrow(/not a GGUF/);
  });
});
