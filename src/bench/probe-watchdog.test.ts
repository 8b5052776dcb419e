import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROBE_LIMIT_MS, PROBE_STALL_MS, ProbeTimeoutError, startProbeWatchdog } from './probe-watchdog';

describe('engine probe watchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lets a probe that keeps answering run past the stall time, and stops one that goes quiet', () => {
    const expired: ProbeTimeoutError[] = [];
    const dog = startProbeWatchdog((e) => expired.push(e));
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(PROBE_STALL_MS - 1);
      dog.alive();
    }
    expect(expired).toHaveLength(0);
    vi.advanceTimersByTime(PROBE_STALL_MS - 1);
    expect(expired).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(expired).toHaveLength(1);
    expect(expired[0].kind).toBe('stalled');
    expect(expired[0].message).toBe(`the engine gave no answer for ${PROBE_STALL_MS / 1000} s`);
    dog.alive(); // an answer after the stop changes nothing
    vi.advanceTimersByTime(PROBE_LIMIT_MS);
    expect(expired).toHaveLength(1);
  });

  it('stops a probe that answers but runs past its limit, once', () => {
    const expired: ProbeTimeoutError[] = [];
    const dog = startProbeWatchdog((e) => expired.push(e));
    for (let t = 0; t < PROBE_LIMIT_MS - 1000; t += 1000) {
      vi.advanceTimersByTime(1000);
      dog.alive();
    }
    expect(expired).toHaveLength(0);
    vi.advanceTimersByTime(1000);
    expect(expired.map((e) => e.kind)).toEqual(['too long']);
    expect(expired[0].message).toContain(`${PROBE_LIMIT_MS / 1000} s`);
    vi.advanceTimersByTime(PROBE_LIMIT_MS);
    expect(expired).toHaveLength(1);
  });

  it('fires nothing once stopped', () => {
    const expire = vi.fn();
    startProbeWatchdog(expire).stop();
    vi.advanceTimersByTime(2 * PROBE_LIMIT_MS);
    expect(expire).not.toHaveBeenCalled();
  });
});
