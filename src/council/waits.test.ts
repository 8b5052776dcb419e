/** Bounded, abortable waits of the orchestrator (issue 9) on the fake clock. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from './clock';
import { Mutex, sleep, waitUntil } from './waits';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('sleep', () => {
  it('resolves true after the time, not before', async () => {
    const clock = new FakeClock();
    let done: boolean | null = null;
    void sleep(clock, 100).then((v) => (done = v));
    clock.advance(99);
    await flush();
    expect(done).toBe(null);
    clock.advance(1);
    await flush();
    expect(done).toBe(true);
  });

  it('resolves false at once when aborted, before or while waiting, and clears its timer', async () => {
    const clock = new FakeClock();
    expect(await sleep(clock, 100, AbortSignal.abort())).toBe(false);
    const c = new AbortController();
    const p = sleep(clock, 100, c.signal);
    c.abort();
    expect(await p).toBe(false);
    expect(clock.nextDue()).toBe(null);
  });
});

describe('waitUntil', () => {
  function subject() {
    const listeners = new Set<() => void>();
    return { value: false, listeners, subscribe: (f: () => void) => (listeners.add(f), () => listeners.delete(f)), fire() { for (const f of [...listeners]) f(); } };
  }

  it('true at once when it already holds; false at once when already aborted', async () => {
    const clock = new FakeClock();
    const s = subject();
    expect(await waitUntil(() => true, s.subscribe, clock, 100)).toBe(true);
    expect(await waitUntil(() => false, s.subscribe, clock, 100, AbortSignal.abort())).toBe(false);
    expect(s.listeners.size).toBe(0);
  });

  it('true when a change makes it hold; unsubscribes and clears the deadline', async () => {
    const clock = new FakeClock();
    const s = subject();
    const p = waitUntil(() => s.value, s.subscribe, clock, 1_000);
    s.fire(); // still false
    s.value = true;
    s.fire();
    expect(await p).toBe(true);
    expect(s.listeners.size).toBe(0);
    expect(clock.nextDue()).toBe(null);
  });

  it('at the deadline: whether it holds then', async () => {
    const clock = new FakeClock();
    const s = subject();
    const late = waitUntil(() => s.value, s.subscribe, clock, 1_000);
    clock.advance(1_000);
    expect(await late).toBe(false);
    expect(s.listeners.size).toBe(0);
    const quiet = subject();
    const held = waitUntil(() => quiet.value, quiet.subscribe, clock, 1_000);
    quiet.value = true; // changed without telling
    clock.advance(1_000);
    expect(await held).toBe(true);
  });

  it('false when aborted while waiting', async () => {
    const clock = new FakeClock();
    const s = subject();
    const c = new AbortController();
    const p = waitUntil(() => s.value, s.subscribe, clock, 1_000, c.signal);
    c.abort();
    expect(await p).toBe(false);
    expect(s.listeners.size).toBe(0);
    expect(clock.nextDue()).toBe(null);
  });
});

describe('Mutex', () => {
  it('one holder at a time, first come first served', async () => {
    const m = new Mutex();
    expect(m.locked).toBe(false);
    const order: string[] = [];
    const r1 = await m.acquire();
    expect(m.locked).toBe(true);
    const p2 = m.acquire().then((r) => (order.push('2'), r));
    const p3 = m.acquire().then((r) => (order.push('3'), r));
    await flush();
    expect(order).toEqual([]);
    r1();
    const r2 = await p2;
    await flush();
    expect(order).toEqual(['2']);
    r2();
    r2(); // releasing twice changes nothing
    (await p3)();
    expect(order).toEqual(['2', '3']);
    expect(m.locked).toBe(false);
  });

  it('an abort while waiting rejects and gives the turn to the next', async () => {
    const m = new Mutex();
    const r1 = await m.acquire();
    const c = new AbortController();
    const p2 = m.acquire(c.signal);
    const p3 = m.acquire();
    c.abort();
    await expect(p2).rejects.toMatchObject({ name: 'AbortedError' });
    r1();
    const r3 = await p3;
    expect(m.locked).toBe(true);
    r3();
    await expect(m.acquire(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortedError' });
    expect(m.locked).toBe(false);
  });
  it('a second release of an old holder does not unlock the next holder', async () => {
    const m = new Mutex();
    const r1 = await m.acquire();
    const p2 = m.acquire();
    r1();
    const r2 = await p2;
    expect(m.locked).toBe(true);
    r1(); // late, repeated release of the first turn
    expect(m.locked).toBe(true);
    r2();
    expect(m.locked).toBe(false);
  });

  it('a waiter that aborted never takes the lock when its turn comes', async () => {
    const m = new Mutex();
    const r1 = await m.acquire();
    const c = new AbortController();
    const p2 = m.acquire(c.signal);
    c.abort();
    await expect(p2).rejects.toMatchObject({ name: 'AbortedError' });
    r1();
    await flush();
    expect(m.locked).toBe(false);
    const r3 = await m.acquire();
    expect(m.locked).toBe(true);
    r3();
  });
});
