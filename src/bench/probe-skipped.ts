/**
 * What a person reads when the engine probe could not finish (issue 11): the suite's figures stand,
 * and the reason says what failed and what to do. Our own named errors give their words; anything
 * else (a library's raw error) is said in plain words, never in its own text.
 */
import { isNamedError } from '../council/failures';
import { errorMessage, errorName } from '../engines/errors';

/** Errors of the probe's own that say what failed in words a person can read. */
const PROBE_ERRORS = new Set(['ProbeTimeoutError', 'ProbeMeasurementError', 'BenchmarkProtocolError']);

export function probeSkippedText(err: unknown): string {
  const why = PROBE_ERRORS.has(errorName(err)) || isNamedError(err) ? errorMessage(err) : 'the engine stopped with an unexpected internal error';
  return `The engine probe could not finish (${why}); predictions keep the last probe's figures, or the bandwidth estimate without one. Run the benchmarks again to retry.`;
}
