import { hardware } from '../hardware/hardware.svelte';
import { errorMessage } from '../engines/errors';
import { newId, NOT_IN_REACH, outOfReach } from '../store/db';
import { getSetting, putSettings } from '../store/settings';
import { buildRecommendations, planBasis, runBasis, type Basis, type Recommendations, type ScalabilityRun } from './recommendations';
import { fitUsl, projectHorizontal, projectServers, projectVertical, type GrowthRow, type ServerRow, type ThroughputPoint, type UslFit, type VerticalRow } from './usl';
import { measureCouncilScaling, type ScalableCouncil } from './measure';

const POINTS_KEY = 'scalability.points';
const RUN_KEY = 'scalability.run';

/** Which run the points are (id, date, model): recommendations name it. */
export type RunIdentity = Pick<ScalabilityRun, 'id' | 'measuredAt' | 'modelId'>;
/** Points stored before runs had an identity. */
const EARLIER_RUN: RunIdentity = { id: 'usl-earlier', measuredAt: null, modelId: null };

/** Scalability Analysis state: measured points, the USL fit and its projections. */
class Scalability {
  points = $state.raw<ThroughputPoint[]>([]);
  fit = $state.raw<UslFit | null>(null);
  horizontal = $state.raw<GrowthRow[]>([]);
  vertical = $state.raw<VerticalRow[]>([]);
  servers = $state.raw<ServerRow[]>([]);
  running = $state(false);
  progress = $state({ fraction: 0, text: '' });
  error = $state<string | null>(null);
  identity = $state.raw<RunIdentity | null>(null);
  private controller: AbortController | null = null;

  /** The current run: its identity, points and fit (null before any run). */
  run = $derived.by<ScalabilityRun | null>(() => (this.identity && this.points.length ? { ...this.identity, points: this.points, fit: this.fit } : null));

  /** The measurements recommendations may rest on now: this run and the hardware's capacity plan. */
  bases = $derived.by<Basis[]>(() => {
    const plan = hardware.plan;
    return [...(this.run ? [runBasis(this.run)] : []), ...(plan ? [planBasis(plan.tier, hardware.benchmarks?.startedAt ?? null)] : [])];
  });

  /** Scalability recommendations (seed: Recommendations) from the fit and the plan. */
  recommendations = $derived.by<Recommendations>(() => {
    const plan = hardware.plan;
    return buildRecommendations({ run: this.run, plan, planBasis: this.bases.find((b) => b.kind === 'capacity-plan') ?? null });
  });

  async load(): Promise<void> {
    if (this.running) return;
    const [stored, identity] = await Promise.all([getSetting<ThroughputPoint[]>(POINTS_KEY, []), getSetting<RunIdentity | null>(RUN_KEY, null)]);
    if (this.running) return;
    if (Array.isArray(stored)) {
      this.identity = stored.length ? (identity ?? EARLIER_RUN) : null;
      this.setPoints(stored.filter((p) => typeof p?.n === 'number' && typeof p?.throughput === 'number'));
    }
  }

  setPoints(points: ThroughputPoint[]): void {
    this.points = points;
    this.error = null;
    try {
      const fit = fitUsl(points);
      this.fit = fit;
      const maxN = Math.max(8, Math.min(64, Number.isFinite(fit.peakN) ? Math.ceil(fit.peakN * 1.5) : 16));
      this.horizontal = projectHorizontal(fit, maxN);
      this.vertical = projectVertical(fit, [1, 1.5, 2, 4]);
      this.servers = projectServers(fit, 4);
    } catch (err) {
      this.fit = null;
      this.horizontal = [];
      this.vertical = [];
      this.servers = [];
      if (points.length) this.error = (err as Error).message;
    }
  }

  async measure(council: ScalableCouncil, modelId: string, maxN: number, short: boolean): Promise<void> {
    this.running = true;
    this.error = null;
    this.controller = new AbortController();
    const collected: ThroughputPoint[] = [];
    const identity: RunIdentity = { id: newId('usl'), measuredAt: Date.now(), modelId };
    this.identity = identity;
    this.setPoints([]);
    try {
      await measureCouncilScaling(council, {
        modelId,
        maxN,
        requests: short ? 2 : 5,
        maxTokens: short ? 24 : 96,
        signal: this.controller.signal,
        onProgress: (fraction, text) => (this.progress = { fraction, text }),
        onPoint: (p) => {
          collected.push(p);
          this.setPoints([...collected]);
        },
      });
      // One transaction: points stored under the previous run's identity would credit them to it.
      await putSettings([
        { key: POINTS_KEY, value: collected },
        { key: RUN_KEY, value: identity },
      ]);
    } catch (err) {
      this.error = outOfReach(err) ? `The measured points were not stored: ${NOT_IN_REACH}` : `Scaling measurement failed: ${errorMessage(err)}`;
    } finally {
      this.running = false;
      this.controller = null;
    }
  }

  stop(): void {
    this.controller?.abort();
  }
}

export const scalability = new Scalability();
