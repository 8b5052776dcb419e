import type { Db } from './db';
import { keepValid } from './read';
import { RECORD_STORES } from './schemas';

/**
 * Checks every stored record of every store and sets the bad ones aside: run when the Data screen
 * opens (not at start-up), so that records no screen has read yet are reported too. Reads one
 * page at a time so a large store is never held whole.
 */
const PAGE = 500;

export async function sweepAll(d: Db): Promise<void> {
  for (const store of RECORD_STORES) {
    let after: IDBValidKey | null = null;
    for (;;) {
      const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
      const tx = d.transaction(store);
      const [keys, values]: [IDBValidKey[], unknown[]] = await Promise.all([tx.store.getAllKeys(range as never, PAGE), tx.store.getAll(range as never, PAGE)]);
      await tx.done;
      await keepValid(d, store, values);
      if (keys.length < PAGE) break;
      after = keys[keys.length - 1];
    }
  }
}
