/**
 * Which engine failures the engine probe survives (issue 11). The probe keeps eleven workers busy
 * for ~45 s; one failing used to end it, and the person lost the run ("the engine stopped with an
 * unexpected internal error": one local probe in ~30, its cause not seen). A worker that died, sent
 * a malformed message, lost its GPU device or threw the engine's own raw error may well answer again
 * as a fresh worker: the probe replaces it, with the same model, and asks again (engine-probe.ts).
 * Any other failure the app names (a corrupt file, a model too large, a stop, a timeout) or one of
 * the probe's own verdicts is no reason to: those end the probe as before.
 */
import { isNamedError } from '../council/failures';
import { errorName } from '../engines/errors';

/** Restarts one probe may make; past them the failure ends it (a machine that keeps failing is told so). */
export const MAX_RESTARTS = 2;

/** Named failures a fresh worker may not have (the council restarts a member after each too). */
const RESTARTABLE = new Set(['EngineCrashedError', 'EngineProtocolError', 'DeviceLostError']);
/** The probe's and the benchmarks' own errors: each says why the probe must end. */
const PROBE_OWN = new Set(['BenchmarkCancelledError', 'ProbeTimeoutError', 'ProbeMeasurementError', 'BenchmarkProtocolError']);

/** Whether a failed engine call earns its worker a restart. */
export function restartable(err: unknown): boolean {
  const name = errorName(err);
  if (RESTARTABLE.has(name)) return true;
  // An engine's raw error (its library's text): not one the app names, nor one of the probe's own.
  return !isNamedError(err) && !PROBE_OWN.has(name);
}
