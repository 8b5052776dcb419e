/** A backup file that cannot be imported; `problems` lists each bad record and why. Nothing was changed. */
export class BackupFormatError extends Error {
  override name = 'BackupFormatError';
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

/** An import file larger than the limit: refused before it is read. */
export class BackupTooLargeError extends BackupFormatError {
  override name = 'BackupTooLargeError';
  constructor(bytes: number, limitBytes: number) {
    super(
      `This file is ${(bytes / 2 ** 20).toFixed(1)} MB; backups up to ${limitBytes / 2 ** 20} MB can be imported. Choose a backup exported by WIRTHFORGE Performance (they are far smaller).`,
    );
  }
}

/** A setting value of the wrong shape for its key (it would be set aside when read back). */
export class SettingShapeError extends Error {
  override name = 'SettingShapeError';
  constructor(readonly key: string) {
    super(`The setting "${key}" cannot hold this value; it was not saved.`);
  }
}

/** The browser refused to store more data (QuotaExceededError): the person must free space. */
export class StorageQuotaError extends Error {
  override name = 'StorageQuotaError';
  constructor(readonly store: string) {
    super(
      `The browser's storage quota is full while saving to "${store}". Delete cached models or old runs in Data, or allow persistent storage, then try again.`,
    );
  }
}

/** Maps a DOMException from IndexedDB to a named error with an actionable message. */
export function toStorageError(err: unknown, store: string): unknown {
  if (err instanceof DOMException && err.name === 'QuotaExceededError') return new StorageQuotaError(store);
  return err;
}

/** The stored data is of a newer database version than this build knows (IndexedDB's VersionError): a newer build wrote it. Nothing was read or changed. */
export class DatabaseNewerError extends Error {
  override name = 'DatabaseNewerError';
  constructor() {
    super('The stored data was written by a newer version of WIRTHFORGE Performance, which this page cannot read. Reload the page to get the newer version (if this comes back, close every tab of the app and open it again). Nothing was changed.');
  }
}

/** Another tab opened the database at a newer version (or deleted it): this tab closed its connection so that tab could go on, and stores nothing until reloaded. */
export class DatabaseSupersededError extends Error {
  override name = 'DatabaseSupersededError';
  constructor(deleted = false) {
    super(
      deleted
        ? 'Another tab is deleting the stored data of WIRTHFORGE Performance. Reload this page to start again; until then it stores nothing (work in progress here is not saved).'
        : 'A newer version of WIRTHFORGE Performance is opening the stored data in another tab. Reload this page to carry on with that version; until then this page stores nothing (work in progress here is not saved).',
    );
  }
}

/** This tab waits to upgrade the database while another tab of an older version holds it open. */
export class DatabaseBlockedError extends Error {
  override name = 'DatabaseBlockedError';
  constructor() {
    super('Another tab holds the stored data open with an older version of WIRTHFORGE Performance. Close that tab; this page carries on as soon as it is closed.');
  }
}
