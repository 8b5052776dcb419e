/**
 * Request Queue (seed "Request Queue"; SPEC §3.4): priorities high > normal > low, FIFO within a
 * priority, cancellation by id, and a bound. A full queue REJECTS with QueueFullError: nothing is
 * silently dropped (SPEC §3.7 S5).
 */
import type { Priority } from './types';
import { QueueFullError } from './errors';

const RANK: Record<Priority, number> = { high: 0, normal: 1, low: 2 };

export interface Queued<T> {
  id: string;
  priority: Priority;
  enqueuedAt: number;
  item: T;
}

export class RequestQueue<T> {
  private items: Queued<T>[] = [];
  private seq = 0;

  constructor(
    public limit = 32,
    private now: () => number = () => Date.now(),
  ) {}

  get size(): number {
    return this.items.length;
  }

  /** Adds a request; throws QueueFullError when `limit` requests already wait. */
  enqueue(item: T, priority: Priority = 'normal', id = `req-${++this.seq}`): Queued<T> {
    if (this.items.length >= this.limit) throw new QueueFullError(this.limit);
    const entry: Queued<T> = { id, priority, enqueuedAt: this.now(), item };
    // Insert after the last entry of the same or higher priority (stable FIFO within a priority).
    let i = this.items.length;
    while (i > 0 && RANK[this.items[i - 1].priority] > RANK[priority]) i--;
    this.items.splice(i, 0, entry);
    return entry;
  }

  /** The next request to run (highest priority, oldest first), removed from the queue. */
  dequeue(): Queued<T> | undefined {
    return this.items.shift();
  }

  peek(): Queued<T> | undefined {
    return this.items[0];
  }

  /** Removes a waiting request; returns it, or undefined when it is not waiting (already running or done). */
  cancel(id: string): Queued<T> | undefined {
    const i = this.items.findIndex((e) => e.id === id);
    return i < 0 ? undefined : this.items.splice(i, 1)[0];
  }

  /** Removes and returns every waiting request (e.g. to reject them all when the council is torn down). */
  drain(): Queued<T>[] {
    const all = this.items;
    this.items = [];
    return all;
  }
}
