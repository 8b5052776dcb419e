import { describe, expect, it, vi } from 'vitest';
import type { ChatOptions, ChatRequest, ChatResult, EngineKind, LoadOptions, ModelDescriptor } from '../engines/engine';
import { DeviceLostError, EngineCrashedError, ModelNotFoundError, AbortedError, PromptTooLongError, RateLimitedError } from '../engines/errors';
import { ChatRecorder } from '../engines/chat-stream';
import { FakeClock } from './clock';
import { CALIBRATION_PROMPT } from './calibration';
import { KEPT_IN_MEMORY } from '../engines/model-cache';
import { estimatePromptTokens } from '../capacity/prompt-tokens';

vi.mock('./model-registry', () => import('./fake-registry.test-util'));
vi.mock('./capacity-feedback', () => import('./fake-registry.test-util'));

const { Council } = await import('./council.svelte');
const { expected, fakeDescriptors } = await import('./fake-registry.test-util');
const { MAX_PREFILL_ALLOWANCE_MS, REMOTE_START_ALLOWANCE_MS, floorFirstTokenMs, paramsOf } = await import('./prefill-allowance');

/** How a fake member behaves: what it answers (by model id), or that it hangs / fails to load. */
type Behaviour = {
  answer?: string;
  hang?: boolean;
  /** A question's first token waits for this (its prefill); calibration's does not. */
  prefill?: Promise<void>;
  /** Prompt tokens the engine says it processed (the prompt's estimate), and the first token's time it reports for a question (ms). */
  reportsPrefill?: { ttftMs: number };
  /** Threads its load reports. */
  threads?: number;
  /** Bytes of the file its load reports (a GGUF added by URL). */
  weightBytes?: number;
  /** Its load says the file was kept in memory, not stored. */
  keptInMemory?: boolean;
  /** Its worker dies as it refuses a prompt too long (contextChars): the refusal and the death race. */
  diesRefusing?: boolean;
  loadError?: Error; loadHang?: boolean; loadDelayMs?: number; tokenDelayMs?: number; chatErrorOnce?: () => Error; contextChars?: number };

/** An in-process engine with the member-engine contract; tokens are whole words. */
class FakeEngine {
  alive = true;
  onDeath: ((reason: string) => void) | null = null;
  static lostOnce = new Set<string>();
  private get failedOnce() {
    return FakeEngine.lostOnce.has(this.modelId);
  }
  private set failedOnce(v: boolean) {
    if (v) FakeEngine.lostOnce.add(this.modelId);
  }
  private abortCtl: AbortController | null = null;
  /** What each chat was told it may take before its first token (ChatOptions.firstTokenWaitMs). */
  readonly waits: (number | undefined)[] = [];
  private rejectChat: ((e: Error) => void) | null = null;
  constructor(
    readonly kind: EngineKind,
    private behaviour: (modelId: string) => Behaviour,
    private modelId = '',
  ) {}
  async load(model: ModelDescriptor, _o?: LoadOptions) {
    this.modelId = model.id;
    const b = this.behaviour(model.id);
    if (b.loadError) throw b.loadError;
    if (b.loadHang) await new Promise(() => {});
    if (b.loadDelayMs) await new Promise((r) => setTimeout(r, b.loadDelayMs));
    return { backend: 'wasm-cpu' as const, loadMs: 1, ...(b.threads ? { threads: b.threads } : {}), ...(b.weightBytes ? { weightBytes: b.weightBytes } : {}), ...(b.keptInMemory ? { keptInMemory: true } : {}) };
  }
  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    if (!this.alive) throw new EngineCrashedError('dead');
    const calibration = request.messages[0]?.content === CALIBRATION_PROMPT;
    const b = this.behaviour(this.modelId);
    this.waits.push(options.firstTokenWaitMs);
    const rec = new ChatRecorder(this.modelId, options.onChunk);
    this.abortCtl = new AbortController();
    const signal = this.abortCtl.signal;
    options.signal?.addEventListener('abort', () => this.abortCtl?.abort());
    const prompt = request.messages[0]?.content ?? '';
    // As llama.cpp does: a prompt beyond the context is refused before decoding, the engine unharmed.
    if (b.contextChars !== undefined && prompt.length > b.contextChars) {
      if (b.diesRefusing) this.kill('out of memory');
      throw new PromptTooLongError(this.modelId, prompt.length, b.contextChars);
    }
    if (b.chatErrorOnce && !calibration && !this.failedOnce) {
      this.failedOnce = true;
      throw b.chatErrorOnce();
    }
    return new Promise<ChatResult>((resolve, reject) => {
      this.rejectChat = reject;
      if (b.hang && !calibration) return; // never produces a token
      if (b.reportsPrefill) rec.promptTokens = estimatePromptTokens(prompt, true, null).tokens;
      const done = (r: ChatResult) => resolve(b.reportsPrefill && !calibration ? { ...r, ttftMs: b.reportsPrefill.ttftMs } : r);
      const words = (calibration ? 'one two three four' : (b.answer ?? 'x')).split(' ');
      let i = 0;
      const next = () => {
        if (signal.aborted) return done(rec.finish('abort'));
        if (i >= words.length) return done(rec.finish('stop'));
        rec.token((i ? ' ' : '') + words[i++]);
        setTimeout(next, b.tokenDelayMs ?? 1);
      };
      if (b.prefill && !calibration) void b.prefill.then(next);
      else next();
    });
  }
  async abort() {
    this.abortCtl?.abort();
  }
  async stats() {
    return { kind: this.kind, modelId: this.modelId, backend: 'wasm-cpu' as const, threads: 1, loaded: true, loadMs: 1, lastTtftMs: null, lastDecodeTokensPerSecond: null, totalCompletionTokens: 0, requests: 0 };
  }
  async unload() {}
  kill(reason = 'killed') {
    if (!this.alive) return;
    this.alive = false;
    this.rejectChat?.(new EngineCrashedError(reason));
    const notify = this.onDeath;
    this.onDeath = null;
    notify?.(reason);
  }
}

function makeCouncil(behaviours: Record<string, Behaviour>, clock?: FakeClock) {
  const c = new Council();
  const engines: FakeEngine[] = [];
  c.useForTests((kind) => {
    const e = new FakeEngine(kind, (id) => behaviours[id] ?? {});
    engines.push(e);
    return e;
  }, clock);
  return { c, engines };
}

describe('council orchestration with fake engines', () => {
  it('members answer, consensus picks the agreed answer with its score and the agreeing members', async () => {
    const { c } = makeCouncil({ a: { answer: 'Paris' }, b: { answer: 'paris.' }, z: { answer: 'Lyon' } });
    c.setEarlyConsensus(false);
    await c.setMembers(['a', 'b', 'z']);
    expect(c.members.map((m) => m.state)).toEqual(['idle', 'idle', 'idle']);
    const answer = await c.ask('Capital of France?');
    expect(answer.answers).toHaveLength(3);
    expect(answer.consensus).toBe('Paris');
    expect(answer.method).toBe('exact');
    expect(answer.agreement).toBeCloseTo(0.5);
    expect(answer.agreeingMemberIds).toEqual([c.members[0].id, c.members[1].id]);
    expect(answer.failures).toEqual([]);
    const m = c.metrics();
    expect(m.members[0].soloTokensPerSecond).toBeGreaterThan(0);
    expect(m.completed).toBe(1);
    expect(m.queueDepth).toBe(0);
  });

  it('a reload asked for while a member answers waits for the answer, then runs before its next request (a new thread count applies)', async () => {
    const { c, engines } = makeCouncil({ a: { answer: 'one two three four five six', tokenDelayMs: 60 } });
    await c.setMembers(['a']);
    const first = engines.length;
    const pending = c.ask('Hello?');
    await vi.waitFor(() => expect(c.members[0].state).toBe('generating'), { interval: 5 });
    await c.reloadWhenIdle(c.members[0].id);
    expect(engines.length).toBe(first); // not cut short
    const answer = await pending;
    expect(answer.consensus).toBe('one two three four five six');
    expect(answer.failures).toEqual([]);
    await vi.waitFor(() => expect(c.members[0].state).toBe('idle'));
    expect(engines.length).toBe(first + 1); // reloaded once, before it took anything else
    expect(engines[first - 1].alive).toBe(false);
    expect((await c.ask('Again?')).consensus).toBe('one two three four five six');
    expect(engines.length).toBe(first + 1);
  });

  it('a reload asked for while a member is idle runs at once', async () => {
    const { c, engines } = makeCouncil({ a: { answer: 'ok' } });
    await c.setMembers(['a']);
    const first = engines.length;
    await c.reloadWhenIdle(c.members[0].id);
    expect(engines.length).toBe(first + 1);
    expect(c.members[0].state).toBe('idle');
  });

  it('early consensus stops a slow member once the result is decided', async () => {
    const { c } = makeCouncil({ a: { answer: 'yes' }, b: { answer: 'yes' }, slow: { answer: 'no no no no no no no no no no', tokenDelayMs: 50 } });
    await c.setMembers(['a', 'b', 'slow']);
    const answer = await c.ask('Is it?');
    expect(answer.stoppedEarly).toBe(true);
    expect(answer.consensus).toBe('yes');
    expect(answer.answers.find((x) => x.modelId === 'slow')?.finishReason).toBe('abort');
  });

  it('a silent member is failed after 5 s, its request goes to another member, and it is restarted', async () => {
    const clock = new FakeClock();
    const { c } = makeCouncil({ ok: { answer: 'fine answer' }, stuck: { hang: true } }, clock);
    await c.setMembers(['ok', 'stuck']);
    const pending = c.ask('Hello?');
    await vi.waitFor(() => expect(c.members[1].state).toBe('generating'));
    await new Promise((r) => setTimeout(r, 30)); // the healthy member finishes
    clock.advance(5000);
    const answer = await pending;
    expect(answer.failures).toEqual([expect.objectContaining({ memberId: c.members[1].id, name: 'MemberTimeoutError' })]);
    expect(answer.answers.map((a) => a.reassignedFrom)).toEqual([null, c.members[1].id]);
    expect(answer.consensus).toBe('fine answer');
    await vi.waitFor(() => expect(c.members[1].state).toBe('idle')); // recovered (restarted)
    expect(c.members[1].error).toMatch(/Recovered after/);
  });

  it("a member busy with its prompt's prefill is not silent: the timer starts after twice the first token expected", async () => {
    const clock = new FakeClock();
    const { c } = makeCouncil({ ok: { answer: 'fine answer' }, stuck: { hang: true } }, clock);
    await c.setMembers(['ok', 'stuck']);
    expected.firstTokenMs = 4_000; // a long prompt on a large model on the CPU
    expected.askedForMembers = [];
    try {
      const pending = c.ask('A long question');
      await vi.waitFor(() => expect(c.members[1].state).toBe('generating'));
      expect(expected.askedForMembers).toEqual([2, 2]); // each member's first token as one of a council of 2 (both prefill at once)
      await new Promise((r) => setTimeout(r, 30)); // the healthy member finishes
      clock.advance(5_000 + 2 * 4_000 - 1);
      await new Promise((r) => setTimeout(r, 10));
      expect(c.members[1].state).toBe('generating'); // past the 5 s, still within its prefill allowance
      clock.advance(1);
      const answer = await pending;
      expect(answer.failures).toEqual([expect.objectContaining({ memberId: c.members[1].id, name: 'MemberTimeoutError' })]);
    } finally {
      expected.firstTokenMs = null;
    }
  });

  it('the prefill allowance has a ceiling: a prediction that lies does not leave a stuck member unwatched', async () => {
    const clock = new FakeClock();
    const { c } = makeCouncil({ ok: { answer: 'fine answer' }, stuck: { hang: true } }, clock);
    await c.setMembers(['ok', 'stuck']);
    expected.firstTokenMs = 1e12;
    try {
      const pending = c.ask('A question');
      await vi.waitFor(() => expect(c.members[1].state).toBe('generating'));
      await new Promise((r) => setTimeout(r, 30));
      clock.advance(5_000 + MAX_PREFILL_ALLOWANCE_MS);
      const answer = await pending;
      expect(answer.failures).toEqual([expect.objectContaining({ memberId: c.members[1].id, name: 'MemberTimeoutError' })]);
    } finally {
      expected.firstTokenMs = null;
    }
  });

  it('with no benchmark run, a real-sized GGUF added by URL gets a floor from the file it loaded: a 12 s first token is not silence, a stuck member still fails', async () => {
    const clock = new FakeClock();
    let release = () => {};
    const prefill = new Promise<void>((r) => (release = r));
    // GGUFs added by URL (nothing says their size) of Llama-3.2-1B's: its twin's first token took
    // 13 s here over a 39-token prompt. Their files, once loaded, are 620 MB (~1.24 B parameters at 4 bits).
    const { c } = makeCouncil({ slow: { answer: 'fine answer', prefill, weightBytes: 620e6 }, stuck: { hang: true, weightBytes: 620e6 } }, clock);
    await c.setMembers(['slow', 'stuck']);
    expect(expected.firstTokenMs).toBeNull(); // no probe prediction, no answer of theirs yet: only the floor
    const pending = c.ask('Hello?');
    await vi.waitFor(() => expect(c.members.map((m) => m.state)).toEqual(['generating', 'generating']));
    clock.advance(12_000);
    await new Promise((r) => setTimeout(r, 10));
    expect(c.members.map((m) => m.state)).toEqual(['generating', 'generating']); // neither failed as silent
    release();
    const floor = floorFirstTokenMs(paramsOf({ paramsBillions: null, weightBytes: null }, 620e6), estimatePromptTokens('Hello?', true, null).tokens, 2)!;
    expect(floor).toBeLessThan(MAX_PREFILL_ALLOWANCE_MS);
    await vi.waitFor(() => expect(c.members[0].state).toBe('idle'));
    clock.advance(5_000 + floor - 12_000);
    const answer = await pending;
    expect(answer.consensus).toBe('fine answer');
    expect(answer.failures).toEqual([expect.objectContaining({ memberId: c.members[1].id, name: 'MemberTimeoutError' })]);
  });

  it('a remote member gets at least the time its engine waits for the answer to start, whatever pace its calibration read; then silence counts', async () => {
    const clock = new FakeClock();
    let release = () => {};
    const prefill = new Promise<void>((r) => (release = r));
    // A server's model has no size here (no floor); the server queues the request or loads the model first.
    fakeDescriptors.queued = fakeDescriptors.stuck = { engine: 'remote', source: 'remote' };
    // Its calibration reads a pace of a few ms (the server counts the prompt it kept): no pace lowers the server's start.
    const { c, engines } = makeCouncil({ queued: { answer: 'fine answer', prefill, reportsPrefill: { ttftMs: 1 } }, stuck: { hang: true, reportsPrefill: { ttftMs: 1 } } }, clock);
    try {
      await c.setMembers(['queued', 'stuck']);
      const pending = c.ask('Hello?');
      await vi.waitFor(() => expect(c.members.map((m) => m.state)).toEqual(['generating', 'generating']));
      // The engine is told the same allowance, so its own deadlines (remote-deadlines.ts) do not cut in first.
      expect(engines.map((e) => e.waits.at(-1))).toEqual([REMOTE_START_ALLOWANCE_MS, REMOTE_START_ALLOWANCE_MS]);
      clock.advance(5_000 + REMOTE_START_ALLOWANCE_MS - 1);
      await new Promise((r) => setTimeout(r, 10));
      expect(c.members.map((m) => m.state)).toEqual(['generating', 'generating']);
      release();
      await vi.waitFor(() => expect(c.members[0].state).toBe('idle'));
      clock.advance(1);
      const answer = await pending;
      expect(answer.consensus).toBe('fine answer');
      expect(answer.failures).toEqual([expect.objectContaining({ memberId: c.members[1].id, name: 'MemberTimeoutError' })]);
    } finally {
      delete fakeDescriptors.queued;
      delete fakeDescriptors.stuck;
    }
  });

  it("a member's own first tokens set its allowance when no probe predicts one: twice its pace, then silence counts", async () => {
    const clock = new FakeClock();
    // A model of unknown size (no floor), whose first token took 6 s for this prompt; both members
    // at work at once then (`ok` decodes slowly), as they will be again.
    const behaviours: Record<string, Behaviour> = { ok: { answer: 'fine answer at a slow pace', tokenDelayMs: 20 }, paced: { answer: 'fine answer at a slow pace', reportsPrefill: { ttftMs: 6_000 } } };
    const { c } = makeCouncil(behaviours, clock);
    await c.setMembers(['ok', 'paced']);
    expect((await c.ask('A long question')).failures).toEqual([]);
    behaviours.paced = { hang: true };
    const pending = c.ask('A long question');
    await vi.waitFor(() => expect(c.members[1].state).toBe('generating'));
    await vi.waitFor(() => expect(c.members[0].state).toBe('idle'));
    clock.advance(5_000 + 2 * 6_000 - 1);
    await new Promise((r) => setTimeout(r, 10));
    expect(c.members[1].state).toBe('generating'); // within twice its own pace (5 s would have failed it)
    clock.advance(1);
    const answer = await pending;
    expect(answer.failures).toEqual([expect.objectContaining({ memberId: c.members[1].id, name: 'MemberTimeoutError' })]);
  });

  it('a pace read on other threads is forgotten at the reload: the floor stands until the member answers again', async () => {
    const clock = new FakeClock();
    fakeDescriptors.big = { paramsBillions: 0.5 };
    const behaviours: Record<string, Behaviour> = { ok: { answer: 'fine answer' }, big: { answer: 'fine answer', reportsPrefill: { ttftMs: 10 }, threads: 2 } };
    const { c } = makeCouncil(behaviours, clock);
    try {
      await c.setMembers(['ok', 'big']);
      expect((await c.ask('A question')).failures).toEqual([]); // a pace of 10 ms for this prompt, on 2 threads
      behaviours.big = { hang: true, threads: 1 }; // reloaded on 1 thread (the optimiser), and slow to its first token
      await c.restartMember(c.members[1].id);
      await vi.waitFor(() => expect(c.members[1].state).toBe('idle'));
      const pending = c.ask('A question');
      await vi.waitFor(() => expect(c.members[1].state).toBe('generating'));
      await vi.waitFor(() => expect(c.members[0].state).toBe('idle'));
      const floor = floorFirstTokenMs(0.5e9, estimatePromptTokens('A question', true, null).tokens, 2)!;
      expect(floor).toBeLessThan(MAX_PREFILL_ALLOWANCE_MS);
      clock.advance(5_000 + floor - 1); // the old pace would have allowed 5 s + 2 × 10 ms
      await new Promise((r) => setTimeout(r, 10));
      expect(c.members[1].state).toBe('generating');
      clock.advance(1);
      const answer = await pending;
      expect(answer.failures).toEqual([expect.objectContaining({ memberId: c.members[1].id, name: 'MemberTimeoutError' })]);
    } finally {
      delete fakeDescriptors.big;
    }
  });

  it('a member whose model the browser would not store says so on its card once ready (it downloads again at every load)', async () => {
    const { c } = makeCouncil({ memory: { answer: 'a', keptInMemory: true }, stored: { answer: 'a' } });
    await c.setMembers(['memory', 'stored']);
    expect(c.members[0].loadText.endsWith(`; model ${KEPT_IN_MEMORY}`)).toBe(true); // after "Ready" or its solo-speed note
    expect(c.members[1].loadText).not.toContain('kept in memory');
  });

  it('after 3 failed recoveries a member is removed', async () => {
    const { c, engines } = makeCouncil({ ok: { answer: 'a' }, bad: { answer: 'b b b b b b b b', tokenDelayMs: 20 } });
    await c.setMembers(['ok', 'bad']);
    for (let i = 0; i < 4; i++) {
      const p = c.ask('q');
      await vi.waitFor(() => expect(c.members[1].state).toBe('generating'));
      engines.filter((e) => e.alive).at(-1)!.kill('boom');
      await p;
      if (i < 3) await vi.waitFor(() => expect(c.members[1].state).toBe('idle'));
    }
    expect(c.members[1].state).toBe('removed');
    await expect(c.ask('still works?')).resolves.toMatchObject({ consensus: 'a' });
  });

  it('a model that 404s fails its member in words; the others still answer', async () => {
    const { c } = makeCouncil({ good: { answer: 'ok' }, missing: { loadError: new ModelNotFoundError('/models/missing.gguf') } });
    await c.setMembers(['good', 'missing']);
    expect(c.members[1]).toMatchObject({ state: 'failed', errorName: 'ModelNotFoundError' });
    expect(c.members[1].error).toMatch(/not found .*HTTP 404/);
    const answer = await c.ask('q');
    expect(answer.answers).toHaveLength(1);
  });

  it('the queue is bounded (QueueFullError), serves by priority, and cancels by signal', async () => {
    const { c } = makeCouncil({ a: { answer: 'w w w w w', tokenDelayMs: 5 } });
    await c.setMembers(['a']);
    c.setQueueLimit(2);
    const order: string[] = [];
    const first = c.ask('first').then(() => order.push('first'));
    const low = c.ask('low', { priority: 'low' }).then(() => order.push('low'));
    const ctl = new AbortController();
    const cancelled = c.ask('cancel me', { signal: ctl.signal });
    await expect(c.ask('overflow')).rejects.toMatchObject({ name: 'QueueFullError' });
    ctl.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'RequestCancelledError' });
    const high = c.ask('high', { priority: 'high' }).then(() => order.push('high'));
    await Promise.all([first, low, high]);
    expect(order).toEqual(['first', 'high', 'low']);
  });

  it('stop() ends the running request with partial answers', async () => {
    const { c } = makeCouncil({ a: { answer: 'many words that take a while to come out one by one', tokenDelayMs: 20 } });
    await c.setMembers(['a']);
    const p = c.ask('q');
    await vi.waitFor(() => expect(c.liveText(c.members[0].id).length).toBeGreaterThan(0));
    c.stop();
    const answer = await p;
    expect(answer.aborted).toBe(true);
    expect(answer.answers[0].finishReason).toBe('abort');
  });

  it('lock-step releases tokens in rounds: the fast member waits for the slow one in the view, nothing is lost', async () => {
    const { c } = makeCouncil({ fast: { answer: 'a b c d e f', tokenDelayMs: 1 }, slow: { answer: 'u v w x y z', tokenDelayMs: 25 } });
    c.setSyncMode('lockstep');
    c.setEarlyConsensus(false);
    await c.setMembers(['fast', 'slow']);
    const p = c.ask('q');
    const [fast, slow] = c.members.map((m) => m.id);
    const words = (id: string) => c.liveText(id).split(' ').filter(Boolean).length;
    await vi.waitFor(() => expect(words(slow)).toBeGreaterThanOrEqual(2));
    expect(Math.abs(words(fast) - words(slow))).toBeLessThanOrEqual(1);
    const answer = await p;
    expect(c.liveText(fast)).toBe('a b c d e f');
    expect(c.liveText(slow)).toBe('u v w x y z');
    expect(answer.answers).toHaveLength(2);
  });

  it('a lost GPU device fails the member in words; it gets a fresh engine and answers again', async () => {
    const { c, engines } = makeCouncil({ gpu: { answer: 'back', chatErrorOnce: () => new DeviceLostError('device was lost') } });
    await c.setMembers(['gpu']);
    const first = await c.ask('q');
    expect(first.failures).toEqual([expect.objectContaining({ name: 'DeviceLostError' })]);
    await vi.waitFor(() => expect(c.members[0].state).toBe('idle'));
    expect(engines.length).toBe(2); // restarted with a new engine
    expect((await c.ask('again')).consensus).toBe('back');
  });

  it('Stop while the members are still loading ends the request at once: aborted, nothing answered', async () => {
    const { c } = makeCouncil({ slow: { loadHang: true } });
    void c.setMembers(['slow']);
    const p = c.ask('q');
    await vi.waitFor(() => expect(c.current).not.toBeNull());
    c.stop();
    const answer = await p;
    expect(answer).toMatchObject({ aborted: true, answers: [], consensus: '' });
    expect(c.current).toBeNull();
  });

  it('an already-aborted signal is refused at once and never queued', async () => {
    const { c } = makeCouncil({ a: { answer: 'x' } });
    await c.setMembers(['a']);
    const ctl = new AbortController();
    ctl.abort();
    await expect(c.ask('q', { signal: ctl.signal })).rejects.toMatchObject({ name: 'RequestCancelledError' });
    expect(c.queueDepth).toBe(0);
    expect(c.metrics().completed).toBe(0);
  });

  it("a finished request's record says when its first token came and how long its prompt was (the monitor scales its consensus time by both)", async () => {
    let release = () => {};
    const prefill = new Promise<void>((r) => (release = r));
    const { c } = makeCouncil({ reads: { answer: 'fine answer', prefill } });
    await c.setMembers(['reads']);
    const pending = c.ask('word '.repeat(100));
    await vi.waitFor(() => expect(c.members[0].state).toBe('generating'));
    setTimeout(release, 60); // its prompt takes 60 ms
    await pending;
    const record = c.metrics().recentRequests.at(-1)!;
    expect(record.firstTokenMs).toBeGreaterThanOrEqual(50);
    expect(record.promptTokens).toBe(estimatePromptTokens('word '.repeat(100), false, null).tokens);
  });

  it('answers without text (a thinking model out of tokens) are no votes: two of them do not outvote one real answer, early consensus on', async () => {
    const { c } = makeCouncil({ think1: { answer: '' }, think2: { answer: '' }, real: { answer: 'Paris', tokenDelayMs: 20 } });
    await c.setMembers(['think1', 'think2', 'real']);
    const answer = await c.ask('Capital of France?');
    expect(answer.stoppedEarly).toBe(false); // the two empty answers came first and agree, but are no consensus
    expect(answer.consensus).toBe('Paris');
    expect(answer.chosenMemberId).toBe(c.members[2].id);
  });

  it('Restart pressed while a member answers ends that answer with its old worker: the member is never idle on a busy worker, and the request goes on', async () => {
    const { c, engines } = makeCouncil({ ok: { answer: 'fine answer' }, slow: { answer: 'a long answer that takes a while to come', tokenDelayMs: 30 } });
    c.setEarlyConsensus(false); // the slow member's answer must still be under way when Restart is pressed
    await c.setMembers(['ok', 'slow']);
    const slow = c.members[1].id;
    const states: string[] = [];
    const watch = setInterval(() => states.push(c.members.find((m) => m.id === slow)!.state), 0);
    const pending = c.ask('q');
    await vi.waitFor(() => expect(c.members[1].state).toBe('generating'));
    const old = engines[1];
    const restart = c.restartMember(slow);
    expect(old.alive).toBe(false); // at once: no answer runs on in a worker the member has left
    states.push('pressed');
    await restart;
    const answer = await pending;
    clearInterval(watch);
    expect(answer.failures).toEqual([expect.objectContaining({ memberId: slow, name: 'AbortedError' })]);
    expect(answer.answers.map((a) => a.memberId)).toEqual([c.members[0].id]);
    expect(states.slice(states.indexOf('pressed'))).not.toContain('generating');
    expect(states.slice(states.indexOf('pressed'), states.lastIndexOf('restarting'))).not.toContain('idle');
    expect(c.members.map((m) => m.state)).toEqual(['idle', 'idle']);
    expect(c.members[1].recoveries).toBe(0); // a person's restart is no failure of the member's
    expect(engines).toHaveLength(3);
  });

  it('Restart pressed while recovery reloads joins that reload: one new engine, not two that kill each other', async () => {
    const { c, engines } = makeCouncil({ ok: { answer: 'back' }, gpu2: { answer: 'back', loadDelayMs: 300, chatErrorOnce: () => new DeviceLostError('device was lost') } });
    await c.setMembers(['gpu2', 'ok']);
    const first = await c.ask('q');
    expect(first.failures).toEqual([expect.objectContaining({ name: 'DeviceLostError' })]);
    expect(c.members[0].state).toBe('restarting'); // recovery is reloading it in the background
    await Promise.all([c.restartMember(c.members[0].id), c.restartMember(c.members[0].id)]);
    expect(c.members[0].state).toBe('idle');
    expect(engines.length).toBe(3); // two first loads + one reload
    expect(engines.filter((e) => e.alive)).toHaveLength(2);
  });

  it('a rate-limited member is not restarted; it sits out its Retry-After, then answers again', async () => {
    const clock = new FakeClock();
    const { c, engines } = makeCouncil({ ok: { answer: 'fine' }, busy: { answer: 'fine', chatErrorOnce: () => new RateLimitedError('http://server', 1000) } }, clock);
    await c.setMembers(['ok', 'busy']);
    const busyId = c.members[1].id;
    const first = await c.ask('q');
    expect(first.failures).toEqual([expect.objectContaining({ memberId: busyId, name: 'RateLimitedError' })]);
    expect(c.members[1]).toMatchObject({ state: 'idle', errorName: 'RateLimitedError' });
    expect(engines).toHaveLength(2); // no restart
    const during = await c.ask('q2');
    expect(during.answers.map((a) => a.memberId)).not.toContain(busyId);
    clock.advance(1000);
    const after = await c.ask('q3');
    expect(after.answers.map((a) => a.memberId)).toContain(busyId);
  });

  it('a prompt longer than the context is refused in words, however often it is asked: no member restarts or leaves', async () => {
    const { c, engines } = makeCouncil({ a: { answer: 'fine', contextChars: 40 } });
    await c.setMembers(['a', 'a']);
    const long = 'word '.repeat(20);
    for (let i = 0; i < 5; i++) {
      const refused = await c.ask(long).then(() => null, (e: Error) => e);
      expect(refused?.name).toBe('CouncilFailedError');
      // Both members said it; the person reads it once, and no restart is promised (none is needed).
      expect(refused?.message.match(/The prompt is too long for a: it needs 100 tokens, and the model reads at most 40/g)).toHaveLength(1);
      expect(refused?.message).not.toMatch(/restart/i);
      expect(c.members.map((m) => m.state)).toEqual(['idle', 'idle']);
    }
    expect(engines.filter((e) => e.alive)).toHaveLength(2);
    expect(engines).toHaveLength(2); // never restarted
    expect(c.metrics()).toMatchObject({ completed: 0, failed: 5 });
    expect((await c.ask('short')).consensus).toBe('fine');
  });

  it('a member with a shorter context refuses a long prompt while the others answer it; nobody answers in its place', async () => {
    const { c, engines } = makeCouncil({ short: { answer: 'fine', contextChars: 40 }, long: { answer: 'fine' } });
    await c.setMembers(['short', 'long']);
    const answer = await c.ask('word '.repeat(20));
    expect(answer.failures).toEqual([expect.objectContaining({ memberId: c.members[0].id, name: 'PromptTooLongError' })]);
    expect(answer.answers.map((a) => [a.memberId, a.reassignedFrom])).toEqual([[c.members[1].id, null]]);
    expect(c.members.map((m) => m.state)).toEqual(['idle', 'idle']);
    expect(engines).toHaveLength(2);
  });

  it('a member whose worker dies as it refuses a prompt restarts, and says its worker stopped, not that the prompt was too long', async () => {
    const behaviours: Record<string, Behaviour> = { short: { answer: 'fine', contextChars: 40, diesRefusing: true }, long: { answer: 'fine' } };
    const { c, engines } = makeCouncil(behaviours);
    await c.setMembers(['short', 'long']);
    const states: string[] = [];
    const short = c.members[0].id;
    const watch = setInterval(() => {
      const m = c.members.find((x) => x.id === short)!;
      if (m.state !== 'idle') states.push(`${m.state}: ${m.errorName}`);
    }, 0);
    await c.ask('word '.repeat(20));
    behaviours.short.diesRefusing = false; // its next worker lives
    await vi.waitFor(() => expect(c.members.map((m) => m.state)).toEqual(['idle', 'idle']));
    clearInterval(watch);
    expect(engines).toHaveLength(3); // the short member's worker was replaced
    expect(states).not.toContainEqual(expect.stringContaining('PromptTooLongError'));
    expect(c.members[0].error).toMatch(/Recovered after: The engine stopped working \(its worker stopped\)/);
  });

  it("a failed member's request goes to a member that can read the prompt, never to one that refused it as too long", async () => {
    const { c } = makeCouncil({
      short: { answer: 'fine', contextChars: 40 },
      crash: { answer: 'fine', chatErrorOnce: () => new EngineCrashedError('boom') },
      long: { answer: 'fine', tokenDelayMs: 30 }, // still busy when the crashed member's request needs a taker
    });
    // Early consensus off for this one: the crashed member's request, answered on its behalf, is what
    // is checked, and early consensus may stop it once other answers agree.
    c.setEarlyConsensus(false);
    await c.setMembers(['short', 'crash', 'long']);
    const [short, crash, long] = c.members.map((m) => m.id);
    const answer = await c.ask('word '.repeat(20));
    expect(answer.failures.filter((f) => f.name === 'PromptTooLongError').map((f) => f.memberId)).toEqual([short]);
    expect(answer.answers.map((a) => [a.memberId, a.reassignedFrom])).toContainEqual([long, crash]);
  });

  it('a refusing member and a crashing one: each reason once, the refusing member asked once, and the request counted once', async () => {
    const { c } = makeCouncil({ short2: { answer: 'fine', contextChars: 40 }, crash2: { answer: 'fine', chatErrorOnce: () => new EngineCrashedError('boom') } });
    await c.setMembers(['short2', 'crash2']);
    const refused = await c.ask('word '.repeat(20)).then(() => null, (e: Error & { failures?: { memberId: string; name: string }[] }) => e);
    expect(refused?.name).toBe('CouncilFailedError');
    expect(refused?.failures?.filter((f) => f.name === 'PromptTooLongError')).toHaveLength(1);
    expect(refused?.message).toMatch(/Failed members restart on their own/); // one member did fail
    expect(c.metrics()).toMatchObject({ completed: 0, failed: 1 });
  });

  it("killing an idle member's worker shows it failed at once, and recovery brings it back", async () => {
    const { c } = makeCouncil({ a: { answer: 'x' } });
    await c.setMembers(['a']);
    c.killMember(c.members[0].id);
    expect(['failed', 'restarting']).toContain(c.members[0].state);
    expect(c.members[0].error).toMatch(/worker was killed/);
    await vi.waitFor(() => expect(c.members[0].state).toBe('idle'));
    expect(c.members[0].error).toMatch(/Recovered after/);
    expect(c.members[0].recoveries).toBe(0); // a person's kill does not count toward removal
  });

  it('Cancel loading leaves the member failed with a Restart, and its load never lands', async () => {
    const { c } = makeCouncil({ slow: { loadHang: true } });
    void c.setMembers(['slow']);
    await vi.waitFor(() => expect(c.members[0]?.state).toBe('loading'));
    c.cancelLoad(c.members[0].id);
    expect(c.members[0]).toMatchObject({ state: 'failed', errorName: 'AbortedError' });
    expect(c.members[0].error).toMatch(/Restart/);
    await expect(c.ask('q')).rejects.toMatchObject({ name: 'NoMembersError' });
  });

  it('a removed member is dropped from the runtime; only the last few removed stay listed', async () => {
    const { c } = makeCouncil({ a: { answer: 'x' } });
    await c.setMembers(['a']);
    for (let i = 0; i < 10; i++) {
      const m = await c.addMember('a');
      await c.removeMember(m.id);
    }
    expect(c.members.filter((m) => m.state === 'removed').length).toBeLessThanOrEqual(6);
    expect(c.metrics().members).toHaveLength(1);
  });

  it('no members → NoMembersError', async () => {
    const { c } = makeCouncil({});
    await expect(c.ask('q')).rejects.toMatchObject({ name: 'NoMembersError' });
  });
});

void AbortedError;
