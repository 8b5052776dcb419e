import { describe, expect, it } from 'vitest';
import { ChatRecorder } from './chat-stream';
import { ChatStreamReader } from './remote-stream';

/** Feeds `body` to a fresh reader as one write and ends it; the error it throws, or null. */
function read(body: string): Error | null {
  const reader = new ChatStreamReader(new ChatRecorder('m'), 'http://server/v1', 'm');
  try {
    reader.feed(body);
    reader.end();
    return null;
  } catch (err) {
    return err as Error;
  }
}

describe('ChatStreamReader: an `event: error` says what the server said, in any shape', () => {
  it.each([
    ['a bare {message}', 'event: error\ndata: {"message":"model crashed"}\n\n', 'failed: model crashed.'],
    ['an {error: {message}}', 'event: error\ndata: {"error":{"message":"model crashed"}}\n\n', 'failed: model crashed.'],
    ['plain text', 'event: error\ndata: model crashed\n\n', 'failed: model crashed.'],
    ['JSON without a message', 'event: error\ndata: {"code":500}\n\n', 'failed: an error without a message.'],
  ])('%s', (_, body, words) => {
    const err = read(body);
    expect(err?.name).toBe('RemoteServerError');
    expect(err?.message).toContain(words);
  });
});
