/**
 * The engine probe's watchdog (issue 11). The probe's length follows the machine (it measures until
 * speeds settle): ~50 s here, longer on a slower machine, so a fixed deadline near its usual length
 * cut it on a busy day (a local run took 58 s against the former 60 s limit). What the watchdog
 * guards against is an engine that stopped answering: the probe stops when no answer came for
 * PROBE_STALL_MS, and in any case after PROBE_LIMIT_MS (a machine too slow for it).
 */

/** No engine answer for this long means a hung engine (the probe's longest single call here: a model load, ~2 s). */
export const PROBE_STALL_MS = 30_000;
/** The whole probe's limit: ~3.5× its length here. */
export const PROBE_LIMIT_MS = 180_000;

export class ProbeTimeoutError extends Error {
  override name = 'ProbeTimeoutError';
  constructor(readonly kind: 'stalled' | 'too long') {
    super(kind === 'stalled' ? `the engine gave no answer for ${PROBE_STALL_MS / 1000} s` : `the engine probe took longer than ${PROBE_LIMIT_MS / 1000} s`);
  }
}

export interface ProbeWatchdog {
  /** The engine answered: the stall timer starts again. */
  alive(): void;
  stop(): void;
}

/** Calls `expire` once, with the reason, when the probe stalls or runs past its limit. */
export function startProbeWatchdog(expire: (err: ProbeTimeoutError) => void, stallMs = PROBE_STALL_MS, limitMs = PROBE_LIMIT_MS): ProbeWatchdog {
  let done = false;
  const fire = (kind: ProbeTimeoutError['kind']) => {
    if (done) return;
    done = true;
    clearTimeout(stall);
    clearTimeout(limit);
    expire(new ProbeTimeoutError(kind));
  };
  let stall = setTimeout(() => fire('stalled'), stallMs);
  const limit = setTimeout(() => fire('too long'), limitMs);
  return {
    alive() {
      if (done) return;
      clearTimeout(stall);
      stall = setTimeout(() => fire('stalled'), stallMs);
    },
    stop() {
      done = true;
      clearTimeout(stall);
      clearTimeout(limit);
    },
  };
}
