/**
 * A fake member engine for seeded chaos runs (council.chaos.test.ts): every delay runs on the
 * council's FakeClock, and every load and chat draws its fate from the run's PRNG — slow or failing
 * loads, loads that stall, silent first tokens, stalls mid-answer (some deaf to abort), server error
 * events, cut-off streams, rate limits and raw library errors. Timestamps are fake-clock times.
 */
import type { ChatOptions, ChatRequest, ChatResult, EngineKind, FinishReason, LoadOptions, LoadResult, ModelDescriptor } from '../engines/engine';
import { EngineCrashedError, ModelNotFoundError, PromptTooLongError, RateLimitedError, RemoteServerError } from '../engines/errors';
import type { FakeClock } from './clock';
import type { MemberEngine } from './council.svelte';

/** The seeded PRNG the test models are generated with (mulberry32): one printed seed replays a run. */
export { rng as prng } from '../models/gguf/gguf-writer.mjs';

/** Probabilities of each fault per load or chat (the rest behaves). */
export interface Faults {
  loadCrash: number;
  loadStall: number;
  loadMissing: number;
  silentFirstToken: number;
  stallMidAnswer: number;
  deafToAbort: number;
  errorEvent: number;
  truncated: number;
  rateLimited: number;
  rawError: number;
  /** The engine refuses the request at once as longer than its context (PromptTooLongError): the request's fault, not the member's. */
  tooLong: number;
}

export const CALM: Faults = {
  loadCrash: 0, loadStall: 0, loadMissing: 0, silentFirstToken: 0, stallMidAnswer: 0, deafToAbort: 0, errorEvent: 0, truncated: 0, rateLimited: 0, rawError: 0, tooLong: 0,
};

/**
 * One core the run's fakes share, as the members of a council share a CPU: every chat at work
 * (reading its prompt or answering) takes an equal share, so a prompt that needs `aloneMs` alone
 * takes that many times longer while others work beside it, and speeds up as they finish.
 */
export class SharedCpu {
  /** Chats at work now. */
  chatting = 0;
  /** Every first token's time from its chat's start (ms). */
  readonly firstTokenMs: number[] = [];
  private jobs = new Map<object, { left: number; done: () => void }>();
  private since = 0;
  private timer: unknown = null;

  constructor(private clock: FakeClock) {}

  /** A chat begins (+1) or ends (−1). */
  working(delta: number): void {
    this.advance();
    this.chatting += delta;
    this.schedule();
  }

  /** Reads a prompt that needs `aloneMs` of the core alone; `done` when read. Returns a cancel. */
  read(aloneMs: number, done: () => void): () => void {
    this.advance();
    const key = {};
    this.jobs.set(key, { left: aloneMs, done });
    this.schedule();
    return () => {
      this.advance();
      this.jobs.delete(key);
      this.schedule();
    };
  }

  private advance(): void {
    const now = this.clock.now();
    const share = (now - this.since) / Math.max(1, this.chatting);
    for (const j of this.jobs.values()) j.left -= share;
    this.since = now;
  }

  private schedule(): void {
    this.clock.clearTimeout(this.timer);
    if (!this.jobs.size) return;
    const next = Math.min(...[...this.jobs.values()].map((j) => j.left));
    this.timer = this.clock.setTimeout(() => {
      this.advance();
      const finished = [...this.jobs].filter(([, j]) => j.left <= 1e-6);
      for (const [key] of finished) this.jobs.delete(key);
      this.schedule();
      for (const [, j] of finished) j.done();
    }, Math.max(0, next) * Math.max(1, this.chatting));
  }
}

/**
 * A prompt's prefill, as a real model on a shared CPU does it: `msPerToken` per prompt token alone
 * (jittered ±25 %), on the run's SharedCpu. Loads report `weightBytes`, the file's size the
 * council's floor reads the model's size from. Without it the first token comes within 800 ms
 * whatever the prompt, and the engine reports 4 prompt tokens.
 */
export interface Prefill {
  msPerToken: number;
  weightBytes: number;
  cpu: SharedCpu;
}

/** The prompt's tokens as the engine counts them (a byte-level vocabulary and the council's 12 template tokens: capacity/prompt-tokens.ts). */
export const prefillTokens = (request: ChatRequest): number => new TextEncoder().encode(request.messages.map((m) => m.content).join('\n')).length + 12;

/** The text of a raw library error: it must never reach a caller. */
export const RAW_ERROR_TEXT = 'Proxy has been released and is not useable';

export class ChaosEngine implements MemberEngine {
  alive = true;
  onDeath: ((reason: string) => void) | null = null;
  private timers = new Set<unknown>();
  private rejects = new Set<(e: Error) => void>();
  private modelId = '';
  private abortChat: (() => void) | null = null;
  /** Clock time of the last sign of life of a running load or chat (null when none runs). */
  busySince: number | null = null;
  lastActivity = 0;
  busyWith: 'load' | 'chat' | null = null;
  /** A chat still in its prefill (no token yet): its silence may last the council's prefill allowance. */
  prefilling = false;
  /** Stops the running chat's prefill on the shared CPU (prefill runs). */
  private cancelRead: (() => void) | null = null;

  constructor(
    readonly kind: EngineKind,
    private clock: FakeClock,
    private rng: () => number,
    private faults: () => Faults,
    private prefill?: Prefill,
  ) {}

  private later(ms: number, fn: () => void): void {
    const h = this.clock.setTimeout(() => {
      this.timers.delete(h);
      if (this.alive) fn();
    }, ms);
    this.timers.add(h);
  }

  private guarded<T>(body: (resolve: (v: T) => void, reject: (e: Error) => void) => void): Promise<T> {
    if (!this.alive) return Promise.reject(new EngineCrashedError('dead'));
    return new Promise<T>((resolve, reject) => {
      const rej = (e: Error) => (this.rejects.delete(rej), reject(e));
      this.rejects.add(rej);
      body((v) => (this.rejects.delete(rej), resolve(v)), rej);
    });
  }

  /** Whether this engine's chat takes its share of the shared CPU (a stalled one waits, and takes none). */
  private computing = false;
  private compute(on: boolean): void {
    if (on !== this.computing) this.prefill?.cpu.working(on ? +1 : -1);
    this.computing = on;
  }

  private begin(what: 'load' | 'chat'): void {
    this.busyWith = what;
    this.busySince = this.lastActivity = this.clock.now();
  }
  private alive_(): void {
    this.lastActivity = this.clock.now();
  }
  private end(): void {
    this.compute(false);
    this.cancelRead?.();
    this.cancelRead = null;
    this.prefilling = false;
    this.busyWith = null;
    this.busySince = null;
  }

  load(model: ModelDescriptor, options: LoadOptions = {}): Promise<LoadResult> {
    this.modelId = model.id;
    this.begin('load');
    const f = this.faults();
    const r = this.rng();
    return this.guarded<LoadResult>((resolve, reject) => {
      if (r < f.loadCrash) return this.later(this.rng() * 500, () => (this.end(), reject(new EngineCrashedError('chaos: crashed while loading'))));
      if (r < f.loadCrash + f.loadMissing) return this.later(10, () => (this.end(), reject(new ModelNotFoundError(`/models/${model.id}.gguf`))));
      if (r < f.loadCrash + f.loadMissing + f.loadStall) return; // never progresses
      const ticks = 1 + Math.floor(this.rng() * 4);
      const tick = (i: number) =>
        this.later(100 + this.rng() * 400, () => {
          this.alive_();
          options.onProgress?.({ loadedBytes: i, totalBytes: ticks, fraction: i / ticks, text: `chaos ${i}/${ticks}` });
          if (i < ticks) tick(i + 1);
          else (this.end(), resolve({ backend: 'wasm-cpu', loadMs: 1, threads: 1, ...(this.prefill ? { weightBytes: this.prefill.weightBytes } : {}) }));
        });
      tick(1);
    });
  }

  chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    const f = this.faults();
    const pick = this.rng();
    let edge = 0;
    const is = (p: number) => pick >= edge && pick < (edge += p);
    const fate = is(f.silentFirstToken) ? 'silent' : is(f.stallMidAnswer) ? 'stall' : is(f.errorEvent) ? 'error' : is(f.truncated) ? 'truncated' : is(f.rateLimited) ? 'rate' : is(f.rawError) ? 'raw' : is(f.tooLong) ? 'too-long' : 'ok';
    const deaf = this.rng() < f.deafToAbort;
    const total = Math.max(1, request.max_tokens ?? 8);
    const words = ['yes', 'no', 'maybe'];
    const word = words[Math.floor(this.rng() * (this.rng() < 0.7 ? 1 : 3))];
    const startedAt = this.clock.now();
    const promptTokens = this.prefill ? prefillTokens(request) : 4;
    this.begin('chat');
    this.prefilling = true;
    const readAloneMs = this.prefill ? this.prefill.msPerToken * promptTokens * (0.8 + 0.45 * this.rng()) : null;
    return this.guarded<ChatResult>((resolve, reject) => {
      const times: number[] = [];
      let text = '';
      let done = false;
      const finish = (reason: FinishReason) => {
        if (done) return;
        done = true;
        this.abortChat = null;
        this.end();
        const span = times.length > 1 ? times[times.length - 1] - times[0] : 0;
        resolve({
          text, finishReason: reason, promptTokens, completionTokens: times.length, startedAt, ttftMs: times.length ? times[0] - startedAt : null,
          decodeTokensPerSecond: span > 0 ? ((times.length - 1) * 1000) / span : null, tokenTimes: times, totalMs: this.clock.now() - startedAt,
        });
      };
      const fail = (e: Error) => {
        if (done) return;
        done = true;
        this.abortChat = null;
        this.end();
        reject(e);
      };
      this.abortChat = deaf ? null : () => this.later(5, () => finish('abort'));
      options.signal?.addEventListener('abort', () => this.abortChat?.(), { once: true });
      if (fate === 'silent') return;
      this.compute(true);
      if (fate === 'too-long') return this.later(5, () => fail(new PromptTooLongError(this.modelId, 4096, 2048)));
      if (fate === 'rate') return this.later(20, () => fail(new RateLimitedError('http://chaos', Math.round(200 + this.rng() * 2000))));
      const cut = 1 + Math.floor(this.rng() * total);
      const step = (i: number) => {
        // The first token comes once the prompt is read: on the shared CPU in prefill runs.
        const after = (fn: () => void) =>
          i === 0 && readAloneMs !== null && this.prefill
            ? (this.cancelRead = this.prefill.cpu.read(readAloneMs, () => (this.cancelRead = null, this.alive && fn())))
            : this.later(i === 0 ? this.rng() * 800 : 10 + this.rng() * 150, fn);
        after(() => {
          if (done) return;
          if (i === cut && fate !== 'ok') {
            if (fate === 'stall') return this.compute(false);
            if (fate === 'error') return fail(new RemoteServerError('http://chaos', 'chaos: the model crashed'));
            if (fate === 'raw') return fail(new Error(RAW_ERROR_TEXT));
            return finish('truncated');
          }
          if (i >= total) return finish('length');
          const content = (i ? ' ' : '') + word;
          text += content;
          if (i === 0) this.prefill?.cpu.firstTokenMs.push(this.clock.now() - startedAt);
          this.prefilling = false;
          this.alive_();
          const t = this.clock.now();
          times.push(t);
          options.onChunk?.({ id: 'c', object: 'chat.completion.chunk', created: 0, model: this.modelId, choices: [{ index: 0, delta: { content }, finish_reason: null }], t, tokens: 1 });
          step(i + 1);
        });
      };
      step(0);
    });
  }

  async abort(): Promise<void> {
    this.abortChat?.();
  }
  async stats() {
    return { kind: this.kind, modelId: this.modelId, backend: 'wasm-cpu' as const, threads: 1, loaded: true, loadMs: 1, lastTtftMs: null, lastDecodeTokensPerSecond: null, totalCompletionTokens: 0, requests: 0 };
  }
  async unload(): Promise<void> {}

  kill(reason = 'killed'): void {
    if (!this.alive) return;
    this.alive = false;
    this.end();
    for (const h of this.timers) this.clock.clearTimeout(h);
    this.timers.clear();
    const err = new EngineCrashedError(reason);
    for (const reject of [...this.rejects]) reject(err);
    const notify = this.onDeath;
    this.onDeath = null;
    notify?.(reason);
  }
}
