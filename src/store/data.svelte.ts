import { db } from './db';
import { exportAll, importBackup, parseBackup } from './backup';
import { BackupFormatError } from './errors';
import { requestPersistence, storageStatus, type StorageStatus } from './storage';
import { STORE_NAMES, type StoreName } from './schema';

export type Notice = { kind: 'ok' | 'error'; text: string; problems?: string[] };

/** State of the Data screen: storage use, record counts, export and import. */
class DataState {
  status = $state<StorageStatus>({ usageBytes: null, quotaBytes: null, persisted: null });
  counts = $state<Partial<Record<StoreName, number>>>({});
  notice = $state<Notice | null>(null);
  busy = $state(false);

  async refresh() {
    this.status = await storageStatus();
    const d = await db();
    const entries = await Promise.all(STORE_NAMES.map(async (n) => [n, await d.count(n)] as const));
    this.counts = Object.fromEntries(entries);
  }

  async askPersistence() {
    const granted = await requestPersistence();
    this.notice = granted
      ? { kind: 'ok', text: 'Storage is persistent: the browser will not evict your data under pressure.' }
      : { kind: 'error', text: 'The browser declined persistent storage. Installing the app or bookmarking it usually makes it agree.' };
    await this.refresh();
  }

  /** Returns the backup as a JSON string and triggers a download. */
  async exportToFile(): Promise<string> {
    const backup = await exportAll(await db());
    const text = JSON.stringify(backup, null, 1);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `wirthforge-backup-${new Date(backup.exportedAt).toISOString().slice(0, 19).replace(/:/g, '-')}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return text;
  }

  async importFromFile(file: File) {
    this.busy = true;
    try {
      const backup = parseBackup(await file.text());
      const n = await importBackup(await db(), backup);
      this.notice = { kind: 'ok', text: `Imported ${n} record${n === 1 ? '' : 's'} from ${file.name}.` };
    } catch (err) {
      const problems = err instanceof BackupFormatError ? err.problems : undefined;
      this.notice = { kind: 'error', text: (err as Error).message, problems };
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }
}

export const dataState = new DataState();
