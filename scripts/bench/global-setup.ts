import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Starts every bench run with an empty samples folder, so only this run's samples are aggregated. */
export default function globalSetup(): void {
  const dir = join(process.env.BENCH_RESULTS_DIR ?? 'bench-results', '.samples');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.env.BENCH_STARTED_AT ??= String(Date.now());
}
