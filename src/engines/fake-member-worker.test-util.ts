/**
 * Test-only: a council-member worker's API in-process, exposed with comlink on the far side of a
 * MessageChannel, so the real WorkerEngine can drive it in Node. It answers like a wllama member,
 * or lies in the ways `Lies` says (issue 13: every message from a worker is checked).
 */
import { expose } from 'comlink';
import { ChatRecorder } from './chat-stream';
import type { ChatCompletionChunk, ChatRequest, LoadProgress, ModelDescriptor } from './engine';
import type { MemberWorker } from './worker-engine';

/** How the fake worker lies, if at all. */
export interface Lies {
  /** Changes the chat result before it is sent (given the request, so a lie can spare some). */
  result?: (r: Record<string, unknown>, request: ChatRequest) => unknown;
  /** Changes the n-th token chunk (0-based) before it is sent. */
  chunk?: { at: number; change: (c: Record<string, unknown>) => unknown };
  progress?: unknown;
  loadResult?: unknown;
  stats?: unknown;
}

/**
 * A council-member worker's API in-process, on the far side of a MessageChannel. `liesFor` may
 * depend on the model the worker is asked to load (a council's factory does not know it yet).
 */
export function fakeMemberWorker(liesFor: Lies | ((modelId: string) => Lies) = {}): MemberWorker & { terminated: boolean } {
  const { port1, port2 } = new MessageChannel();
  let modelId = '';
  let lies: Lies = typeof liesFor === 'function' ? {} : liesFor;
  const api = {
    async load(m: ModelDescriptor, _c: unknown, onProgress?: (p: unknown) => void) {
      modelId = m.id;
      if (typeof liesFor === 'function') lies = liesFor(m.id);
      onProgress?.(lies.progress ?? ({ loadedBytes: 1, totalBytes: 2, fraction: 0.5, text: 'Downloading' } satisfies LoadProgress));
      return lies.loadResult ?? { backend: 'wasm-cpu', loadMs: 3, threads: 1 };
    },
    async chat(request: ChatRequest, onChunk?: (c: unknown) => void) {
      let n = 0;
      const rec = new ChatRecorder(modelId, (c: ChatCompletionChunk) => {
        const lie = lies.chunk && lies.chunk.at === n ? lies.chunk.change(structuredClone(c) as unknown as Record<string, unknown>) : c;
        n++;
        void onChunk?.(lie);
      });
      for (const w of ['The ', 'sky ', 'is ', 'blue.']) rec.token(w);
      const result = rec.finish('stop');
      await new Promise((r) => setTimeout(r, 5)); // chunks go first, as in a real worker
      return lies.result ? lies.result(structuredClone(result) as unknown as Record<string, unknown>, request) : result;
    },
    async abort() {},
    async stats() {
      return lies.stats === undefined ? null : lies.stats;
    },
    async unload() {},
    ping: () => performance.timeOrigin + performance.now(),
  };
  expose(api, port2);
  const worker = Object.assign(port1, {
    terminated: false,
    terminate() {
      worker.terminated = true;
      port1.close();
      port2.close();
    },
  });
  return worker as unknown as MemberWorker & { terminated: boolean };
}

