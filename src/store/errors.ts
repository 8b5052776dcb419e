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
