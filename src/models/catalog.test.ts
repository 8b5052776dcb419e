import { describe, expect, it } from 'vitest';
import { parseGeneratedManifest } from './catalog';
import { ggufCatalog } from './catalog-gguf';
import { bitsFromId, paramsFromId, webLlmCatalog } from './catalog-webllm';

describe('model catalogue', () => {
  it('derives parameters from web-llm ids', () => {
    expect(paramsFromId('Llama-3.2-1B-Instruct-q4f16_1-MLC')).toBe(1);
    expect(paramsFromId('SmolLM2-360M-Instruct-q4f16_1-MLC')).toBeCloseTo(0.36, 10);
    expect(paramsFromId('stablelm-2-zephyr-1_6b-q4f16_1-MLC')).toBe(1.6);
    expect(paramsFromId('Qwen2.5-1.5B-Instruct-q4f32_1-MLC')).toBe(1.5);
    expect(paramsFromId('gemma-4-E2B-it-q4f16_1-MLC')).toBe(2);
    expect(paramsFromId('Llama-3.1-70B-Instruct-q3f16_1-MLC')).toBe(70);
    expect(paramsFromId('Phi-3.5-mini-instruct-q4f16_1-MLC')).toBe(3.82);
  });

  it('derives bits per weight from the quantisation code', () => {
    expect(bitsFromId('Llama-3.2-1B-Instruct-q4f16_1-MLC')).toBe(4.5);
    expect(bitsFromId('Qwen3-0.6B-q0f32-MLC')).toBe(32);
    expect(bitsFromId('Qwen3-0.6B-q0f16-MLC')).toBe(16);
    expect(bitsFromId('Llama-3.1-70B-Instruct-q3f16_1-MLC')).toBe(3.5);
  });

  it('the web-llm snapshot has sizes for every LLM, and f16 models need shader-f16', () => {
    const list = webLlmCatalog();
    expect(list.length).toBeGreaterThan(100);
    for (const m of list) {
      expect(m.paramsBillions, m.id).not.toBeNull();
      expect(m.bitsPerWeight, m.id).not.toBeNull();
      expect(m.vramRequiredMB, m.id).toBeGreaterThan(0);
    }
    expect(list.find((m) => m.id === 'Llama-3.2-1B-Instruct-q4f16_1-MLC')!.requiredFeatures).toContain('shader-f16');
    expect(list.find((m) => m.id === 'Llama-3.2-1B-Instruct-q4f32_1-MLC')!.requiredFeatures).toEqual([]);
  });

  it('GGUF catalogue entries are wllama models with public URLs', () => {
    for (const m of ggufCatalog()) {
      expect(m.engine).toBe('wllama');
      expect(m.url).toMatch(/^https:\/\/huggingface\.co\/.+\.gguf$/);
    }
  });

  it('reads the generated-model manifest and ignores malformed entries', () => {
    const list = parseGeneratedManifest([
      { id: 'wirthforge-tiny', file: 'wirthforge-tiny.gguf', bytes: 383328, params: 94912, weightType: 'f32', contextLength: 512 },
      { id: 'broken' },
    ]);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: 'generated:wirthforge-tiny', engine: 'wllama', url: '/models/wirthforge-tiny.gguf', bitsPerWeight: 32, weightBytes: 383328, source: 'generated' });
    expect(parseGeneratedManifest({})).toEqual([]);
  });
});
