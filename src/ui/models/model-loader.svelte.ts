/**
 * Model Loader state for the Models view (seed "Model Loader"): download a model with progress
 * (bytes and %), check it loads, then free the worker; list what is cached and how big; delete a
 * cached model. Loading runs in a council-member worker, like a real member, so the errors are the
 * same ones a member would show (404, corrupt file, does not fit, full quota).
 */
import { WorkerEngine } from '../../engines/worker-engine';
import { AbortedError, errorMessage, errorName, ModelTooLargeError } from '../../engines/errors';
import { deleteCachedModel, KEPT_IN_MEMORY, listCachedModels, type CachedModelEntry } from '../../engines/model-cache';
import { resolveModel } from '../../council/model-registry';
import { budgetBytes, planFor } from '../../council/capacity-feedback';
import { hardware } from '../../hardware/hardware.svelte';
import { assumedMemory } from '../../capacity/gpu-memory';
import { ramAssumed } from '../../hardware/profile';

export interface LoadJob {
  modelId: string;
  state: 'checking' | 'downloading' | 'done' | 'failed' | 'cancelled';
  loadedBytes: number;
  totalBytes: number | null;
  fraction: number | null;
  text: string;
  error: string | null;
  errorName: string | null;
  backend: string | null;
}

class ModelLoader {
  jobs = $state<LoadJob[]>([]);
  cached = $state<CachedModelEntry[]>([]);
  storage = $state<{ usage: number; quota: number } | null>(null);
  /** One per running job: Cancel aborts the download in the worker (see fetchGguf). */
  private aborts = new Map<string, AbortController>();

  async refresh(): Promise<void> {
    this.cached = await listCachedModels().catch(() => []);
    const est = await navigator.storage?.estimate?.().catch(() => null);
    this.storage = est && est.quota ? { usage: est.usage ?? 0, quota: est.quota } : null;
  }

  private job(modelId: string): LoadJob {
    return this.jobs.find((j) => j.modelId === modelId)!;
  }

  /** Downloads (or reads from cache) and loads a model once, to prove it works here. */
  async load(modelId: string): Promise<void> {
    if (this.aborts.has(modelId)) return; // already running: one job per model
    const abort = new AbortController();
    this.aborts.set(modelId, abort);
    this.jobs = [
      { modelId, state: 'checking', loadedBytes: 0, totalBytes: null, fraction: null, text: 'Checking', error: null, errorName: null, backend: null },
      ...this.jobs.filter((j) => j.modelId !== modelId),
    ];
    let engine: WorkerEngine | null = null;
    try {
      const { descriptor, config } = await resolveModel(modelId);
      // Does it fit? The capacity plan says so before anything is downloaded.
      const plan = planFor(modelId);
      // Only a memory shortfall is refused here, with its numbers; the engine's own checks (features,
      // WebGPU) come before any download too, and name the exact reason.
      const budget = budgetBytes();
      if (plan && !plan.fits && plan.memoryBytes !== null && budget !== null && plan.memoryBytes > budget) throw new ModelTooLargeError(modelId, plan.memoryBytes, budget, assumedMemory(hardware.plan?.gpuMemory, plan.device, hardware.profile ? ramAssumed(hardware.profile) : false));
      abort.signal.throwIfAborted();
      engine = new WorkerEngine(descriptor.engine);
      Object.assign(this.job(modelId), { state: 'downloading', text: 'Starting' });
      const loading = engine.load(descriptor, {
        config,
        signal: abort.signal,
        onProgress: (p) => Object.assign(this.job(modelId), { loadedBytes: p.loadedBytes, totalBytes: p.totalBytes, fraction: p.fraction, text: p.text }),
      });
      // Cancel settles the job at once, whatever the worker is doing; `finally` then ends the worker.
      const cancelled = new Promise<never>((_, reject) => abort.signal.addEventListener('abort', () => reject(new AbortedError('download cancelled')), { once: true }));
      const { backend, keptInMemory } = await Promise.race([loading, cancelled]);
      Object.assign(this.job(modelId), { state: 'done', fraction: 1, text: keptInMemory ? `Loaded and working, ${KEPT_IN_MEMORY}` : 'Loaded and working', backend });
    } catch (err) {
      if (abort.signal.aborted) Object.assign(this.job(modelId), { state: 'cancelled', text: 'Cancelled' });
      else Object.assign(this.job(modelId), { state: 'failed', error: errorMessage(err), errorName: errorName(err), text: 'Failed' });
    } finally {
      this.aborts.delete(modelId);
      engine?.kill('check finished');
      await this.refresh();
    }
  }

  /**
   * Stops a running check: the worker ends, and with it its download (nothing half-written stays in
   * the cache). Council members waiting for the same file start the download again themselves.
   */
  cancel(modelId: string): void {
    this.aborts.get(modelId)?.abort();
  }

  async remove(entry: CachedModelEntry): Promise<void> {
    await deleteCachedModel(entry.url, entry.cache);
    await this.refresh();
  }
}

export const modelLoader = new ModelLoader();
