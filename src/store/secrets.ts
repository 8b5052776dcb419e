import type { CustomModelRecord } from './schema';

/**
 * Secrets in stored records: a remote server's API key (customModels `config.apiKey`). They stay
 * out of exports unless the person asks, are never logged, and are shown masked.
 */

export function hasSecret(record: CustomModelRecord): boolean {
  return typeof record.config.apiKey === 'string' && record.config.apiKey !== '';
}

/** The record without its API key (unchanged when it has none). */
export function withoutSecrets(record: CustomModelRecord): CustomModelRecord {
  if (!hasSecret(record)) return record;
  const { apiKey: _secret, ...config } = record.config;
  return { ...record, config };
}

/** "••••••••3f9a": the last four characters of a long key, nothing of a short one. */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `••••••••${secret.slice(-4)}` : '••••••••';
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True when sending a key to `url` would cross the network unencrypted (http to another host). */
export function keyWouldTravelInClear(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && !LOCAL_HOSTS.has(u.hostname);
  } catch {
    return false;
  }
}
