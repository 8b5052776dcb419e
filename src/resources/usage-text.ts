/**
 * The GPU Manager's figures in plain words: what a device holds of its budget, and which members
 * (the Monitor's table, the plan's per-device split on the Overview).
 */
import { sizeText } from './size-text';

/** "wirthforge-tiny ×2, phi-3" (members in order of first appearance); "none" when empty. */
export function memberList(labels: readonly string[]): string {
  if (!labels.length) return 'none';
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].map(([l, n]) => (n > 1 ? `${l} ×${n}` : l)).join(', ');
}

/** "0.2 MB of 3.2 GB (0 %)"; "0.2 MB (budget unknown)". */
export function heldText(heldBytes: number, budgetBytes: number | null): string {
  if (budgetBytes === null || !(budgetBytes > 0)) return `${sizeText(heldBytes)} (budget unknown)`;
  return `${sizeText(heldBytes)} of ${sizeText(budgetBytes)} (${Math.round((heldBytes / budgetBytes) * 100)} %)`;
}

/** One device's line: "CPU (RAM): wirthforge-tiny ×2 — 0.2 MB of 3.2 GB (0 %)". */
export function deviceLine(label: string, memberLabels: readonly string[], heldBytes: number, budgetBytes: number | null): string {
  return `${label}: ${memberList(memberLabels)} — ${heldText(heldBytes, budgetBytes)}`;
}
