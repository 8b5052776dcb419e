/** How member failures are named and treated (issue 9): our named errors as they are, anything else in plain words. */
import { describe, expect, it } from 'vitest';
import { describeFailure, isNamedError, isPermanent, isRequestFault, memberFailure } from './failures';
import { CouncilFailedError } from './errors';
import { MemberTimeoutError } from '../engines/errors';

const err = (name: string, message = `${name} text`) => Object.assign(new Error(message), { name });

describe('member failures', () => {
  it.each([
    'ModelNotFoundError', 'ModelCorruptError', 'ModelTooLargeError', 'StorageQuotaError', 'FeatureMissingError', 'WebGpuUnavailableError', 'RemoteAuthError', 'UnknownModelError', 'RemoteProtocolError',
  ])('%s is named and permanent', (name) => {
    expect(isNamedError(err(name))).toBe(true);
    expect(isPermanent(err(name))).toBe(true);
  });

  it.each([
    'DeviceLostError', 'EngineCrashedError', 'MemberTimeoutError', 'RemoteUnreachableError', 'RateLimitedError', 'RemoteServerError', 'RemoteTimeoutError', 'LoadTimeoutError', 'EngineNotReadyError', 'AbortedError', 'EngineProtocolError',
  ])('%s is named and worth retrying', (name) => {
    expect(isNamedError(err(name))).toBe(true);
    expect(isPermanent(err(name))).toBe(false);
  });

  it('PromptTooLongError is named, not permanent, and the request\'s fault (the member is fine); nothing else is', () => {
    expect(isNamedError(err('PromptTooLongError'))).toBe(true);
    expect(isPermanent(err('PromptTooLongError'))).toBe(false);
    expect(isRequestFault(err('PromptTooLongError'))).toBe(true);
    for (const name of ['ModelTooLargeError', 'EngineCrashedError', 'RemoteServerError', 'AbortedError', 'Error']) expect(isRequestFault(err(name))).toBe(false);
  });

  it('CouncilFailedError says each reason once, and promises a restart only when a member failed', () => {
    const long = { memberId: 'm1', name: 'PromptTooLongError', message: 'The prompt is too long for tiny.' };
    const crash = { memberId: 'm2', name: 'EngineCrashedError', message: 'The engine stopped working (x). Restart the member.' };
    expect(new CouncilFailedError([long, { ...long, memberId: 'm2' }]).message).toBe('No member could answer: The prompt is too long for tiny.');
    expect(new CouncilFailedError([long, crash]).message).toBe(`No member could answer: ${long.message} ${crash.message} Failed members restart on their own; ask again in a moment.`);
    expect(new CouncilFailedError([]).message).toBe('No member could answer: every member failed. Failed members restart on their own; ask again in a moment.');
  });

  it('a silent member is named once, as the person sees it', () => {
    expect(new MemberTimeoutError('Member 3', 5_049).message).toBe('Member 3 produced nothing for 5.0 s and was stopped.');
  });

  it('anything else is neither', () => {
    for (const e of [new Error('x'), new TypeError('y'), 'a string', null, { name: 'Whatever' }]) {
      expect(isNamedError(e)).toBe(false);
      expect(isPermanent(e)).toBe(false);
    }
  });

  it('a named error is shown as it is; anything else as a restartable crash in plain words', () => {
    expect(describeFailure(err('ModelTooLargeError', 'Too large: pick a smaller model'), 'Member 1')).toEqual({ name: 'ModelTooLargeError', message: 'Too large: pick a smaller model' });
    expect(describeFailure(new TypeError('undefined is not a function'), 'Member 2 (tiny)')).toEqual({
      name: 'EngineCrashedError',
      message: 'Member 2 (tiny) stopped with an unexpected internal error. It is restarted automatically; if it keeps failing, remove it and report the problem.',
    });
  });

  it('memberFailure carries the member and model', () => {
    expect(memberFailure('m1', 'tiny', 'Member 1', err('DeviceLostError', 'GPU lost'))).toEqual({ memberId: 'm1', modelId: 'tiny', name: 'DeviceLostError', message: 'GPU lost' });
  });
});
