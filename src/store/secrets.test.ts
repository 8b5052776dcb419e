import { describe, expect, it } from 'vitest';
import { keyWouldTravelInClear, maskSecret, withoutSecrets } from './secrets';
import { oneOfEach } from './fixtures.test-util';
import { previewImport } from './import-preview';
import { BACKUP_FORMAT } from './backup';
import { DB_VERSION } from './schema';

describe('secrets', () => {
  it('masks a key, showing at most its last four characters', () => {
    expect(maskSecret('sk-secret-0123456789')).toBe('••••••••6789');
    expect(maskSecret('short')).toBe('••••••••');
  });

  it('strips the API key of a remote server and leaves other records alone', () => {
    const [gguf, remote] = oneOfEach().customModels;
    expect(withoutSecrets(remote).config).toEqual({ baseUrl: 'http://10.0.0.5:8080', model: 'llama' });
    expect(withoutSecrets(gguf)).toBe(gguf);
  });

  it('warns for http to another host, not for https or this machine', () => {
    expect(keyWouldTravelInClear('http://10.0.0.5:8080/v1')).toBe(true);
    expect(keyWouldTravelInClear('https://lab.example.org')).toBe(false);
    expect(keyWouldTravelInClear('http://localhost:8080')).toBe(false);
    expect(keyWouldTravelInClear('http://127.0.0.1:8080')).toBe(false);
  });
});

describe('import preview', () => {
  it('lists every setting and model that points the app at another host', () => {
    const backup = { format: BACKUP_FORMAT, dbVersion: DB_VERSION, exportedAt: 1, stores: oneOfEach() } as const;
    const preview = previewImport(backup, 'http://127.0.0.1:5173');
    expect(preview.external).toEqual([
      { what: 'web-llm model base URL (weights and libraries)', url: 'https://models.example.org/mlc' },
      { what: '"lab server": remote server', url: 'http://10.0.0.5:8080' },
      { what: '"x": web-llm weights', url: 'https://hf.example.org/x' },
      { what: '"x": web-llm model library (code)', url: 'https://hf.example.org/x.wasm' },
    ]);
    expect(preview.counts.customModels).toBe(3);
  });
});
