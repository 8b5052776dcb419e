import { GiB, MiB } from '../capacity/formulas';

/** Memory in plain words, GB (GiB, as cards are sold) down to MB for the small generated models: "3.1 GB", "12 MB", "0.4 MB". */
export function sizeText(bytes: number): string {
  if (bytes >= GiB) return `${+(bytes / GiB).toFixed(bytes >= 10 * GiB ? 0 : 1)} GB`;
  const mb = bytes / MiB;
  return `${mb >= 10 ? mb.toFixed(0) : +mb.toFixed(1)} MB`;
}
