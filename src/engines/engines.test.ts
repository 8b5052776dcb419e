import { describe, expect, it, vi } from 'vitest';
import { ChatRecorder } from './chat-stream';
import { apiBase } from './remote-engine';
import { chooseThreads } from './threads';
import { missingFeature, rehost, requiredFeatures } from './webllm-records';
import { ModelNotFoundError, errorName, fromWire, toWire } from './errors';

describe('chat recorder', () => {
  it('one token per event: decode speed is (tokens - 1) over first → last token, as before', () => {
    const rec = new ChatRecorder('m');
    for (const w of ['a', 'b', 'c']) rec.token(w);
    const r = rec.finish('stop');
    expect(r.completionTokens).toBe(3);
    const span = r.tokenTimes[2] - r.tokenTimes[0];
    expect(r.decodeTokensPerSecond).toBe(span > 0 ? 2000 / span : null);
  });
  it('a last token sent right after the one before it (llama.cpp samples it without a decode step) is left out of the speed', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const rec = new ChatRecorder('m');
      for (let i = 0; i < 11; i++) {
        if (i) vi.advanceTimersByTime(20);
        rec.token('a');
      }
      vi.advanceTimersByTime(1); // the 12th arrives 1 ms after the 11th
      rec.token('b');
      expect(rec.finish('length').decodeTokensPerSecond).toBeCloseTo(50, 6); // 1 token per 20 ms, not 11 over 201 ms
    } finally {
      vi.useRealTimers();
    }
  });
  it('an even stream keeps its last token: 11 tokens over 11 gaps of 20 ms', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const rec = new ChatRecorder('m');
      for (let i = 0; i < 12; i++) {
        if (i) vi.advanceTimersByTime(i === 11 ? 5 : 20); // a last gap of a quarter of the median: still a step
        rec.token('a');
      }
      expect(rec.finish('length').decodeTokensPerSecond).toBeCloseTo((11 * 1000) / 205, 6);
    } finally {
      vi.useRealTimers();
    }
  });
  it('a server total wins: spread over the events by text, at least one each, adding up exactly', () => {
    const rec = new ChatRecorder('m');
    rec.token('x');
    rec.token('the rest of it');
    rec.settleCompletionTokens(12);
    const r = rec.finish('stop');
    expect(r.completionTokens).toBe(12);
    expect(r.tokenTimes).toHaveLength(12);
    expect(r.tokenTimes.filter((t) => t === r.tokenTimes[0]).length).toBeLessThan(r.tokenTimes.filter((t) => t === r.tokenTimes[11]).length);
  });
  it('a total of 0, or no event to time, changes nothing', () => {
    const rec = new ChatRecorder('m');
    rec.settleCompletionTokens(5);
    rec.token('a');
    rec.settleCompletionTokens(0);
    expect(rec.finish('stop').completionTokens).toBe(1);
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
