/**
 * The Council Orchestrator (seed "Council Scaling Architecture"; SPEC §3.4): members, each an
 * engine in its own worker; the request queue, load balancer, sync controller, consensus system,
 * early consensus and response timer. One instance, `council`, used by the views, the monitor,
 * the optimiser, the auto scaler and the load tester.
 *
 * Contract (stable for other parts of the app):
 * - `members` ($state): every member with model, backend in use, state (member-lifecycle.ts) and error text.
 * - `setMembers(modelIds)` replaces the council; `addMember` / `removeMember` change it one at a time
 *   (the auto scaler uses these). `restartMember(id)` reloads a member (one reload at a time).
 * - `ask(prompt, {priority, signal})` queues a request. It always settles (issue 9): it resolves with
 *   the consensus (member failures listed in words), or rejects with a named error — QueueFullError,
 *   RequestCancelledError, NoMembersError, CouncilFailedError. Every wait inside is bounded: a
 *   member's load by `loadStallMs` without progress, every chat by the response timer.
 * - `stop()` stops the running request in any phase (it resolves, `aborted: true`); queued ones stay.
 * - `metrics()` is a cheap snapshot for the 100 ms sampler.
 * - Tuning knobs (optimiser): setMemberTimeoutMs, setEarlyConsensus, setThreadsPerMember, setSyncMode,
 *   setBalancerMode, setQueueLimit.
 */
import type { ChatCompletionChunk, ChatRequest, ChatResult, Engine, EngineKind, LoadConfig, ModelDescriptor } from '../engines/engine';
import { CALIBRATION_MAX_RUNS, CALIBRATION_PROMPT, CALIBRATION_TOKENS, CALIBRATION_WARMUP_MAX_MS, CALIBRATION_WARMUP_TOKENS, soloFromRuns } from './calibration';
import { warmedUp } from '../engines/warm-up';
import { WorkerEngine } from '../engines/worker-engine';
import { AbortedError, EngineCrashedError, LoadTimeoutError, MemberTimeoutError, errorName } from '../engines/errors';
import { chooseThreads } from '../engines/threads';
import type { AskOptions, BalancerMode, CouncilAnswer, CouncilMember, CouncilMetrics, MemberAnswer, MemberFacts, MemberFailure, MemberState, RequestRecord, SyncMode } from './types';
import { CouncilFailedError, NoMembersError, RequestCancelledError } from './errors';
import { realClock, type Clock } from './clock';
import { RequestQueue } from './request-queue';
import { pickMember, updateEma } from './load-balancer';
import { SyncController } from './sync-controller';
import { clusterSizes, consensus } from './consensus';
import { shouldStop } from './early-consensus';
import { RecoveryPolicy, ResponseTimer, DEFAULT_MEMBER_TIMEOUT_MS } from './response-timer';
import { floorFirstTokenMs, paramsOf, prefillAllowanceMs, PrefillPace, REMOTE_START_ALLOWANCE_MS } from './prefill-allowance';
import { Cadence } from './cadence';
import { resolveModel } from './model-registry';
import { expectedFirstTokenMs, reportFirstToken, reportMeasuredSpeed } from './capacity-feedback';
import { canTransition, isActive, isPending } from './member-lifecycle';
import { describeFailure, isPermanent, isRequestFault, memberFailure } from './failures';
import { Mutex, sleep, waitUntil } from './waits';
import { notices } from '../ui/notices/notices.svelte';
import { PlacedEngine } from '../resources/placed-engine';
import { modelMemoryBytes } from '../capacity/formulas';
import { estimatePromptTokens } from '../capacity/prompt-tokens';
import { KEPT_IN_MEMORY } from '../engines/model-cache';
import { gpuManager } from '../resources/gpu-manager.svelte';
import { DEFAULT_MAX_TOKENS } from './types';

export type * from './types';
export { QueueFullError, RequestCancelledError, NoMembersError, CouncilFailedError } from './errors';

/** What the council needs from a member's engine: the Engine interface plus worker lifecycle. */
export type MemberEngine = Engine & {
  readonly alive: boolean;
  /** Idempotent, never throws; pending calls reject with EngineCrashedError. */
  kill(reason?: string): void;
  /** Called once when the engine dies on its own or is killed; the council detaches it before a deliberate kill. */
  onDeath: ((reason: string) => void) | null;
};
export type EngineFactory = (kind: EngineKind) => MemberEngine;

/** A load makes no progress for this long → LoadTimeoutError (downloads report progress all along). */
export const DEFAULT_LOAD_STALL_MS = 30_000;
/** Back-off before reloading after a failed load: 1 s, 2 s, 4 s … (a crash mid-answer reloads at once). */
const LOAD_RETRY_BASE_MS = 1000;
/** A rate-limited server without Retry-After is left alone this long. */
const DEFAULT_RATE_LIMIT_MS = 5000;
/** After Stop (or early consensus), an engine still answering this long is killed and recovered. */
export const STOP_GRACE_MS = 1000;
/** Removed members kept in the list (so the view can say why); older ones are forgotten. */
const REMOVED_KEPT = 6;

/** Everything about a member that the UI does not need reactively (kept out of $state on purpose). */
interface Runtime {
  engine: MemberEngine | null;
  /** Bumped by every load and by removal: a continuation from an older generation does nothing. */
  generation: number;
  /** The load in flight (restart is single-flight: a second press joins it). */
  loading: Promise<void> | null;
  descriptor: ModelDescriptor | null;
  config: LoadConfig;
  cadence: Cadence;
  /** A chat is running on this member (each member runs one request at a time). */
  busy: boolean;
  ttftEmaMs: number | null;
  /** This member's own first tokens per prompt token (prefill-allowance.ts), for `paceKey`: a new model, thread count or backend starts it again. */
  pace: PrefillPace;
  paceKey: string | null;
  /** The model's parameters, for the prefill floor (prefill-allowance.ts paramsOf). */
  params: number | null;
  soloTps: number | null;
  /** Model, threads and backend the solo speed was measured with (a reload of the same keeps it). */
  soloKey: string | null;
  /** Coefficient of variation of the solo-speed runs (null with one run or none). */
  soloSpread: number | null;
  /** Why the solo speed is rough (runs never agreed, others were loading), kept on the card; null when clean. */
  soloNote: string | null;
  /** The solo speed still to be measured for this key (deferred while the council answers). */
  soloWanted: string | null;
  /** Reload at the end of the current answer (a new thread count takes effect at load; issue 10). */
  reloadWhenIdle: boolean;
  lastTtftMs: number | null;
  /** Streamed text of the current answer (flushed to the DOM by the view in batches). */
  text: string;
  /** Fails the chat in flight (response timer, removal); null when none runs. */
  fail: ((err: Error) => void) | null;
  /** True once the member was ready at least once (a new council waits for its first load). */
  everReady: boolean;
  /**
   * The person killed this worker ("Kill worker"): the member is recovered, but the failure does not
   * count toward removal — it says nothing about the member itself.
   */
  killedOnPurpose: boolean;
  /** Rate-limited until this clock time (RateLimitedError's Retry-After). */
  coolUntil: number;
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
  /** The request being answered, from dispatch (incl. waiting for members) to settlement; null when idle. */
  current = $state<{ requestId: string; prompt: string; startedAt: number } | null>(null);
  lastAnswer = $state<CouncilAnswer | null>(null);

  // Tuning knobs ($state so the view shows what the optimiser set).
  memberTimeoutMs = $state(DEFAULT_MEMBER_TIMEOUT_MS);
  earlyConsensus = $state(true);
  threadsPerMember = $state<number | null>(null);
  syncMode = $state<SyncMode>('async');
  balancerMode = $state<BalancerMode>('least-busy');
  loadStallMs = DEFAULT_LOAD_STALL_MS;

  private clock: Clock = realClock;
  /** Each member's engine holds its memory reservation with the GPU Manager (refused before its download when it does not fit). */
  private makeEngine: EngineFactory = (kind) => new PlacedEngine(new WorkerEngine(kind), gpuManager);
  private runtime = new Map<string, Runtime>();
  private queue = new RequestQueue<Job>(32, () => this.clock.now());
  private running = false;
  private currentStop: AbortController | null = null;
  private recovery = new RecoveryPolicy();
  private timer = new ResponseTimer(this.clock, (id, ms) => this.onSilent(id, ms), this.memberTimeoutMs);
  /** A request's generation and each calibration run alone (clean solo speeds; issue 12). */
  private exclusive = new Mutex();
  private listeners = new Set<() => void>();
  private seq = 0;
  private lastConsensusMs: number | null = null;
  private lastEfficiency: number | null = null;
  private completed = 0;
  private failedRequests = 0;
  /** Last ≤ 20 finished requests (issue 10: signals from completed requests); replaced, never mutated. */
  private recent: readonly RequestRecord[] = [];
  /**
   * Plain copies of the active members' facts for the 100 ms sampler and the optimiser: reading the
   * $state proxies cost ~40 µs a sample (issue 10: the whole monitor tick ≤ 0.1 ms). Dropped on every
   * change of `members` (patch, setState, add, trim) and rebuilt on the next read.
   */
  private facts: MemberFacts[] | null = null;
  /**
   * The highest clean solo speed measured this session per model|threads|backend. A member added
   * again (the optimiser brings one back, perhaps while something outside still loads the CPU) takes
   * it instead of measuring under that load: outside load only ever lowers a measurement (issue 10).
   */
  private knownSolo = new Map<string, number>();

  // ---------------------------------------------------------------- members

  private member(id: string): CouncilMember | undefined {
    return this.members.find((m) => m.id === id);
  }

  private patch(id: string, change: Partial<Omit<CouncilMember, 'state'>>): void {
    const m = this.member(id);
    if (m) Object.assign(m, change);
    this.facts = null;
  }

  /** The one place a member's state changes; an edge the lifecycle does not allow is refused. */
  private setState(id: string, to: MemberState, change: Partial<Omit<CouncilMember, 'state'>> = {}): boolean {
    const m = this.member(id);
    if (!m || !canTransition(m.state, to)) return false;
    Object.assign(m, change, { state: to });
    this.facts = null;
    this.changed();
    return true;
  }

  /**
   * A member comes back to idle only with a live engine: a worker that died while the member was
   * busy elsewhere (between a chat's end and its bookkeeping) is caught here, not on the next request.
   */
  private becomeIdle(id: string, change: Partial<Omit<CouncilMember, 'state'>> = {}): void {
    const rt = this.runtime.get(id);
    if (rt?.engine?.alive && rt.reloadWhenIdle) {
      // The reload asked for while it answered, before it can take the next request (the lifecycle
      // goes through idle, in the same turn, so no request is dispatched to it in between).
      if (this.setState(id, 'idle', change) && this.setState(id, 'restarting', { loadText: 'Reloading with the new thread count', loadFraction: null }))
        void this.startLoad(id, this.active().length);
    } else if (rt?.engine?.alive) this.setState(id, 'idle', change);
    else if (rt) this.recoverLater(id, new EngineCrashedError('its worker stopped'), false);
  }

  /** Wakes whoever waits on member states (a request waiting for members, orphaned work). */
  private changed(): void {
    for (const fn of [...this.listeners]) queueMicrotask(fn);
  }

  private subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  private active(): CouncilMember[] {
    return this.members.filter((m) => isActive(m.state));
  }

  /** The active members' facts as plain objects (cheap to read every 100 ms); do not mutate. */
  activeFacts(): readonly MemberFacts[] {
    return (this.facts ??= this.active().map(({ id, modelId, state, backend, threads }) => ({ id, modelId, state, backend, threads })));
  }

  /** Members that can take a chat now. */
  private ready(): CouncilMember[] {
    const now = this.clock.now();
    return this.members.filter((m) => {
      const rt = this.runtime.get(m.id);
      return m.state === 'idle' && !!rt?.engine?.alive && !rt.busy && rt.coolUntil <= now;
    });
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
    for (const m of this.active()) this.dispose(m.id, 'the council was replaced');
    this.members = [];
    this.facts = null;
    await Promise.all(modelIds.map((id) => this.addMember(id, modelIds.length)));
  }

  /** Adds one member and loads its model; resolves when it is ready or has failed (see its state). */
  async addMember(modelId: string, expectedCount?: number): Promise<CouncilMember> {
    const id = `m${++this.seq}`;
    this.members.push({
      id, modelId, label: `Member ${this.seq}`, modelLabel: modelId, engine: 'wllama', backend: 'unknown', state: 'loading', error: null,
      errorName: null, recoveries: 0, threads: null, loadFraction: null, loadText: 'Waiting',
    });
    this.facts = null;
    this.runtime.set(id, {
      engine: null, generation: 0, loading: null, descriptor: null, config: {}, cadence: new Cadence(), busy: false, ttftEmaMs: null, pace: new PrefillPace(), paceKey: null, params: null,
      soloTps: null, soloSpread: null, soloNote: null, soloKey: null, soloWanted: null, reloadWhenIdle: false, lastTtftMs: null, text: '', fail: null, everReady: false, killedOnPurpose: false, coolUntil: 0, seedBase: this.seq * 7919,
    });
    this.changed();
    await this.startLoad(id, expectedCount ?? this.active().length);
    return this.member(id)!;
  }

  /** Starts a (re)load in a new generation; the previous engine is detached and killed. */
  private startLoad(id: string, count: number, delayMs = 0): Promise<void> {
    const rt = this.runtime.get(id)!;
    const generation = ++rt.generation;
    rt.reloadWhenIdle = false;
    this.detachAndKill(rt, 'reloading');
    const run = this.load(id, generation, count, delayMs).finally(() => {
      if (rt.generation === generation) rt.loading = null;
    });
    rt.loading = run;
    return run;
  }

  private stale(id: string, generation: number): boolean {
    return this.runtime.get(id)?.generation !== generation || !isActive(this.member(id)?.state ?? 'removed');
  }

  private async load(id: string, generation: number, count: number, delayMs: number): Promise<void> {
    const rt = this.runtime.get(id)!;
    const m = this.member(id)!;
    try {
      if (delayMs > 0) await sleep(this.clock, delayMs);
      if (this.stale(id, generation)) return;
      const { descriptor, config } = await this.bounded(resolveModel(m.modelId), this.loadStallMs, () => new LoadTimeoutError(m.label, 'looking up its model', this.loadStallMs));
      if (this.stale(id, generation)) return;
      rt.descriptor = descriptor;
      rt.config = { ...config, threads: this.threadsFor(count) };
      this.patch(id, { engine: descriptor.engine, modelLabel: descriptor.label });
      const engine = this.makeEngine(descriptor.engine);
      rt.engine = engine;
      engine.onDeath = (reason) => this.onEngineDeath(id, engine, reason);
      const { backend, threads, weightBytes, keptInMemory } = await this.loadWithStallDeadline(id, engine, descriptor, rt.config);
      if (this.stale(id, generation)) return;
      rt.params = paramsOf(descriptor, weightBytes);
      this.patch(id, { backend, threads: threads ?? null, error: null, errorName: null, loadFraction: 1 });
      // A reload of the same model with the same threads keeps its solo speed (no recalibration).
      const soloKey = `${descriptor.id}|${threads ?? rt.config.threads ?? ''}|${backend}`;
      // A pace read on other threads or another backend (a GPU lost, the optimiser's fewer threads) is not this one's.
      if (rt.paceKey !== soloKey) {
        rt.pace = new PrefillPace();
        rt.paceKey = soloKey;
      }
      const known = this.knownSolo.get(soloKey);
      if (rt.soloKey !== soloKey && known) {
        rt.soloTps = known;
        rt.soloKey = soloKey;
        rt.soloSpread = null;
        rt.soloWanted = null;
      } else if (rt.soloKey !== soloKey) {
        rt.soloTps = null;
        rt.soloKey = null;
        rt.soloWanted = soloKey;
        // Measured alone: now if the council is quiet, else as soon as it is (see calibrateDeferred).
        if (!this.running) {
          this.setState(id, 'calibrating', { loadText: 'Waiting to measure solo speed' });
          await this.calibrate(id, generation);
          if (this.stale(id, generation)) return;
        }
      }
      rt.everReady = true;
      const ready = rt.soloWanted ? 'Ready (solo speed not measured yet)' : rt.soloTps === null ? m.loadText : (rt.soloNote ?? 'Ready');
      // A file the browser would not store downloads again at every load: the card keeps saying why.
      this.becomeIdle(id, { loadText: keptInMemory ? `${ready}; model ${KEPT_IN_MEMORY}` : ready });
    } catch (err) {
      if (this.stale(id, generation)) return;
      this.detachAndKill(rt, 'load failed');
      const { name, message } = describeFailure(err, m.label);
      if (isPermanent(err)) {
        this.setState(id, 'failed', { error: message, errorName: name, loadText: 'Failed' });
        return;
      }
      this.recoverLater(id, err, true);
    }
  }

  /** engine.load, failed with LoadTimeoutError when it reports no progress for `loadStallMs`. */
  private loadWithStallDeadline(id: string, engine: MemberEngine, descriptor: ModelDescriptor, config: LoadConfig) {
    const label = this.member(id)?.label ?? id;
    return new Promise<Awaited<ReturnType<Engine['load']>>>((resolve, reject) => {
      let handle: unknown;
      const arm = () => {
        this.clock.clearTimeout(handle);
        handle = this.clock.setTimeout(() => {
          reject(new LoadTimeoutError(label, 'loading its model', this.loadStallMs));
          engine.onDeath = null;
          engine.kill('its load made no progress');
        }, this.loadStallMs);
      };
      arm();
      engine
        .load(descriptor, {
          config,
          onProgress: (p) => {
            arm();
            this.patch(id, { loadFraction: p.fraction, loadText: p.text });
          },
        })
        .then(resolve, reject)
        .finally(() => this.clock.clearTimeout(handle));
    });
  }

  /** Races `p` against a deadline on the council's clock. */
  private bounded<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const h = this.clock.setTimeout(() => reject(onTimeout()), ms);
      p.then(resolve, reject).finally(() => this.clock.clearTimeout(h));
    });
  }

  /**
   * Solo decode speed (SPEC §3.2 efficiency denominator), measured alone: it takes the council's
   * exclusive turn, so it never overlaps a request or another calibration. A failure to measure is
   * said on the member card; a dead or silent engine fails the load (and recovery takes over).
   */
  private async calibrate(id: string, generation: number): Promise<void> {
    // Clean (issue 12): not while another member downloads or parses its model — that takes the CPU.
    const othersLoading = () => this.members.some((m) => m.id !== id && (m.state === 'loading' || m.state === 'restarting'));
    if (othersLoading()) this.patch(id, { loadText: 'Waiting for the other members to load before measuring solo speed' });
    const quiet = await waitUntil(() => !othersLoading(), this.subscribe, this.clock, this.loadStallMs);
    const release = await this.exclusive.acquire();
    try {
      const rt = this.runtime.get(id);
      if (this.stale(id, generation) || !rt?.engine || !rt.soloWanted) return;
      const soloKey = rt.soloWanted;
      rt.soloWanted = null;
      this.patch(id, { loadText: 'Measuring solo speed' });
      const messages = [{ role: 'user' as const, content: CALIBRATION_PROMPT }];
      const warm: number[] = [];
      const warmFrom = this.clock.now();
      do {
        const r = await this.chatOnce(id, rt, { messages, max_tokens: CALIBRATION_WARMUP_TOKENS, seed: 1 + warm.length });
        if (this.stale(id, generation)) return;
        warm.push(r.decodeTokensPerSecond ?? 0);
      } while (!warmedUp(warm) && this.clock.now() - warmFrom < CALIBRATION_WARMUP_MAX_MS);
      // Measured runs repeat until their spread is small (CV ≤ 10 %), at most CALIBRATION_MAX_RUNS.
      const speeds: number[] = [];
      for (let run = 0; run < CALIBRATION_MAX_RUNS && !soloFromRuns(speeds).clean; run++) {
        const r = await this.chatOnce(id, rt, { messages, max_tokens: CALIBRATION_TOKENS, ignore_eos: true, seed: 1 });
        if (this.stale(id, generation)) return;
        if (r.decodeTokensPerSecond) speeds.push(r.decodeTokensPerSecond);
        if (r.ttftMs !== null) rt.ttftEmaMs = updateEma(rt.ttftEmaMs, r.ttftMs);
      }
      const solo = soloFromRuns(speeds);
      rt.soloTps = solo.tokensPerSecond;
      rt.soloSpread = solo.cv;
      rt.soloNote = null;
      rt.soloKey = rt.soloTps === null ? null : soloKey;
      if (rt.soloTps !== null && solo.clean && quiet) this.knownSolo.set(soloKey, Math.max(this.knownSolo.get(soloKey) ?? 0, rt.soloTps));
      if (rt.soloTps === null) this.patch(id, { loadText: 'Solo speed could not be measured (too few tokens); efficiency is not shown for it' });
      else if (!solo.clean || !quiet) {
        rt.soloNote = `Solo speed ${rt.soloTps.toFixed(1)} tok/s was not measured cleanly (${!quiet ? 'other members were still loading' : `runs spread ${Math.round((solo.cv ?? 0) * 100)} %`}): efficiency figures for it are rough`;
        this.patch(id, { loadText: rt.soloNote });
      }
    } catch (err) {
      const rt = this.runtime.get(id);
      if (!this.stale(id, generation) && rt?.engine?.alive && errorName(err) !== 'MemberTimeoutError') {
        this.patch(id, { loadText: `Solo speed could not be measured: ${describeFailure(err, this.member(id)?.label ?? id).message}` });
        return;
      }
      throw err;
    } finally {
      release();
    }
  }

  /** How long before a member's first token its silence may start counting (prefill-allowance.ts); `tokens` is the council's estimate of `prompt`. */
  private prefillAllowanceMs(rt: Runtime, d: ModelDescriptor, prompt: string, tokens: number): number {
    // The council's size (the view predicts for it), not ready(): the members already asked are busy by now.
    const members = this.active().length;
    const probe = expectedFirstTokenMs(d.id, prompt, members);
    if (d.engine === 'remote') return prefillAllowanceMs(probe, rt.pace.expectMs(tokens, members), null, REMOTE_START_ALLOWANCE_MS);
    return prefillAllowanceMs(probe, rt.pace.expectMs(tokens, members), floorFirstTokenMs(rt.params, tokens, members));
  }

  /**
   * One chat on a member, watched by the response timer (SPEC §3.4: nothing for `memberTimeoutMs` →
   * failed) from the moment it is sent, so a missing first token counts as silence too.
   */
  private chatOnce(id: string, rt: Runtime, request: ChatRequest, signal?: AbortSignal, onChunk?: (c: ChatCompletionChunk) => void): Promise<ChatResult> {
    const engine = rt.engine;
    if (!engine?.alive) return Promise.reject(new EngineCrashedError('its engine is not running'));
    return new Promise<ChatResult>((resolve, reject) => {
      let settled = false;
      let grace: unknown = null;
      const settle = <T,>(fn: (v: T) => void) => (v: T) => {
        if (settled) return;
        settled = true;
        this.clock.clearTimeout(grace);
        this.timer.clear(id);
        rt.fail = null;
        rt.busy = false;
        fn(v);
      };
      const ok = settle(resolve);
      const fail = settle(reject);
      rt.fail = fail;
      rt.busy = true;
      const d = rt.descriptor;
      const prompt = request.messages.map((m) => m.content).join('\n');
      // The prompt in tokens as the council estimates them: the prefill pace's unit.
      const tokens = d ? estimatePromptTokens(prompt, d.source === 'generated', null).tokens : 0;
      const allowanceMs = d ? this.prefillAllowanceMs(rt, d, prompt, tokens) : 0;
      this.timer.touch(id, allowanceMs);
      // Stop means stop: an engine that keeps going past the grace is killed (and recovered).
      signal?.addEventListener(
        'abort',
        () => {
          if (settled) return;
          grace = this.clock.setTimeout(() => {
            if (settled) return;
            this.detachAndKill(rt, 'it did not stop when asked');
            fail(new EngineCrashedError('it did not stop when asked'));
          }, STOP_GRACE_MS);
        },
        { once: true },
      );
      // Members of its engine at work when its first token came: they shared its device during its prefill (PrefillPace).
      let busyAtFirstToken: number | null = null;
      const sharing = () => [...this.runtime.values()].filter((r) => r.busy && r.descriptor?.engine === d?.engine).length;
      engine
        .chat(request, {
          signal,
          firstTokenWaitMs: allowanceMs,
          onChunk: (c) => {
            if (settled) return;
            busyAtFirstToken ??= sharing();
            this.timer.touch(id);
            onChunk?.(c);
          },
        })
        .then((r) => {
          if (!settled) rt.pace.record(tokens, r.promptTokens, r.ttftMs, busyAtFirstToken ?? 1);
          ok(r);
        }, fail);
    });
  }

  async removeMember(memberId: string): Promise<void> {
    this.dispose(memberId, 'removed from the council');
  }

  private dispose(memberId: string, why: string): void {
    const rt = this.runtime.get(memberId);
    const m = this.member(memberId);
    if (!rt || !m || !isActive(m.state)) return;
    rt.generation++;
    rt.fail?.(new AbortedError(`${m.label} was ${why}`));
    this.detachAndKill(rt, why);
    this.timer.clear(memberId);
    this.recovery.onSuccess(memberId);
    this.setState(memberId, 'removed', { loadText: `Removed (${why})` });
    this.runtime.delete(memberId);
    // Removed members leave memory: keep only the last few in the list, for the view to explain.
    const removed = this.members.filter((x) => x.state === 'removed');
    if (removed.length > REMOVED_KEPT) {
      const drop = new Set(removed.slice(0, removed.length - REMOVED_KEPT).map((x) => x.id));
      this.members = this.members.filter((x) => !drop.has(x.id));
      this.facts = null;
    }
  }

  private detachAndKill(rt: Runtime, why: string): void {
    const engine = rt.engine;
    rt.engine = null;
    if (!engine) return;
    engine.onDeath = null;
    engine.kill(why);
  }

  /** Reloads a member (after a failure, a device loss, or a threads change); joins a reload already running. */
  async restartMember(memberId: string): Promise<void> {
    const m = this.member(memberId);
    const rt = this.runtime.get(memberId);
    if (!m || !rt || !isActive(m.state)) return;
    if (rt.loading) return rt.loading;
    this.recovery.onSuccess(memberId); // a person's restart starts a fresh count of attempts
    const answering = m.state === 'generating' ? rt.fail : null;
    if (!this.setState(memberId, 'restarting', { loadText: 'Restarting', loadFraction: null })) return;
    // A new generation: its engine is killed with any answer under way, which then ends as stopped.
    // (Ending the answer first, with the engine left running, made the member idle for a moment: it
    // was given the next request while its old answer still ran in the same worker.)
    const run = this.startLoad(memberId, this.active().length);
    answering?.(new AbortedError(`${m.label} was restarted`));
    return run;
  }

  /**
   * Reloads a member without cutting an answer short (the optimiser's new thread count takes effect
   * at load): now when it is idle, else as soon as its current answer ends, before its next one.
   */
  async reloadWhenIdle(memberId: string): Promise<void> {
    const m = this.member(memberId);
    const rt = this.runtime.get(memberId);
    if (!m || !rt || !isActive(m.state) || rt.loading) return;
    if (m.state === 'generating' || rt.busy) {
      rt.reloadWhenIdle = true;
      return;
    }
    return this.restartMember(memberId);
  }

  /** Cancels a member's load (and its download): it stays, failed, with a Restart button. */
  cancelLoad(memberId: string): void {
    const rt = this.runtime.get(memberId);
    const m = this.member(memberId);
    if (!rt || !m || !isPending(m.state) || m.state === 'calibrating') return;
    rt.generation++;
    this.detachAndKill(rt, 'loading was cancelled');
    this.setState(memberId, 'failed', { error: 'Loading was cancelled. Press Restart to load it again.', errorName: 'AbortedError', loadText: 'Cancelled' });
  }

  /** Terminates a member's worker at once, as a crash would (the view's "Kill worker"; tests use it). */
  killMember(memberId: string): void {
    const rt = this.runtime.get(memberId);
    if (!rt?.engine?.alive) return;
    rt.killedOnPurpose = true;
    rt.engine.kill('its worker was killed');
  }

  /** The engine died: an idle member shows it at once; a running call fails on its own and is handled there. */
  private onEngineDeath(id: string, engine: MemberEngine, reason: string): void {
    const rt = this.runtime.get(id);
    if (!rt || rt.engine !== engine) return;
    if (this.member(id)?.state === 'idle' && !rt.busy) this.onMemberFailed(id, new EngineCrashedError(reason));
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
      soloSpread: rt?.soloSpread ?? null,
    };
  }

  // ---------------------------------------------------------------- recovery

  /** Response timer fired: the member produced nothing for `memberTimeoutMs`. */
  private onSilent(memberId: string, silentMs: number): void {
    const rt = this.runtime.get(memberId);
    if (!rt) return;
    const fail = rt.fail;
    this.detachAndKill(rt, 'it stopped answering');
    fail?.(new MemberTimeoutError(this.member(memberId)?.label ?? memberId, silentMs));
  }

  /** A chat failed (or an idle engine died): recover (restart, up to 3 attempts), then remove. */
  private onMemberFailed(memberId: string, err: unknown): void {
    const m = this.member(memberId);
    const rt = this.runtime.get(memberId);
    if (!m || !rt || !isActive(m.state)) return;
    const name = errorName(err);
    // A stop, a refused prompt or a busy server is no fault of the member's; but if its worker died
    // meanwhile (a kill racing the refusal), it restarts for the death, and says so.
    const noFaultOfIts = name === 'AbortedError' || name === 'RateLimitedError' || isRequestFault(err);
    if (noFaultOfIts && !rt.engine?.alive) return this.recoverLater(memberId, new EngineCrashedError('its worker stopped'), false);
    if (name === 'AbortedError' || isRequestFault(err)) return this.becomeIdle(memberId);
    if (name === 'RateLimitedError') {
      // The server is fine, only busy: leave it alone for as long as it asked, no restart.
      const wait = (err as { retryAfterMs?: number | null }).retryAfterMs ?? (err as { fields?: { retryAfterMs?: number } }).fields?.retryAfterMs;
      rt.coolUntil = this.clock.now() + (typeof wait === 'number' && wait >= 0 ? wait : DEFAULT_RATE_LIMIT_MS);
      const { message } = describeFailure(err, m.label);
      this.setState(memberId, 'idle', { error: message, errorName: name });
      this.clock.setTimeout(() => this.changed(), rt.coolUntil - this.clock.now());
      return;
    }
    this.recoverLater(memberId, err, false);
  }

  /** Marks the member failed and restarts it in the background (with back-off after a failed load). */
  private recoverLater(memberId: string, err: unknown, afterLoad: boolean): void {
    const m = this.member(memberId)!;
    const rt = this.runtime.get(memberId)!;
    const onPurpose = rt.killedOnPurpose;
    rt.killedOnPurpose = false;
    const decision = onPurpose ? { action: 'recover' as const, attempt: this.recovery.attemptsOf(memberId) } : this.recovery.onFailure(memberId);
    const { name, message } = describeFailure(err, m.label);
    this.detachAndKill(rt, 'it failed');
    this.setState(memberId, 'failed', { error: message, errorName: name, recoveries: decision.attempt, loadText: 'Failed' });
    if (decision.action === 'remove') {
      // SPEC §3.4: a member that keeps failing is removed. One that never loaded stays, failed, with
      // its reason and a Restart button: removing it would hide why.
      if (afterLoad && !rt.everReady) {
        this.setState(memberId, 'failed', { error: `${message} (gave up after ${decision.attempt - 1} retries; press Restart to try again)` });
        return;
      }
      this.dispose(memberId, `failed ${decision.attempt} times in a row (last: ${message})`);
      return;
    }
    const attemptText = onPurpose ? 'after its worker was killed' : `attempt ${decision.attempt} of ${this.recovery.maxAttempts}`;
    if (!this.setState(memberId, 'restarting', { loadText: `Restarting (${attemptText})`, loadFraction: null })) return;
    const delay = afterLoad && !onPurpose ? LOAD_RETRY_BASE_MS * 2 ** (decision.attempt - 1) : 0;
    void this.startLoad(memberId, this.active().length, delay).then(() => {
      if (this.member(memberId)?.state === 'idle') this.patch(memberId, { error: `Recovered after: ${message}`, errorName: name });
    });
  }

  // ---------------------------------------------------------------- requests

  ask(prompt: string, options: AskOptions = {}): Promise<CouncilAnswer> {
    return new Promise<CouncilAnswer>((resolve, reject) => {
      const requestId = `r${Date.now().toString(36)}-${++this.seq}`;
      const signal = options.signal;
      if (signal?.aborted) return reject(new RequestCancelledError(requestId));
      const onAbort = () => {
        if (this.queue.cancel(requestId)) {
          this.queueDepth = this.queue.size;
          reject(new RequestCancelledError(requestId));
        } else if (this.current?.requestId === requestId) this.stop();
      };
      const settle = <T,>(fn: (v: T) => void) => (v: T) => {
        signal?.removeEventListener('abort', onAbort);
        fn(v);
      };
      const job: Job = { requestId, prompt, options, enqueuedAt: this.clock.now(), resolve: settle(resolve), reject: settle(reject) };
      try {
        this.queue.enqueue(job, options.priority ?? 'normal', requestId);
      } catch (err) {
        return reject(err); // QueueFullError: refused, not dropped
      }
      this.queueDepth = this.queue.size;
      signal?.addEventListener('abort', onAbort, { once: true });
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
          job.reject(this.named(err));
        }
      }
    } finally {
      this.running = false;
      this.queueDepth = this.queue.size;
    }
    void this.calibrateDeferred();
  }

  /** Solo speeds of members that became ready while the council was answering, measured now it is quiet. */
  private async calibrateDeferred(): Promise<void> {
    for (const m of this.members) {
      const rt = this.runtime.get(m.id);
      if (this.running || !rt?.soloWanted || m.state !== 'idle' || rt.busy) continue;
      const generation = rt.generation;
      if (!this.setState(m.id, 'calibrating', { loadText: 'Waiting to measure solo speed' })) continue;
      try {
        await this.calibrate(m.id, generation);
        if (!this.stale(m.id, generation)) this.becomeIdle(m.id, { loadText: rt.soloTps === null ? this.member(m.id)?.loadText : (rt.soloNote ?? 'Ready') });
      } catch (err) {
        if (!this.stale(m.id, generation)) this.recoverLater(m.id, err, false);
      }
    }
  }

  /** A caller never sees a library's raw error: anything unnamed becomes a council error in words. */
  private named(err: unknown): unknown {
    const name = errorName(err);
    if (['NoMembersError', 'CouncilFailedError', 'QueueFullError', 'RequestCancelledError'].includes(name)) return err;
    return new CouncilFailedError([{ memberId: '', ...describeFailure(err, 'The council') }]);
  }

  /** Answers one request: waits (bounded, abortable) for members, then generates under the exclusive turn. */
  private async run(job: Job): Promise<CouncilAnswer> {
    const stop = new AbortController();
    this.currentStop = stop;
    const startedAt = this.clock.now();
    this.current = { requestId: job.requestId, prompt: job.prompt, startedAt };
    try {
      // Forming (a first load still on its first try) is waited for; a recovering member (one that
      // worked before) only when nobody is ready; one that never loaded and already failed, never.
      // Both waits end at the load deadline or on Stop.
      const forming = () => this.active().some((m) => isPending(m.state) && !this.runtime.get(m.id)?.everReady && !m.errorName);
      const someoneReady = () => this.ready().length > 0 || !this.active().some((m) => isPending(m.state) && this.runtime.get(m.id)?.everReady);
      await waitUntil(() => !forming(), this.subscribe, this.clock, this.loadStallMs, stop.signal);
      await waitUntil(someoneReady, this.subscribe, this.clock, this.loadStallMs, stop.signal);
      if (stop.signal.aborted) return this.finish(job, startedAt, [], [], false, true);
      let release: () => void;
      try {
        release = await this.exclusive.acquire(stop.signal);
      } catch {
        return this.finish(job, startedAt, [], [], false, true);
      }
      try {
        return await this.generate(job, startedAt, stop);
      } finally {
        release();
      }
    } finally {
      this.current = null;
      this.currentStop = null;
    }
  }

  private async generate(job: Job, startedAt: number, stop: AbortController): Promise<CouncilAnswer> {
    const participants = this.ready();
    if (!participants.length) {
      const active = this.active();
      const why = active.find((m) => m.error)?.error;
      throw new NoMembersError(
        !active.length
          ? 'the council has no members'
          : `no member is ready${active.some((m) => isPending(m.state)) ? ' yet' : ''}${why ? ` (${active.find((m) => m.error)!.label}: ${why})` : ''}`,
      );
    }
    // The clean solo speeds this request's efficiency is measured against.
    const soloAtStart = new Map(participants.map((m) => [m.id, this.runtime.get(m.id)?.soloTps ?? 0]));
    const answers: MemberAnswer[] = [];
    const failures: MemberFailure[] = [];
    const pending = new Map<string, AbortController>();
    const tasks = new Set<Promise<void>>();
    /** Members whose request still needs another member (SPEC §3.4: "its request goes to another member"). */
    const orphans: string[] = [];
    /** Members that refused this request itself (a prompt beyond their context): never asked it again on another's behalf. */
    const refused = new Set<string>();
    let stoppedEarly = false;
    const halted = () => stop.signal.aborted || stoppedEarly;
    const onStop = () => pending.forEach((c) => c.abort());
    stop.signal.addEventListener('abort', onStop, { once: true });
    const sync = new SyncController(this.syncMode, (id, text) => {
      const rt = this.runtime.get(id);
      if (rt) rt.text += text;
    });
    sync.start(participants.map((m) => m.id));

    const checkEarly = () => {
      if (!this.earlyConsensus || halted() || !pending.size) return;
      // An answer without text is no vote: two empty answers would agree exactly.
      const done = answers.filter((a) => a.finishReason !== 'abort' && a.text.trim()).map((a) => a.text);
      const decision = shouldStop(clusterSizes(done), pending.size + orphans.length);
      if (decision.stop && decision.reason !== 'all-done') {
        stoppedEarly = true;
        pending.forEach((c) => c.abort());
      }
    };

    const answerWith = async (memberId: string, onBehalfOf: string | null): Promise<void> => {
      const m = this.member(memberId)!;
      const rt = this.runtime.get(memberId)!;
      const key = onBehalfOf ? `${memberId}<-${onBehalfOf}` : memberId;
      const ctrl = new AbortController();
      pending.set(key, ctrl);
      rt.text = onBehalfOf ? `${rt.text}\n[answering for ${this.member(onBehalfOf)?.label ?? onBehalfOf}]\n` : '';
      rt.cadence.reset();
      rt.lastTtftMs = null;
      this.setState(memberId, 'generating');
      const sentAt = this.clock.now();
      const generation = rt.generation;
      try {
        const result = await this.chatOnce(
          memberId,
          rt,
          {
            messages: [{ role: 'user', content: job.prompt }],
            max_tokens: job.options.maxTokens ?? DEFAULT_MAX_TOKENS,
            temperature: job.options.temperature,
            ignore_eos: job.options.ignoreEos,
            seed: job.options.seed ?? rt.seedBase + (onBehalfOf ? 1 : 0),
          },
          ctrl.signal,
          (c) => {
            const content = c.choices[0]?.delta?.content ?? '';
            if (!content && !c.tokens) return;
            if (rt.lastTtftMs === null) rt.lastTtftMs = c.t - sentAt;
            rt.cadence.add(c.t, c.tokens);
            if (onBehalfOf) rt.text += content;
            else sync.token(memberId, content);
          },
        );
        this.recovery.onSuccess(memberId);
        if (result.ttftMs !== null) rt.ttftEmaMs = updateEma(rt.ttftEmaMs, result.ttftMs);
        answers.push({
          memberId, modelId: m.modelId, text: result.text, finishReason: result.finishReason, completionTokens: result.completionTokens,
          ttftMs: result.ttftMs, decodeTokensPerSecond: result.decodeTokensPerSecond, totalMs: result.totalMs,
          tokenTimes: result.tokenTimes, reassignedFrom: onBehalfOf, ...(result.note ? { note: result.note } : {}),
        });
        this.becomeIdle(memberId, { recoveries: 0 });
        // (A member stopped early had its first token all the same.)
        if (rt.descriptor && result.ttftMs !== null) reportFirstToken(rt.descriptor, result.promptTokens, result.ttftMs, participants.length);
        if (rt.descriptor && result.decodeTokensPerSecond && result.finishReason !== 'abort')
          void reportMeasuredSpeed(rt.descriptor, m.backend, result.decodeTokensPerSecond, participants.length).catch((err) => notices.report('Saving a measured speed', err));
      } catch (err) {
        failures.push(memberFailure(memberId, m.modelId, m.label, err));
        if (isRequestFault(err)) refused.add(memberId);
        // A member reloaded meanwhile (Restart) has a new engine: the old one's end is not its failure.
        if (rt.generation === generation) this.onMemberFailed(memberId, err);
        if (!onBehalfOf && errorName(err) !== 'AbortedError' && !isRequestFault(err)) orphans.push(memberId);
      } finally {
        if (!onBehalfOf) sync.finish(memberId);
        pending.delete(key);
      }
      checkEarly();
      serveOrphans();
    };

    const start = (memberId: string, onBehalfOf: string | null) => {
      const task: Promise<void> = answerWith(memberId, onBehalfOf).finally(() => tasks.delete(task));
      tasks.add(task);
    };

    /** Hands each orphaned request to a free member (the balancer picks); members that recover count too. */
    const serveOrphans = () => {
      for (let i = 0; i < orphans.length && !halted(); ) {
        const failedId = orphans[i];
        // Another member takes it (SPEC §3.4); the failed member itself only when it is the council's last.
        const alone = !this.active().some((m) => m.id !== failedId);
        const id = pickMember(
          this.ready().map((m) => ({ id: m.id, available: true, inFlight: 0, ttftEmaMs: this.runtime.get(m.id)?.ttftEmaMs ?? null })),
          this.balancerMode,
          alone ? refused : new Set([failedId, ...refused]),
        );
        if (!id) {
          i++;
          continue;
        }
        orphans.splice(i, 1);
        start(id, failedId);
      }
    };
    const unsubscribe = this.subscribe(serveOrphans);

    try {
      for (const m of participants) start(m.id, null);
      for (;;) {
        while (tasks.size) await Promise.race(tasks);
        // Everyone who tried failed: wait (bounded, abortable) for a recovering member to take over.
        if (answers.length || !orphans.length || halted() || !this.active().some((m) => isPending(m.state) || m.state === 'idle')) break;
        const back = await waitUntil(() => this.ready().length > 0, this.subscribe, this.clock, this.loadStallMs, stop.signal);
        if (!back) break;
        serveOrphans();
        if (!tasks.size) break;
      }
    } finally {
      unsubscribe();
      stop.signal.removeEventListener('abort', onStop);
    }
    return this.finish(job, startedAt, answers, failures, stoppedEarly, stop.signal.aborted, soloAtStart);
  }

  /** Consensus, per-request evidence and the answer; rejects with CouncilFailedError when nobody answered. */
  private finish(
    job: Job,
    startedAt: number,
    answers: MemberAnswer[],
    failures: MemberFailure[],
    stoppedEarly: boolean,
    aborted: boolean,
    soloAtStart = new Map<string, number>(),
  ): CouncilAnswer {
    const consensusTimeMs = this.clock.now() - startedAt;
    const usable = answers.filter((a) => a.finishReason !== 'abort' || aborted);
    // A stream that was cut short, or an answer without text (a thinking model that ran out of
    // tokens), is not a clean answer: it wins only when there is nothing else.
    const clean = usable.filter((a) => a.finishReason !== 'truncated' && a.text.trim());
    const pool = clean.length ? clean : usable;
    // Efficiency (SPEC §3.2): Σ decode tok/s of the members that ran together ÷ Σ their solo tok/s.
    const together = answers.filter((a) => !a.reassignedFrom && a.decodeTokensPerSecond);
    const solo = together.map((a) => soloAtStart.get(a.memberId) ?? 0);
    let efficiency: number | null = null;
    if (together.length && solo.every((x) => x > 0)) {
      efficiency = together.reduce<number>((sum, a) => sum + (a.decodeTokensPerSecond ?? 0), 0) / solo.reduce<number>((s, x) => s + x, 0);
      this.lastEfficiency = efficiency;
    }
    this.lastConsensusMs = consensusTimeMs;
    this.recent = [
      ...this.recent.slice(-19),
      {
        requestId: job.requestId, finishedAt: this.clock.now(), consensusTimeMs, efficiency: together.length > 1 ? efficiency : null,
        members: together.length, completionTokens: answers.reduce((n, a) => n + a.completionTokens, 0), aborted, failures: failures.length,
        firstTokenMs: firstTokenOf(answers.filter((a) => !a.reassignedFrom)), promptTokens: estimatePromptTokens(job.prompt, false, null).tokens,
        memberSpeeds: together.map((a) => ({ memberId: a.memberId, decodeTokensPerSecond: a.decodeTokensPerSecond!, soloTokensPerSecond: soloAtStart.get(a.memberId) || null })),
      },
    ];
    if (!pool.length && !aborted) throw new CouncilFailedError(failures);
    const c = consensus(pool.map((a) => a.text));
    const answer: CouncilAnswer = {
      requestId: job.requestId,
      prompt: job.prompt,
      consensus: c.index >= 0 ? pool[c.index].text : '',
      agreement: c.score,
      agreeingMemberIds: [...new Set(c.agreeing.map((i) => pool[i].memberId))],
      chosenMemberId: c.index >= 0 ? pool[c.index].memberId : null,
      method: c.method,
      stoppedEarly,
      answers,
      failures,
      queuedMs: startedAt - job.enqueuedAt,
      consensusTimeMs,
      aborted,
    };
    this.lastAnswer = answer;
    return answer;
  }

  /** Stops the running request in whatever phase it is (it resolves with what was produced, `aborted: true`). */
  stop(): void {
    this.currentStop?.abort();
  }

  // ---------------------------------------------------------------- metrics and knobs

  metrics(): CouncilMetrics {
    const now = this.clock.now();
    let combined = 0;
    let soloSum = 0;
    let soloKnown = true;
    let generating = 0;
    let gpuBytes = 0;
    const members = this.activeFacts().map((m) => {
      const rt = this.runtime.get(m.id);
      const tps = m.state === 'generating' ? (rt?.cadence.tokensPerSecond(now) ?? 0) : 0;
      if (m.state === 'generating') {
        generating++;
        combined += tps;
        if (rt?.soloTps) soloSum += rt.soloTps;
        else soloKnown = false;
      }
      // The same figure the GPU Manager reserves for it (src/resources/placed-engine.ts).
      if (m.backend === 'webgpu' && rt?.descriptor) gpuBytes += modelMemoryBytes(rt.descriptor) ?? 0;
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
  setQueueLimit(n: number): void {
    this.queue.limit = Math.max(1, Math.floor(n));
  }
  /** Test seam: engines and clock (unit tests run the orchestrator with in-process fake engines). */
  useForTests(makeEngine: EngineFactory, clock: Clock = realClock): void {
    this.makeEngine = makeEngine;
    this.clock = clock;
    this.timer = new ResponseTimer(clock, (id, ms) => this.onSilent(id, ms), this.memberTimeoutMs);
    this.queue = new RequestQueue<Job>(this.queue.limit, () => this.clock.now());
  }
}

export const council = new Council();

// Test and benchmark hooks (e2e/council*.spec.ts, e2e/bench/council.bench.ts): the same council the
// UI uses, and the bare engine client, so a benchmark can compare the two on one page.
if (typeof window !== 'undefined') {
  Object.assign(window, { __wfCouncil: council, __wfBare: { WorkerEngine, resolveModel } });
}

/** The first token of a request's first member to answer (ms from dispatch), null when none came. */
function firstTokenOf(answers: readonly MemberAnswer[]): number | null {
  const firsts = answers.map((a) => a.ttftMs).filter((ms): ms is number => ms !== null && Number.isFinite(ms));
  return firsts.length ? Math.min(...firsts) : null;
}
