/**
 * A council-member engine for calibration tests: its measured calibration runs (the calibration
 * prompt with CALIBRATION_TOKENS) decode at the speeds its script gives, its warm-up runs at the
 * script's warm-up speed, its load waits for the script's gate, and every load and chat is logged
 * so a test sees what ran at the same time.
 */
import type { ChatRequest, ChatResult, EngineKind, ModelDescriptor } from '../engines/engine';
import { CALIBRATION_PROMPT, CALIBRATION_TOKENS } from './calibration';

export interface EngineScript {
  /** Speed of the next measured run (null: it produced none). */
  measured(): number | null;
  /** Speed of the next warm-up run (default 50: warm at once). */
  warm?(): number;
  /** The load finishes when this settles. */
  loaded?: Promise<void>;
}

export class ScriptedEngine {
  alive = true;
  onDeath: ((reason: string) => void) | null = null;
  private id = '';
  constructor(
    readonly kind: EngineKind,
    private script: (modelId: string) => EngineScript,
    private log: string[] = [],
  ) {}
  async load(model: ModelDescriptor) {
    this.id = model.id;
    this.log.push(`${this.id} load`);
    await this.script(this.id).loaded;
    this.log.push(`${this.id} loaded`);
    return { backend: 'wasm-cpu' as const, loadMs: 1 };
  }
  async chat(request: ChatRequest): Promise<ChatResult> {
    const measured = request.messages[0]?.content === CALIBRATION_PROMPT && request.max_tokens === CALIBRATION_TOKENS;
    this.log.push(`${this.id} chat`);
    await new Promise((r) => setTimeout(r, 0)); // a real engine yields while it decodes
    this.log.push(`${this.id} done`);
    const script = this.script(this.id);
    const speed = measured ? script.measured() : (script.warm?.() ?? 50);
    return { text: 'one two', finishReason: 'length', promptTokens: 5, completionTokens: 2, startedAt: 0, ttftMs: 1, decodeTokensPerSecond: speed, tokenTimes: [0, 1], totalMs: 2 };
  }
  async abort() {}
  async stats() {
    return { kind: this.kind, modelId: this.id, backend: 'wasm-cpu' as const, threads: 1, loaded: true, loadMs: 1, lastTtftMs: null, lastDecodeTokensPerSecond: null, totalCompletionTokens: 0, requests: 0 };
  }
  async unload() {}
  kill() {
    this.alive = false;
  }
}
