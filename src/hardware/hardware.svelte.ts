import type { BenchmarkRun } from '../bench/client';
import { isCancelled } from '../bench/errors';
import type { BenchmarkProgress, BenchmarkSuiteResult } from '../bench/types';
import { bytesReadPerToken, DEFAULT_EFFICIENCY } from '../capacity/formulas';
import { latestMeasured, normaliseDevice, refineEfficiency } from '../capacity/feedback';
import type { EngineFit, EngineProbeResult, ProbeDecodeSample, ProbePhases, ProbePrefillSample } from '../capacity/engine-fit';
import { coldDecodeTps, perMemberTps, probeCorrections, quantisedWeightsOf, type CorrectionRun, type ProbeCorrections } from '../capacity/probe-predictions';
import { MEASUREMENTS_READ, recentMeasurements, saveMeasurement } from '../capacity/measurements';
import type { CapacityPlan } from '../capacity/plan-types';
import { buildPlan, efficiencyKey } from '../capacity/planner';
import { loadCatalog } from '../models/catalog';
import { bufferSizeRequired, isLowResource } from '../models/catalog-webllm';
import type { ModelDescriptor } from '../models/model';
import type { MeasurementRecord } from '../store/schema';
import { detectHardware } from './detect';
import { findAdapters } from '../resources/gpu-adapters';
import type { FoundAdapter } from '../resources/devices';
import { gpuManager } from '../resources/gpu-manager.svelte';
import { gpuKey, latestBenchmarkRun, loadTierOverride, loadVram, recentBenchmarkRuns, saveBenchmarkRun, saveProfileIfChanged, saveTierOverride, saveVram, type EnteredVram } from './persist';
import type { HardwareProfile } from './profile';
import { classifyTier } from './tier';
import type { EffectiveTier, Tier } from './tier-types';

/**
 * The hardware state of the app (Hardware Detector → Benchmark Collector → Tier Classifier →
 * Capacity Planner), read by the overview, the council and the monitor. Call `init()` once;
 * `ready` resolves when the profile, the stored benchmarks and the catalogue are loaded.
 */
class HardwareState {
  profile = $state<HardwareProfile | null>(null);
  profileId = $state<string | null>(null);
  /** Latest benchmark suite (this session's or the last stored one); null before any run. */
  benchmarks = $state<BenchmarkSuiteResult | null>(null);
  /** Recent stored runs, oldest first. */
  history = $state<BenchmarkSuiteResult[]>([]);
  progress = $state<BenchmarkProgress | null>(null);
  running = $state(false);
  error = $state<string | null>(null);
  override = $state<Tier | null>(null);
  /** GPU memory the person entered (GB); null → the plan assumes it (browsers hide VRAM). */
  vramGB = $state<number | null>(null);
  /** A figure entered for another GPU than this one (a restored backup, another adapter): kept, not applied. */
  vramOtherGpu = $state<EnteredVram | null>(null);
  models = $state<ModelDescriptor[]>([]);
  measurements = $state<MeasurementRecord[]>([]);
  /** WebGPU adapters under both power preferences (GPU Manager: one device per distinct real one). */
  adapters = $state<FoundAdapter[]>([]);

  /** Tier from the detected facts and measured figures, and the tier in force (override first). */
  tier = $derived.by<EffectiveTier | null>(() => {
    if (!this.profile) return null;
    const detected = classifyTier(this.profile, this.benchmarks);
    return { tier: this.override ?? detected.tier, detected, override: this.override };
  });

  /**
   * The probe's fitting (capacity/fit-probe.ts), loaded before the first run with a probe is shown
   * (fitterFor): a first visit has none, and the code stays off the first load (issue 12).
   */
  private fitEngine = $state.raw<((probe: EngineProbeResult) => EngineFit | null) | null>(null);

  /** The engine probe's fit and runs (issue 11), from the newest benchmark run whose probe can be fitted. */
  engineProbe = $derived.by<{ fit: EngineFit; decode: ProbeDecodeSample[]; prefill: ProbePrefillSample[]; durationMs: number; phasesMs: ProbePhases | null; restarts: number; runStartedAt: number } | null>(() => {
    // The newest probe that fits: one that does not (a damaged or imported record with one size)
    // must not hide an older probe's predictions.
    for (const run of [this.benchmarks, ...[...this.history].reverse()]) {
      const probe = run?.engineProbe;
      const fit = probe && this.fitEngine ? this.fitEngine(probe) : null;
      if (fit && probe) return { fit, decode: probe.decode, prefill: probe.prefill, durationMs: probe.durationMs, phasesMs: probe.phasesMs ?? null, restarts: probe.restarts ?? 0, runStartedAt: run.startedAt };
    }
    return null;
  });

  /** Feedback on the probe per model and per "engine/device": median measured ÷ cold over recent runs. */
  probeCorrection = $derived.by<ProbeCorrections>(() => this.refinedProbeCorrection());

  /** Efficiency per "engine/device", refined from measured speeds (feedback loop). */
  efficiency = $derived.by<Record<string, number>>(() => this.refinedEfficiency());

  /** The capacity plan for the tier in force, incl. `recommendedCouncil: { size, memberModelIds }`. */
  plan = $derived.by<CapacityPlan | null>(() => {
    if (!this.profile || !this.tier) return null;
    return buildPlan({
      tier: this.tier.tier,
      profile: this.profile,
      bench: this.benchmarks,
      models: this.models,
      efficiency: this.efficiency,
      measured: latestMeasured(this.measurements),
      isLowResource,
      bufferSizeRequired,
      vramGB: this.vramGB,
      probe: this.engineProbe,
      probeCorrection: this.probeCorrection,
      adapters: this.adapters,
    });
  });

  ready: Promise<void>;
  private resolveReady: () => void;
  private started = false;
  private run: BenchmarkRun | null = null;
  private cancelAsked = false;
  /** Settings the person changed before start-up finished reading them (their choice wins). */
  private chosenDuringStart = new Set<'override' | 'vram'>();

  constructor() {
    let resolve!: () => void;
    this.ready = new Promise<void>((r) => (resolve = r));
    this.resolveReady = resolve;
    // The GPU Manager places council members on the plan's devices, as they are at each placement.
    gpuManager.useDevices(() => this.plan?.devices ?? []);
  }

  /** Detects the hardware, loads stored benchmarks, the override, the catalogue and measurements. */
  async init(): Promise<void> {
    if (this.started) return this.ready;
    this.started = true;
    try {
      // Read alongside detection: the first plan then already uses the entered VRAM.
      const vram = loadVram().catch(() => null);
      const adapters = findAdapters().catch(() => []);
      const profile = await detectHardware();
      this.adapters = await adapters;
      this.profile = profile;
      const storedVram = await vram;
      if (!this.chosenDuringStart.has('vram')) {
        // Another GPU's figure would size this one's budget: it stays stored, and the entry says so.
        const other = storedVram !== null && storedVram.gpu !== null && storedVram.gpu !== gpuKey(profile.gpu);
        this.vramGB = other ? null : (storedVram?.gb ?? null);
        this.vramOtherGpu = other ? storedVram : null;
      }
      const [stored, bench, history, override, models, measurements] = await Promise.all([
        saveProfileIfChanged(profile).catch(() => null),
        latestBenchmarkRun().catch(() => null),
        recentBenchmarkRuns().catch(() => []),
        loadTierOverride().catch(() => null),
        loadCatalog(),
        recentMeasurements().catch(() => []),
      ]);
      this.profileId = stored?.id ?? null;
      await this.fitterFor([bench, ...history]);
      this.benchmarks = bench;
      this.history = history;
      // The tier card shows once the profile is known: a choice made while the rest was still being
      // read is newer than the stored one and stays (it used to be overwritten by the older value).
      if (!this.chosenDuringStart.has('override')) this.override = override;
      this.models = models;
      this.measurements = measurements;
    } catch (err) {
      this.error = `Hardware detection failed: ${(err as Error).message}`;
    } finally {
      this.resolveReady();
    }
  }

  /** Runs the benchmark suite in a worker, stores it with the profile, and re-plans. */
  async runBenchmarks(): Promise<BenchmarkSuiteResult | null> {
    if (this.running) return null;
    this.running = true;
    this.error = null;
    this.progress = { fraction: 0, step: 'Starting' };
    this.cancelAsked = false;
    try {
      // The benchmark client (its workers, the engine probe, their schemas) loads when a person runs
      // the benchmarks, not with the first screen (issue 12: first-load JavaScript).
      const { startBenchmarks } = await import('../bench/client');
      this.run = startBenchmarks((p) => (this.progress = p));
      if (this.cancelAsked) this.run.cancel(); // Cancel pressed while the client was loading
      const result = await this.run.result;
      await this.fitterFor([result]);
      this.benchmarks = result;
      if (this.profileId) {
        await saveBenchmarkRun(this.profileId, result).catch((err: Error) => (this.error = err.message));
        this.history = await recentBenchmarkRuns().catch(() => this.history);
      }
      return result;
    } catch (err) {
      this.error = isCancelled(err) ? 'Benchmarks cancelled; the previous figures are kept.' : `Benchmarks failed: ${(err as Error).message}`;
      return null;
    } finally {
      this.running = false;
      this.progress = null;
      this.run = null;
    }
  }

  /**
   * Loads the probe's fitting code when one of `runs` has a probe. If it cannot load (a network
   * error before the app was cached for offline use), the plan uses the bandwidth estimate and says
   * so, and the next visit tries again.
   */
  private async fitterFor(runs: readonly (BenchmarkSuiteResult | null)[]): Promise<void> {
    if (this.fitEngine || !runs.some((r) => r?.engineProbe)) return;
    try {
      const { fitEngine } = await import('../capacity/fit-probe');
      this.fitEngine = fitEngine;
    } catch {
      this.error = "Could not load the engine probe's fits; speeds are estimated from memory bandwidth instead. Reload the page to try again.";
    }
  }

  /** Reloads the model catalogue (after a custom model was added or removed). */
  async refreshModels(): Promise<void> {
    this.models = await loadCatalog();
  }

  cancelBenchmarks(): void {
    this.cancelAsked = true;
    this.run?.cancel();
  }

  /** Sets (or clears with null) the person's tier override; stored in settings. */
  async setOverride(tier: Tier | null): Promise<void> {
    this.chosenDuringStart.add('override');
    this.override = tier;
    await saveTierOverride(tier);
  }

  /** Sets (or clears with null) the GPU memory the person entered, for this GPU; stored in settings, then re-planned. */
  async setVramGB(gb: number | null): Promise<void> {
    this.chosenDuringStart.add('vram');
    await saveVram(gb, gpuKey(this.profile?.gpu ?? null));
    this.vramGB = gb;
    this.vramOtherGpu = null;
  }

  /** Feedback loop: stores a measured decode speed next to its prediction (called by the council). */
  async recordMeasuredSpeed(modelId: string, engine: string, device: string, predicted: number, measured: number, cold: number | null = null, members = 1): Promise<void> {
    const record = await saveMeasurement({
      modelId, engine, device, predictedTokensPerSecond: predicted, measuredTokensPerSecond: measured,
      ...(cold === null ? {} : { coldPredictedTokensPerSecond: cold }),
      ...(members > 1 ? { members } : {}),
    });
    // Newest first and bounded like the start-up read: the plan only needs the recent ones.
    this.measurements = [record, ...this.measurements].slice(0, MEASUREMENTS_READ);
  }

  private refinedProbeCorrection(): ProbeCorrections {
    const probe = this.engineProbe;
    if (!probe) return { byDevice: {}, byModel: {} };
    const runs: CorrectionRun[] = [];
    for (const r of this.measurements) {
      if (r.engine !== probe.fit.engine) continue;
      const model = this.models.find((x) => x.id === r.modelId);
      const bytes = model ? bytesReadPerToken(model) : null;
      const lone = bytes ? coldDecodeTps(probe.fit, bytes, model?.layers ?? null, model ? quantisedWeightsOf(model) : null) : null;
      const cold = lone === null ? null : perMemberTps(probe.fit, lone, r.members ?? 1, bytes); // the same N the speed was measured at
      runs.push({ key: efficiencyKey(r.engine, normaliseDevice(r.device)), modelId: r.modelId, measured: r.measuredTokensPerSecond, cold });
    }
    return probeCorrections(runs); // measurements are newest first, as it wants them
  }

  private refinedEfficiency(): Record<string, number> {
    const out: Record<string, number> = { ...DEFAULT_EFFICIENCY };
    const groups = new Map<string, MeasurementRecord[]>();
    for (const r of this.measurements) {
      if ((r.members ?? 1) > 1) continue; // a contended speed says nothing about one member's efficiency
      const key = efficiencyKey(r.engine, normaliseDevice(r.device));
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const bench = this.benchmarks;
    for (const [key, records] of groups) {
      const device = key.endsWith('/cpu') ? 'cpu' : 'gpu';
      const bw = bench?.figures.find((f) => f.name === (device === 'cpu' ? 'cpu-memory-bandwidth' : 'gpu-bandwidth'))?.median ?? null;
      const ceilingOf = (id: string) => {
        const m = this.models.find((x) => x.id === id);
        const bytes = m ? bytesReadPerToken(m) : null;
        return bw !== null && bytes ? (bw * 1e9) / bytes : null;
      };
      const refined = refineEfficiency(records, ceilingOf, DEFAULT_EFFICIENCY[key] ?? 0.5);
      if (refined !== null) out[key] = refined;
    }
    return out;
  }
}

export const hardware = new HardwareState();

/**
 * Feedback loop entry for the council: store the measured decode speed of a model run next to the
 * prediction; the efficiency factor of that engine/device is refined from it.
 */
export function recordMeasuredSpeed(modelId: string, engine: string, device: string, predicted: number, measured: number, cold: number | null = null, members = 1): Promise<void> {
  return hardware.recordMeasuredSpeed(modelId, engine, device, predicted, measured, cold, members);
}

// Read-only hook for the prediction benchmark (e2e/bench/predictions.bench.ts): the plan, the probe
// and the stored measurements the person's screens show.
if (typeof window !== 'undefined') Object.assign(window, { __wfHardware: hardware });
