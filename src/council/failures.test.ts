/** How member failures are named and treated (issue 9): our named errors as they are, anything else in plain words. */
import { describe, expect, it } from 'vitest';
import { describeFailure, isNamedError, isPermanent, memberFailure } from './failures';

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
