import { SCENARIO_DRIVERS, type ScenarioContext } from './scenarios';
import type { EnvSample, LoadRun, LoadTarget, Outcome, Progress, RequestEvent, ScenarioId } from './types';

/**
 * Runs one scenario against a target and records every request. Guarantees of S5 ("nothing lost"):
 * every submitted request settles exactly once as ok / rejected / error / cancelled, and a request
 * the target never settles is aborted by a watchdog and recorded as 'lost' (which fails the run).
 */

export interface RunOptions {
  short: boolean;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Browser edge: current fps and JS heap (null where unavailable). */
  sampleEnv?: () => { fps: number | null; heapBytes: number | null };
  sampleIntervalMs?: number;
  /** A request still unsettled after this long is aborted and recorded as lost. */
  requestTimeoutMs?: number;
  /** Clock (ms); injectable for tests. */
  now?: () => number;
  /** Multiplies scenario durations (tests use < 1 to stay quick). */
  timeScale?: number;
  /** S5 only: bound the target's queue to this many waiting requests during the run. */
  queueBound?: number;
}

const PROMPTS = [
  'Summarise why memory bandwidth limits decode speed.',
  'List three ways to keep a web UI at 60 fps.',
  'Explain a request queue in one paragraph.',
  'What is the Universal Scalability Law?',
  'Name two causes of frame drops.',
  'Write a haiku about GPUs.',
];

/** Outcome of a failed ask, by error name (names, not instanceof: errors cross worker boundaries). */
export function classifyError(err: unknown, aborted: boolean): Outcome {
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'QueueFullError') return 'rejected';
  if (aborted || name === 'AbortError' || name === 'RequestCancelledError') return aborted ? 'cancelled' : 'error';
  return 'error';
}

export async function runScenario(id: ScenarioId, target: LoadTarget, options: RunOptions): Promise<LoadRun> {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const startedAt = Date.now();
  // Token timestamps arrive as epoch ms (performance.timeOrigin + now() in the worker).
  const wallT0 = performance.timeOrigin + performance.now();
  const run = new AbortController();
  const onOuterAbort = () => run.abort();
  options.signal?.addEventListener('abort', onOuterAbort);
  if (options.signal?.aborted) run.abort();

  const events: RequestEvent[] = [];
  const samples: EnvSample[] = [];
  const tokenTimes: number[] = [];
  const capacity = Math.max(1, Math.floor(target.capacity()));
  const timeoutMs = options.requestTimeoutMs ?? (options.short ? 60_000 : 300_000);
  let inFlight = 0;
  let nextId = 1;
  const elapsed = () => now() - t0;

  const takeSample = () => {
    const env = options.sampleEnv?.() ?? { fps: null, heapBytes: null };
    samples.push({ at: elapsed(), fps: env.fps, heapBytes: env.heapBytes, queueDepth: target.queueDepth(), inFlight });
  };
  takeSample();
  const sampler = setInterval(takeSample, options.sampleIntervalMs ?? 250);

  const ctx: ScenarioContext = {
    capacity,
    short: options.short,
    timeScale: options.timeScale ?? 1,
    signal: run.signal,
    elapsed,
    inFlight: () => inFlight,
    progress: (fraction, text) => options.onProgress?.({ fraction: Math.max(0, Math.min(1, fraction)), text }),
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        if (run.signal.aborted) return resolve();
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          run.signal.removeEventListener('abort', done);
          resolve();
        }
        run.signal.addEventListener('abort', done, { once: true });
      }),
    submit: (tag, group, maxTokens) => {
      const id = nextId++;
      const submittedAt = elapsed();
      const request = new AbortController();
      const stop = () => request.abort();
      run.signal.addEventListener('abort', stop, { once: true });
      inFlight++;
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const lost = new Promise<'lost'>((resolve) => {
        watchdog = setTimeout(() => resolve('lost'), timeoutMs);
      });
      const asked = target.ask(PROMPTS[id % PROMPTS.length], { signal: request.signal, maxTokens });
      return Promise.race([asked.then((answer) => ({ answer }), (error: unknown) => ({ error })), lost])
        .then((result) => {
          const base = { id, tag, group, submittedAt, settledAt: elapsed(), tokens: 0, ttftMs: null, queuedMs: null, errorName: null, errorMessage: null };
          let event: RequestEvent;
          if (result === 'lost') {
            request.abort();
            event = { ...base, outcome: 'lost', errorName: 'RequestLostError', errorMessage: `No answer and no rejection within ${timeoutMs / 1000} s` };
          } else if ('answer' in result) {
            const a = result.answer;
            for (const t of a.tokenTimes) tokenTimes.push(t - wallT0);
            const failed = a.empty && a.memberFailures > 0;
            event = {
              ...base,
              outcome: request.signal.aborted ? 'cancelled' : failed ? 'error' : 'ok',
              tokens: a.tokens,
              ttftMs: a.ttftMs,
              queuedMs: a.queuedMs,
              errorName: failed ? 'AllMembersFailedError' : null,
              errorMessage: failed ? `${a.memberFailures} member(s) failed, no answer` : null,
            };
          } else {
            const err = result.error as { name?: string; message?: string };
            event = { ...base, outcome: classifyError(err, run.signal.aborted), errorName: err?.name ?? 'Error', errorMessage: err?.message ?? String(err) };
          }
          events.push(event);
          return event.outcome;
        })
        .finally(() => {
          clearTimeout(watchdog);
          run.signal.removeEventListener('abort', stop);
          inFlight--;
        });
    },
  };

  const restoreQueue = id === 'S5' && options.queueBound !== undefined ? target.boundQueue?.(options.queueBound) : undefined;
  try {
    await SCENARIO_DRIVERS[id](ctx);
  } finally {
    restoreQueue?.();
    clearInterval(sampler);
    takeSample();
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
  options.onProgress?.({ fraction: 1, text: run.signal.aborted ? 'Stopped' : 'Done' });
  events.sort((a, b) => a.id - b.id);
  tokenTimes.sort((a, b) => a - b);
  return {
    scenario: id,
    short: options.short,
    target: target.label,
    capacity,
    startedAt,
    durationMs: elapsed(),
    stopped: run.signal.aborted,
    events,
    samples,
    tokenTimes,
  };
}
