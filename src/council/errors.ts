import { EngineError } from '../engines/errors';
import { isRequestFault } from './failures';

/** The request queue is at its bound: the request was refused, not dropped (SPEC §3.7 S5: nothing lost). */
export class QueueFullError extends EngineError {
  override name = 'QueueFullError';
  constructor(readonly limit: number) {
    super(`The council's queue is full (${limit} waiting). Try again when it drains, or add members.`, { limit });
  }
}

/** A queued request was cancelled before it ran. */
export class RequestCancelledError extends EngineError {
  override name = 'RequestCancelledError';
  constructor(readonly requestId: string) {
    super(`Request ${requestId} was cancelled before it ran.`, { requestId });
  }
}

/** The council has no member able to answer (none configured, or all failed/removed). */
export class NoMembersError extends EngineError {
  override name = 'NoMembersError';
  constructor(detail = 'no member is ready') {
    super(`The council cannot answer: ${detail}. Add a member in the Council view.`, { detail });
  }
}

/** Every member that tried the request failed: the reasons are listed, nothing was answered. */
export class CouncilFailedError extends EngineError {
  override name = 'CouncilFailedError';
  constructor(readonly failures: { memberId: string; name: string; message: string }[]) {
    // Each reason once (two members of one model refuse a long prompt in the same words); the
    // restart hint only when a member failed, not when every one refused the request itself.
    const reasons = [...new Set(failures.map((f) => f.message))].join(' ') || 'every member failed.';
    const restarting = !failures.length || failures.some((f) => !isRequestFault(f));
    super(`No member could answer: ${reasons}${restarting ? ' Failed members restart on their own; ask again in a moment.' : ''}`, { failures });
  }
}

/** A model id the council does not know (not in the catalogue, not among custom models). */
export class UnknownModelError extends EngineError {
  override name = 'UnknownModelError';
  constructor(readonly modelId: string) {
    super(`The model "${modelId}" is not known here. Add it in Models first, or pick another model.`, { modelId });
  }
}
