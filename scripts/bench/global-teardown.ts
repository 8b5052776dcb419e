import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { aggregate } from './aggregate';

/** The build served: Vite names every asset by its content hash, so the sorted names identify it. */
function buildId(outDir: string): string | null {
  const assets = join(outDir, 'assets');
  if (!existsSync(assets)) return null;
  return createHash('sha256').update(readdirSync(assets).sort().join('\n')).digest('hex').slice(0, 16);
}

/** After every bench file ran: aggregate, compare with the baseline, write the reports. */
export default function globalTeardown(): void {
  const dir = process.env.BENCH_RESULTS_DIR ?? 'bench-results';
  const short = process.env.BENCH_SHORT === '1';
  aggregate({
    dir,
    baselinePath: process.env.BENCH_BASELINE ?? join(dir, 'baseline.json'),
    startedAt: Number(process.env.BENCH_STARTED_AT ?? Date.now()),
    short,
    reps: Number(process.env.BENCH_REPS ?? (short ? 5 : 12)),
    saveBaseline: process.env.BENCH_SAVE_BASELINE === '1',
    appendBaseline: process.env.BENCH_APPEND_BASELINE === '1',
    enforceGates: process.env.BENCH_GATES === '1',
    buildId: buildId(process.env.BENCH_OUT ?? 'dist-bench'),
  });
}
