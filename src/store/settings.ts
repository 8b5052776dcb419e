import { db } from './db';
import { toStorageError } from './errors';

/** Reads one setting, or `fallback` when it was never saved. */
export async function getSetting<T>(key: string, fallback: T): Promise<T> {
  const record = await (await db()).get('settings', key);
  return record === undefined ? fallback : (record.value as T);
}

export async function putSetting(key: string, value: unknown): Promise<void> {
  try {
    await (await db()).put('settings', { key, value });
  } catch (err) {
    throw toStorageError(err, 'settings');
  }
}
