import type { BackupFile } from './backup';
import { RECORD_STORES, type RecordStore } from './schemas';

/**
 * What an import would change, shown before it takes effect: how many records per store, and
 * every setting or model that would point the app at another host (model weights and libraries,
 * remote servers), which the person must confirm.
 */
export interface ExternalTarget {
  what: string;
  url: string;
}

export interface ImportPreview {
  counts: Partial<Record<RecordStore, number>>;
  total: number;
  external: ExternalTarget[];
}

const isExternal = (url: string, origin: string) => {
  try {
    return new URL(url, origin).origin !== origin;
  } catch {
    return true;
  }
};

export function previewImport(backup: BackupFile, origin: string): ImportPreview {
  const counts: Partial<Record<RecordStore, number>> = {};
  for (const s of RECORD_STORES) if (backup.stores[s].length) counts[s] = backup.stores[s].length;
  const external: ExternalTarget[] = [];
  const add = (what: string, url: unknown) => {
    if (typeof url === 'string' && url !== '' && isExternal(url, origin)) external.push({ what, url });
  };
  for (const s of backup.stores.settings) if (s.key === 'webllm.modelBaseUrl') add('web-llm model base URL (weights and libraries)', s.value);
  for (const m of backup.stores.customModels) {
    const c = m.config;
    add(`"${m.label}": GGUF file`, c.url);
    add(`"${m.label}": web-llm weights`, c.model);
    add(`"${m.label}": web-llm model library (code)`, c.model_lib);
    add(`"${m.label}": remote server`, c.baseUrl);
  }
  return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0), external };
}
