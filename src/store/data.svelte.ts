import { db, outOfReach } from './db';
import { errorMessage } from '../engines/errors';
import { checkImportSize, exportAll, importBackup, parseBackup, type BackupFile } from './backup';
import { BackupFormatError } from './errors';
import { previewImport, type ImportPreview } from './import-preview';
import { clearSetAside, listSetAside } from './set-aside';
import { sweepAll } from './sweep';
import { requestPersistence, storageStatus, type StorageStatus } from './storage';
import { STORE_NAMES, type SetAsideRecord, type StoreName } from './schema';

export type Notice = { kind: 'ok' | 'error'; text: string; problems?: string[] };

/** A validated file waiting for the person to confirm (it may point the app at other hosts). */
export interface PendingImport {
  fileName: string;
  backup: BackupFile;
  preview: ImportPreview;
}

/** State of the Data screen: storage use, record counts, set-aside records, export and import. */
class DataState {
  status = $state<StorageStatus>({ usageBytes: null, quotaBytes: null, persisted: null });
  counts = $state<Partial<Record<StoreName, number>>>({});
  setAside = $state.raw<SetAsideRecord[]>([]);
  notice = $state<Notice | null>(null);
  pending = $state.raw<PendingImport | null>(null);
  includeSecrets = $state(false);
  busy = $state(false);

  /** Checks every stored record (bad ones are set aside), then counts. */
  async refresh() {
    this.status = await storageStatus();
    try {
      const d = await db();
      await sweepAll(d);
      const entries = await Promise.all(STORE_NAMES.map(async (n) => [n, await d.count(n)] as const));
      this.counts = Object.fromEntries(entries);
      this.setAside = await listSetAside(d);
    } catch (err) {
      this.failed('Your stored data could not be read', err);
    }
  }

  /** A failure of a stored-data action, in the screen's notice: none for data out of this tab's reach, which the banner explains. */
  private failed(what: string, err: unknown): void {
    if (!outOfReach(err)) this.notice = { kind: 'error', text: `${what}: ${errorMessage(err)}` };
  }

  async askPersistence() {
    const granted = await requestPersistence();
    this.notice = granted
      ? { kind: 'ok', text: 'Storage is persistent: the browser will not evict your data under pressure.' }
      : { kind: 'error', text: 'The browser declined persistent storage. Installing the app or bookmarking it usually makes it agree.' };
    await this.refresh();
  }

  /** Returns the backup as a JSON string and triggers a download. API keys only when ticked. */
  async exportToFile(): Promise<string | null> {
    let backup: BackupFile;
    try {
      backup = await exportAll(await db(), { includeSecrets: this.includeSecrets });
    } catch (err) {
      this.failed('The export failed, nothing was downloaded', err);
      return null;
    }
    const text = JSON.stringify(backup, null, 1);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `wirthforge-backup-${new Date(backup.exportedAt).toISOString().slice(0, 19).replace(/:/g, '-')}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return text;
  }

  /** Reads and validates a file; nothing is written until the person confirms the preview. */
  async importFromFile(file: File) {
    this.busy = true;
    this.pending = null;
    try {
      checkImportSize(file.size);
      const backup = parseBackup(await file.text());
      this.pending = { fileName: file.name, backup, preview: previewImport(backup, location.origin) };
      this.notice = null;
    } catch (err) {
      const problems = err instanceof BackupFormatError ? err.problems : undefined;
      this.notice = { kind: 'error', text: (err as Error).message, problems };
    } finally {
      this.busy = false;
    }
  }

  async confirmImport() {
    const pending = this.pending;
    if (!pending) return;
    this.busy = true;
    try {
      const n = await importBackup(await db(), pending.backup);
      this.notice = { kind: 'ok', text: `Imported ${n} record${n === 1 ? '' : 's'} from ${pending.fileName}.` };
    } catch (err) {
      this.notice = { kind: 'error', text: outOfReach(err) ? 'Nothing was imported: the stored data is out of this page\'s reach (see above).' : errorMessage(err) };
    } finally {
      this.pending = null;
      this.busy = false;
      await this.refresh();
    }
  }

  cancelImport() {
    this.pending = null;
    this.notice = { kind: 'ok', text: 'Import cancelled. Nothing was changed.' };
  }

  async forgetSetAside() {
    try {
      await clearSetAside(await db());
    } catch (err) {
      this.failed('The set-aside records were not deleted', err);
    }
    await this.refresh();
  }
}

export const dataState = new DataState();
