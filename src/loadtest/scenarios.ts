import type { Outcome, ScenarioId } from './types';

/**
 * The load scenarios of SPEC §3.7, as drivers over a small context, so the same code runs against
 * the council in the app and against a fake target in unit tests. "short" sizes everything for a
 * 2-core machine (CI); the full sizes are what a person runs on purpose.
 */

export interface ScenarioContext {
  capacity: number;
  short: boolean;
  /** Multiplies every duration (1 = as specified; tests use less). */
  timeScale: number;
  signal: AbortSignal;
  /** Submits one request; resolves with its outcome once it settled (never rejects). */
  submit(tag: string, group: string, maxTokens: number): Promise<Outcome>;
  /** Resolves after ms, or at once when the run is stopped. */
  sleep(ms: number): Promise<void>;
  /** ms since the run started. */
  elapsed(): number;
  inFlight(): number;
  progress(fraction: number, text: string): void;
}

export interface ScenarioInfo {
  id: ScenarioId;
  name: string;
  description: string;
  /** What the run must show (the pass criterion of SPEC §3.7). */
  criterion: string;
}

export const SCENARIOS: ScenarioInfo[] = [
  {
    id: 'S1',
    name: 'Sustained stream',
    description: 'Long generations back to back, every member busy, for a fixed time.',
    criterion: 'steady throughput (low variance), no memory growth, few frame drops',
  },
  {
    id: 'S2',
    name: 'Bursts',
    description: '20 bursts of 1, 2 and 5 concurrent prompts (6 in short mode).',
    criterion: 'service time within +50 % of a single request',
  },
  {
    id: 'S4',
    name: 'Council marathon',
    description: 'Many requests in a row with all members busy.',
    criterion: 'error rate ≤ 1 %',
  },
  {
    id: 'S5',
    name: 'Overload ramp',
    description: 'Offered load ramps from 1× to 3× the planned capacity.',
    criterion: 'queue and shedding behave: every request answered or clearly rejected, none lost',
  },
];

/** Sizes per scenario; short mode finishes in seconds on a 2-core machine. */
export function scenarioSize(id: ScenarioId, short: boolean, timeScale = 1) {
  switch (id) {
    case 'S1':
      return { durationMs: (short ? 6_000 : 60_000) * timeScale, maxTokens: short ? 48 : 256 };
    case 'S2':
      return { bursts: short ? 6 : 20, sizes: [1, 2, 5], gapMs: (short ? 100 : 500) * timeScale, maxTokens: short ? 12 : 32 };
    case 'S4':
      return { requests: short ? 8 : 100, maxTokens: short ? 16 : 64 };
    case 'S5':
      return { levels: [1, 1.5, 2, 2.5, 3], stepMs: (short ? 2_000 : 15_000) * timeScale, maxTokens: short ? 12 : 32 };
  }
}

const REJECT_BACKOFF_MS = 100;
const TICK_MS = 20;

/**
 * Keeps `target()` requests in flight until `done()` says stop; a rejected slot backs off briefly
 * so an overloaded target is not hammered in a tight loop. Resolves when every request settled.
 */
async function holdInFlight(
  ctx: ScenarioContext,
  target: () => number,
  done: () => boolean,
  next: () => { tag: string; group: string; maxTokens: number } | null,
): Promise<void> {
  const pending = new Set<Promise<unknown>>();
  let backoffUntil = 0;
  while (!ctx.signal.aborted && !done()) {
    while (ctx.inFlight() < target() && ctx.elapsed() >= backoffUntil && !done()) {
      const req = next();
      if (!req) break;
      const p = ctx.submit(req.tag, req.group, req.maxTokens).then((outcome) => {
        if (outcome === 'rejected') backoffUntil = ctx.elapsed() + REJECT_BACKOFF_MS;
      });
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    await ctx.sleep(TICK_MS);
  }
  await Promise.all(pending);
}

async function sustained(ctx: ScenarioContext): Promise<void> {
  const { durationMs, maxTokens } = scenarioSize('S1', ctx.short, ctx.timeScale) as { durationMs: number; maxTokens: number };
  let n = 0;
  await holdInFlight(
    ctx,
    () => ctx.capacity,
    () => {
      ctx.progress(Math.min(1, ctx.elapsed() / durationMs), `Sustained stream: ${(ctx.elapsed() / 1000).toFixed(0)} / ${durationMs / 1000} s`);
      return ctx.elapsed() >= durationMs;
    },
    () => ({ tag: `stream ${++n}`, group: 'stream', maxTokens }),
  );
}

async function bursts(ctx: ScenarioContext): Promise<void> {
  const { bursts: count, sizes, gapMs, maxTokens } = scenarioSize('S2', ctx.short, ctx.timeScale) as { bursts: number; sizes: number[]; gapMs: number; maxTokens: number };
  for (let b = 0; b < count && !ctx.signal.aborted; b++) {
    const size = sizes[b % sizes.length];
    ctx.progress(b / count, `Burst ${b + 1} of ${count}: ${size} at once`);
    await Promise.all(Array.from({ length: size }, (_, i) => ctx.submit(`burst ${b + 1} (${size}) #${i + 1}`, String(size), maxTokens)));
    await ctx.sleep(gapMs);
  }
}

async function marathon(ctx: ScenarioContext): Promise<void> {
  const { requests, maxTokens } = scenarioSize('S4', ctx.short) as { requests: number; maxTokens: number };
  let submitted = 0;
  await holdInFlight(
    ctx,
    () => ctx.capacity,
    () => {
      const settled = submitted - ctx.inFlight();
      ctx.progress(settled / requests, `Marathon: ${settled} of ${requests} requests done`);
      return submitted >= requests;
    },
    () => {
      if (submitted >= requests) return null;
      submitted++;
      return { tag: `request ${submitted}`, group: 'marathon', maxTokens };
    },
  );
}

async function overloadRamp(ctx: ScenarioContext): Promise<void> {
  const { levels, stepMs, maxTokens } = scenarioSize('S5', ctx.short, ctx.timeScale) as { levels: number[]; stepMs: number; maxTokens: number };
  const total = levels.length * stepMs;
  let n = 0;
  const levelAt = () => levels[Math.min(levels.length - 1, Math.floor(ctx.elapsed() / stepMs))];
  await holdInFlight(
    ctx,
    () => Math.ceil(levelAt() * ctx.capacity),
    () => {
      ctx.progress(Math.min(1, ctx.elapsed() / total), `Overload ramp: ${levelAt()}× capacity (${Math.ceil(levelAt() * ctx.capacity)} in flight)`);
      return ctx.elapsed() >= total;
    },
    () => ({ tag: `level ${levelAt()}× #${++n}`, group: `${levelAt()}×`, maxTokens }),
  );
}

export const SCENARIO_DRIVERS: Record<ScenarioId, (ctx: ScenarioContext) => Promise<void>> = {
  S1: sustained,
  S2: bursts,
  S4: marathon,
  S5: overloadRamp,
};
