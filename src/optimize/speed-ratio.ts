/**
 * How fast the council's members decode compared with alone, from finished requests (issue 10):
 * a multi-member request gives its efficiency (Σ decode tok/s ÷ Σ solo tok/s, SPEC §3.2); a request
 * one member answered alone gives its decode speed ÷ a solo speed the optimiser remembered from
 * before (the council refreshes a lone member's solo speed from its own runs, so under outside
 * contention its own baseline would sink with it). Median of the newest fresh requests, ≥ MIN_REQUESTS.
 */
import { FRESH_MS, median, MIN_REQUESTS, SUMMARY_REQUESTS, type RequestEvidence } from '../monitor/evidence';

export function speedRatio(requests: readonly RequestEvidence[], now: number, since: number, soloOf: (memberId: string) => number | null): number | null {
  const ratios: number[] = [];
  for (let i = requests.length - 1; i >= 0 && ratios.length < SUMMARY_REQUESTS; i--) {
    const { record, lone } = requests[i];
    if (record.finishedAt <= since || now - record.finishedAt > FRESH_MS) break;
    if (record.aborted) continue;
    if (record.members > 1 && record.efficiency !== null) ratios.push(record.efficiency);
    else if (lone) {
      const solo = soloOf(lone.memberId);
      if (solo) ratios.push(lone.decodeTokensPerSecond / solo);
    }
  }
  return ratios.length >= MIN_REQUESTS ? median(ratios) : null;
}
