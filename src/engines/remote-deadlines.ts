/** How long the server may take, in ms, before the member fails with RemoteTimeoutError (remote-engine.ts). Apart from the engine: the council reads them on the main thread (prefill-allowance.ts). */
export interface RemoteDeadlines {
  /** `GET /models` at load, body included. */
  modelsMs: number;
  /** A chat's connection and response headers. */
  headersMs: number;
  /** A chat's first byte of body after the headers. */
  firstByteMs: number;
}

export const REMOTE_DEADLINES: RemoteDeadlines = { modelsMs: 10_000, headersMs: 10_000, firstByteMs: 15_000 };
