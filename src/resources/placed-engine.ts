/**
 * A council member's engine that holds its memory reservation while its worker lives (GPU Manager):
 * `load` places the member before anything is downloaded (MemberDoesNotFitError, with the numbers,
 * when it does not fit), moves the reservation to where the engine says it really runs, and the
 * reservation is released when the load fails, the member is unloaded, killed (removed, restarted)
 * or its worker dies on its own (a crash). Wrapping the engine keeps the accounting beside the one
 * thing that really holds the memory, whatever path the council takes to end it.
 */
import type { ChatOptions, ChatRequest, ChatResult, Engine, EngineBackend, EngineStats, LoadOptions, LoadResult, ModelDescriptor } from '../engines/engine';
import { modelMemoryBytes } from '../capacity/formulas';
import type { DeviceKind } from './devices';
import type { MemberPlacer } from './placement';

/** The member-engine contract (council.svelte.ts's MemberEngine), stated here so resources imports no council. */
export interface LiveEngine extends Engine {
  readonly alive: boolean;
  kill(reason?: string): void;
  onDeath: ((reason: string) => void) | null;
}

/** Where an engine says it runs, as a device kind (null: it did not say). */
export function deviceKindOf(backend: EngineBackend): DeviceKind | 'remote' | null {
  switch (backend) {
    case 'webgpu':
      return 'gpu';
    case 'wasm-cpu':
    case 'wasm-cpu-mt':
      return 'cpu';
    case 'remote':
      return 'remote';
    case 'unknown':
      return null;
  }
}

let seq = 0;

export class PlacedEngine implements LiveEngine {
  /** The reservation's key: one per worker (a restarted member gets a new engine, and a new reservation). */
  readonly reservationId = `engine-${++seq}`;
  onDeath: ((reason: string) => void) | null = null;

  constructor(
    private readonly inner: LiveEngine,
    private readonly placer: MemberPlacer,
  ) {
    inner.onDeath = (reason) => {
      this.placer.release(this.reservationId);
      this.onDeath?.(reason);
    };
  }

  get kind() {
    return this.inner.kind;
  }

  get alive(): boolean {
    return this.inner.alive;
  }

  async load(model: ModelDescriptor, options?: LoadOptions): Promise<LoadResult> {
    this.placer.place({ memberId: this.reservationId, modelId: model.id, modelLabel: model.label, engine: model.engine, bytes: modelMemoryBytes(model) });
    try {
      const result = await this.inner.load(model, options);
      const kind = deviceKindOf(result.backend);
      if (kind) this.placer.settle(this.reservationId, kind);
      return result;
    } catch (err) {
      this.placer.release(this.reservationId);
      throw err;
    }
  }

  chat(request: ChatRequest, options?: ChatOptions): Promise<ChatResult> {
    return this.inner.chat(request, options);
  }

  abort(): Promise<void> {
    return this.inner.abort();
  }

  stats(): Promise<EngineStats> {
    return this.inner.stats();
  }

  async unload(): Promise<void> {
    this.placer.release(this.reservationId);
    await this.inner.unload();
  }

  kill(reason?: string): void {
    this.placer.release(this.reservationId);
    this.inner.kill(reason);
  }
}
