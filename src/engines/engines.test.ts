import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';
import { apiBase } from './remote-engine';
import { chooseThreads } from './threads';
import { missingFeature, rehost, requiredFeatures } from './webllm-records';
import { ModelNotFoundError, errorName, fromWire, toWire } from './errors';

describe('SSE parser', () => {
  it('parses events split across chunks, CRLF endings and [DONE]', () => {
    const p = new SseParser();
    expect(p.push('data: {"a"')).toEqual([]);
    expect(p.push(':1}\r\n\r\nda')).toEqual(['{"a":1}']);
    expect(p.push('ta: [DONE]\n\n')).toEqual(['[DONE]']);
    expect(p.push(': keep-alive\n\n')).toEqual([]);
  });
  it('flushes an unterminated last event', () => {
    const p = new SseParser();
    p.push('data: x');
    expect(p.end()).toEqual(['x']);
  });
});

describe('remote base URL', () => {
  it('appends /v1 once', () => {
    expect(apiBase('http://h:8000')).toBe('http://h:8000/v1');
    expect(apiBase('http://h:8000/v1/')).toBe('http://h:8000/v1');
  });
});

describe('thread choice', () => {
  it('1 thread without cross-origin isolation; a share of the cores (one kept for the UI) otherwise', () => {
    expect(chooseThreads({ hardwareConcurrency: 8, crossOriginIsolated: false, members: 1 })).toBe(1);
    expect(chooseThreads({ hardwareConcurrency: 8, crossOriginIsolated: true, members: 2 })).toBe(3);
    expect(chooseThreads({ hardwareConcurrency: 2, crossOriginIsolated: true, members: 1 })).toBe(1);
    expect(chooseThreads({ hardwareConcurrency: 2, crossOriginIsolated: true, members: 3 })).toBe(1);
    expect(chooseThreads({ hardwareConcurrency: 16, crossOriginIsolated: true, members: 1 })).toBe(4);
    expect(chooseThreads({ hardwareConcurrency: 4, crossOriginIsolated: true, members: 1, requested: 8 })).toBe(4);
  });
});

describe('web-llm records', () => {
  const rec = { model: 'https://huggingface.co/mlc-ai/Llama-3.2-1B-Instruct-q4f16_1-MLC', model_id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC', model_lib: 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_80/Llama-3.2-1B-Instruct-q4f16_1-ctx4k_cs1k-webgpu.wasm' };
  it('f16 models need shader-f16, checked before download', () => {
    expect(requiredFeatures(rec)).toEqual(['shader-f16']);
    expect(missingFeature(rec, [])).toBe('shader-f16');
    expect(missingFeature(rec, ['shader-f16'])).toBeNull();
    expect(requiredFeatures({ model_id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC' })).toEqual([]);
  });
  it('rehosts weights and library onto a base URL', () => {
    const r = rehost(rec, 'http://127.0.0.1:9000/models/');
    expect(r.model).toBe('http://127.0.0.1:9000/models/Llama-3.2-1B-Instruct-q4f16_1-MLC');
    expect(r.model_lib).toBe('http://127.0.0.1:9000/models/libs/Llama-3.2-1B-Instruct-q4f16_1-ctx4k_cs1k-webgpu.wasm');
  });
});

describe('named errors across the worker boundary', () => {
  it('keep name, message and fields', () => {
    const wire = toWire(new ModelNotFoundError('http://x/m.gguf'));
    const back = fromWire(JSON.parse(JSON.stringify(wire)));
    expect(errorName(back)).toBe('ModelNotFoundError');
    expect(back.message).toMatch(/not found/);
    expect(back.fields).toEqual({ url: 'http://x/m.gguf', status: 404 });
  });
});
