/** Storage use and persistence (navigator.storage): shown in Data, asked for once by the person. */
export interface StorageStatus {
  usageBytes: number | null;
  quotaBytes: number | null;
  persisted: boolean | null;
}

export async function storageStatus(): Promise<StorageStatus> {
  const s = navigator.storage;
  if (!s?.estimate) return { usageBytes: null, quotaBytes: null, persisted: null };
  const [estimate, persisted] = await Promise.all([s.estimate(), s.persisted ? s.persisted() : Promise.resolve(null)]);
  return { usageBytes: estimate.usage ?? null, quotaBytes: estimate.quota ?? null, persisted };
}

/** Asks the browser to keep our data under storage pressure. Returns whether it agreed. */
export async function requestPersistence(): Promise<boolean> {
  return navigator.storage?.persist ? navigator.storage.persist() : false;
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'n/a';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
