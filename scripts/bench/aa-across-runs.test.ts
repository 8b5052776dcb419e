import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregate } from './aggregate';
import type { BenchResults } from './results';

/** Writes one bench run's samples where the bench kit would, and aggregates it as the teardown does. */
function benchRun(dir: string, startedAt: number, buildId: string, samples: number[]): BenchResults {
  mkdirSync(join(dir, '.samples'), { recursive: true });
  writeFileSync(join(dir, '.samples', 'samples-1.jsonl'), JSON.stringify({ name: 'decode', unit: 'tokens/s', direction: 'bigger', samples }) + '\n');
  const { jsonPath } = aggregate({ dir, baselinePath: join(dir, 'baseline.json'), startedAt, short: true, reps: samples.length, saveBaseline: false, appendBaseline: false, buildId });
  return JSON.parse(readFileSync(jsonPath!, 'utf8')) as BenchResults;
}

describe('A/A across bench runs of the same build', () => {
  it('only earlier runs of the same build are compared; both verdicts are kept in the JSON', () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const dir = mkdtempSync(join(tmpdir(), 'aa-runs-'));
    expect(benchRun(dir, Date.UTC(2026, 0, 1, 0, 0), 'build-a', [100, 101, 99, 100, 102]).aa?.acrossRuns).toBeUndefined();
    benchRun(dir, Date.UTC(2026, 0, 1, 0, 1), 'build-b', [50, 51, 49, 50, 52]); // another build: ignored
    benchRun(dir, Date.UTC(2026, 0, 1, 0, 2), 'build-a', [108, 109, 107, 108, 110]);
    benchRun(dir, Date.UTC(2026, 0, 1, 0, 3), 'build-a', [95, 96, 94, 95, 97]);
    const last = benchRun(dir, Date.UTC(2026, 0, 1, 0, 4), 'build-a', [93, 94, 92, 93, 95]);
    expect(last.build).toBe('build-a');
    const across = last.aa!.acrossRuns!;
    expect(across.earlierRuns).toBe(3);
    // Pooled, the samples say this run is slower; its median sits inside the earlier runs' spread.
    expect(across.sampleLevel).toMatchObject({ judged: 1, flagged: 1 });
    expect(across.runLevel).toMatchObject({ judged: 1, flagged: 0 });
    expect(readFileSync(join(dir, 'latest.html'), 'utf8')).toMatch(/Against 3 earlier run\(s\) of the same build: the sample-level detector[^<]*flags 1 of 1[^<]*run-level comparison 0 of 1/);
    vi.restoreAllMocks();
  });
});
