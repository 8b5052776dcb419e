/** The person stopped the benchmarks. Across the worker boundary check `name`, not instanceof. */
export class BenchmarkCancelledError extends Error {
  override name = 'BenchmarkCancelledError';
  constructor() {
    super('Benchmarks cancelled. Press "Run benchmarks" to measure again.');
  }
}

/** A GPU kernel produced wrong results: the figure would be meaningless, so none is reported. */
export class KernelVerificationError extends Error {
  override name = 'KernelVerificationError';
  constructor(
    readonly kernel: string,
    detail: string,
  ) {
    super(`The ${kernel} kernel computed wrong results (${detail}); its figure is not reported. Update the browser or GPU driver and rerun.`);
  }
}

/**
 * A benchmark worker sent the main thread (or the suite's worker) a message that is not what the
 * benchmark protocol says: a figure whose median is a string, a progress fraction past 1 … No figure
 * from it can be trusted, so the run fails with the first wrong field in words.
 */
export class BenchmarkProtocolError extends Error {
  override name = 'BenchmarkProtocolError';
  constructor(
    readonly what: string,
    readonly problem: string,
  ) {
    super(`The benchmark worker sent a malformed ${what} (${problem}). Run the benchmarks again; if it happens again, report the problem.`);
  }
}

/**
 * A probe model answered every one of its measured runs without a decode speed (each cut short
 * before its second token): the engine probe cannot say how fast that model decodes, so it fails
 * rather than predict it from the others.
 */
export class ProbeMeasurementError extends Error {
  override name = 'ProbeMeasurementError';
  constructor(
    readonly model: string,
    readonly runs: number,
  ) {
    super(`the engine answered the probe model ${model} ${runs} times without decoding two tokens, so its speed could not be measured`);
  }
}

export function isCancelled(err: unknown): boolean {
  return (err as { name?: string } | null)?.name === 'BenchmarkCancelledError';
}
