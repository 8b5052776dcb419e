import { describe, expect, it } from 'vitest';
import { EngineCrashedError } from '../engines/errors';
import { BenchmarkProtocolError, ProbeMeasurementError } from './errors';
import { ProbeTimeoutError } from './probe-watchdog';
import { probeSkippedText } from './probe-skipped';

describe('the words a person reads when the engine probe could not finish', () => {
  it('our named errors say what failed in their own words; every text says what to do', () => {
    for (const err of [new ProbeTimeoutError('stalled'), new ProbeMeasurementError('probe-q8_0', 16), new BenchmarkProtocolError('probe model', 'size: expected a number'), new EngineCrashedError('out of memory')]) {
      const text = probeSkippedText(err);
      expect(text).toContain(err.message);
      expect(text).toMatch(/^The engine probe could not finish \(.+\); predictions keep the last probe's figures, or the bandwidth estimate without one\. Run the benchmarks again to retry\.$/);
    }
  });
  it("a library's raw error is said in plain words, never in its own text", () => {
    for (const err of [new Error('Proxy has been released and is not useable'), new TypeError("Cannot read properties of undefined (reading 'size')"), 'a thrown string', null]) {
      const text = probeSkippedText(err);
      expect(text).toContain('the engine stopped with an unexpected internal error');
      expect(text).not.toMatch(/Proxy|Cannot read|thrown string|null/);
    }
  });
});
