import { describe, expect, it } from 'vitest';
import { modelsOnDevice } from './on-device';
import type { ModelDescriptor } from '../../models/model';

const model = (id: string, engine: ModelDescriptor['engine'], url: string) =>
  ({ id, engine, url, label: id, paramsBillions: null, bitsPerWeight: null, weightBytes: null, vramRequiredMB: null, contextLength: null, requiredFeatures: [], source: 'generated' }) as ModelDescriptor;

describe('models on this device', () => {
  it('marks a GGUF cached under its absolute URL and a web-llm model with shards under its URL, nothing else', () => {
    const models = [
      model('generated:tiny', 'wllama', '/models/tiny.gguf'),
      model('generated:bench', 'wllama', '/models/bench.gguf'),
      model('Llama-1B-MLC', 'web-llm', 'https://huggingface.co/mlc-ai/Llama-1B-MLC'),
      model('Llama-1B-MLC-x', 'web-llm', 'https://huggingface.co/mlc-ai/Llama-1B-MLC-x'),
      model('server', 'remote', 'http://127.0.0.1:8080'),
    ];
    const cached = [
      { cache: 'wirthforge-gguf', url: 'http://127.0.0.1:4173/models/tiny.gguf', bytes: 1 },
      { cache: 'webllm/model', url: 'https://huggingface.co/mlc-ai/Llama-1B-MLC/resolve/main/params_shard_0.bin', bytes: 1 },
    ];
    expect([...modelsOnDevice(models, cached, 'http://127.0.0.1:4173/#/models')]).toEqual(['generated:tiny', 'Llama-1B-MLC']);
  });
});
