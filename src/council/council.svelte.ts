/**
 * The Council Orchestrator (seed "Council Scaling Architecture"; SPEC §3.4): members, each an
 * engine in its own worker; the request queue, load balancer, sync controller, consensus system,
 * early consensus and response timer. One instance, `council`, used by the views, the monitor,
 * the optimiser, the auto scaler and the load tester.
 *
 * Contract (stable for other parts of the app):
 * - `members` ($state): every member with model, backend in use, state and error text.
 * - `setMembers(modelIds)` replaces the council; `addMember` / `removeMember` change it one at a time
 *   (the auto scaler uses these). `restartMember(id)` reloads a failed member.
 * - `ask(prompt, {priority, signal})` queues a request; it resolves with the consensus, or rejects with
 *   QueueFullError (queue bounded, nothing dropped silently), RequestCancelledError or NoMembersError.
 * - `stop()` stops the running request (it still resolves, `aborted: true`); queued ones stay queued.
 * - `metrics()` is a cheap snapshot for the 100 ms sampler.
 * - Tuning knobs (optimiser): setMemberTimeoutMs, setEarlyConsensus, setThreadsPerMember, setSyncMode,
 *   setBalancerMode, setQueueLimit.
 */
import type { ChatCompletionChunk, ChatResult, Engine, EngineKind, LoadConfig, ModelDescriptor } from '../engines/engine';
import { CALIBRATION_PROMPT, CALIBRATION_TOKENS, CALIBRATION_WARMUP_TOKENS } from './calibration';
import { WorkerEngine } from '../engines/worker-engine';
import { errorMessage, errorName, MemberTimeoutError, EngineCrashedError } from '../engines/errors';
import { chooseThreads } from '../engines/threads';
import type { RequestRecord, AskOptions, BalancerMode, CouncilAnswer, CouncilMember, CouncilMetrics, MemberAnswer, MemberFailure, SyncMode } from './types';
import { NoMembersError, RequestCancelledError } from './errors';
import { realClock, type Clock } from './clock';
import { RequestQueue } from './request-queue';
import { pickMember, updateEma } from './load-balancer';
import { SyncController } from './sync-controller';
import { clusterSizes, consensus } from './consensus';
import { shouldStop } from './early-consensus';
import { RecoveryPolicy, ResponseTimer, DEFAULT_MEMBER_TIMEOUT_MS } from './response-timer';
import { Cadence } from './cadence';
import { resolveModel } from './model-registry';
import { reportMeasuredSpeed } from './capacity-feedback';

export type * from './types';
export { QueueFullError, RequestCancelledError, NoMembersError } from './errors';

/** Short prompt used to measure each member's solo decode speed after it loads. */

/** Everything about a member that the UI does not need reactively (kept out of $state on purpose). */
/** What the council needs from a member's engine: the Engine interface plus worker lifecycle. */
export type MemberEngine = Engine & { readonly alive: boolean; kill(reason?: string): void };
export type EngineFactory = (kind: EngineKind) => MemberEngine;

interface Runtime {
  engine: MemberEngine | null;
  descriptor: ModelDescriptor | null;
  config: LoadConfig;
  cadence: Cadence;
  inFlight: number;
  ttftEmaMs: number | null;
  soloTps: number | null;
  lastTtftMs: number | null;
  /** Streamed text of the current answer (flushed to the DOM by the view in batches). */
  text: string;
  /** The request's chat in flight, so a timeout or a kill can fail it. */
  fail: ((err: Error) => void) | null;
  ready: Promise<void>;
  seedBase: number;
}

interface Job {
  requestId: string;
  prompt: string;
  options: AskOptions;
  enqueuedAt: number;
  resolve: (a: CouncilAnswer) => void;
  reject: (e: unknown) => void;
}

export class Council {
  members = $state<CouncilMember[]>([]);
  queueDepth = $state(0);
  /** The request being answered (null when idle): for the view's status line. */
  current = $state<{ requestId: string; prompt: string; startedAt: number } | null>(null);
  lastAnswer = $state<CouncilAnswer | null>(null);

  // Tuning knobs ($state so the view shows what the optimiser set).
  memberTimeoutMs = $state(DEFAULT_MEMBER_TIMEOUT_MS);
  earlyConsensus = $state(true);
  threadsPerMember = $state<number | null>(null);
  syncMode = $state<SyncMode>('async');
  balancerMode = $state<BalancerMode>('least-busy');

  private clock: Clock = realClock;
  private makeEngine: EngineFactory = (kind) => new WorkerEngine(kind);
  private runtime = new Map<string, Runtime>();
  private queue = new RequestQueue<Job>(32, () => this.clock.now());
  private running = false;
  private stopCurrent: (() => void) | null = null;
  private recovery = new RecoveryPolicy();
  private timer = new ResponseTimer(this.clock, (id, ms) => this.onSilent(id, ms), this.memberTimeoutMs);
  private seq = 0;
  private lastConsensusMs: number | null = null;
  private lastEfficiency: number | null = null;
  private completed = 0;
  private failedRequests = 0;
  private calibrating: Promise<void> = Promise.resolve();
  /** Last ≤ 20 finished requests (issue 10: signals from completed requests); replaced, never mutated. */
  private recent: readonly RequestRecord[] = [];

  // ---------------------------------------------------------------- members

  private member(id: string): CouncilMember | undefined {
    return this.members.find((m) => m.id === id);
  }

  private patch(id: string, change: Partial<CouncilMember>): void {
    const m = this.member(id);
    if (m) Object.assign(m, change);
  }

  private active(): CouncilMember[] {
    return this.members.filter((m) => m.state !== 'removed');
  }

  /** Threads per wllama member: the knob if set, else a fair share of the cores. */
  private threadsFor(count: number): number {
    return chooseThreads({
      hardwareConcurrency: globalThis.navigator?.hardwareConcurrency ?? 1,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      members: count,
      requested: this.threadsPerMember,
    });
  }

  /** Replaces the council with one member per model id (a model may appear several times). */
  async setMembers(modelIds: string[]): Promise<void> {
    for (const m of this.active()) this.dispose(m.id, 'replaced');
    this.members = [];
    await Promise.all(modelIds.map((id) => this.addMember(id, modelIds.length)));
  }

  /** Adds one member and loads its model; resolves when it is ready or has failed (see its state). */
  async addMember(modelId: string, expectedCount?: number): Promise<CouncilMember> {
    const id = `m${++this.seq}`;
    const label = `Member ${this.seq}`;
    this.members.push({
      id, modelId, label, modelLabel: modelId, engine: 'wllama', backend: 'unknown', state: 'loading', error: null, errorName: null,
      recoveries: 0, threads: null, loadFraction: null, loadText: 'Waiting',
    });
    const rt: Runtime = {
      engine: null, descriptor: null, config: {}, cadence: new Cadence(), inFlight: 0, ttftEmaMs: null, soloTps: null,
      lastTtftMs: null, text: '', fail: null, ready: Promise.resolve(), seedBase: this.seq * 7919,
    };
    this.runtime.set(id, rt);
    rt.ready = this.load(id, expectedCount ?? this.active().length);
    await rt.ready;
    return this.member(id)!;
  }

  private async load(id: string, count: number): Promise<void> {
    const rt = this.runtime.get(id)!;
    const m = this.member(id)!;
    try {
      const { descriptor, config } = await resolveModel(m.modelId);
      if (this.gone(id)) return;
      rt.descriptor = descriptor;
      rt.config = { ...config, threads: this.threadsFor(count) };
      this.patch(id, { engine: descriptor.engine, modelLabel: descriptor.label });
      rt.engine?.kill('reloading');
      rt.engine = this.makeEngine(descriptor.engine);
      const { backend, threads } = await rt.engine.load(descriptor, {
        config: rt.config,
        onProgress: (p) => this.patch(id, { loadFraction: p.fraction, loadText: p.text }),
      });
      if (this.gone(id)) {
        rt.engine?.kill('removed while loading');
        return;
      }
      this.patch(id, { backend, threads: threads ?? null, state: 'idle', error: null, errorName: null, loadFraction: 1, loadText: 'Ready' });
      await this.calibrate(id);
    } catch (err) {
      rt.engine?.kill('load failed');
      if (this.gone(id)) return;
      rt.engine = null;
      this.patch(id, { state: 'failed', error: errorMessage(err), errorName: errorName(err), loadText: 'Failed' });
    }
  }

  /** True when the member was removed or replaced meanwhile (its late results are dropped). */
  private gone(id: string): boolean {
    const m = this.member(id);
    return !m || m.state === 'removed';
  }

  /** Solo decode speed (SPEC §3.2 efficiency denominator), measured alone: calibrations run one at a time. */
  private calibrate(id: string): Promise<void> {
    const run = async () => {
      const rt = this.runtime.get(id);
      if (!rt?.engine || rt.soloTps !== null || this.member(id)?.state !== 'idle') return;
      this.patch(id, { loadText: 'Measuring solo speed' });
      try {
        const messages = [{ role: 'user' as const, content: CALIBRATION_PROMPT }];
        await rt.engine.chat({ messages, max_tokens: CALIBRATION_WARMUP_TOKENS, seed: 1 });
        const r = await rt.engine.chat({ messages, max_tokens: CALIBRATION_TOKENS, ignore_eos: true, seed: 1 });
        rt.soloTps = r.decodeTokensPerSecond;
        if (r.ttftMs !== null) rt.ttftEmaMs = updateEma(rt.ttftEmaMs, r.ttftMs);
      } catch {
        /* a failed calibration leaves solo speed unknown; the request path reports real failures */
      }
      if (this.member(id)?.state === 'idle') this.patch(id, { loadText: 'Ready' });
    };
    this.calibrating = this.calibrating.then(run, run);
    return this.calibrating;
  }

  async removeMember(memberId: string): Promise<void> {
    this.dispose(memberId, 'removed from the council');
  }

  private dispose(memberId: string, why: string): void {
    const rt = this.runtime.get(memberId);
    rt?.fail?.(new EngineCrashedError(why));
    rt?.engine?.kill(why);
    if (rt) rt.engine = null;
    this.timer.clear(memberId);
    this.patch(memberId, { state: 'removed' });
  }

  /** Reloads a member (after a failure or a device loss). */
  async restartMember(memberId: string): Promise<void> {
    const m = this.member(memberId);
    const rt = this.runtime.get(memberId);
    if (!m || !rt) return;
    rt.fail?.(new EngineCrashedError('restarted'));
    this.patch(memberId, { state: 'loading', error: null, errorName: null, loadText: 'Restarting', loadFraction: null });
    rt.ready = this.load(memberId, this.active().length);
    await rt.ready;
  }

  /** Terminates a member's worker at once (the view's "kill" control; tests use it mid-answer). */
  killMember(memberId: string): void {
    const rt = this.runtime.get(memberId);
    if (!rt?.engine) return;
    rt.engine.kill('its worker was killed');
  }

  /** Streamed text of a member's current answer (read by the view on its flush timer). */
  liveText(memberId: string): string {
    return this.runtime.get(memberId)?.text ?? '';
  }

  /** Per-member cadence for display: tok/s, TTFT, time per token, stall/burst, energy. */
  liveStats(memberId: string) {
    const rt = this.runtime.get(memberId);
    const now = this.clock.now();
    return {
      tokensPerSecond: rt?.cadence.tokensPerSecond(now) ?? 0,
      ttftMs: rt?.lastTtftMs ?? null,
      timePerTokenMs: rt?.cadence.timePerTokenMs() ?? null,
      tokens: rt?.cadence.count ?? 0,
      stalled: rt?.cadence.stalled() ?? false,
      burst: rt?.cadence.burst(now) ?? false,
      energy: rt?.cadence.energy ?? 0,
      soloTokensPerSecond: rt?.soloTps ?? null,
    };
  }

  // ---------------------------------------------------------------- requests

  ask(prompt: string, options: AskOptions = {}): Promise<CouncilAnswer> {
    return new Promise<CouncilAnswer>((resolve, reject) => {
      const requestId = `r${Date.now().toString(36)}-${++this.seq}`;
      const job: Job = { requestId, prompt, options, enqueuedAt: this.clock.now(), resolve, reject };
      this.queue.enqueue(job, options.priority ?? 'normal', requestId); // throws QueueFullError: the caller sees it
      this.queueDepth = this.queue.size;
      options.signal?.addEventListener(
        'abort',
        () => {
          if (this.queue.cancel(requestId)) {
            this.queueDepth = this.queue.size;
            reject(new RequestCancelledError(requestId));
          } else if (this.current?.requestId === requestId) this.stopCurrent?.();
        },
        { once: true },
      );
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let next = this.queue.dequeue(); next; next = this.queue.dequeue()) {
        this.queueDepth = this.queue.size;
        const job = next.item;
        try {
          job.resolve(await this.run(job));
          this.completed++;
        } catch (err) {
          this.failedRequests++;
          job.reject(err);
        }
      }
    } finally {
      this.running = false;
      this.queueDepth = this.queue.size;
    }
  }

  /** Answers one request with every ready member, then reaches consensus. */
  private async run(job: Job): Promise<CouncilAnswer> {
    // Members still loading are waited for; failed ones are skipped.
    await Promise.all(this.active().map((m) => this.runtime.get(m.id)?.ready));
    await this.calibrating;
    const participants = this.active().filter((m) => m.state === 'idle');
    if (!participants.length) throw new NoMembersError(this.active().length ? 'every member failed to load' : 'the council has no members');

    const startedAt = this.clock.now();
    this.current = { requestId: job.requestId, prompt: job.prompt, startedAt };
    // Solo speeds as they were before this request (a single member's run updates its own solo speed).
    const soloAtStart = new Map(participants.map((m) => [m.id, this.runtime.get(m.id)?.soloTps ?? 0]));
    const answers: MemberAnswer[] = [];
    const failures: MemberFailure[] = [];
    const pending = new Map<string, { abort: () => void }>();
    let stoppedEarly = false;
    let aborted = false;
    const reassigned = new Set<string>();
    const sync = new SyncController(this.syncMode, (id, text) => {
      const rt = this.runtime.get(id);
      if (rt) rt.text += text;
    });
    sync.start(participants.map((m) => m.id));
    this.stopCurrent = () => {
      aborted = true;
      for (const p of pending.values()) p.abort();
    };

    const checkEarly = () => {
      if (!this.earlyConsensus || aborted || stoppedEarly) return;
      const done = answers.filter((a) => a.finishReason !== 'abort').map((a) => a.text);
      const decision = shouldStop(clusterSizes(done), pending.size);
      if (decision.stop && decision.reason !== 'all-done' && pending.size) {
        stoppedEarly = true;
        for (const p of pending.values()) p.abort();
      }
    };

    const answerWith = async (memberId: string, onBehalfOf: string | null): Promise<void> => {
      const m = this.member(memberId);
      const rt = this.runtime.get(memberId);
      if (!m || !rt?.engine) return;
      const key = onBehalfOf ? `${memberId}<-${onBehalfOf}` : memberId;
      const ctrl = new AbortController();
      pending.set(key, { abort: () => ctrl.abort() });
      rt.inFlight++;
      rt.text = onBehalfOf ? `${rt.text}\n[answering for ${this.member(onBehalfOf)?.label ?? onBehalfOf}]\n` : '';
      rt.cadence.reset();
      rt.lastTtftMs = null;
      this.patch(memberId, { state: 'generating' });
      this.timer.touch(memberId);
      const sentAt = this.clock.now();
      try {
        const result = await new Promise<ChatResult>((resolve, reject) => {
          rt.fail = reject;
          rt.engine!
            .chat(
              {
                messages: [{ role: 'user', content: job.prompt }],
                max_tokens: job.options.maxTokens ?? 64,
                temperature: job.options.temperature,
                ignore_eos: job.options.ignoreEos,
                seed: job.options.seed ?? rt.seedBase + (onBehalfOf ? 1 : 0),
              },
              {
                signal: ctrl.signal,
                onChunk: (c: ChatCompletionChunk) => {
                  const content = c.choices[0]?.delta?.content ?? '';
                  if (!content && !c.tokens) return;
                  if (rt.lastTtftMs === null) rt.lastTtftMs = c.t - sentAt;
                  rt.cadence.add(c.t, c.tokens);
                  this.timer.touch(memberId);
                  sync.token(memberId, content);
                },
              },
            )
            .then(resolve, reject);
        });
        this.timer.clear(memberId);
        sync.finish(memberId);
        this.recovery.onSuccess(memberId);
        if (result.ttftMs !== null) rt.ttftEmaMs = updateEma(rt.ttftEmaMs, result.ttftMs);
        if (participants.length === 1 && result.decodeTokensPerSecond) rt.soloTps = result.decodeTokensPerSecond;
        answers.push({
          memberId, modelId: m.modelId, text: result.text, finishReason: result.finishReason, completionTokens: result.completionTokens,
          ttftMs: result.ttftMs, decodeTokensPerSecond: result.decodeTokensPerSecond, totalMs: result.totalMs,
          tokenTimes: result.tokenTimes, reassignedFrom: onBehalfOf, ...(result.note ? { note: result.note } : {}),
        });
        if (this.member(memberId)?.state === 'generating') this.patch(memberId, { state: 'idle', recoveries: this.recovery.attemptsOf(memberId) });
        if (rt.descriptor && result.decodeTokensPerSecond) void reportMeasuredSpeed(rt.descriptor, this.member(memberId)?.backend ?? 'unknown', result.decodeTokensPerSecond);
      } catch (err) {
        this.timer.clear(memberId);
        sync.finish(memberId);
        failures.push({ memberId, modelId: m.modelId, name: errorName(err), message: errorMessage(err) });
        this.onMemberFailed(memberId, err);
        // Its request goes to another member (least-busy / latency), unless the council was stopped.
        if (!onBehalfOf && !aborted && !stoppedEarly && !reassigned.has(memberId)) {
          reassigned.add(memberId);
          const other = await this.pickFor(memberId);
          if (other) {
            pending.delete(key);
            await answerWith(other, memberId);
            return;
          }
        }
      } finally {
        rt.fail = null;
        pending.delete(key);
        rt.inFlight = Math.max(0, rt.inFlight - 1);
      }
      checkEarly();
    };

    await Promise.all(participants.map((m) => answerWith(m.id, null)));
    this.stopCurrent = null;

    const usable = answers.filter((a) => a.finishReason !== 'abort' || aborted);
    const c = consensus(usable.map((a) => a.text));
    const consensusTimeMs = this.clock.now() - startedAt;
    this.lastConsensusMs = consensusTimeMs;
    // Efficiency (SPEC §3.2): Σ decode tok/s of the members that ran together ÷ Σ their solo tok/s.
    const together = answers.filter((a) => !a.reassignedFrom && a.decodeTokensPerSecond);
    const solo = together.map((a) => soloAtStart.get(a.memberId) ?? 0);
    let efficiency: number | null = null;
    if (together.length && solo.every((x) => x > 0)) {
      const combined = together.reduce<number>((sum, a) => sum + (a.decodeTokensPerSecond ?? 0), 0);
      efficiency = combined / solo.reduce<number>((sum, x) => sum + x, 0);
      this.lastEfficiency = efficiency;
    }
    const record: RequestRecord = {
      requestId: job.requestId, finishedAt: this.clock.now(), consensusTimeMs, efficiency: together.length > 1 ? efficiency : null,
      members: together.length, completionTokens: answers.reduce((n, a) => n + a.completionTokens, 0), aborted, failures: failures.length,
    };
    this.recent = [...this.recent.slice(-19), record];
    const answer: CouncilAnswer = {
      requestId: job.requestId,
      prompt: job.prompt,
      consensus: c.index >= 0 ? usable[c.index].text : '',
      agreement: c.score,
      agreeingMemberIds: [...new Set(c.agreeing.map((i) => usable[i].memberId))],
      chosenMemberId: c.index >= 0 ? usable[c.index].memberId : null,
      method: c.method,
      stoppedEarly,
      answers,
      failures,
      queuedMs: startedAt - job.enqueuedAt,
      consensusTimeMs,
      aborted,
    };
    this.current = null;
    this.lastAnswer = answer;
    return answer;
  }

  /** Another member to take a failed member's request: the balancer picks among the healthy ones. */
  private async pickFor(failedId: string): Promise<string | null> {
    const candidates = this.active().map((m) => {
      const rt = this.runtime.get(m.id)!;
      return { id: m.id, available: (m.state === 'idle' || m.state === 'generating') && !!rt.engine?.alive, inFlight: rt.inFlight, ttftEmaMs: rt.ttftEmaMs };
    });
    const id = pickMember(candidates, this.balancerMode, new Set([failedId]));
    if (!id) return null;
    // Each member runs one request at a time: wait until the chosen one is free.
    while (this.runtime.get(id)!.inFlight > 0 && this.member(id)?.state === 'generating') await new Promise((r) => setTimeout(r, 20));
    return this.member(id)?.state === 'idle' ? id : null;
  }

  /** Response timer fired: the member produced nothing for `memberTimeoutMs`. */
  private onSilent(memberId: string, silentMs: number): void {
    const rt = this.runtime.get(memberId);
    const err = new MemberTimeoutError(this.member(memberId)?.label ?? memberId, silentMs);
    rt?.engine?.kill('it stopped answering');
    rt?.fail?.(err);
  }

  /** Recovery: restart the member (up to 3 attempts), then remove it. */
  private onMemberFailed(memberId: string, err: unknown): void {
    const m = this.member(memberId);
    if (!m || m.state === 'removed') return;
    const decision = this.recovery.onFailure(memberId);
    this.patch(memberId, { state: 'failed', error: errorMessage(err), errorName: errorName(err), recoveries: decision.attempt });
    const rt = this.runtime.get(memberId);
    if (errorName(err) === 'AbortedError') return;
    if (decision.action === 'remove') this.dispose(memberId, `failed ${decision.attempt} times`);
    else if (rt) {
      // Any failure (worker killed, hung, device lost, engine crashed, server dropped) gets a fresh
      // engine: a lost GPU device or a crashed llama.cpp cannot be reused.
      // Restart in the background; the next request waits for it (rt.ready).
      const keep = { error: errorMessage(err), errorName: errorName(err) };
      rt.ready = this.load(memberId, this.active().length).then(() => {
        if (this.member(memberId)?.state === 'idle') this.patch(memberId, { error: `Recovered after: ${keep.error}`, errorName: keep.errorName });
      });
    }
  }

  /** Stops the running request (it resolves with what was produced, `aborted: true`). */
  stop(): void {
    this.stopCurrent?.();
  }

  // ---------------------------------------------------------------- metrics and knobs

  metrics(): CouncilMetrics {
    const now = this.clock.now();
    let combined = 0;
    let soloSum = 0;
    let soloKnown = true;
    let generating = 0;
    let gpuBytes = 0;
    const members = this.members
      .filter((m) => m.state !== 'removed')
      .map((m) => {
        const rt = this.runtime.get(m.id);
        const tps = m.state === 'generating' ? (rt?.cadence.tokensPerSecond(now) ?? 0) : 0;
        if (m.state === 'generating') {
          generating++;
          combined += tps;
          if (rt?.soloTps) soloSum += rt.soloTps;
          else soloKnown = false;
        }
        if (m.backend === 'webgpu' && rt?.descriptor) gpuBytes += (rt.descriptor.vramRequiredMB ?? 0) * 1024 * 1024 || (rt.descriptor.weightBytes ?? 0);
        return {
          id: m.id, modelId: m.modelId, state: m.state, tokensPerSecond: tps, timePerTokenMs: rt?.cadence.timePerTokenMs() ?? null,
          soloTokensPerSecond: rt?.soloTps ?? null, ttftMs: rt?.lastTtftMs ?? null, backend: m.backend, threads: m.threads,
        };
      });
    const live = generating > 0 && soloKnown && soloSum > 0 ? combined / soloSum : null;
    return {
      members,
      queueDepth: this.queue.size,
      consensusTimeMs: this.current ? now - this.current.startedAt : this.lastConsensusMs,
      efficiency: live ?? this.lastEfficiency,
      combinedTokensPerSecond: combined,
      estimatedGpuMemoryBytes: gpuBytes,
      completed: this.completed,
      failed: this.failedRequests,
      busy: this.running || this.queue.size > 0,
      recentRequests: this.recent,
    };
  }

  setMemberTimeoutMs(ms: number): void {
    this.memberTimeoutMs = Math.max(500, ms);
    this.timer.timeoutMs = this.memberTimeoutMs;
  }
  setEarlyConsensus(on: boolean): void {
    this.earlyConsensus = on;
  }
  /** wllama threads per member (null/0 = automatic). Takes effect when members (re)load. */
  setThreadsPerMember(n: number | null): void {
    this.threadsPerMember = n && n > 0 ? Math.floor(n) : null;
  }
  setSyncMode(mode: SyncMode): void {
    this.syncMode = mode;
  }
  setBalancerMode(mode: BalancerMode): void {
    this.balancerMode = mode;
  }
  /** Test seam: engines and clock (unit tests run the orchestrator with in-process fake engines). */
  useForTests(makeEngine: EngineFactory, clock: Clock = realClock): void {
    this.makeEngine = makeEngine;
    this.clock = clock;
    this.timer = new ResponseTimer(clock, (id, ms) => this.onSilent(id, ms), this.memberTimeoutMs);
    this.queue = new RequestQueue<Job>(this.queue.limit, () => this.clock.now());
  }

  setQueueLimit(n: number): void {
    this.queue.limit = Math.max(1, Math.floor(n));
  }
}

export const council = new Council();

// Test and benchmark hooks (e2e/council*.spec.ts, e2e/bench/council.bench.ts): the same council the
// UI uses, and the bare engine client, so a benchmark can compare the two on one page.
if (typeof window !== 'undefined') {
  Object.assign(window, { __wfCouncil: council, __wfBare: { WorkerEngine, resolveModel } });
}
