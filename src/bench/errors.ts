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

export function isCancelled(err: unknown): boolean {
  return (err as { name?: string } | null)?.name === 'BenchmarkCancelledError';
}
