import { describe, expect, it } from 'vitest';
import { runScenario } from './runner';
import { buildReport, reportToCsv } from './report';
import { evaluateGates } from './gates';
import type { LoadAnswer, LoadTarget } from './types';

class QueueFullError extends Error {
  override name = 'QueueFullError';
}

/**
 * A fake target with `capacity` servers and a bounded queue, like the council: each request takes
 * `serviceMs`; beyond servers + queueLimit it is rejected with QueueFullError.
 */
function fakeTarget(opts: { capacity: number; queueLimit: number; serviceMs: number; failEvery?: number; hangEvery?: number }) {
  let running = 0;
  const waiting: (() => void)[] = [];
  let asked = 0;
  const target: LoadTarget & { maxQueue: number } = {
    label: 'fake',
    maxQueue: 0,
    capacity: () => opts.capacity,
    queueDepth: () => waiting.length,
    boundQueue(limit) {
      const before = opts.queueLimit;
      opts.queueLimit = limit;
      return () => (opts.queueLimit = before);
    },
    async ask(_prompt, { signal, maxTokens }): Promise<LoadAnswer> {
      const n = ++asked;
      if (running >= opts.capacity && waiting.length >= opts.queueLimit) throw new QueueFullError('queue full');
      const queuedAt = Date.now();
      if (running >= opts.capacity) {
        await new Promise<void>((resolve) => waiting.push(resolve));
        target.maxQueue = Math.max(target.maxQueue, waiting.length + 1);
      }
      running++;
      const queuedMs = Date.now() - queuedAt;
      try {
        if (opts.hangEvery && n % opts.hangEvery === 0) await new Promise(() => {}); // never settles
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(resolve, opts.serviceMs);
          signal.addEventListener('abort', () => {
            clearTimeout(t);
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
          });
        });
        if (opts.failEvery && n % opts.failEvery === 0) throw Object.assign(new Error('boom'), { name: 'EngineCrashedError' });
        const now = performance.timeOrigin + performance.now();
        return { tokens: maxTokens, ttftMs: 1, queuedMs, tokenTimes: Array.from({ length: maxTokens }, (_, i) => now - opts.serviceMs + ((i + 1) * opts.serviceMs) / maxTokens), memberFailures: 0, empty: false };
      } finally {
        running--;
        waiting.shift()?.();
      }
    },
  };
  return target;
}

describe('load tester', () => {
  it('S2 bursts: 6 bursts of 1/2/5 in short mode, all answered, per-group stats', async () => {
    const target = fakeTarget({ capacity: 5, queueLimit: 10, serviceMs: 15 });
    const run = await runScenario('S2', target, { short: true, sampleEnv: () => ({ fps: 60, heapBytes: 1e6 }) });
    const report = buildReport(run);
    expect(report.counts.submitted).toBe(2 * (1 + 2 + 5));
    expect(report.counts.ok).toBe(16);
    expect(report.perGroup.map((g) => g.group).sort()).toEqual(['1', '2', '5']);
    expect(report.latencyMs?.p95).toBeGreaterThan(0);
    expect(report.checks.find((c) => c.name === 'Nothing lost')?.passed).toBe(true);
  });

  it('S5 overload ramp to 3×: sheds with clear rejections, nothing lost, every request accounted for', async () => {
    const target = fakeTarget({ capacity: 2, queueLimit: 2, serviceMs: 30 });
    const run = await runScenario('S5', target, { short: true, timeScale: 0.4 });
    const r = buildReport(run);
    expect(r.counts.rejected).toBeGreaterThan(0); // 3× of 2 = 6 in flight > 2 running + 2 queued
    expect(r.errorsByName.QueueFullError).toBe(r.counts.rejected);
    expect(r.counts.lost).toBe(0);
    expect(r.counts.ok + r.counts.rejected + r.counts.error + r.counts.cancelled).toBe(r.counts.submitted);
    expect(r.checks.every((c) => c.passed)).toBe(true);
    // The ramp really reached 3× capacity; at 1× (2 in flight) nothing was shed.
    expect(r.perGroup.map((g) => g.group)).toContain('3×');
    expect(run.events.filter((e) => e.group === '1×' && e.outcome === 'rejected')).toHaveLength(0);
    expect(run.events.filter((e) => e.group === '3×' && e.outcome === 'rejected').length).toBeGreaterThan(0);
  }, 20_000);

  it('S5 bounds a roomy queue to the planned capacity for the run, then restores it', async () => {
    const opts = { capacity: 1, queueLimit: 32, serviceMs: 30 };
    const target = fakeTarget(opts);
    const r = buildReport(await runScenario('S5', target, { short: true, timeScale: 0.4, queueBound: 1 }));
    expect(r.counts.rejected).toBeGreaterThan(0); // 3 in flight > 1 running + 1 queued
    expect(r.counts.lost).toBe(0);
    expect(opts.queueLimit).toBe(32);
  }, 20_000);

  it('a request that never settles is recorded as lost and fails the run', async () => {
    const target = fakeTarget({ capacity: 2, queueLimit: 8, serviceMs: 5, hangEvery: 3 });
    const run = await runScenario('S4', target, { short: true, requestTimeoutMs: 200 });
    const r = buildReport(run);
    expect(r.counts.lost).toBeGreaterThan(0);
    expect(r.checks.find((c) => c.name === 'Nothing lost')?.passed).toBe(false);
  });

  it('S4 marathon counts engine errors in the error rate', async () => {
    const target = fakeTarget({ capacity: 2, queueLimit: 8, serviceMs: 5, failEvery: 4 });
    const r = buildReport(await runScenario('S4', target, { short: true }));
    expect(r.counts.submitted).toBe(8);
    expect(r.counts.error).toBe(2);
    expect(r.errorRate).toBeCloseTo(0.25, 10);
    expect(r.checks.find((c) => c.name === 'Error rate ≤ 1 %')?.passed).toBe(false);
  });

  it('stop cancels in-flight requests; they settle as cancelled', async () => {
    const target = fakeTarget({ capacity: 1, queueLimit: 4, serviceMs: 10_000 });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const run = await runScenario('S1', target, { short: true, signal: stop.signal });
    const r = buildReport(run);
    expect(run.stopped).toBe(true);
    expect(r.counts.cancelled).toBeGreaterThan(0);
    expect(r.counts.lost).toBe(0);
  });

  it('exports CSV with one row per request', async () => {
    const run = await runScenario('S4', fakeTarget({ capacity: 2, queueLimit: 4, serviceMs: 2 }), { short: true });
    const csv = reportToCsv(run).split('\n');
    expect(csv[0]).toMatch(/^id,tag,group/);
    expect(csv.slice(1, 9).every((l) => /,ok,/.test(l))).toBe(true);
  });
});

describe('quality gates', () => {
  const run = async () => buildReport(await runScenario('S4', fakeTarget({ capacity: 2, queueLimit: 4, serviceMs: 5 }), { short: true, sampleEnv: () => ({ fps: 50, heapBytes: null }) }));

  it('pass when at baseline, fail when throughput drops below 0.9× or fps under 0.9× target', async () => {
    const r = await run();
    const same = evaluateGates(r, { throughput: [r.throughput], latencyMs: r.latencySamples }, 50);
    expect(same.map((g) => g.status)).toEqual(['pass', 'pass', 'pass']);
    const faster = evaluateGates(r, { throughput: [r.throughput * 1.5], latencyMs: r.latencySamples.map((x) => x / 2) }, 60);
    expect(faster.map((g) => g.status)).toEqual(['fail', 'fail', 'fail']); // 50 fps < 54
    expect(evaluateGates(r, { throughput: null, latencyMs: null }, 60)[0].status).toBe('no-baseline');
  });
});
