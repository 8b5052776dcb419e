import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../engines/engine';
import { AbortedError, DeviceLostError, EngineCrashedError, EngineProtocolError, ModelCorruptError } from '../engines/errors';
import { BenchmarkCancelledError, BenchmarkProtocolError, ProbeMeasurementError } from './errors';
import { ProbeTimeoutError } from './probe-watchdog';
import { MAX_RESTARTS, restartable } from './probe-restarts';
import { fitEngine } from '../capacity/fit-probe';
import { ANSWER_TOKENS, warmUp, WARM_UP_SEED, GROUP_MAX_RUNS, MIN_MEASURED_MS, PROBE_REPEATS, WARM_UP_MAX_MS, warmUpDone, QUANTISED_ANSWER_TOKENS, GROUP_MIN_MS, GROUP_MIN_RUNS, MAX_GROUP, moreGroupRuns, QUANTISED_RUNS, LINE_RUNS, MAX_MEASURED_RUNS, quantisedRunsSettled, runEngineProbe, settledRuns, tokensFor, type ProbeEnv, type ProbeWorker } from './engine-probe';
import { ATTENTION_PROMPT_BYTES, ATTENTION_ROUNDS, LONG_PROMPTS, QUANTISED_LONG_PROMPTS, SHORT_PROMPT } from './probe-prompts';
import { PROBE_MODELS, probeModelFacts } from './probe-models';
import { env, SIM_ATTENTION, SIM_COST, SIM_FIXED, simBytes, SimEngine, simLoneSpeed } from './probe-sim.test-util';
import { WARM_UP_TOKENS } from '../engines/warm-up';

/** Each format's line is the simulated one: Q4_K_M measured at two sizes, q8_0 and q4_0 at one with its fixed cost. */
function expectSimQuantised(fit: NonNullable<ReturnType<typeof fitEngine>>): void {
  const q = fit.decode.quantised!;
  expect(Object.fromEntries(Object.entries(q).map(([f, c]) => [f, [c.points.length, c.fixedFrom]]))).toEqual({ q4_k_m: [2, 'measured'], q8_0: [1, 'shared'], q4_0: [1, 'shared'] });
  for (const [f, k] of [['q4_0', 2e-9], ['q8_0', 1e-9], ['q4_k_m', 0.5e-9]] as const) {
    expect(q[f]!.secondsPerParam).toBeCloseTo(k, 12);
    expect(q[f]!.fixedSeconds).toBeCloseTo(SIM_FIXED, 6);
  }
}

describe('engine probe', () => {
  it('measures each shape alone and councils of the small and wide model, and the fits recover the simulated machine', async () => {
    const e = env();
    const steps: string[] = [];
    SimEngine.calls = [];
    let heard = 0;
    const probe = await runEngineProbe(e, (p) => {
      heard++;
      if (steps.at(-1) !== p.step) steps.push(p.step);
    });
    // One worker per probe model, and MAX_GROUP − 1 more of the small and of the wide one.
    expect(e.engines).toHaveLength(PROBE_MODELS.length + 2 * (MAX_GROUP - 1));
    expect(e.engines.every((x) => x.dead)).toBe(true); // all ended
    expect(new Set(probe.decode.map((d) => d.bytes)).size).toBe(PROBE_MODELS.length);
    expect(new Map(probe.decode.map((d) => [d.bytes, d.layers]))).toEqual(new Map(PROBE_MODELS.map((m) => [simBytes(m), m.spec.nLayer])));
    // Each quantised model's samples say its format, with its parameters; the f32 ones leave both out (as stored before).
    for (const m of PROBE_MODELS) {
      const rows = probe.decode.filter((d) => d.bytes === simBytes(m));
      expect(rows.map((d) => d.weightType ?? 'f32')).toEqual(rows.map(() => m.spec.weightType));
      expect(rows.every((d) => (d.params !== undefined) === (m.spec.weightType !== 'f32'))).toBe(true);
    }
    expect(new Set(probe.decode.map((d) => d.weightType ?? 'f32'))).toEqual(new Set(['f32', 'q4_k_m', 'q8_0', 'q4_0']));
    const [small, wide] = ['probe-small', 'probe-wide'].map((id) => simBytes(PROBE_MODELS.find((m) => m.id === id)!));
    expect(new Set(probe.council.map((c) => c.bytes))).toEqual(new Set([small, wide]));
    for (const bytes of [small, wide]) {
      // Rounds in turns: each run of a model has one member alone, then 2, then 3 at once (C(N) is read
      // against the lone ones, the same minutes), the member alone taking turns.
      const runIds = [...new Set(probe.council.filter((c) => c.bytes === bytes).map((c) => c.run))];
      for (const run of runIds) expect(probe.council.filter((c) => c.bytes === bytes && c.run === run).map((c) => c.members)).toEqual([1, 2, 2, 3, 3, 3]);
      const model = PROBE_MODELS.find((m) => simBytes(m) === bytes)!;
      // Each round's first answer (seed 200 + 10 × run) is its member alone: a different worker each round.
      const alone = runIds.map((run) => SimEngine.calls.find((c) => c.model === `probe:${model.id}` && c.request.seed === 200 + 10 * run!)!.engine);
      expect(runIds.length).toBeGreaterThanOrEqual(MAX_GROUP);
      expect(new Set(alone.slice(0, MAX_GROUP)).size).toBe(MAX_GROUP);
      for (const n of [1, 2, 3]) {
        const rows = probe.council.filter((c) => c.bytes === bytes && c.members === n);
        expect(rows.length).toBeGreaterThanOrEqual(n); // every member of every run
        expect(rows.length % n).toBe(0);
        // Each run's members are numbered together: the fit adds up the members of one answer.
        const runs = new Set(rows.map((c) => c.run));
        expect(runs.size).toBe(rows.length / n);
        for (const run of runs) expect(rows.filter((c) => c.run === run)).toHaveLength(n);
      }
    }
    expect(steps.at(-1)).toBe('Engine probe: done');
    // Every engine answer is heard (the client's watchdog waits for them: probe-watchdog.ts).
    expect(heard).toBeGreaterThan(SimEngine.calls.length);
    // Where the time went: each phase took some, and together no more than the whole.
    const { loading, alone, together } = probe.phasesMs!;
    for (const ms of [loading, alone, together]) expect(ms).toBeGreaterThan(0);
    expect(loading + alone + together).toBeLessThanOrEqual(probe.durationMs);
    // A model's councils come right after its lone runs (side by side: the machine drifts within a
    // minute); largest first, the small model last (its per-token code is the last to reach full speed).
    const measuring = steps.slice(steps.indexOf('Engine probe: warming up') + 1, -1).map((t) => t.replace(/^Engine probe: /, '').replace(/ \(\d+ MB\)/g, ''));
    expect(measuring).toEqual(['probe-wide alone', 'councils of 1, 2 and 3 × probe-wide, in turns', 'probe-q8_0 alone', 'probe-deep alone', 'probe-q4_k_m and probe-q4_k_m-large alone, in turns', 'probe-q4_0 alone', 'probe-small alone', 'probe-small: long prompts', 'councils of 1, 2 and 3 × probe-small, in turns', 'quantised prompts, in turns']);
    // Q4_K_M's two sizes answer in turns, run for run (their difference is the format's cost per parameter).
    const kRuns = SimEngine.calls.filter((c) => c.model.startsWith('probe:probe-q4_k_m') && c.tokens === QUANTISED_ANSWER_TOKENS).map((c) => c.model);
    // Quantised models' measured runs decode half an answer (their cost per token is their weights'), f32 models' the whole one.
    expect(SimEngine.calls.some((c) => /probe-q/.test(c.model) && c.tokens === ANSWER_TOKENS)).toBe(false);
    expect(SimEngine.calls.some((c) => c.model === 'probe:probe-wide' && c.tokens === ANSWER_TOKENS)).toBe(true);
    // Each size runs LINE_RUNS times at least (their line's F is every format's); a single-size format QUANTISED_RUNS.
    expect(kRuns.length).toBeGreaterThanOrEqual(2 * LINE_RUNS);
    const q8Runs = SimEngine.calls.filter((c) => c.model === 'probe:probe-q8_0' && c.tokens === QUANTISED_ANSWER_TOKENS).length;
    expect(q8Runs).toBeGreaterThanOrEqual(QUANTISED_RUNS);
    expect(q8Runs).toBeLessThan(LINE_RUNS);
    kRuns.forEach((id, i) => expect(id).toBe(i % 2 ? 'probe:probe-q4_k_m-large' : 'probe:probe-q4_k_m'));
    const fit = fitEngine(probe)!;
    expect(fit.decode.secondsPerToken).toBeCloseTo(0.003, 6);
    expect(fit.decode.secondsPerLayer!).toBeCloseTo(0.00025, 6);
    expect(fit.decode.effectiveBandwidthGBps).toBeCloseTo(5, 3);
    expectSimQuantised(fit);
    expect(fit.council!.sigma).toBeCloseTo(0.4, 2);
    expect(fit.council!.kappa).toBeCloseTo(0, 3);
    expect(fit.council!.bySize!.map((s) => s.bytes)).toEqual([small, wide]);
    expect(fit.prefill).not.toBeNull();
    // Each f32 model's first token on every long prompt, for the fit's median (one read noisy alone);
    // each quantised model's on one (its prompt tokens cost 5–40× more: one is long enough to read).
    const longRuns = probe.prefill.filter((x) => x.promptTokens === LONG_PROMPTS[0].length + 20);
    expect(new Set(longRuns.filter((x) => !x.weightType).map((x) => x.params)).size).toBe(3);
    for (const m of PROBE_MODELS.filter((x) => x.spec.weightType === 'f32')) expect(longRuns.filter((x) => !x.weightType && x.params === probeModelFacts(m).params)).toHaveLength(LONG_PROMPTS.length);
    // Every quantised model, Q4_K_M's second size too, asks each long prompt, all in turns round by
    // round (a format's prompt cost is read against Q4_K_M's line).
    const quantisedLong = probe.prefill.filter((x) => x.promptTokens === QUANTISED_LONG_PROMPTS[0].length + 20);
    const round = ['q8_0', 'q4_k_m', 'q4_0', 'q4_k_m'];
    expect(quantisedLong.map((x) => x.weightType)).toEqual([...round, ...round]);
    expect(new Set(quantisedLong.filter((x) => x.weightType === 'q4_k_m').map((x) => x.params)).size).toBe(2);
    // The small model's long prompts, in turns by length, each new (first letters B, C, …), for the
    // attention term: the fit recovers the simulated machine's (SIM_ATTENTION × blocks × width × n²).
    const smallModel = PROBE_MODELS.find((m) => m.id === 'probe-small')!;
    const smallFacts = probeModelFacts(smallModel);
    expect(probe.attention!.map((a) => a.promptTokens)).toEqual(Array.from({ length: ATTENTION_ROUNDS }, () => ATTENTION_PROMPT_BYTES.map((b) => b + 20)).flat());
    expect(probe.attention!.every((a) => a.params === smallFacts.params && a.layers === smallFacts.layers && a.width === smallModel.spec.nEmbd)).toBe(true);
    const longAsked = SimEngine.calls.filter((c) => c.model === 'probe:probe-small' && c.request.messages[0].content.length >= ATTENTION_PROMPT_BYTES[0]).map((c) => c.request.messages[0].content);
    expect(new Set(longAsked.map((c) => c[0])).size).toBe(longAsked.length);
    // (Within 5 %: the line under it is fitted across the models, with their small attention in it.)
    expect(Math.abs(fit.prefill!.attention!.msPerWidthToken2 / SIM_ATTENTION - 1)).toBeLessThan(0.05);
    expect(fit.prefill!.attention!.longestTokens).toBe(ATTENTION_PROMPT_BYTES.at(-1)! + 20);
    expect(fit.prefill!.quantisedSizeLine!.points.map((p) => p.params)).toEqual(PROBE_MODELS.filter((m) => m.spec.weightType === 'q4_k_m').map((m) => probeModelFacts(m).params));
  });

  it('the long prompts are the same length (the template cost is read from it) and share no first letter with each other or the short prompt (llama.cpp would reuse it)', () => {
    const bytes = LONG_PROMPTS.map((p) => new TextEncoder().encode(p).length);
    expect(new Set(bytes).size).toBe(1);
    expect(new Set([SHORT_PROMPT, ...LONG_PROMPTS].map((p) => p[0])).size).toBe(LONG_PROMPTS.length + 1);
    // The quantised models' too: asked after the decode runs and after each other, one length.
    expect(new Set(QUANTISED_LONG_PROMPTS.map((p) => new TextEncoder().encode(p).length)).size).toBe(1);
    expect(new Set([SHORT_PROMPT, ...QUANTISED_LONG_PROMPTS].map((p) => p[0])).size).toBe(QUANTISED_LONG_PROMPTS.length + 1);
  });

  it('a stop ends every worker at once, even one that would never answer, and says it was cancelled', async () => {
    const e = env();
    const ctrl = new AbortController();
    const run = runEngineProbe(
      {
        ...e,
        newEngine: () => {
          const x = e.newEngine() as unknown as SimEngine;
          x.hang = true;
          return x;
        },
      },
      () => undefined,
      ctrl.signal,
    );
    setTimeout(() => ctrl.abort(), 5);
    await expect(run).rejects.toMatchObject({ name: 'BenchmarkCancelledError' });
    expect(e.engines.every((x) => x.dead)).toBe(true);
  });

  it('builds each model while the one before it loads, and a build that fails ahead of its turn fails the probe in that turn', async () => {
    const events: string[] = [];
    const base = env();
    const e = env({
      buildModel: async (m) => {
        events.push(`build ${m?.id}`);
        return base.buildModel(m);
      },
      newEngine: () => {
        const x = base.newEngine() as SimEngine;
        const load = x.load.bind(x);
        x.load = async (model, options) => {
          events.push(`load ${model.label}`);
          await new Promise((r) => setTimeout(r, 2));
          events.push(`loaded ${model.label}`);
          return load(model, options);
        };
        return x;
      },
    });
    await runEngineProbe(e, () => undefined);
    const models = [...new Set(events.filter((x) => x.startsWith('build ')).map((x) => x.slice(6)))];
    expect(models.length).toBe(PROBE_MODELS.length); // each built once, and nothing else
    expect(events.filter((x) => x.startsWith('build '))).toHaveLength(PROBE_MODELS.length);
    // Every model but the first is built before the one before it has loaded.
    for (let i = 1; i < models.length; i++) expect(events.indexOf(`build ${models[i]}`)).toBeLessThan(events.indexOf(`loaded ${models[i - 1]}`));
    // A later model's build fails while an earlier one loads: the probe fails with that error, nothing unhandled.
    const failing = env({
      buildModel: async (m) => {
        if (m.id === PROBE_MODELS.at(-1)!.id) throw new EngineCrashedError('out of memory');
        return base.buildModel(m);
      },
    });
    await expect(runEngineProbe(failing, () => undefined)).rejects.toMatchObject({ name: 'EngineCrashedError' });
    expect(failing.engines.every((x) => x.dead)).toBe(true);
  });

  it('an answer cut before its second token is no run: each model still gets its runs, and one that never gives a speed fails the probe by name', async () => {
    // Every other answer of every worker comes back without a speed (cut short): the rules count
    // only the runs that gave one, so a quantised model still has QUANTISED_RUNS, an f32 one three.
    const base = env();
    const e = env({
      newEngine: () => {
        const x = base.newEngine() as SimEngine;
        const chat = x.chat.bind(x);
        let n = 0;
        // (An answer with no token at all has no first-token time either.)
        x.chat = async (r) => ({ ...(await chat(r)), ...(n++ % 2 ? { completionTokens: n % 4 === 0 ? 0 : 1, decodeTokensPerSecond: null, ...(n % 4 === 0 ? { ttftMs: null } : {}) } : {}) });
        return x;
      },
    });
    const probe = await runEngineProbe(e, () => undefined);
    for (const m of PROBE_MODELS) expect(probe.decode.filter((d) => d.bytes === simBytes(m)).length).toBeGreaterThanOrEqual(m.spec.weightType === 'f32' ? 3 : QUANTISED_RUNS);
    expect(probe.prefill.every((p) => typeof p.ttftMs === 'number')).toBe(true);
    expect(probe.council.length).toBeGreaterThan(0);
    expect(probe.council.every((c) => c.decodeTokensPerSecond > 0)).toBe(true);
    // A model none of whose answers gives a speed: the probe fails naming it, every worker ended.
    const silent = env({
      newEngine: () => {
        const x = base.newEngine() as SimEngine;
        const chat = x.chat.bind(x);
        x.chat = async (r) => {
          const res = await chat(r);
          return x.model?.label === 'probe-q8_0' ? { ...res, completionTokens: 1, decodeTokensPerSecond: null } : res;
        };
        silent.engines.push(x);
        return x;
      },
    });
    SimEngine.calls = [];
    const failed = runEngineProbe(silent, () => undefined);
    await expect(failed).rejects.toMatchObject({ name: 'ProbeMeasurementError', model: 'probe-q8_0', runs: MAX_MEASURED_RUNS });
    await expect(failed).rejects.toThrow(/probe model probe-q8_0 16 times without decoding two tokens/);
    // …after MAX_MEASURED_RUNS measured answers (and its one short first answer).
    expect(SimEngine.calls.filter((c) => c.model === 'probe:probe-q8_0' && c.tokens === QUANTISED_ANSWER_TOKENS)).toHaveLength(MAX_MEASURED_RUNS);
    expect(silent.engines.length).toBeGreaterThan(0);
    expect(silent.engines.every((x) => x.dead)).toBe(true);
  });

  it('an engine that fails is reported as it failed (the caller words it), with every worker ended', async () => {
    const e = env({
      buildModel: async (m) => {
        if (m.id === 'probe-deep') throw new EngineCrashedError('out of memory');
        return new Blob([new Uint8Array(1000)]);
      },
    });
    await expect(runEngineProbe(e, () => undefined)).rejects.toMatchObject({ name: 'EngineCrashedError' });
    expect(e.engines.every((x) => x.dead)).toBe(true);
  });
});

describe('engine probe restarts a worker that fails as a fresh one may not (probe-restarts.ts)', () => {
  /** An env whose `fail` picks the calls that fail (by the worker's call count, its load being call 0; its model; an answer's request) and with what. */
  function failingEnv(fail: (call: number, model: string, request?: ChatRequest) => Error | null): ReturnType<typeof env> {
    const e = env();
    const make = e.newEngine;
    e.newEngine = () => {
      const x = make() as unknown as SimEngine;
      let calls = 0;
      const load = x.load.bind(x);
      const chat = x.chat.bind(x);
      x.load = async (m, o) => {
        const err = fail(calls++, m.id);
        if (err) throw err;
        return load(m, o);
      };
      x.chat = async (r, o) => {
        const err = fail(calls++, x.model!.id, r);
        if (err) throw err;
        return chat(r, o);
      };
      return x;
    };
    return e;
  }

  it('a council member whose worker dies mid-answer is replaced with its model, warmed by a short answer, and the council run asked again', async () => {
    SimEngine.calls = [];
    SimEngine.loads = [];
    let died = false;
    // The wide model's third member dies in its first council of three (council answers take seeds 200 + 10 × run + member).
    const e = failingEnv((_, model, request) => {
      const third = model === 'probe:probe-wide' && request !== undefined && request.seed! >= 200 && request.seed! % 10 === 2;
      return !died && third ? ((died = true), new EngineCrashedError('its worker crashed')) : null;
    });
    const probe = await runEngineProbe(e, () => undefined);
    expect(died).toBe(true);
    expect(probe.restarts).toBe(1);
    // One worker more than usual, loaded with the wide model; the one that died was ended.
    expect(e.engines).toHaveLength(PROBE_MODELS.length + 2 * (MAX_GROUP - 1) + 1);
    expect(SimEngine.loads.filter((l) => l.model.id === 'probe:probe-wide')).toHaveLength(MAX_GROUP + 1);
    const replacement = e.engines.at(-1)!;
    const own = SimEngine.calls.filter((c) => c.engine === replacement);
    expect(own[0].tokens).toBeLessThan(ANSWER_TOKENS); // its short first answer, then the council's
    expect(own.length).toBeGreaterThan(1);
    // Every council run that went into the fit had all its members (the one with a restart ran again).
    const wide = probe.council.filter((c) => c.bytes === simBytes(PROBE_MODELS.find((m) => m.id === 'probe-wide')!));
    for (const n of [2, 3]) {
      const byRun = new Map<number, number>();
      for (const c of wide.filter((x) => x.members === n)) byRun.set(c.run!, (byRun.get(c.run!) ?? 0) + 1);
      expect([...byRun.values()].every((k) => k === n)).toBe(true);
      expect(byRun.size).toBeGreaterThanOrEqual(GROUP_MIN_RUNS);
    }
    // The round in which it died (round 0) was asked again whole: its first member's answer (seed
    // 200, in each of the councils of 1, 2 and 3) twice over, the next round's once.
    const wideAnswers = (seed: number) => SimEngine.calls.filter((c) => c.model === 'probe:probe-wide' && c.request.seed === seed).length;
    expect(wideAnswers(200)).toBe(2 * MAX_GROUP);
    expect(wideAnswers(210)).toBe(MAX_GROUP);
    expect(e.engines.every((x) => x.dead)).toBe(true);
    for (const m of PROBE_MODELS) expect(probe.decode.some((d) => d.bytes === simBytes(m))).toBe(true);
  });

  it("a worker restarted in the warm-up warms up again: the fresh engine's own runs end it, not the old one's", async () => {
    // Two workers warm up while the others load; the second is restarted on the answer with which the
    // loading ends (chatOn replaces its engine, and the answer comes from the fresh one).
    const worker = (name: string): ProbeWorker => ({ engine: { name } as unknown as ProbeWorker['engine'], model: PROBE_MODELS[0], blob: new Blob([]) });
    const workers = [worker('a'), worker('b')];
    const answers: string[] = [];
    let restarted = false;
    const chat = async (w: ProbeWorker, r: ChatRequest) => {
      if (w === workers[1] && answers.length >= 60 && !restarted) {
        restarted = true;
        w.engine = { name: 'b2' } as unknown as ProbeWorker['engine'];
      }
      answers.push((w.engine as unknown as { name: string }).name);
      return { text: 'x', finishReason: 'length' as const, promptTokens: 10, completionTokens: r.max_tokens ?? 0, startedAt: 0, ttftMs: 1, decodeTokensPerSecond: 1000, tokenTimes: [], totalMs: 1 };
    };
    // The others load until the restart (60 answers in, beyond WARM_UP_TOKENS: both have warmed up by then).
    const loading = () => !restarted;
    await warmUp(() => workers, chat, () => undefined, loading);
    expect(restarted).toBe(true);
    // The fresh engine answered until its own runs settled (warmedUp: three at least).
    expect(answers.filter((n) => n === 'b2').length).toBeGreaterThanOrEqual(3);
  });

  it("a load that fails with the engine's raw error is tried again on a fresh worker; a corrupt file is not", async () => {
    let raised = false;
    const raw = failingEnv((call, model) => (!raised && call === 0 && model === 'probe:probe-deep' ? ((raised = true), new Error('wllama: llama_model_load failed')) : null));
    const probe = await runEngineProbe(raw, () => undefined);
    expect(probe.restarts).toBe(1);
    expect(raw.engines.every((x) => x.dead)).toBe(true);

    const corrupt = failingEnv((call, model) => (call === 0 && model === 'probe:probe-deep' ? new ModelCorruptError('probe-deep', 'not a GGUF file') : null));
    await expect(runEngineProbe(corrupt, () => undefined)).rejects.toMatchObject({ name: 'ModelCorruptError' });
    expect(corrupt.engines.every((x) => x.dead)).toBe(true);
  });

  it(`fails with the failure after MAX_RESTARTS (${MAX_RESTARTS}) restarts, every worker ended; without a failure it says no restart`, async () => {
    let failures = 0;
    const e = failingEnv((call, model) => (model === 'probe:probe-q8_0' && call > 0 ? (failures++, new EngineCrashedError('out of memory')) : null));
    await expect(runEngineProbe(e, () => undefined)).rejects.toMatchObject({ name: 'EngineCrashedError' });
    expect(failures).toBe(MAX_RESTARTS + 1);
    expect(e.engines.every((x) => x.dead)).toBe(true);
    expect((await runEngineProbe(env(), () => undefined)).restarts).toBeUndefined();
  });

  it("a worker restarted during its lone runs starts them again: the fresh worker's climb is left out of the fit, as a first one's is", async () => {
    for (const id of ['probe-small', 'probe-deep']) {
      // Each worker starts at 30 % of its speed and gains 20 % a run; this model's dies on its fourth lone run (seeds 10 + run).
      const e = speedingUpEnv((run) => Math.min(1, 0.3 + 0.2 * run));
      const make = e.newEngine;
      let died = false;
      e.newEngine = () => {
        const x = make() as unknown as SimEngine;
        const chat = x.chat.bind(x);
        x.chat = async (r, o) => {
          if (!died && x.model!.id === `probe:${id}` && r.seed === 13) throw ((died = true), new EngineCrashedError('its worker crashed'));
          return chat(r, o);
        };
        return x;
      };
      const probe = await runEngineProbe(e, () => undefined);
      expect(probe.restarts).toBe(1);
      const rows = probe.decode.filter((d) => d.bytes === simBytes(PROBE_MODELS.find((m) => m.id === id)!));
      expect(rows.length).toBeGreaterThanOrEqual(PROBE_REPEATS);
      // (Kept after the old worker's runs, the climb from half speed read the small model's cost per token 35 % high.)
      for (const d of rows) expect(d.decodeTokensPerSecond, id).toBeCloseTo(1 / (0.003 + d.layers! * 0.00025 + d.bytes / 5e9), 6);
    }
  });

  it('restarts only what a fresh worker may not repeat: deaths, malformed messages, a lost device, raw engine text', () => {
    for (const err of [new EngineCrashedError('x'), new EngineProtocolError('chat result', 'x'), new DeviceLostError('x'), new Error('RuntimeError: memory access out of bounds'), new TypeError('x')]) expect(restartable(err), err.name).toBe(true);
    for (const err of [new ModelCorruptError('m', 'x'), new AbortedError('x'), new BenchmarkCancelledError(), new ProbeTimeoutError('stalled'), new ProbeMeasurementError('m', 3), new BenchmarkProtocolError('probe model', 'x')]) expect(restartable(err), err.name).toBe(false);
  });
});

/** An env whose workers decode at `share(run)` of the simulated speed on their run-th answer (0-based). */
function speedingUpEnv(share: (run: number) => number): ReturnType<typeof env> {
  const e = env({
    newEngine: () => {
      const x = new SimEngine();
      let runs = 0;
      const chat = x.chat.bind(x);
      x.chat = async (r) => {
        const res = await chat(r);
        return { ...res, decodeTokensPerSecond: res.decodeTokensPerSecond! * share(runs++) };
      };
      e.engines.push(x);
      return x;
    },
  });
  return e;
}

describe('warm-up until the speed stops rising (the optimising wasm tier arrives after a few seconds)', () => {
  it('a worker that speeds up over its first runs is measured after it has: the fit sees the fast speed', async () => {
    // Each worker starts at 30 % of its speed and gains 20 % a run until full speed (the
    // optimising tier compiling function after function).
    const e = speedingUpEnv((run) => Math.min(1, 0.3 + 0.2 * run));
    const fit = fitEngine(await runEngineProbe(e, () => undefined))!;
    expect(fit.decode.secondsPerToken).toBeCloseTo(0.003, 6);
    expect(fit.decode.effectiveBandwidthGBps).toBeCloseTo(5, 3);
    expectSimQuantised(fit);
  });
});

describe('measured runs wait for a settled speed (a warm-up that ended early still shows a rising speed)', () => {
  it('a worker that speeds up only after its warm-up is measured once it has: every decode sample is at full speed', async () => {
    // 5 % of its speed for the two sizing runs (every model then reads too slow for WARM_UP_TOKENS),
    // then 15 %, 45 %, full: the slowest model's first three measured runs already add up to
    // MIN_MEASURED_MS, so only the settled-speed rule keeps it measuring until the speed is full.
    const e = speedingUpEnv((run) => (run < 2 ? 0.05 : Math.min(1, 0.05 * 3 ** (run - 1))));
    const probe = await runEngineProbe(e, () => undefined);
    const seconds = (d: (typeof probe.decode)[number]) => (d.weightType ? SIM_FIXED + d.params! * SIM_COST[d.weightType.toUpperCase()] : 0.003 + d.layers! * 0.00025 + d.bytes / 5e9);
    for (const d of probe.decode) expect(d.decodeTokensPerSecond).toBeCloseTo(1 / seconds(d), 6);
    expect(new Set(probe.decode.map((d) => d.bytes)).size).toBe(PROBE_MODELS.length);
    for (const bytes of new Set(probe.decode.map((d) => d.bytes))) {
      const rows = probe.decode.filter((d) => d.bytes === bytes);
      expect(rows.length).toBeGreaterThanOrEqual(rows[0].weightType ? QUANTISED_RUNS : 3);
    }
  });
});

describe('probe plan', () => {
  it('a council size runs at least twice, then until GROUP_MIN_MS, never more than GROUP_MAX_RUNS times', () => {
    expect(GROUP_MIN_RUNS).toBe(2);
    // A slow council (one run of 3 × the medium model lasts ~1.4 s) still runs twice.
    expect(moreGroupRuns(0, 0)).toBe(true);
    expect(moreGroupRuns(1, 5_000)).toBe(true);
    expect(moreGroupRuns(2, GROUP_MIN_MS)).toBe(false);
    expect(moreGroupRuns(2, GROUP_MIN_MS - 1)).toBe(true);
    expect(moreGroupRuns(GROUP_MAX_RUNS - 1, 0)).toBe(true);
    expect(moreGroupRuns(GROUP_MAX_RUNS, 0)).toBe(false);
  });
  it('tokens per member aim at the same decode time, within 12…the cap', () => {
    expect(tokensFor([100], 64)).toBe(35);
    expect(tokensFor([1, 2], 64)).toBe(12);
    expect(tokensFor([10_000], 64)).toBe(64);
    expect(tokensFor([10_000], 200)).toBe(200);
    expect(tokensFor([], 64)).toBe(12);
    expect(tokensFor([100, 160], 64)).toBe(56); // the fastest run sizes it
  });
  it('the fit takes the runs from the first within 5 % of the later half median: a climb is left out, noise is kept, at least the last 3', () => {
    expect(settledRuns([10, 30, 94, 100, 97])).toEqual([94, 100, 97]);
    expect(settledRuns([10, 30, 50, 93, 100, 97, 99])).toEqual([100, 97, 99]); // 93 < 0.95 × 98
    expect(settledRuns([10, 30, 50, 93.1, 100, 97, 99])).toEqual([93.1, 100, 97, 99]);
    expect(settledRuns([600, 650, 620, 580, 640, 610, 900])).toEqual([600, 650, 620, 580, 640, 610, 900]); // a late fast run cuts nothing
    expect(settledRuns([95, 60, 100, 70])).toEqual([95, 60, 100, 70]); // a stall after the best is kept
    expect(settledRuns([50, 60, 70, 80, 100])).toEqual([70, 80, 100]);
    expect(settledRuns([0, 90, 100, 98])).toEqual([90, 100, 98]);
    expect(settledRuns([100, 0, 99])).toEqual([100, 99]); // a run that decoded nothing is not a speed
    expect(settledRuns([10, 30, 94, 100, 97], 2)).toEqual([94, 100, 97]);
    expect(settledRuns([5, 15, 45, 100, 100], 2)).toEqual([100, 100]); // a quantised model keeps two at least
  });
  it("a quantised model's runs end after two, unless the last is still more than 10 % faster than the one before", () => {
    expect(quantisedRunsSettled([50])).toBe(false);
    expect(quantisedRunsSettled([50, 55])).toBe(true);
    expect(quantisedRunsSettled([50, 55.1])).toBe(false);
    expect(quantisedRunsSettled([50, 60, 61])).toBe(true);
    expect(quantisedRunsSettled([50, 50, 50, 50, 50], 6)).toBe(false);
    expect(quantisedRunsSettled([50, 50, 50, 50, 50, 50], 6)).toBe(true);
    expect(quantisedRunsSettled([60, 40])).toBe(true); // a slower run is noise, not a climb
    expect(quantisedRunsSettled([20, 22])).toBe(true); // exactly 10 % faster: settled
    expect(quantisedRunsSettled([20, 22.001])).toBe(false);
  });
});

/** A probe run on the simulated machine with every answer logged beside the progress step it came in. */
async function loggedProbe(over: Partial<ProbeEnv> = {}) {
  const e = env(over);
  let step = '';
  const fractions: number[] = [];
  const log: { step: string; engine: number; model: string; content: string; tokens: number; seed: number; ignoreEos: boolean | undefined; signal: boolean; onChunk: boolean }[] = [];
  const loadsWithSignal: boolean[] = [];
  SimEngine.calls = [];
  SimEngine.loads = [];
  let made = 0;
  const wrapped: ProbeEnv = {
    ...e,
    newEngine: () => {
      const x = e.newEngine() as SimEngine;
      const index = made++;
      const [chat, load] = [x.chat.bind(x), x.load.bind(x)];
      x.chat = (r, o) => {
        log.push({ step, engine: index, model: x.model!.label, content: r.messages[0].content, tokens: r.max_tokens ?? 0, seed: r.seed ?? -1, ignoreEos: r.ignore_eos, signal: o?.signal === ctrl.signal, onChunk: typeof o?.onChunk === 'function' });
        return chat(r, o);
      };
      x.load = (m, o) => {
        loadsWithSignal.push(o?.signal === ctrl.signal);
        return load(m, o);
      };
      return x;
    },
  };
  const ctrl = new AbortController();
  const t0 = performance.now();
  const probe = await runEngineProbe(
    wrapped,
    (p) => {
      step = p.step.replace(/^Engine probe: /, '').replace(/ \(\d+ MB\)/g, '');
      fractions.push(p.fraction);
    },
    ctrl.signal,
  );
  return { probe, log, loadsWithSignal, fractions, wallMs: performance.now() - t0 };
}

describe('engine probe, what it asks of each engine', () => {
  it('the bar moves in equal steps, one per stage (each model loaded, each measured alone, each model\'s councils, the prompts), and reaches 1 only at the end', async () => {
    const { fractions } = await loggedProbe();
    const stages = 2 * PROBE_MODELS.length + 2 + 1;
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions.at(-1)).toBe(1);
    const before = [...new Set(fractions.slice(0, -1))].map((f) => f * stages);
    for (const k of before) expect(k).toBeCloseTo(Math.round(k), 9); // whole stages
    expect(before[0]).toBe(0);
    expect(Math.round(before.at(-1)!)).toBe(stages - 1); // the last stage (the prompts) ends at done
    // A format's two sizes, measured in turns, are two stages done at once; every other stage is one step.
    const jumps = before.slice(1).map((k, i) => Math.round(k - before[i]));
    expect(jumps.filter((j) => j !== 1)).toEqual(PROBE_MODELS.filter((m) => m.secondSize).map(() => 2));
  });

  it('each load gets the model as a generated file of its real size and bits per weight, with no required feature; every answer ignores end-of-text', async () => {
    const { probe, log, loadsWithSignal, wallMs } = await loggedProbe();
    // Every load and answer can be stopped (Cancel, the watchdog); every decoding answer sends its
    // tokens to the page as a council member's do (the messages cost the cores something too).
    expect(loadsWithSignal.every(Boolean)).toBe(true);
    expect(log.every((c) => c.signal)).toBe(true);
    expect(log.filter((c) => !c.onChunk).map((c) => c.content)).toEqual(log.filter((c) => c.tokens === 2).map((c) => c.content)); // all but the long prompts' first tokens
    expect(SimEngine.loads).toHaveLength(PROBE_MODELS.length + 2 * (MAX_GROUP - 1));
    expect(SimEngine.loads.every((l) => l.threads === 1)).toBe(true); // a lone member's threads (env.threadsFor(1))
    for (const { model } of SimEngine.loads) {
      const m = PROBE_MODELS.find((x) => x.id === model.label)!;
      const { params, layers } = probeModelFacts(m);
      expect(model).toMatchObject({ engine: 'wllama', source: 'generated', url: null, weightBytes: simBytes(m), layers, requiredFeatures: [], contextLength: 1024 });
      expect(model.bitsPerWeight).toBeCloseTo((simBytes(m) * 8) / params, 9);
    }
    // llama.cpp stops at an end-of-text token; a probe run must decode every token it asks for.
    expect(log.every((c) => c.ignoreEos === true)).toBe(true);
    expect(probe.device).toBe('cpu');
    expect(probe.durationMs).toBeLessThanOrEqual(wallMs);
  });

  it('an engine that runs on the GPU makes it a GPU probe', async () => {
    const base = env();
    const { probe } = await loggedProbe({
      newEngine: () => {
        const x = base.newEngine() as SimEngine;
        x.backend = 'webgpu';
        return x;
      },
    });
    expect(probe.device).toBe('gpu');
  });

  it('f32 models run until three runs have settled and add up to MIN_MEASURED_MS, quantised ones QUANTISED_RUNS (LINE_RUNS for a format’s two sizes), councils past GROUP_MIN_RUNS when fast; only f32 models ask the long prompts', async () => {
    const { probe, log } = await loggedProbe();
    const measured = (id: string) => log.filter((c) => c.model === id && c.step.includes(' alone') && c.content === SHORT_PROMPT && c.seed >= 10);
    for (const m of PROBE_MODELS) {
      const runs = measured(m.id);
      if (m.spec.weightType === 'f32') {
        const model = SimEngine.loads.find((l) => l.model.label === m.id)!.model;
        const runMs = (ANSWER_TOKENS / simLoneSpeed(model)) * 1000; // constant speeds: settled from the third run
        expect(runs, m.id).toHaveLength(Math.min(MAX_MEASURED_RUNS, Math.max(PROBE_REPEATS, Math.ceil(MIN_MEASURED_MS / runMs))));
      } else {
        expect(runs, m.id).toHaveLength(m.id.startsWith('probe-q4_k_m') ? LINE_RUNS : QUANTISED_RUNS);
      }
    }
    // One short first answer on every model but the small one (warm from its warm-up), just before its runs.
    expect(log.filter((c) => c.step.includes(' alone') && c.tokens === 12).map((c) => c.model).sort()).toEqual(PROBE_MODELS.filter((m) => m.id !== 'probe-small').map((m) => m.id).sort());
    // The warm-up (the small model's workers, while the others load) outlasts the quick loads here until it is warm.
    expect(log.filter((c) => c.seed >= WARM_UP_SEED).reduce((s, c) => s + c.tokens, 0)).toBeGreaterThanOrEqual(WARM_UP_TOKENS);
    // The small model decodes fast enough to need more than PROBE_REPEATS runs for MIN_MEASURED_MS (the rule's other half).
    expect(measured('probe-small').length).toBeGreaterThan(PROBE_REPEATS);
    // Long prompts: each f32 model all three, no quantised model any (theirs are QUANTISED_LONG_PROMPTS).
    for (const m of PROBE_MODELS) expect(log.filter((c) => c.model === m.id && (LONG_PROMPTS as readonly string[]).includes(c.content)), m.id).toHaveLength(m.spec.weightType === 'f32' ? LONG_PROMPTS.length : 0);
    // Councils: the simulated runs take milliseconds, so each size runs past GROUP_MIN_RUNS until GROUP_MIN_MS (at most GROUP_MAX_RUNS).
    for (const id of ['probe-small', 'probe-wide']) {
      const bytes = simBytes(PROBE_MODELS.find((m) => m.id === id)!);
      for (const n of [2, 3]) {
        const runs = new Set(probe.council.filter((c) => c.bytes === bytes && c.members === n).map((c) => c.run)).size;
        expect(runs, `${n} × ${id}`).toBeGreaterThan(GROUP_MIN_RUNS);
        expect(runs, `${n} × ${id}`).toBeLessThanOrEqual(GROUP_MAX_RUNS);
      }
    }
  });

  it('only the small model warms up, its copies joining the turns once loaded, for at least WARM_UP_TOKENS, and goes on while every other model loads', async () => {
    const base = env();
    const events: string[] = [];
    const { log } = await loggedProbe({
      newEngine: () => {
        const x = base.newEngine() as SimEngine;
        const [load, chat] = [x.load.bind(x), x.chat.bind(x)];
        x.load = async (model, options) => {
          await new Promise((r) => setTimeout(r, 15)); // loads slower than the warm-up's runs
          const res = await load(model, options);
          events.push('loaded');
          return res;
        };
        x.chat = async (r) => {
          const res = await chat(r);
          if ((r.seed ?? 0) >= WARM_UP_SEED) events.push('warm-up answered');
          return res;
        };
        return x;
      },
    });
    const warmUp = log.filter((c) => c.seed >= WARM_UP_SEED);
    expect(warmUp.every((c) => c.model === 'probe-small' && (c.step.startsWith('building and loading') || c.step === 'warming up'))).toBe(true);
    expect(warmUp.reduce((s, c) => s + c.tokens, 0)).toBeGreaterThanOrEqual(WARM_UP_TOKENS);
    // In turns over the small model's first worker and its MAX_GROUP − 1 copies (engines 0, 1, 2):
    // each copy joins after its one short first answer, and from then on no worker answers twice in a row.
    const engines = warmUp.map((c) => c.engine);
    expect([...new Set(engines)].sort()).toEqual([0, 1, 2]);
    for (const copy of [1, 2]) {
      const firstAnswer = log.findIndex((c) => c.engine === copy);
      expect(log[firstAnswer]).toMatchObject({ tokens: 12, seed: 9 });
    }
    const allJoined = engines.findIndex((e) => e === 2);
    expect(engines.slice(allJoined).every((e, i, xs) => i === 0 || e !== xs[i - 1])).toBe(true);
    // Each worker settled on its own (three runs at least: warmedUp), not only the first.
    for (const e of [0, 1, 2]) expect(engines.filter((x) => x === e).length, `engine ${e}`).toBeGreaterThanOrEqual(3);
    // Every other answer while loading is a copy's one short first answer.
    const loading = log.filter((c) => c.step.startsWith('building and loading') || c.step === 'warming up');
    expect(loading.filter((c) => c.seed < WARM_UP_SEED).map((c) => [c.model, c.tokens])).toEqual([...Array(MAX_GROUP - 1).fill(['probe-small', 12]), ...Array(MAX_GROUP - 1).fill(['probe-wide', 12])]);
    // The warm-up's last answer came after the last model had loaded.
    expect(events.filter((x) => x === 'loaded')).toHaveLength(PROBE_MODELS.length + 2 * (MAX_GROUP - 1));
    expect(events.lastIndexOf('warm-up answered')).toBeGreaterThan(events.lastIndexOf('loaded'));
  });
});

describe('warm-up rule', () => {
  // On this machine (issue 11): WARM_UP_TOKENS 1500 in at most WARM_UP_MAX_MS 6 s.
  it('ends once the speed has settled after WARM_UP_TOKENS, not a token before', () => {
    const settled = [400, 900, 1000, 1000, 1000];
    expect(warmUpDone(settled, WARM_UP_TOKENS, 0)).toBe(true);
    expect(warmUpDone(settled, WARM_UP_TOKENS - 1, 0)).toBe(false);
    expect(warmUpDone([400, 600, 900], WARM_UP_TOKENS * 2, 0)).toBe(false); // still rising
  });
  it('ends after WARM_UP_MAX_MS whatever the speed, not a millisecond before', () => {
    expect(warmUpDone([400, 600, 900], 100, WARM_UP_MAX_MS)).toBe(true);
    expect(warmUpDone([400, 600, 900], 100, WARM_UP_MAX_MS - 1)).toBe(false);
  });
  it('a model too slow to decode WARM_UP_TOKENS in WARM_UP_MAX_MS (a slow machine) ends after two runs', () => {
    const edge = (WARM_UP_TOKENS * 1000) / WARM_UP_MAX_MS; // 250 tok/s here
    expect(warmUpDone([edge - 1], 0, 0)).toBe(false);
    expect(warmUpDone([edge - 1, edge - 2], 0, 0)).toBe(true);
    expect(warmUpDone([edge - 2, edge - 1], 0, 0)).toBe(true);
    expect(warmUpDone([edge - 1, edge], 0, 0)).toBe(false); // the fastest run decides: fast enough, so it warms up
    expect(warmUpDone([edge, edge], 0, 0)).toBe(false); // fast enough to warm up: it does
  });
});
