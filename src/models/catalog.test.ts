import { describe, expect, it } from 'vitest';
import { customDescriptor, parseGeneratedManifest } from './catalog';
import type { CustomModelRecord } from '../store/schema';
import { ggufCatalog } from './catalog-gguf';
import { bitsPerWeightOf, webLlmCatalog, webLlmDescriptor, webLlmRecords } from './catalog-webllm';
import { PARAMS_BILLIONS, paramsBillionsOf, quantizationOf } from '../../scripts/webllm-params.mjs';

describe('model catalogue', () => {
  const byId = (id: string) => webLlmCatalog().find((m) => m.id === id)!;

  it('web-llm parameter counts are the recorded ones, not the id\'s nominal size', () => {
    expect(byId('Llama-3.2-1B-Instruct-q4f16_1-MLC').paramsBillions).toBe(1.24);
    expect(byId('gemma-2-2b-it-q4f16_1-MLC').paramsBillions).toBe(2.61);
    expect(byId('SmolLM2-360M-Instruct-q4f16_1-MLC').paramsBillions).toBe(0.362);
    expect(byId('stablelm-2-zephyr-1_6b-q4f16_1-MLC').paramsBillions).toBe(1.64);
    expect(byId('Qwen2.5-1.5B-Instruct-q4f32_1-MLC').paramsBillions).toBe(1.54);
    expect(byId('Phi-3.5-mini-instruct-q4f16_1-MLC').paramsBillions).toBe(3.82);
    expect(byId('Llama-3.1-70B-Instruct-q3f16_1-MLC').paramsBillions).toBe(70.6);
  });

  it('bits per weight are the quantisation\'s stored bits: words per group plus the scale', () => {
    expect(bitsPerWeightOf('q4f16_1')).toBe(4.5); // 128 + 16 bits per 32 weights
    expect(bitsPerWeightOf('q4f32_1')).toBe(5); // 128 + 32 bits per 32 weights
    expect(bitsPerWeightOf('q3f16_1')).toBe(3.6); // 10 weights per uint32: 4 words + 16 bits per 40
    expect(bitsPerWeightOf('q0f16')).toBe(16);
    expect(bitsPerWeightOf('q0f32')).toBe(32);
    expect(bitsPerWeightOf('q8f99')).toBeNull();
    expect(bitsPerWeightOf(null)).toBeNull();
  });

  it('weight bytes = recorded params × true bits ÷ 8 (Llama-3.2-1B q4f32: 1.24e9 × 5 / 8 = 775 MB)', () => {
    const m = byId('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(m.bitsPerWeight).toBe(5);
    expect(m.weightBytes).toBe(775_000_000);
    expect(byId('Llama-3.2-1B-Instruct-q4f16_1-MLC').weightBytes).toBe(697_500_000);
  });

  it('every web-llm LLM is sized, and its weights fit in the VRAM web-llm measured for it', () => {
    const list = webLlmCatalog();
    expect(list.length).toBeGreaterThan(100);
    for (const m of list) {
      expect(m.paramsBillions, m.id).not.toBeNull();
      expect(m.bitsPerWeight, m.id).not.toBeNull();
      expect(m.vramRequiredMB, m.id).toBeGreaterThan(0);
      // An independent check of the parameter table: weights alone never exceed the measured total.
      expect(m.weightBytes!, m.id).toBeLessThan(m.vramRequiredMB! * 2 ** 20);
    }
    expect(byId('Llama-3.2-1B-Instruct-q4f16_1-MLC').requiredFeatures).toContain('shader-f16');
    expect(byId('Llama-3.2-1B-Instruct-q4f32_1-MLC').requiredFeatures).toEqual([]);
  });

  it('the snapshot holds what the cited table and the quantisation code say (regenerated from them)', () => {
    for (const r of webLlmRecords) {
      expect(r.params_billions, r.model_id).toBe(paramsBillionsOf(r.model_id));
      expect(r.quantization, r.model_id).toBe(quantizationOf(r.model_id));
    }
    expect(quantizationOf('Llama-3.1-70B-Instruct-q3f16_1-MLC')).toBe('q3f16_1');
    expect(quantizationOf('Qwen3-0.6B-q0f16-MLC')).toBe('q0f16');
    expect(quantizationOf('no-code-here')).toBeNull();
    expect(PARAMS_BILLIONS.every(([, b, source]) => b > 0 && source.startsWith('https://huggingface.co/'))).toBe(true);
  });

  it('a record without a parameter count is not sized from its id, and says so', () => {
    const r = webLlmRecords.find((x) => x.model_id === 'Llama-3.2-1B-Instruct-q4f16_1-MLC')!;
    const m = webLlmDescriptor({ ...r, params_billions: null });
    expect(m.paramsBillions).toBeNull();
    expect(m.weightBytes).toBeNull();
    expect(m.note).toMatch(/parameter count not recorded/);
    expect(webLlmDescriptor({ ...r, quantization: null }).bitsPerWeight).toBeNull();
  });

  it('GGUF catalogue entries are wllama models with public URLs', () => {
    for (const m of ggufCatalog()) {
      expect(m.engine).toBe('wllama');
      expect(m.url).toMatch(/^https:\/\/huggingface\.co\/.+\.gguf$/);
      expect(Number.isInteger(m.layers) && m.layers! > 0).toBe(true); // decode pays per block (capacity/fit-probe.ts)
    }
    expect(ggufCatalog().find((m) => m.id === 'gguf:Llama-3.2-1B-Instruct-Q4_K_M')!.layers).toBe(16);
  });

  it('reads the generated-model manifest and ignores malformed entries', () => {
    const list = parseGeneratedManifest([
      { id: 'wirthforge-tiny', file: 'wirthforge-tiny.gguf', bytes: 383328, params: 94912, weightType: 'f32', contextLength: 512, nLayer: 2 },
      { id: 'broken' },
      { id: 'no-depth', file: 'x.gguf', bytes: 1000, params: 250, nLayer: 2.5 },
    ]);
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ id: 'generated:wirthforge-tiny', engine: 'wllama', url: '/models/wirthforge-tiny.gguf', bitsPerWeight: 32, weightBytes: 383328, source: 'generated', layers: 2 });
    expect(list[1].layers).toBeNull(); // not a whole number of blocks: unknown, not guessed
    expect(parseGeneratedManifest({})).toEqual([]);
  });

  it('a size of 0 is unknown, not "fits in 0 MB at Infinity tok/s" (manifest and custom records)', () => {
    expect(parseGeneratedManifest([{ id: 'z', file: 'z.gguf', bytes: 0, params: 0 }, { id: 'n', file: 'n.gguf', bytes: 1000, params: -5 }])).toEqual([]);
    const custom = (config: Record<string, unknown>) => customDescriptor({ id: 'gguf-1', engine: 'wllama', label: 'x', addedAt: 1, config: { url: 'https://h/x.gguf', ...config } } as CustomModelRecord);
    expect(custom({ weightBytes: 0 }).weightBytes).toBeNull();
    expect(custom({ paramsBillions: 0, bitsPerWeight: 4 })).toMatchObject({ paramsBillions: null, weightBytes: null });
    expect(custom({ paramsBillions: 1, bitsPerWeight: 0 })).toMatchObject({ bitsPerWeight: null, weightBytes: null });
    expect(custom({ vram_required_MB: 0 }).vramRequiredMB).toBeNull();
    expect(custom({ paramsBillions: 1.24, bitsPerWeight: 5 })).toMatchObject({ paramsBillions: 1.24, weightBytes: 775_000_000 });
  });
});
