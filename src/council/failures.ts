/**
 * How the council words and treats a member's failure (issue 9: a caller never sees a library's
 * raw error text; every failure says what failed and what to do).
 */
import { errorMessage, errorName } from '../engines/errors';
import type { MemberFailure } from './types';

/** Errors the app names itself; their messages are written for a person. */
const NAMED = new Set([
  'ModelNotFoundError', 'ModelCorruptError', 'ModelTooLargeError', 'StorageQuotaError', 'FeatureMissingError',
  'WebGpuUnavailableError', 'DeviceLostError', 'EngineCrashedError', 'MemberTimeoutError', 'RemoteUnreachableError',
  'RemoteAuthError', 'RateLimitedError', 'RemoteServerError', 'RemoteTimeoutError', 'LoadTimeoutError',
  'EngineNotReadyError', 'AbortedError', 'UnknownModelError', 'EngineProtocolError', 'RemoteProtocolError', 'MemberDoesNotFitError',
  'PromptTooLongError', 'ModelUnsupportedError',
]);

/**
 * Load failures that happen again on every try: retrying cannot help, the person must act. A server
 * that answers its model list in another shape (RemoteProtocolError) is one; a worker that sent a
 * malformed message (EngineProtocolError) is not: it is handled like a crash, the member restarted.
 */
const PERMANENT = new Set([
  'ModelNotFoundError', 'ModelCorruptError', 'ModelTooLargeError', 'StorageQuotaError', 'FeatureMissingError',
  'WebGpuUnavailableError', 'RemoteAuthError', 'UnknownModelError', 'RemoteProtocolError', 'MemberDoesNotFitError', 'ModelUnsupportedError',
]);

/**
 * Failures of the request, not of the member: the engine refused what was asked (a prompt longer
 * than its context) and is as healthy as before. No restart, no other member asked in its place
 * (each member already has the same prompt), and the failure is not counted against the member.
 */
const REQUEST_FAULTS = new Set(['PromptTooLongError']);

export function isRequestFault(err: unknown): boolean {
  return REQUEST_FAULTS.has(errorName(err));
}

export function isNamedError(err: unknown): boolean {
  return NAMED.has(errorName(err));
}

/** True when trying again (a fresh engine) cannot fix it. */
export function isPermanent(err: unknown): boolean {
  return PERMANENT.has(errorName(err));
}

/** Name and message a person may see: our own named errors as they are, anything else in plain words. */
export function describeFailure(err: unknown, who: string): { name: string; message: string } {
  if (isNamedError(err)) return { name: errorName(err), message: errorMessage(err) };
  return {
    name: 'EngineCrashedError',
    message: `${who} stopped with an unexpected internal error. It is restarted automatically; if it keeps failing, remove it and report the problem.`,
  };
}

export function memberFailure(memberId: string, modelId: string, who: string, err: unknown): MemberFailure {
  return { memberId, modelId, ...describeFailure(err, who) };
}
