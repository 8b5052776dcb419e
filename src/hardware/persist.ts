import { db, newId } from '../store/db';
import { toStorageError } from '../store/errors';
import { getSetting, putSetting } from '../store/settings';
import type { BenchmarkFigure, BenchmarkSuiteResult } from '../bench/types';
import type { HardwareProfile } from './profile';
import type { Tier } from './tier-types';

/** Settings key of the person's tier override. */
export const TIER_OVERRIDE_KEY = 'hardware.tierOverride';

export interface StoredProfile {
  id: string;
  profile: HardwareProfile;
}

/** The facts that identify a machine + browser (not timings or storage use, which change every load). */
export function machineKey(p: HardwareProfile): string {
  return JSON.stringify([p.webgpu, p.gpu, p.cpuCores, p.deviceMemoryGB, p.userAgent.userAgent, p.crossOriginIsolated]);
}

/**
 * Stores the profile unless the latest stored one describes the same machine, whose id is then
 * reused (a profile per page load would grow the store without telling anything new).
 */
export async function saveProfileIfChanged(profile: HardwareProfile): Promise<StoredProfile> {
  const cursor = await (await db()).transaction('profiles').store.index('detectedAt').openCursor(null, 'prev');
  const last = cursor?.value;
  if (last && machineKey(last.profile as unknown as HardwareProfile) === machineKey(profile)) return { id: last.id, profile };
  return saveProfile(profile);
}

export async function saveProfile(profile: HardwareProfile): Promise<StoredProfile> {
  const id = newId('profile');
  try {
    await (await db()).put('profiles', { id, detectedAt: profile.detectedAt, profile: profile as unknown as Record<string, unknown> });
  } catch (err) {
    throw toStorageError(err, 'profiles');
  }
  return { id, profile };
}

/** Stores one suite run next to the profile it ran on; results carry every figure and skip. */
export async function saveBenchmarkRun(profileId: string, suite: BenchmarkSuiteResult): Promise<string> {
  const id = newId('bench');
  const results: Record<string, unknown>[] = [
    ...suite.figures.map((f) => ({ ...f, kind: 'figure' })),
    ...suite.skipped.map((s) => ({ ...s, kind: 'skipped' })),
    { kind: 'suite', durationMs: suite.durationMs, adapterDescription: suite.adapterDescription, isFallbackAdapter: suite.isFallbackAdapter },
  ];
  try {
    await (await db()).put('benchmarkRuns', { id, profileId, startedAt: suite.startedAt, results });
  } catch (err) {
    throw toStorageError(err, 'benchmarkRuns');
  }
  return id;
}

/** Rebuilds a suite result from its stored record (inverse of saveBenchmarkRun). */
export function suiteFromRecord(startedAt: number, results: Record<string, unknown>[]): BenchmarkSuiteResult {
  const suite = results.find((r) => r.kind === 'suite') ?? {};
  return {
    startedAt,
    durationMs: Number(suite.durationMs ?? 0),
    figures: results.filter((r) => r.kind === 'figure').map(({ kind: _k, ...f }) => f as unknown as BenchmarkFigure),
    skipped: results.filter((r) => r.kind === 'skipped').map((r) => ({ name: r.name, reason: String(r.reason) }) as BenchmarkSuiteResult['skipped'][number]),
    adapterDescription: (suite.adapterDescription as string | null) ?? null,
    isFallbackAdapter: (suite.isFallbackAdapter as boolean | null) ?? null,
  };
}

/** The most recent benchmark run, whichever profile it ran on. */
export async function latestBenchmarkRun(): Promise<BenchmarkSuiteResult | null> {
  const cursor = await (await db()).transaction('benchmarkRuns').store.index('startedAt').openCursor(null, 'prev');
  return cursor ? suiteFromRecord(cursor.value.startedAt, cursor.value.results) : null;
}

/** Recent runs, oldest first (for the history plot). */
export async function recentBenchmarkRuns(limit = 20): Promise<BenchmarkSuiteResult[]> {
  const all = await (await db()).getAllFromIndex('benchmarkRuns', 'startedAt');
  return all.slice(-limit).map((r) => suiteFromRecord(r.startedAt, r.results));
}

export async function loadTierOverride(): Promise<Tier | null> {
  const v = await getSetting<unknown>(TIER_OVERRIDE_KEY, null);
  return v === 'low' || v === 'mid' || v === 'high' ? v : null;
}

export function saveTierOverride(tier: Tier | null): Promise<void> {
  return putSetting(TIER_OVERRIDE_KEY, tier);
}
