/**
 * WorkerEngine checks what its worker sends (issue 13): a fake council-member worker, exposed with
 * comlink on a MessageChannel, answers well or lies; a lie rejects the call with EngineProtocolError
 * naming the field, and the worker is ended as after a crash.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import { errorName, type WireError } from './errors';
import type { ChatCompletionChunk, LoadProgress, ModelDescriptor } from './engine';
import { WorkerEngine, type MemberWorker } from './worker-engine';
import { fakeMemberWorker, type Lies } from './fake-member-worker.test-util';
import { rejection } from './rejection.test-util';

const model = { id: 'tiny', engine: 'wllama', label: 'tiny' } as ModelDescriptor;

const open: MemberWorker[] = [];
afterEach(() => {
  for (const w of open.splice(0)) w.terminate();
});

function engineWith(lies: Lies = {}) {
  const worker = fakeMemberWorker(lies);
  open.push(worker);
  const engine = new WorkerEngine('wllama', () => worker);
  const deaths: string[] = [];
  engine.onDeath = (reason) => deaths.push(reason);
  return { engine, worker, deaths };
}


const ask = { messages: [{ role: 'user' as const, content: 'Colour of the sky?' }] };

describe('WorkerEngine: a well-behaved worker', () => {
  it('loads with progress, streams every chunk, returns the result, stats and ping', async () => {
    const { engine, worker, deaths } = engineWith();
    const progress: LoadProgress[] = [];
    await expect(engine.load(model, { onProgress: (p) => progress.push(p) })).resolves.toEqual({ backend: 'wasm-cpu', loadMs: 3, threads: 1 });
    const chunks: ChatCompletionChunk[] = [];
    const result = await engine.chat(ask, { onChunk: (c) => chunks.push(c) });
    expect(result.text).toBe('The sky is blue.');
    expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe('The sky is blue.');
    expect(progress).toEqual([{ loadedBytes: 1, totalBytes: 2, fraction: 0.5, text: 'Downloading' }]);
    expect((await engine.stats()).loaded).toBe(false); // the worker said null: no engine yet
    expect(await engine.ping()).toBeGreaterThan(0);
    expect(engine.alive).toBe(true);
    expect(worker.terminated).toBe(false);
    expect(deaths).toEqual([]);
  });
});

describe('WorkerEngine: a worker that sends a malformed message is ended, the call rejects in words', () => {
  it('a chat result whose speed is a string', async () => {
    const { engine, worker, deaths } = engineWith({ result: (r) => ({ ...r, decodeTokensPerSecond: '31.7' }) });
    await engine.load(model);
    const err = await rejection(engine.chat(ask));
    expect(errorName(err)).toBe('EngineProtocolError');
    expect(err.message).toBe(
      'The model worker sent a malformed chat result (decodeTokensPerSecond: expected a number, got a string ("31.7")). Restart the member; if it happens again, report the problem.',
    );
    expect(err.fields).toEqual({ what: 'chat result', problem: 'decodeTokensPerSecond: expected a number, got a string ("31.7")' });
    expect(engine.alive).toBe(false);
    expect(worker.terminated).toBe(true);
    expect(deaths).toEqual(['it sent a malformed chat result']);
    // Later calls fail at once, as after a crash.
    expect(errorName(await rejection(engine.chat(ask)))).toBe('EngineCrashedError');
  });

  it('a chat result without its text', async () => {
    const { engine } = engineWith({ result: ({ text: _t, ...rest }) => rest });
    await engine.load(model);
    expect((await rejection(engine.chat(ask))).message).toContain('(text: missing)');
  });

  it('a token chunk with a negative time: the chat rejects before its result, later chunks are not passed on', async () => {
    const { engine, worker } = engineWith({ chunk: { at: 1, change: (c) => ({ ...c, t: -1 }) } });
    await engine.load(model);
    const seen: ChatCompletionChunk[] = [];
    const err = await rejection(engine.chat(ask, { onChunk: (c) => seen.push(c) }));
    expect(errorName(err)).toBe('EngineProtocolError');
    expect(err.message).toContain('malformed token chunk (t: expected a number ≥ 0, got -1)');
    expect(seen).toHaveLength(1);
    expect(worker.terminated).toBe(true);
  });

  it('a malformed load result, progress report or stats', async () => {
    const loadLie = engineWith({ loadResult: { backend: 'webgpu', loadMs: -3 } });
    expect((await rejection(loadLie.engine.load(model))).message).toContain('malformed load result (loadMs: expected a number ≥ 0, got -3)');
    const progressLie = engineWith({ progress: { loadedBytes: '1', totalBytes: null, fraction: null, text: 'x' } });
    const err = await rejection(progressLie.engine.load(model, { onProgress: () => {} }));
    expect(err.message).toContain('malformed load progress report (loadedBytes: expected a number, got a string ("1"))');
    const statsLie = engineWith({ stats: { kind: 'wllama' } });
    expect((await rejection(statsLie.engine.stats())).message).toMatch(/malformed stats report \(modelId: missing \(and \d+ more problems\)\)/);
  });

  it('a named error from the worker still arrives as that error, and the worker lives on', async () => {
    const wire: WireError = { name: 'ModelNotFoundError', message: 'The model file was not found at /x.gguf (HTTP 404).', fields: { url: '/x.gguf' } };
    const { port1, port2 } = new MessageChannel();
    expose({ load: async () => Promise.reject(wire) }, port2);
    const thrower = Object.assign(port1, { terminate: () => (port1.close(), port2.close()) }) as unknown as MemberWorker;
    open.push(thrower);
    const engine = new WorkerEngine('wllama', () => thrower);
    const err = await rejection(engine.load(model));
    expect(errorName(err)).toBe('ModelNotFoundError');
    expect(err.fields).toEqual({ url: '/x.gguf' });
    expect(engine.alive).toBe(true);
  });
});
