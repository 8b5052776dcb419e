import type { EngineProbeResult } from '../capacity/engine-fit';
import { db, newId } from '../store/db';
import { readByIndex } from '../store/read';
import { putBounded } from '../store/retention';
import type { BenchmarkRunRecord } from '../store/schema';
import { getSetting, putSetting, putSettings } from '../store/settings';
import type { BenchmarkFigure, BenchmarkSkip, BenchmarkSuiteResult } from '../bench/types';
import type { GpuFacts, HardwareProfile } from './profile';
import type { Tier } from './tier-types';

/** Settings key of the person's tier override. */
export const TIER_OVERRIDE_KEY = 'hardware.tierOverride';
/** Settings key of the GPU memory the person entered (GB; browsers hide VRAM). */
export const VRAM_KEY = 'hardware.vramGB';
/** Settings key of the GPU that figure was entered for (gpuKey); absent in entries made before it was kept. */
export const VRAM_GPU_KEY = 'hardware.vramGpu';

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
  const [last] = await readByIndex('profiles', 'detectedAt', { limit: 1 });
  if (last && machineKey(last.profile) === machineKey(profile)) return { id: last.id, profile };
  return saveProfile(profile);
}

export async function saveProfile(profile: HardwareProfile): Promise<StoredProfile> {
  const id = newId('profile');
  await putBounded(await db(), 'profiles', { id, detectedAt: profile.detectedAt, profile });
  return { id, profile };
}

/** Stores one suite run next to the profile it ran on; results carry every figure and skip. */
export async function saveBenchmarkRun(profileId: string, suite: BenchmarkSuiteResult): Promise<string> {
  const id = newId('bench');
  const results: BenchmarkRunRecord['results'] = [
    ...suite.figures.map((f) => ({ ...f, kind: 'figure' as const })),
    ...suite.skipped.map((s) => ({ ...s, kind: 'skipped' as const })),
    {
      kind: 'suite' as const,
      durationMs: suite.durationMs,
      adapterDescription: suite.adapterDescription,
      isFallbackAdapter: suite.isFallbackAdapter,
      ...(suite.largestGpuAllocationBytes === undefined ? {} : { largestGpuAllocationBytes: suite.largestGpuAllocationBytes }),
    },
    ...(suite.engineProbe ? [{ ...suite.engineProbe, kind: 'engine-probe' as const }] : []),
    ...(suite.engineProbeSkipped ? [{ kind: 'engine-probe-skipped' as const, reason: suite.engineProbeSkipped }] : []),
  ];
  await putBounded(await db(), 'benchmarkRuns', { id, profileId, startedAt: suite.startedAt, results });
  return id;
}

/** Rebuilds a suite result from its stored record (inverse of saveBenchmarkRun). */
export function suiteFromRecord(startedAt: number, results: BenchmarkRunRecord['results']): BenchmarkSuiteResult {
  const figures: BenchmarkFigure[] = [];
  const skipped: BenchmarkSkip[] = [];
  let engineProbe: EngineProbeResult | undefined;
  let engineProbeSkipped: string | undefined;
  let suite: { durationMs: number; adapterDescription: string | null; isFallbackAdapter: boolean | null; largestGpuAllocationBytes?: number } = {
    durationMs: 0,
    adapterDescription: null,
    isFallbackAdapter: null,
  };
  for (const r of results) {
    if (r.kind === 'figure') {
      const { kind: _kind, ...figure } = r;
      figures.push(figure);
    }
    else if (r.kind === 'skipped') skipped.push({ name: r.name, reason: r.reason });
    else if (r.kind === 'engine-probe') {
      const { kind: _kind, ...probe } = r;
      engineProbe = probe;
    } else if (r.kind === 'engine-probe-skipped') engineProbeSkipped = r.reason;
    else suite = r;
  }
  const allocated = suite.largestGpuAllocationBytes;
  return {
    startedAt,
    durationMs: suite.durationMs,
    figures,
    skipped,
    adapterDescription: suite.adapterDescription,
    isFallbackAdapter: suite.isFallbackAdapter,
    ...(allocated === undefined ? {} : { largestGpuAllocationBytes: allocated }),
    ...(engineProbe ? { engineProbe } : {}),
    ...(engineProbeSkipped ? { engineProbeSkipped } : {}),
  };
}

/** The most recent benchmark run, whichever profile it ran on. */
export async function latestBenchmarkRun(): Promise<BenchmarkSuiteResult | null> {
  const [last] = await readByIndex('benchmarkRuns', 'startedAt', { limit: 1 });
  return last ? suiteFromRecord(last.startedAt, last.results) : null;
}

/** Recent runs, oldest first (for the history plot). */
export async function recentBenchmarkRuns(limit = 20): Promise<BenchmarkSuiteResult[]> {
  const newestFirst = await readByIndex('benchmarkRuns', 'startedAt', { limit });
  return newestFirst.reverse().map((r) => suiteFromRecord(r.startedAt, r.results));
}

export async function loadTierOverride(): Promise<Tier | null> {
  const v = await getSetting<unknown>(TIER_OVERRIDE_KEY, null);
  return v === 'low' || v === 'mid' || v === 'high' ? v : null;
}

export function saveTierOverride(tier: Tier | null): Promise<void> {
  return putSetting(TIER_OVERRIDE_KEY, tier);
}

/**
 * Which GPU an entered VRAM figure is for: its adapter's vendor, architecture, device and
 * description, as the browser reports them (null: no GPU adapter).
 */
export function gpuKey(gpu: GpuFacts | null): string | null {
  return gpu ? [gpu.vendor, gpu.architecture, gpu.device, gpu.description].filter(Boolean).join(' / ') : null;
}

/** An entered VRAM figure and the GPU it was entered for (null: entered before the GPU was kept, so for any). */
export interface EnteredVram {
  gb: number;
  gpu: string | null;
}

/** The GPU memory the person entered (GB) and for which GPU, or null when never entered or cleared. */
export async function loadVram(): Promise<EnteredVram | null> {
  const [v, gpu] = await Promise.all([getSetting<unknown>(VRAM_KEY, null), getSetting<unknown>(VRAM_GPU_KEY, null)]);
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? { gb: v, gpu: typeof gpu === 'string' && gpu ? gpu : null } : null;
}

/**
 * Stores (or clears with null) the entered GPU memory for `gpu` (gpuKey); a value outside the
 * schema's range is refused (SettingShapeError) and nothing is written. Both in one transaction:
 * written one after the other, a failed figure left the figure stored before (another GPU's) tied
 * to this GPU, and applied here after a reload.
 */
export function saveVram(gb: number | null, gpu: string | null): Promise<void> {
  return putSettings([
    { key: VRAM_GPU_KEY, value: gb === null ? null : gpu },
    { key: VRAM_KEY, value: gb },
  ]);
}
