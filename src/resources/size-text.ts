import { GiB, MiB } from '../capacity/formulas';

/**
 * Where two figures are set side by side (a model's need against a budget): the same unit, GiB
 * shown as "GB" like every budget (capacity/budget-text.ts), with a decimal more: "3.4 GB", "0.60 GB",
 * "6.0 MB". (The plan's rows were in 10^9 bytes: "the GPU budget is 7.3 GB" beside a header's "GPU
 * budget 6.8 GB" for the same budget.)
 */
export function memoryText(bytes: number): string {
  if (bytes < 10 * MiB) return `${(bytes / MiB).toFixed(1)} MB`;
  return `${(bytes / GiB).toFixed(bytes < GiB ? 2 : 1)} GB`;
}

/** Memory in plain words, GB (GiB, as cards are sold) down to MB for the small generated models: "3.1 GB", "12 MB", "0.4 MB". */
export function sizeText(bytes: number): string {
  if (bytes >= GiB) return `${+(bytes / GiB).toFixed(bytes >= 10 * GiB ? 0 : 1)} GB`;
  const mb = bytes / MiB;
  return `${mb >= 10 ? mb.toFixed(0) : +mb.toFixed(1)} MB`;
}
