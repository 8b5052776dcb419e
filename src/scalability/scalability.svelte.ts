import { getSetting, putSetting } from '../store/settings';
import { fitUsl, projectHorizontal, projectServers, projectVertical, type GrowthRow, type ServerRow, type ThroughputPoint, type UslFit, type VerticalRow } from './usl';
import { measureCouncilScaling, type ScalableCouncil } from './measure';

const POINTS_KEY = 'scalability.points';

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
  private controller: AbortController | null = null;

  async load(): Promise<void> {
    const stored = await getSetting<ThroughputPoint[]>(POINTS_KEY, []);
    if (Array.isArray(stored)) this.setPoints(stored.filter((p) => typeof p?.n === 'number' && typeof p?.throughput === 'number'));
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
      await putSetting(POINTS_KEY, collected);
    } catch (err) {
      this.error = `${(err as Error).name}: ${(err as Error).message}`;
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
