import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from './clock';
import { RequestQueue } from './request-queue';
import { pickMember, updateEma } from './load-balancer';
import { SyncController } from './sync-controller';
import { consensus, clusterSizes, normalise, similarity, ngramSimilarity } from './consensus';
import { probLeaderIsMajority, shouldStop } from './early-consensus';
import { RecoveryPolicy, ResponseTimer } from './response-timer';
import { Cadence } from './cadence';

describe('request queue', () => {
  it('serves high before normal before low, FIFO within a priority', () => {
    const q = new RequestQueue<string>(10);
    q.enqueue('n1');
    q.enqueue('l1', 'low');
    q.enqueue('h1', 'high');
    q.enqueue('n2');
    q.enqueue('h2', 'high');
    expect([1, 2, 3, 4, 5].map(() => q.dequeue()!.item)).toEqual(['h1', 'h2', 'n1', 'n2', 'l1']);
  });

  it('rejects with QueueFullError when full, and never drops what it accepted', () => {
    const q = new RequestQueue<number>(2);
    q.enqueue(1);
    q.enqueue(2);
    expect(() => q.enqueue(3, 'high')).toThrowError(expect.objectContaining({ name: 'QueueFullError' }));
    expect(q.size).toBe(2);
    expect(q.dequeue()!.item).toBe(1);
  });

  it('cancels a waiting request by id', () => {
    const q = new RequestQueue<string>(5);
    const a = q.enqueue('a');
    q.enqueue('b');
    expect(q.cancel(a.id)?.item).toBe('a');
    expect(q.cancel(a.id)).toBeUndefined();
    expect(q.dequeue()!.item).toBe('b');
  });

  it('stamps enqueue time from the clock', () => {
    const clock = new FakeClock();
    clock.advance(1234);
    const q = new RequestQueue<string>(5, () => clock.now());
    expect(q.enqueue('x').enqueuedAt).toBe(1234);
  });
});

describe('load balancer', () => {
  const members = [
    { id: 'a', available: true, inFlight: 2, ttftEmaMs: 100 },
    { id: 'b', available: true, inFlight: 0, ttftEmaMs: 300 },
    { id: 'c', available: true, inFlight: 0, ttftEmaMs: 200 },
    { id: 'd', available: false, inFlight: 0, ttftEmaMs: 10 },
  ];
  it('least-busy picks the fewest in flight, ties by lower TTFT', () => {
    expect(pickMember(members, 'least-busy')).toBe('c');
  });
  it('latency picks the lowest TTFT among idle members, unmeasured first', () => {
    expect(pickMember(members, 'latency')).toBe('c');
    expect(pickMember([...members, { id: 'e', available: true, inFlight: 0, ttftEmaMs: null }], 'latency')).toBe('e');
  });
  it('skips excluded and unavailable members; null when nobody can take it', () => {
    expect(pickMember(members, 'least-busy', new Set(['b', 'c']))).toBe('a');
    expect(pickMember(members, 'least-busy', new Set(['a', 'b', 'c']))).toBeNull();
  });
  it('TTFT EMA moves toward new samples', () => {
    expect(updateEma(null, 100)).toBe(100);
    expect(updateEma(100, 200)).toBeCloseTo(130);
  });
});

describe('sync controller', () => {
  it('async releases tokens at once', () => {
    const out: string[] = [];
    const s = new SyncController('async', (id, t) => out.push(`${id}:${t}`));
    s.start(['a', 'b']);
    s.token('a', 'x');
    expect(out).toEqual(['a:x']);
  });
  it('lock-step releases a round only when every running member produced it', () => {
    const out: string[] = [];
    const s = new SyncController('lockstep', (id, t) => out.push(`${id}:${t}`));
    s.start(['a', 'b']);
    s.token('a', '1');
    s.token('a', '2');
    expect(out).toEqual([]);
    s.token('b', 'x');
    expect(out).toEqual(['a:1', 'b:x']);
    s.finish('b');
    expect(out).toEqual(['a:1', 'b:x', 'a:2']);
    s.token('a', '3');
    expect(out.at(-1)).toBe('a:3');
  });
});

describe('consensus', () => {
  it('normalises case, punctuation and spaces', () => {
    expect(normalise('  Paris!! ')).toBe('paris');
  });
  it('short answers compare by exact match', () => {
    expect(similarity('Paris.', 'paris')).toEqual({ score: 1, method: 'exact' });
    expect(similarity('Paris', 'Lyon')).toEqual({ score: 0, method: 'exact' });
  });
  it('free text compares by n-gram overlap', () => {
    const a = 'the quick brown fox jumps over the lazy dog today';
    expect(ngramSimilarity(a, a)).toBe(1);
    const near = ngramSimilarity(a, 'the quick brown fox jumps over a lazy cat today');
    const far = ngramSimilarity(a, 'completely different words about the weather and rain here');
    expect(near).toBeGreaterThan(0.5);
    expect(far).toBeLessThan(0.3);
  });
  it('picks the answer with the highest mean agreement, with its score and the agreeing members', () => {
    const r = consensus(['42', 'forty two', '42.', 'The answer is 42']);
    expect(r.index).toBe(0);
    expect(r.agreeing).toEqual([0, 2]);
    expect(r.score).toBeCloseTo(1 / 3);
    expect(r.method).toBe('exact');
  });
  it('single and empty councils', () => {
    expect(consensus(['x'])).toMatchObject({ index: 0, score: 1, method: 'single' });
    expect(consensus([])).toMatchObject({ index: -1, method: 'none' });
  });
  it('clusters answers by agreement', () => {
    expect(clusterSizes(['a', 'b', 'A', 'a!', 'c'])).toEqual([3, 1, 1]);
  });
});

describe('early consensus (Beta stopping rule)', () => {
  it('P(leader is the majority) matches the Beta(a+1,b+1) tail', () => {
    expect(probLeaderIsMajority(0, 0)).toBeCloseTo(0.5);
    expect(probLeaderIsMajority(2, 0)).toBeCloseTo(7 / 8);
    expect(probLeaderIsMajority(4, 0)).toBeCloseTo(31 / 32);
    expect(probLeaderIsMajority(3, 3)).toBeCloseTo(0.5);
  });
  it('stops when the rule is confident, or when pending members cannot change the winner', () => {
    expect(shouldStop([4], 2)).toMatchObject({ stop: true, reason: 'decided' });
    expect(shouldStop([5, 0], 6, 0.95)).toMatchObject({ stop: true, reason: 'beta' });
    expect(shouldStop([2, 1], 3)).toMatchObject({ stop: false });
    expect(shouldStop([1], 1)).toMatchObject({ stop: false });
    expect(shouldStop([1, 1], 0)).toMatchObject({ stop: true, reason: 'all-done' });
  });
});

describe('response timer and recovery', () => {
  it('fails a member after 5 s without a token; tokens reset the window', () => {
    const clock = new FakeClock();
    const onTimeout = vi.fn();
    const timer = new ResponseTimer(clock, onTimeout);
    timer.touch('a');
    clock.advance(4000);
    timer.touch('a');
    clock.advance(4000);
    expect(onTimeout).not.toHaveBeenCalled();
    clock.advance(1000);
    expect(onTimeout).toHaveBeenCalledWith('a', 5000);
    expect(timer.watching).toBe(0);
  });
  it('a finished member is no longer watched; the timeout can be tuned', () => {
    const clock = new FakeClock();
    const onTimeout = vi.fn();
    const timer = new ResponseTimer(clock, onTimeout, 1000);
    timer.touch('a');
    timer.clear('a');
    clock.advance(10_000);
    expect(onTimeout).not.toHaveBeenCalled();
  });
  it('3 recovery attempts, then removal; success resets', () => {
    const p = new RecoveryPolicy();
    expect(p.onFailure('a')).toEqual({ action: 'recover', attempt: 1 });
    p.onFailure('a');
    expect(p.onFailure('a')).toEqual({ action: 'recover', attempt: 3 });
    expect(p.onFailure('a')).toEqual({ action: 'remove', attempt: 4 });
    p.onSuccess('a');
    expect(p.onFailure('a').action).toBe('recover');
  });
});

describe('cadence', () => {
  it('tokens/s over 1 s, time per token, burst and stall', () => {
    const c = new Cadence();
    for (let i = 0; i < 20; i++) c.add(i * 50); // 20 tok/s
    expect(c.tokensPerSecond(950)).toBe(20);
    expect(c.timePerTokenMs()).toBe(50);
    expect(c.burst(950)).toBe(true);
    expect(c.stalled()).toBe(false);
    c.add(1500);
    c.add(2000);
    expect(c.stalled()).toBe(true);
    expect(c.burst(2000)).toBe(false);
  });
});
