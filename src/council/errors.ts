import { EngineError } from '../engines/errors';

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
