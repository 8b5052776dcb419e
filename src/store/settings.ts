import * as v from 'valibot';
import { db } from './db';
import { SettingShapeError, toStorageError } from './errors';
import { SETTING_SCHEMAS } from './schemas/setting';
import { readOne } from './read';

/**
 * Reads one setting, or `fallback` when it was never saved. A stored value of the wrong shape is
 * set aside (read.ts) and the fallback returned.
 */
export async function getSetting<T>(key: string, fallback: T): Promise<T> {
  const record = await readOne('settings', key);
  return record === undefined ? fallback : (record.value as T);
}

/** Refuses (SettingShapeError) a value of the wrong shape for its key: it would be set aside on read. */
function checkSetting(key: string, value: unknown): void {
  const schema = SETTING_SCHEMAS[key as keyof typeof SETTING_SCHEMAS];
  if (schema && !v.is(schema, value)) throw new SettingShapeError(key);
}

/** Saves a setting; a value of the wrong shape for its key is refused (checkSetting). */
export function putSetting(key: string, value: unknown): Promise<void> {
  return putSettings([{ key, value }]);
}

/**
 * Saves several settings that only make sense together in one transaction: all of them or none
 * (two puts, the second failing, left the first written alone). Each is checked first (checkSetting).
 */
export async function putSettings(entries: readonly { key: string; value: unknown }[]): Promise<void> {
  for (const { key, value } of entries) checkSetting(key, value);
  try {
    const tx = (await db()).transaction('settings', 'readwrite');
    const writes: Promise<unknown>[] = [tx.done];
    try {
      for (const { key, value } of entries) writes.push(tx.store.put({ key, value }));
    } catch (err) {
      tx.abort(); // a put that threw at once leaves the ones before it queued: none is written
      await Promise.allSettled(writes);
      throw err;
    }
    await Promise.all(writes);
  } catch (err) {
    throw toStorageError(err, 'settings');
  }
}
