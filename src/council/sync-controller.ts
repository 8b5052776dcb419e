/**
 * Sync Controller (seed "Sync Controller"; SPEC §3.4). Asynchronous (default): every member's tokens
 * are released the moment they arrive. Lock-step: tokens are released in rounds — round k is
 * released once every still-running member has produced its k-th token (or finished) — so the
 * members advance together in the view and early consensus compares equal-length prefixes.
 * Engines keep generating at full speed either way; only the release is synchronised.
 */
import type { SyncMode } from './types';

export type Release = (memberId: string, text: string) => void;

export class SyncController {
  private buffers = new Map<string, string[]>();
  private finished = new Set<string>();

  constructor(
    public mode: SyncMode,
    private release: Release,
  ) {}

  start(memberIds: string[]): void {
    this.buffers = new Map(memberIds.map((id) => [id, []]));
    this.finished.clear();
  }

  token(memberId: string, text: string): void {
    if (this.mode === 'async') return this.release(memberId, text);
    this.buffers.get(memberId)?.push(text);
    this.flushRounds();
  }

  /**
   * A member finished (or failed/was removed): it no longer holds the others back. What it had
   * buffered keeps being released round by round with the members still running.
   */
  finish(memberId: string): void {
    this.finished.add(memberId);
    // Stryker disable next-line ConditionalExpression: equivalent — in async mode nothing is ever buffered, so a flush releases nothing
    if (this.mode === 'lockstep') this.flushRounds();
  }

  private flushRounds(): void {
    const running = [...this.buffers.entries()].filter(([id]) => !this.finished.has(id));
    const rounds = running.length ? Math.min(...running.map(([, b]) => b.length)) : Infinity;
    // Stryker disable next-line ConditionalExpression: equivalent — with 0 rounds the loop below releases nothing (a shortcut)
    if (rounds === 0) return;
    for (const [id, buf] of this.buffers) {
      const n = Math.min(rounds, buf.length);
      if (n > 0) this.release(id, buf.splice(0, n).join(''));
    }
  }
}
