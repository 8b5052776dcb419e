/**
 * A Web Locks stand-in for Node (which has none): exclusive locks per name, granted in request
 * order, with `ifAvailable`, `signal` and `query()` — the parts download-lock.ts uses.
 */
export function fakeLocks() {
  const held = new Set<string>();
  const queues = new Map<string, Array<() => void>>();

  async function request<T>(name: string, options: LockOptions, callback: (lock: { name: string } | null) => T | Promise<T>): Promise<T> {
    if (options.signal?.aborted) throw new DOMException('The request was aborted.', 'AbortError');
    if (held.has(name)) {
      if (options.ifAvailable) return callback(null);
      await new Promise<void>((resolve, reject) => {
        const queue = queues.get(name) ?? [];
        queues.set(name, queue);
        const grant = () => (options.signal?.removeEventListener('abort', onAbort), resolve());
        const onAbort = () => (queue.splice(queue.indexOf(grant), 1), reject(new DOMException('The request was aborted.', 'AbortError')));
        options.signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(grant);
      });
    }
    held.add(name);
    try {
      return await callback({ name });
    } finally {
      const next = queues.get(name)?.shift();
      if (next) next();
      else held.delete(name);
    }
  }

  return {
    request,
    query: async () => ({
      held: [...held].map((name) => ({ name })),
      pending: [...queues].flatMap(([name, queue]) => queue.map(() => ({ name }))),
    }),
  };
}
