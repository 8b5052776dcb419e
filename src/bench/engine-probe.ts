/**
 * Engine probe (issue 11): the real engine, in the same council-member workers the council uses,
 * decodes a fixed number of tokens on each probe model (built in the benchmark worker), alone and
 * then N = 2, 3 at once, so the plan can predict speeds before a model is ever downloaded.
 * Runs on the main thread only as a conductor: building, loading and decoding all happen in workers.
 */
import type { ChatOptions, ChatRequest, ChatResult, Engine, ModelDescriptor } from '../engines/engine';
import type { EngineProbeResult, ProbeAttentionSample, ProbeCouncilSample, ProbeDecodeSample, ProbePrefillSample, ProbeWeightType } from '../capacity/engine-fit';
import { WARM_UP_TOKENS, warmedUp } from '../engines/warm-up';
import { median } from '../regression/descriptive';
import { BenchmarkCancelledError, ProbeMeasurementError } from './errors';
import { PROBE_MODELS, probeModelFacts, type ProbeModel } from './probe-models';
import { ATTENTION_PROMPT_BYTES, ATTENTION_ROUNDS, attentionPrompt, LONG_PROMPTS, QUANTISED_LONG_PROMPTS, SHORT_PROMPT } from './probe-prompts';
import { ProbeTimeoutError } from './probe-watchdog';
import { MAX_RESTARTS, restartable } from './probe-restarts';
import type { BenchmarkProgress } from './types';

/** Tokens of the first warm-up run (its speed sizes the next ones). */
export const PROBE_TOKENS = 24;
/** The warm-up's answers take seeds from here on, apart from every other answer's (engine tests tell them apart by it). */
export const WARM_UP_SEED = 1_000;
/** Tokens of the unmeasured first answer of a model that did not warm up (see runEngineProbe). */
const FIRST_PASS_TOKENS = 12;
/**
 * The small model's warm-up runs repeat until the speed has settled after WARM_UP_TOKENS
 * (engines/warm-up.ts), for at most this long, and in any case while the others load (see warmUp).
 */
export const WARM_UP_MAX_MS = 6_000;
/** Decode runs per model the fits use, at least (the last ones, once the speed has settled: settledRuns). */
export const PROBE_REPEATS = 3;
/** Measured runs per model at most (of one worker: a restart starts them again), while the speed still rises or they are too short (see runEngineProbe). */
export const MAX_MEASURED_RUNS = 16;
/** Decode time a model's measured runs add up to, at least (unless MAX_MEASURED_RUNS comes first). */
export const MIN_MEASURED_MS = 1_500;
/**
 * Measured runs of a quantised model, at least: each lasts 0.2–0.6 s here (QUANTISED_ANSWER_TOKENS;
 * 0.5–1.5 s at 64 tokens), and more go on only while the speed still rises (quantisedRunsSettled). With
 * the f32 models' rule (three runs, 1.5 s, settled) the three quantised models took 17 s of a 43 s
 * probe in a clean CI run; their speeds did not rise after the first, unmeasured answer.
 */
export const QUANTISED_RUNS = 2;
/**
 * Measured runs of each of Q4_K_M's two sizes, at least (in turns: see the lone runs). Their line's
 * fixed cost F is every format's (capacity/fit-probe.ts quantisedCosts), and q8_0's and q4_0's cost
 * per parameter is what their time leaves after F: at ~8 ms per token, F's noise moves q8_0's by up
 * to 2×. Measured in one page, the two sizes in turns for 48 rounds of 32-token runs, cut into
 * groups: F read 0.8–4.5 ms over 24 groups of two runs per size, 1.1–3.2 over 12 of four, 1.1–2.3
 * over 8 of six (one clean CI run's two probes read it 2.0 and 4.7 ms, and a twin +8 then +63 %).
 * Six cost ~2 s more than two here (the alone phase 14 → 16 s, two predictions-bench runs each).
 */
export const LINE_RUNS = 6;

/**
 * The answer length predictions are for: the council's default (64 tokens). A decode step attends
 * over everything before it, so a longer answer decodes slower (on the small model a 200-token run
 * read half the 64-token speed, and left the next runs slow too); no lone or warm-up run decodes more.
 */
export const ANSWER_TOKENS = 64;
/**
 * Tokens of a quantised model's measured runs: half the answer. Its time per token is its weights'
 * (3–5 ms fixed, then dequantising every parameter), not the context's: measured side by side in
 * one page, five rounds in turns, 16-, 32- and 64-token runs of the four quantised probe models
 * read medians of 6.6 / 6.5 / 5.8 ms per token (Q4_K_M), 8.0 / 10.3 / 10.2 (q8_0), 14.0 / 14.7 / 15.6
 * (q4_0) and 16.6 / 16.9 / 16.6 (the large Q4_K_M): 32 against 64 within ±11 %, inside the ±15 %
 * the runs of one length move by. Their runs were 10 of the probe's ~45 s here.
 */
export const QUANTISED_ANSWER_TOKENS = 32;
/** The probe models whose councils (2 … MAX_GROUP members) are measured (see runEngineProbe). */
const CONTENTION_MODELS = ['probe-small', 'probe-wide'];
/** Largest council the probe measures; beyond it the USL extrapolates. */
export const MAX_GROUP = 3;
/** A model's council rounds (one alone, 2, then 3 at once) run at least twice (one run of 3 × the former 31 MB model lasted ~1.4 s, so it ran once: one probe read C(3) 1.15 from that run, the next 1.9)… */
export const GROUP_MIN_RUNS = 2;
/** …and repeat for at least this long (the small model's last ~0.2 s each; twice the 800 ms each size ran for when the sizes ran one after another)… */
export const GROUP_MIN_MS = 1_600;
/** …at most this many times. */
export const GROUP_MAX_RUNS = 6;

/** Whether a model's council rounds go on after `runs` rounds that took `elapsedMs` (GROUP_MIN_RUNS, GROUP_MIN_MS, GROUP_MAX_RUNS). */
export function moreGroupRuns(runs: number, elapsedMs: number): boolean {
  return runs < GROUP_MIN_RUNS || (runs < GROUP_MAX_RUNS && elapsedMs < GROUP_MIN_MS);
}

export interface ProbeEnv {
  /** Builds a probe model's file (in a worker). */
  buildModel(m: ProbeModel): Promise<Blob>;
  /** A fresh wllama engine in its own worker (what a council member gets). */
  newEngine(): Engine & { kill(reason: string): void };
  /** Threads one member gets in a council of `members` (the council's own rule). */
  threadsFor(members: number): number;
}

type ProbeEngine = ReturnType<ProbeEnv['newEngine']>;
/** A worker of the probe with its model: `engine` is replaced when the probe restarts it (probe-restarts.ts). */
export interface ProbeWorker { engine: ProbeEngine; readonly model: ProbeModel; readonly blob: Blob }
interface Member { worker: ProbeWorker; model: ProbeModel; blob: Blob; params: number; layers: number; weightType: ProbeWeightType; solo: number[]; copies: ProbeWorker[] }

function descriptor(m: ProbeModel, blob: Blob): ModelDescriptor {
  const { params, layers, weightType } = probeModelFacts(m);
  return {
    id: `probe:${m.id}`, engine: 'wllama', label: m.id, paramsBillions: params / 1e9, bitsPerWeight: (blob.size * 8) / params, weightBytes: blob.size, fileType: weightType.toUpperCase(),
    // Stryker disable next-line LogicalOperator: equivalent — every probe model's spec sets its context length
    vramRequiredMB: null, contextLength: m.spec.contextLength ?? 1024, layers, requiredFeatures: [], url: null, source: 'generated', note: 'engine probe',
  };
}

/** A sample's weight type: said only when not f32 (what every probe stored before held). */
const typeOf = (m: { weightType: ProbeWeightType }): { weightType?: ProbeWeightType } => (m.weightType === 'f32' ? {} : { weightType: m.weightType });
/** A decode sample's weight type and parameters: both only for a quantised model (whose extra cost is per parameter). */
const quantisedFacts = (m: Member): { weightType?: ProbeWeightType; params?: number } => (m.weightType === 'f32' ? {} : { weightType: m.weightType, params: m.params });
const ask = (content: string, maxTokens: number, seed: number): ChatRequest => ({ messages: [{ role: 'user', content }], max_tokens: maxTokens, ignore_eos: true, seed });
/** Every token comes back to the page as in the council (the messages cost the cores something too). */
const onChunk = (): void => undefined;

export async function runEngineProbe(env: ProbeEnv, onProgress: (p: BenchmarkProgress) => void, signal?: AbortSignal): Promise<EngineProbeResult> {
  const t0 = performance.now();
  const engines: ProbeEngine[] = [];
  const decode: ProbeDecodeSample[] = [];
  const prefill: ProbePrefillSample[] = [];
  const together: ProbeCouncilSample[] = [];
  const attention: ProbeAttentionSample[] = [];
  const phasesMs = { loading: 0, alone: 0, together: 0 };
  /** Adds the time since `from` to a phase, and returns now (the next phase's start). */
  const spent = (phase: keyof typeof phasesMs, from: number): number => {
    const now = performance.now();
    phasesMs[phase] += now - from;
    return now;
  };
  const steps = PROBE_MODELS.length * 2 + CONTENTION_MODELS.length + 1;
  let step = 0;
  let doing = 'starting';
  const progress = (text: string) => {
    doing = text;
    onProgress({ fraction: step / steps, step: `Engine probe: ${text}` });
  };
  /** After every engine call: a stop explains itself; otherwise the engine answered, and progress says so again (the caller's watchdog hears it). */
  const check = () => {
    if (signal?.aborted) throw signal.reason instanceof ProbeTimeoutError ? signal.reason : new BenchmarkCancelledError();
    progress(doing);
  };
  // A stop (Cancel, or the caller's deadline) ends the workers at once: a call that would never
  // return rejects, and the check after it says why.
  const killAll = () => engines.forEach((e) => e.kill('engine probe stopped'));
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent — an AbortSignal fires 'abort' once
  signal?.addEventListener('abort', killAll, { once: true });
  let device: EngineProbeResult['device'] = 'cpu';
  let warming: Promise<unknown> = Promise.resolve();
  let restarts = 0;
  let ending = false; // the probe is over (measured, failed or stopped): its workers are being ended, none replaced
  /** Whether a failure earns a restart (probe-restarts.ts): never after a stop or once the probe is over, at most MAX_RESTARTS per probe. */
  const mayRestart = (err: unknown): boolean => !ending && !signal?.aborted && restarts < MAX_RESTARTS && restartable(err);
  /** After a failed call on `engine`: rethrows what earns no restart, else counts the restart and ends the engine (its caller then makes a fresh one). */
  const retire = (engine: ProbeEngine, err: unknown): void => {
    if (!mayRestart(err)) throw err;
    restarts++;
    engine.kill('the engine probe replaced it');
  };
  /** A fresh worker with `model` loaded, as a council member gets one; a load that fails as a fresh worker may not is tried on one. */
  const loadEngine = async (model: ProbeModel, blob: Blob): Promise<ProbeEngine> => {
    const engine = env.newEngine();
    engines.push(engine);
    try {
      // Threads of a lone member. Where the council would give each of several members fewer
      // threads (machines with more than 2 cores), the group runs below keep this count: a known
      // approximation, exact on 2 cores where every member gets one thread.
      const loaded = await engine.load(descriptor(model, blob), { config: { file: blob, threads: env.threadsFor(1) }, signal });
      device = loaded.backend === 'webgpu' ? 'gpu' : 'cpu'; // wllama takes the GPU when it has shader-f16
    } catch (err) {
      retire(engine, err);
      return loadEngine(model, blob);
    }
    check();
    return engine;
  };
  const loadWorker = async (model: ProbeModel, blob: Blob): Promise<ProbeWorker> => ({ engine: await loadEngine(model, blob), model, blob });
  /**
   * An answer of a worker. One that fails as a fresh worker may not is replaced by one with the same
   * model, which answers a short first question (its first answer reads slow: see firstPass) and
   * then this one.
   */
  const chatOn = async (w: ProbeWorker, request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> => {
    try {
      return await w.engine.chat(request, { ...options, signal });
    } catch (err) {
      retire(w.engine, err);
      w.engine = await loadEngine(w.model, w.blob);
      await firstPass(w);
      return chatOn(w, request, options);
    }
  };
  /** One long prompt of a model, for the prefill fit: its first token's time. */
  const longPrompt = async (m: Member, prompt: string): Promise<void> => {
    const long = await chatOn(m.worker, ask(prompt, 2, 3));
    check();
    if (long.ttftMs !== null) prefill.push({ params: m.params, promptTokens: long.promptTokens, ttftMs: long.ttftMs, ...typeOf(m) });
  };
  /** The unmeasured first answer of a model that did not warm up (see the lone runs). */
  const firstPass = async (w: ProbeWorker): Promise<void> => {
    await chatOn(w, ask(SHORT_PROMPT, FIRST_PASS_TOKENS, 9), { onChunk });
    check();
  };
  try {
    // One worker per probe model, as the council gives each member its own, and MAX_GROUP − 1 more
    // of each contention model (the councils below). Loads run one after another (side by side
    // they fight for the cores and take longer in all). Only the small model warms up (its first
    // worker, then its copies too, in turns: see warmUp), while the others load: a fresh engine's
    // per-token code needs the optimising tier's work (measured: ~1000 tokens of the small model to
    // reach full speed), and every later worker shares that code (engines/wllama-code.ts), so the
    // others start warm. The measured runs below check each speed has settled. (Before the page
    // held the code, the other models warmed up too, one at a time after the small one: 2 s more.)
    const members: Member[] = [];
    const [small, deep, wide, ...quantisedModels] = PROBE_MODELS;
    let loading = true; // the small model's warm-up goes on while this is true
    // Each model is built (in the benchmark worker) while the one before it loads: the builds took
    // 2.5–3.4 s of the loading phase one after another (the 55 MB model ~1.2 s). Measured in turns,
    // three probes each: loading 23.2–26.4 s against 26.1–28.9 s, lone speeds no different.
    const order = [small, wide, deep, ...quantisedModels];
    /** A build started ahead of its turn: a failure is awaited in that turn, not "unhandled" before it. */
    const buildAhead = (model: ProbeModel): Promise<Blob> => {
      const blob = env.buildModel(model);
      blob.catch(() => undefined);
      return blob;
    };
    let nextBlob = buildAhead(order[0]);
    for (const [i, model] of order.entries()) {
      progress(`building and loading ${model.id}`);
      const blob = await nextBlob;
      check();
      if (i + 1 < order.length) nextBlob = buildAhead(order[i + 1]);
      const worker = await loadWorker(model, blob);
      const { params, layers, weightType } = probeModelFacts(model);
      // Stryker disable next-line ArrayDeclaration: equivalent — `solo` is set from the lone runs before it is read
      const m: Member = { worker, model, blob, params, layers, weightType, solo: [], copies: [] };
      members.push(m);
      if (model === small) {
        // Its copies join the warm-up's turns once loaded (see warmUp).
        warming = warmUp(() => [m.worker, ...m.copies], (w, request) => chatOn(w, request, { onChunk }), check, () => loading);
        warming.catch(() => undefined); // awaited below; a failure meanwhile is not "unhandled"
      }
      while (CONTENTION_MODELS.includes(model.id) && m.copies.length < MAX_GROUP - 1) {
        const copy = await loadWorker(model, blob);
        await firstPass(copy);
        m.copies.push(copy);
      }
      step++;
    }
    loading = false;
    progress('warming up');
    await warming;
    let phaseStart = spent('loading', t0);
    // Largest first, the small model last: its time goes to the per-token code (sampling, messages
    // between threads), which the optimising tier goes on compiling long after the warm-up, and by
    // then the other models have decoded ~1200 tokens more through that code. Measured by the
    // predictions bench, which probes twice in one page minutes apart: with the small model first,
    // the second probe read it faster in all six runs (+6 to +36 %; its lone speed 606–775 tok/s in
    // the first probe); last, −12 to +41 % in six runs (four of them within ±12 %; 594–832 tok/s).
    members.sort((a, b) => b.blob.size - a.blob.size);
    // Alone: decode speed (and its first token) per size, then an f32 model's long prompts for the
    // prefill fit (the quantised models' come at the end, in turns); then, for the small and wide
    // model, their councils right after (see below).
    for (const m of members) {
      // A format's second size is measured in turns with its first, run for run and prompt for
      // prompt: the machine drifts by 10–30 % within a minute, and the format's cost per parameter
      // is the difference between the two (capacity/fit-probe.ts quantisedCosts, prefillSizeLine).
      if (m.model.secondSize) continue;
      const group = [m, ...members.filter((x) => x.model.secondSize && x.weightType === m.weightType)];
      progress(`${group.map((g) => `${g.model.id} (${(g.blob.size / 1e6).toFixed(0)} MB)`).join(' and ')} alone${group.length > 1 ? ', in turns' : ''}`);
      const quantised = m.weightType !== 'f32';
      const quantisedRuns = group.length > 1 ? LINE_RUNS : QUANTISED_RUNS; // a format's two sizes give F (LINE_RUNS)
      // An f32 model's runs decode the answer predictions are for (ANSWER_TOKENS): speed depends on
      // the length (measured on the bench model: 32-token answers read 15–25 % faster than 64-token
      // ones, as the gaps between tokens grow along an answer); a quantised model's do not, and
      // decode half (QUANTISED_ANSWER_TOKENS). Runs go on until the last ones are
      // no faster than those before (a model that started cold still shows a rising speed) and they
      // decoded for MIN_MEASURED_MS in all (a fast model's run lasts ~0.1 s, and one stall of the
      // shared machine moves it: five in a row read 479–844 tok/s), at most MAX_MEASURED_RUNS.
      // A model's first answer reads slow even with warm code (measured on a former 72 MB probe
      // model: 29 tok/s, then 36–40): the warmed small model needs none, the others a short one.
      const runs = new Map(group.map((g) => [g, [] as number[]]));
      const decodeMs = new Map(group.map((g) => [g, 0]));
      /** The answer each model's runs start from: a restart starts them again (see below). */
      const firstRun = new Map(group.map((g) => [g, 0]));
      for (const g of group) if (g.model !== small) await firstPass(g.worker);
      // `r` counts every answer (at most MAX_MEASURED_RUNS of a worker); the rules count the runs that gave a
      // speed: an answer cut short before its second token has none, and is no run of the model's.
      const more = (g: Member, r: number) => {
        const done = runs.get(g)!;
        return r - firstRun.get(g)! < MAX_MEASURED_RUNS && (quantised ? !quantisedRunsSettled(done, quantisedRuns) : done.length < PROBE_REPEATS || !warmedUp(done) || decodeMs.get(g)! < MIN_MEASURED_MS);
      };
      for (let r = 0; group.some((g) => more(g, r)); r++) {
        for (const g of group.filter((x) => more(x, r))) {
          const before = restarts;
          const res = await chatOn(g.worker, ask(SHORT_PROMPT, quantised ? QUANTISED_ANSWER_TOKENS : ANSWER_TOKENS, 10 + r), { onChunk });
          check();
          // A restarted worker is a fresh one whose speed climbs again: its runs start over, so that
          // settledRuns leaves the climb out as it does a first worker's (kept after the old worker's
          // runs, a climb from half speed read the small model's cost per token 35 % high).
          if (restarts > before) {
            runs.set(g, []);
            decodeMs.set(g, 0);
            firstRun.set(g, r);
          }
          if (res.decodeTokensPerSecond) {
            runs.get(g)!.push(res.decodeTokensPerSecond);
            decodeMs.set(g, decodeMs.get(g)! + (res.completionTokens / res.decodeTokensPerSecond) * 1000);
          }
          if (res.ttftMs !== null) prefill.push({ params: g.params, promptTokens: res.promptTokens, ttftMs: res.ttftMs, ...typeOf(g) });
        }
      }
      for (const g of group) {
        // A model none of whose answers gave a speed fails the probe: a fit without it would
        // predict its format or size from the others and say nothing of it.
        if (!runs.get(g)!.length) throw new ProbeMeasurementError(g.model.id, MAX_MEASURED_RUNS);
        // (A format's two sizes keep at least QUANTISED_RUNS too: settledRuns leaves out a climb.)
        g.solo = settledRuns(runs.get(g)!, quantised ? QUANTISED_RUNS : PROBE_REPEATS);
        for (const v of g.solo) decode.push({ bytes: g.blob.size, layers: g.layers, ...quantisedFacts(g), decodeTokensPerSecond: v });
      }
      if (!quantised) {
        for (const prompt of LONG_PROMPTS) {
          await longPrompt(m, prompt);
        }
      }
      if (m.model === small) {
        progress(`${m.model.id}: long prompts`);
        const { params, layers, width } = probeModelFacts(m.model);
        for (let r = 0; r < ATTENTION_ROUNDS; r++) {
          for (const [k, bytes] of ATTENTION_PROMPT_BYTES.entries()) {
            const res = await chatOn(m.worker, ask(attentionPrompt(bytes, r * ATTENTION_PROMPT_BYTES.length + k), 2, 3));
            check();
            if (res.ttftMs !== null) attention.push({ params, layers, width, promptTokens: res.promptTokens, ttftMs: res.ttftMs });
          }
        }
      }
      phaseStart = spent('alone', phaseStart);
      step += group.length;
      // Together: councils of one model, as the app runs them, right after its lone runs: 2 and 3
      // members of the small model (its time goes to per-token work: sampling, messages between
      // threads) and of the wide one (its time goes to reading weights), all decoding the whole
      // answer at once. Each round asks one member alone, then 2, then 3 at once (the member alone
      // taking turns), moreGroupRuns rounds: C(N) is read against these lone runs (capacity/fit-probe.ts
      // fitCouncil), so the machine's drift (10–30 % within a minute) cancels as in the quantised line.
      // Measured in one page, 20 rounds of three bare engines of the tiny model: C(2) 1.56 and C(3)
      // 1.81 in turns, as its councils read (1.45–1.98, 1.70–2.17 over three bench runs); the probe's
      // small model, its sizes one after another after its lone runs, read C(3) 1.14–1.57 in those runs.
      // (Tried before: mixed groups — every pair and all three, each member decoding for about the
      // same time. That keeps every member busy for the whole run, which a council's members are not:
      // they finish at different times (measured: three members of one model all decode at once for
      // 43–68 % of the time). Once lone runs decoded the whole answer, those groups gave C(3) ≈ 1.1
      // where councils of the bench model measured 1.8–2.2, and predicted them 27–42 % slow.)
      // Stryker disable next-line ConditionalExpression: equivalent — without copies there is no council size to run
      if (!m.copies.length) continue;
      const council = [m.worker, ...m.copies];
      progress(`councils of 1, 2 and 3 × ${m.model.id}, in turns`);
      const from = performance.now();
      for (let r = 0; moreGroupRuns(r, performance.now() - from); r++) {
        const before = restarts;
        const round: ProbeCouncilSample[] = [];
        for (let n = 1; n <= council.length; n++) {
          const asked = n === 1 ? [council[r % council.length]] : council.slice(0, n);
          // Stryker disable next-line ArithmeticOperator: equivalent — seeds only make answers differ; speed does not depend on them
          // Each answer is heard as it comes (the watchdog waits for answers: probe-watchdog.ts).
          const results = await Promise.all(asked.map((w, k) => chatOn(w, ask(SHORT_PROMPT, ANSWER_TOKENS, 200 + 10 * r + k), { onChunk }).then((res) => (check(), res))));
          for (const res of results) if (res.decodeTokensPerSecond) round.push({ members: n, bytes: m.blob.size, decodeTokensPerSecond: res.decodeTokensPerSecond, run: r });
        }
        // A member restarted in this round answered partly alone, or cold: the round tells nothing of N at once, and runs again.
        if (restarts > before) {
          r--;
          continue;
        }
        together.push(...round);
      }
      step++;
      phaseStart = spent('together', phaseStart);
    }
    // The quantised models' prompts, all together and in turns, round by round (QUANTISED_LONG_PROMPTS).
    progress('quantised prompts, in turns');
    const quantisedMembers = members.filter((m) => m.weightType !== 'f32').sort((a, b) => a.params - b.params);
    for (const prompt of QUANTISED_LONG_PROMPTS) {
      for (const m of quantisedMembers) {
        await longPrompt(m, prompt);
      }
    }
    spent('alone', phaseStart); // (the prompts' stage of the bar ends with 'done')
  } catch (err) {
    check(); // a stop explains the failure it caused
    throw err;
  } finally {
    ending = true;
    signal?.removeEventListener('abort', killAll);
    for (const e of engines) e.kill('engine probe finished');
    await warming.catch(() => undefined); // a warm-up still running ends with its worker
  }
  onProgress({ fraction: 1, step: 'Engine probe: done' });
  return { engine: 'wllama', device, threads: env.threadsFor(1), durationMs: performance.now() - t0, phasesMs, decode, prefill, council: together, attention, ...(restarts ? { restarts } : {}) };
}

/**
 * Runs warm-up answers of up to ANSWER_TOKENS on the small model's engines in turns (its copies
 * join once loaded) until each one's speed has settled after WARM_UP_TOKENS in all, or
 * WARM_UP_MAX_MS, and in any case while `keepGoing`. A model too slow to decode WARM_UP_TOKENS in
 * that time (a slow machine) stops after two runs each: the measured runs check its speed has settled.
 * Why the copies too: the wasm is shared, but each worker's own JavaScript (the path every token
 * takes to the page) is compiled per worker. Measured on the tiny model, a pair of one warm engine
 * and a copy after its one short answer decoded 530–1080 tok/s together for its first runs, ~1800
 * once the copy had decoded ~500 tokens; the probe's councils of the small model, right after such
 * copies' one short answer, read C(2) ≈ 1.0 where the app's warmed councils of the tiny model read 1.2–1.4.
 */
export async function warmUp(workers: () => readonly ProbeWorker[], chat: (w: ProbeWorker, request: ChatRequest) => Promise<ChatResult>, check: () => void, keepGoing: () => boolean): Promise<void> {
  const start = performance.now();
  // Speeds by the engine that answered: a worker restarted meanwhile is a fresh engine, whose warm-up starts over.
  const speeds = new Map<ProbeEngine, number[]>();
  const speedsOf = (w: ProbeWorker): number[] => speeds.get(w.engine) ?? [];
  let decoded = 0;
  for (let turn = 0; ; turn++) {
    const all = workers();
    const worker = all[turn % all.length];
    const before = speedsOf(worker);
    const r = await chat(worker, ask(SHORT_PROMPT, before.length ? tokensFor(before, ANSWER_TOKENS) : PROBE_TOKENS, WARM_UP_SEED + turn));
    check();
    speeds.set(worker.engine, [...speedsOf(worker), r.decodeTokensPerSecond ?? 0]);
    decoded += r.completionTokens;
    if (!keepGoing() && workers().every((w) => warmUpDone(speedsOf(w), decoded, performance.now() - start))) return;
  }
}

/**
 * Whether a warm-up may end (once the others have loaded): the speed has settled after
 * WARM_UP_TOKENS, or WARM_UP_MAX_MS have passed, or the model is too slow to decode WARM_UP_TOKENS
 * in that time (a slow machine: two runs, then the measured runs check its speed has settled).
 */
export function warmUpDone(speeds: readonly number[], decoded: number, elapsedMs: number): boolean {
  const slow = (Math.max(...speeds) * WARM_UP_MAX_MS) / 1000 < WARM_UP_TOKENS;
  const warm = slow ? speeds.length >= 2 : warmedUp(speeds) && decoded >= WARM_UP_TOKENS;
  return warm || elapsedMs >= WARM_UP_MAX_MS;
}

/**
 * The runs a model's fit uses: from the first one within 5 % of the later half's median onwards (a
 * speed still rising when the measured runs began leaves its climb out; one fast run late in noisy
 * runs does not cut them short), at least the last `keep`.
 */
export function settledRuns(runs: readonly number[], keep = PROBE_REPEATS): number[] {
  const settled = median(runs.slice(-Math.ceil(runs.length / 2)));
  const from = Math.min(Math.max(0, runs.length - keep), runs.findIndex((v) => v >= settled * 0.95));
  return runs.slice(from).filter((v) => v > 0);
}

/** A quantised model's runs are enough: `min` of them (QUANTISED_RUNS, or LINE_RUNS for a format's two sizes), the last no more than 10 % faster than the one before. */
export function quantisedRunsSettled(runs: readonly number[], min = QUANTISED_RUNS): boolean {
  return runs.length >= min && runs[runs.length - 1] <= runs[runs.length - 2] * 1.1;
}

/** Decode time each warm-up run aims for, once the first one sized it. */
export const RUN_MS = 350;

/** Tokens for a member to decode ~RUN_MS at its lone speed (at least 12, at most `max`). */
export function tokensFor(soloSpeeds: readonly number[], max: number): number {
  const solo = soloSpeeds.length ? Math.max(...soloSpeeds) : 0;
  return Math.max(12, Math.min(max, Math.round((solo * RUN_MS) / 1000)));
}
