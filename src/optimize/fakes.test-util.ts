/**
 * Test doubles for the optimiser: a council that records the knobs turned, and a scenario that
 * runs the whole loop — frames → collector → alerts → optimiser — on a fake clock, with requests
 * that finish as the real council's RequestRecords do.
 */
import { vi } from 'vitest';
import type { MemberMetrics, RequestRecord } from '../council/types';
import { AlertBaselines } from '../monitor/alert-baselines';
import { AlertManager } from '../monitor/alerts';
import { MetricsCollector } from '../monitor/collector';
import { detectConditions } from '../monitor/conditions';
import { metrics } from '../monitor/samples.test-util';
import { thresholdsFor } from '../monitor/thresholds';
import type { ActionLogRecord } from '../store/schema';
import type { CouncilControl, CouncilMemberInfo } from './council-port';
import { Optimizer } from './optimizer.svelte';
import type { SmallerModelFinder } from './rules';
import { uiQuality } from './ui-quality.svelte';

export class FakeCouncil implements CouncilControl {
  list: CouncilMemberInfo[];
  calls: string[] = [];
  state: { memberTimeoutMs: number; earlyConsensus: boolean; threadsPerMember: number | null } = { memberTimeoutMs: 5_000, earlyConsensus: false, threadsPerMember: null };
  private seq = 0;
  constructor(
    modelIds: string[],
    private readonly backend = 'webgpu',
    private readonly threads: number | null = null,
  ) {
    this.list = modelIds.map((modelId) => ({ id: `m${++this.seq}`, modelId, state: 'idle', backend, threads }));
  }
  members() {
    return this.list;
  }
  async removeMember(id: string) {
    this.calls.push(`remove ${id}`);
    this.list = this.list.filter((m) => m.id !== id);
  }
  async addMember(modelId: string) {
    const id = `m${++this.seq}`;
    this.calls.push(`add ${modelId}`);
    this.list.push({ id, modelId, state: 'idle', backend: this.backend, threads: this.threads });
    return id;
  }
  setMemberTimeoutMs(ms: number) {
    this.calls.push(`timeout ${ms}`);
    this.state.memberTimeoutMs = ms;
  }
  setEarlyConsensus(on: boolean) {
    this.calls.push(`early ${on}`);
    this.state.earlyConsensus = on;
  }
  async reloadMember(id: string) {
    this.calls.push(`reload ${id}`);
  }
  setThreadsPerMember(n: number | null) {
    this.calls.push(`threads ${n}`);
    this.state.threadsPerMember = n;
  }
  knobs() {
    return { ...this.state };
  }
}

export interface RequestShape {
  /** Tokens each member generates. */
  tokens: number;
  /** Decode speed of each member while they answer together (tok/s); solo speed is `solo`. */
  speed: number;
  ttftMs?: number;
  /** Frame interval while it runs (default: vsync). */
  frameMs?: number;
}

/**
 * The whole loop on a fake clock (ms since start; rAF time and council clock alike). Frames come
 * at `frameMs`, samples every 100 ms; `alerts` and `optimizer` see what the app would.
 */
export class Scenario {
  t = 0;
  readonly log: ActionLogRecord[] = [];
  readonly alerts = new AlertManager();
  readonly optimizer: Optimizer;
  readonly thresholds = thresholdsFor('mid');
  /** The scenario's own: the app's shared set would carry refreshed speeds from one test into the next. */
  readonly baselines = new AlertBaselines();
  frameMs = 1000 / 60;
  gpuBytesPerMember = 0;
  budgets = { cpu: null as number | null, gpu: null as number | null };
  private readonly collector: MetricsCollector;
  private records: RequestRecord[] = [];
  private busy = false;
  private ttftMs: number | null = null;
  private raf: FrameRequestCallback[] = [];
  private nextFrameAt = 0;
  private seq = 0;

  constructor(
    readonly council: FakeCouncil,
    /** Each member's solo decode speed (tok/s). */
    public solo = 50,
    smallerModel: SmallerModelFinder = () => null,
  ) {
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => (this.raf.push(cb), this.raf.length));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    uiQuality.set(4);
    this.optimizer = new Optimizer({
      baselines: this.baselines,
      control: council,
      plan: { maxMembers: () => 3, smallerModel, budgets: () => this.budgets },
      persist: (r) => this.log.push(r),
      newId: (p) => `${p}-${++this.seq}`,
    });
    this.collector = new MetricsCollector({ metrics: () => this.metrics() }, (at, dt) => this.optimizer.onFrame(at, dt), () => this.budgets);
    this.collector.start();
  }

  /** Actions the optimiser logged (any outcome). */
  get actions(): ActionLogRecord[] {
    return this.log;
  }
  /** Alerts of warning or critical severity ever raised. */
  get loudAlerts() {
    return this.alerts.alerts.filter((a) => a.severity !== 'info');
  }

  /** Runs the clock for `ms`: frames, and a sample (alerts, optimiser) every 100 ms. */
  async idle(ms: number): Promise<void> {
    const end = this.t + ms;
    while (this.t < end) {
      const next = Math.floor(this.t / 100) * 100 + 100;
      while (this.nextFrameAt <= next) {
        const cbs = this.raf;
        this.raf = [];
        for (const cb of cbs) cb(this.nextFrameAt);
        this.nextFrameAt += this.frameMs;
      }
      this.t = next;
      const s = this.collector.sample(this.t, this.t);
      this.alerts.update(detectConditions(s, this.thresholds, { autoTuning: this.optimizer.autoTuning, baselines: this.baselines }), this.t);
      await this.optimizer.onSample(s, { now: this.t, thresholds: this.thresholds, warm: this.t >= 3_000 });
    }
  }

  /** One request answered by every member; it finishes with its record, like the council's. */
  async ask(r: RequestShape): Promise<void> {
    const n = this.council.list.length;
    const ttft = r.ttftMs ?? 300;
    const durationMs = ttft + ((r.tokens - 1) * 1000) / r.speed;
    const startedAt = this.t;
    const normalFrames = this.frameMs;
    if (r.frameMs) this.frameMs = r.frameMs;
    this.busy = true; // the members' last TTFT stays until this request's first token, as in the council
    for (const m of this.council.list) m.state = 'generating';
    await this.idle(Math.ceil(durationMs / 100) * 100);
    for (const m of this.council.list) m.state = 'idle';
    this.busy = false;
    this.ttftMs = ttft;
    this.frameMs = normalFrames;
    this.records = [
      ...this.records,
      { requestId: `r${++this.seq}`, finishedAt: this.t, consensusTimeMs: this.t - startedAt, efficiency: n > 1 ? r.speed / this.solo : null, members: n, completionTokens: r.tokens * n, aborted: false, failures: 0, memberSpeeds: this.council.list.map((m) => ({ memberId: m.id, decodeTokensPerSecond: r.speed, soloTokensPerSecond: this.solo })) },
    ].slice(-20);
  }

  /** One long frame (a screen change): the next frame comes `ms` later. */
  longFrame(ms: number): void {
    this.nextFrameAt += ms;
  }

  private metrics() {
    const members: MemberMetrics[] = this.council.list.map((m) => ({
      id: m.id,
      modelId: m.modelId,
      state: m.state as MemberMetrics['state'],
      tokensPerSecond: 0, // the live 1 s window: 0 in prefill, which nothing may read as slowness
      timePerTokenMs: null,
      soloTokensPerSecond: this.solo,
      ttftMs: this.ttftMs,
      backend: (m.backend ?? 'webgpu') as MemberMetrics['backend'],
      threads: m.threads ?? null,
    }));
    return metrics({ members, busy: this.busy, recentRequests: this.records, estimatedGpuMemoryBytes: this.gpuBytesPerMember * members.length, efficiency: this.busy ? 0 : null, consensusTimeMs: 9_000 });
  }
}
